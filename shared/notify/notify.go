// Package notify sends the notification mails of docs/spec.md §11: the
// webhook dispatcher's second channel, fed by the same outbox events. Each
// mail is a delivery of its event to one recipient, recorded like a
// webhook delivery — claimed before it is sent, so a duplicated stream
// record sends nothing, and retried on the webhooks' schedule by
// WebhookRetrySweep.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/mail"
	"selfserve/shared/mailtext"
	"selfserve/shared/store"
)

// Mailer turns outbox events into mails and sends them once per event and
// recipient.
type Mailer struct {
	Store  *store.Store
	Sender mail.Sender
	// From is the sender of every mail (the SES identity deployed).
	From mail.Address
	// ConsoleURL is the admin console's base URL, for the mails' links
	// ("" leaves the links out).
	ConsoleURL string
	// Now is the clock of attempts (injected).
	Now func() time.Time
	Log *slog.Logger
}

// job is what a mail delivery keeps until it is sent: what to render, for
// whom. It is cleared from the delivery once the mail is sent or given up.
type job struct {
	Template string        `json:"template"`
	To       mail.Address  `json:"to"`
	Data     mailtext.Data `json:"data"`
	// CheckSubscription: a purchaser's mail, not sent once their data is
	// deleted (docs/spec.md §11).
	CheckSubscription string `json:"checkSubscription,omitempty"`
}

// Deliver sends the mails of one outbox event. An error means the event
// must be processed again (the table failed, or ctx ended); a mail server's
// refusal is not an error: the delivery is retried or failed.
func (m *Mailer) Deliver(ctx context.Context, ev store.OutboxEvent) error {
	jobs, err := m.jobs(ctx, ev)
	if err != nil || len(jobs) == 0 {
		return err
	}
	now := m.Now()
	var errs []error
	for _, j := range jobs {
		payload, err := json.Marshal(j)
		if err != nil {
			return err
		}
		d := domain.NewDelivery(ev.Event, payload, domain.MailDestination(j.To.Email), now)
		if err := m.claimAndSend(ctx, d, j, now); err != nil && !errors.Is(err, store.ErrDeliveryTaken) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Retry makes the next scheduled attempt of a due mail delivery (as the
// due index showed it) at now. It reports false when it was not due after
// all or another run took it.
func (m *Mailer) Retry(ctx context.Context, d domain.Delivery, now time.Time) (bool, error) {
	if d.Status != domain.DeliveryPending || d.NextAttemptAt.After(now) {
		return false, nil
	}
	at := now
	if wall := m.Now(); wall.After(at) {
		at = wall
	}
	var j job
	err := json.Unmarshal(d.Payload, &j)
	if err == nil && j.CheckSubscription != "" {
		var s domain.Subscription
		s, _, err = m.Store.GetSubscription(ctx, d.TenantID, j.CheckSubscription)
		if err == nil && s.Purchaser.Email == "" {
			err = errDataDeleted
		}
	}
	switch {
	case err == nil:
		err = m.claimAndSend(ctx, d, j, at)
	case errors.Is(err, errDataDeleted), domain.ErrorCode(err) == domain.CodeNotFound, errors.As(err, new(*json.SyntaxError)):
		c := d
		c.Cancel()
		c.Payload = nil
		err = m.Store.RecordDelivery(ctx, store.DeliveryWrite{Delivery: c, BeforeVersion: d.Version}, at, store.Effects{})
	}
	if errors.Is(err, store.ErrDeliveryTaken) || errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

var (
	errDataDeleted = errors.New("the purchaser's data was deleted")
)

// claimAndSend claims d (as read; Version 0 when new), sends its mail and
// records the attempt. Once the claim is written the mail can't be lost:
// if the attempt or its record doesn't happen, the retry sweep sends it
// when the claim's lease ends (with the same Message-ID).
func (m *Mailer) claimAndSend(ctx context.Context, d domain.Delivery, j job, at time.Time) error {
	claimed, err := m.Store.ClaimDelivery(ctx, d, at)
	if err != nil {
		return err
	}
	a, refused := m.send(ctx, d, j, at)
	rec := claimed
	rec.Record(a, refused)
	if rec.Status != domain.DeliveryPending {
		rec.Payload = nil // the address and what was said go with the job
	}
	err = m.Store.RecordDelivery(ctx, store.DeliveryWrite{Delivery: rec, BeforeVersion: claimed.Version}, a.At, store.Effects{})
	if err != nil {
		m.log().Warn("mail attempt not recorded; the retry sweep sends it when its claim ends",
			"deliveryId", d.ID, "destination", d.EndpointID, "err", err.Error())
	}
	return nil
}

// send renders and sends j, and returns the attempt; refused: the address
// or the message was rejected for good, so it is not retried.
func (m *Mailer) send(ctx context.Context, d domain.Delivery, j job, at time.Time) (a domain.Attempt, refused bool) {
	started := time.Now()
	a = domain.Attempt{At: at}
	msg, err := mailtext.Render(j.Template, j.Data)
	if err != nil { // the same data won't render better next time
		err = &mail.PermanentError{Err: err}
	} else {
		err = m.Sender.Send(ctx, mail.Message{ID: MessageID(d), Date: at, From: m.From, To: j.To,
			Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML})
	}
	a.DurationMs = time.Since(started).Milliseconds()
	switch {
	case err == nil:
		a.Accepted = true
		m.log().Info("mail sent", "eventId", d.EventID, "template", j.Template, "destination", d.EndpointID)
	case mail.Permanent(err):
		a.Error, refused = err.Error(), true
		m.log().Error("mail refused", "eventId", d.EventID, "template", j.Template, "destination", d.EndpointID, "err", err.Error())
	default:
		a.Error = err.Error()
		m.log().Warn("mail not sent; retried", "eventId", d.EventID, "template", j.Template, "destination", d.EndpointID, "err", err.Error())
	}
	return a, refused
}

// MessageID is the Message-ID of a mail delivery: from its event's id and
// its recipient, the same on every attempt.
func MessageID(d domain.Delivery) string {
	return fmt.Sprintf("%s.%s@selfserve", d.ID, d.EndpointID)
}

func (m *Mailer) log() *slog.Logger {
	if m.Log == nil {
		return slog.Default()
	}
	return m.Log
}

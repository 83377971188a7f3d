package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Deliverer sends outbox events to endpoints and records every attempt.
type Deliverer struct {
	Store  *store.Store
	Sender *Sender
	// Now is the clock of attempts and schedules (injected).
	Now func() time.Time
	Log *slog.Logger
	// Workers bounds the stream records delivered at once (default 16).
	Workers int
	// Mail, if set, is the second channel of the same events: the
	// notification mails (docs/spec.md §11).
	Mail Channel
}

// Channel is another way events are delivered, recorded as deliveries to
// its own destinations (domain.IsMailDestination).
type Channel interface {
	// Deliver sends ev; an error means it must be processed again.
	Deliver(ctx context.Context, ev store.OutboxEvent) error
	// Retry makes the next attempt of one of its due deliveries.
	Retry(ctx context.Context, d domain.Delivery, now time.Time) (bool, error)
}

// actor is who disables a failing endpoint in the activity log.
var actor = domain.Actor{System: "system:webhooks"}

// deliverEvent sends one outbox event to every endpoint that receives it
// and records each delivery. An error means the event must be processed
// again (the table failed, or ctx ended); receivers' failures are not
// errors: they are scheduled for retry.
func (dl *Deliverer) deliverEvent(ctx context.Context, ev store.OutboxEvent) error {
	var candidates []domain.Endpoint
	if ev.Type == domain.EventWebhookTest {
		e, err := dl.Store.GetEndpoint(ctx, ev.TenantID, ev.EndpointID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return nil // deleted since
		}
		if err != nil {
			return err
		}
		candidates = []domain.Endpoint{e}
	} else {
		var err error
		if candidates, err = dl.Store.TenantEndpoints(ctx, ev.TenantID); err != nil {
			return err
		}
	}
	partner, err := dl.currentPartner(ctx, ev.TenantID, ev.PartnerID, candidates)
	if err != nil {
		return err
	}
	now := dl.Now()
	var targets []domain.Endpoint
	for _, e := range candidates {
		if e.Receives(ev.Event, partner) {
			targets = append(targets, e)
		}
	}
	errs := eachAtMost(perEventWorkers, len(targets), func(i int) error {
		err := dl.claimAndSend(ctx, targets[i], domain.NewDelivery(ev.Event, ev.Payload, targets[i].ID, now), now)
		if errors.Is(err, store.ErrDeliveryTaken) { // an earlier run of this record has it
			return nil
		}
		return err
	})
	if dl.Mail != nil && ev.Type != domain.EventWebhookTest {
		errs = append(errs, dl.Mail.Deliver(ctx, ev))
	}
	return errors.Join(errs...)
}

// perEventWorkers bounds the endpoints one event is sent to at once.
const perEventWorkers = 8

// claimAndSend claims d (as read; Version 0 when new), attempts it to e at
// at and records the attempt. Once the claim is written the delivery can't
// be lost — if the attempt or its record doesn't happen, the retry sweep
// sends it when the claim's lease ends — so only a failed claim is an
// error. A delivery claimed or recorded by someone else is left to them.
func (dl *Deliverer) claimAndSend(ctx context.Context, e domain.Endpoint, d domain.Delivery, at time.Time) error {
	claimed, err := dl.Store.ClaimDelivery(ctx, d, at)
	if err != nil {
		return err
	}
	a, err := dl.Sender.Send(ctx, e, claimed, at)
	if err == nil {
		_, err = dl.Record(ctx, e, claimed, a, nil)
	}
	if err != nil {
		dl.log().Warn("delivery attempt not recorded; the retry sweep sends it when its claim ends",
			"endpointId", e.ID, "deliveryId", d.ID, "err", err.Error())
	}
	return nil
}

// currentPartner reads the tenant's partner only when a partner-scope
// endpoint of eventPartner could receive: agents are notified only while
// their partner still manages the tenant.
func (dl *Deliverer) currentPartner(ctx context.Context, tenantID, eventPartner string, candidates []domain.Endpoint) (string, error) {
	if eventPartner == "" {
		return "", nil
	}
	for _, e := range candidates {
		if e.Owner.Scope == domain.ScopePartner && e.Owner.TenantID == eventPartner {
			t, err := dl.Store.GetTenant(ctx, tenantID)
			if domain.ErrorCode(err) == domain.CodeNotFound {
				return "", nil
			}
			return t.PartnerID, err
		}
	}
	return "", nil
}

// Resend makes one manual attempt of d to e at now (RetryDelivery) and
// records it with the effects fx gives for the recorded delivery.
func (dl *Deliverer) Resend(ctx context.Context, e domain.Endpoint, d domain.Delivery, now time.Time, fx func(domain.Delivery) (store.Effects, error)) (domain.Delivery, error) {
	a, err := dl.Sender.Send(ctx, e, d, now)
	if err != nil {
		return d, err
	}
	a.Manual = true
	return dl.Record(ctx, e, d, a, fx)
}

// CheckURL refuses endpoint URLs deliveries may not reach.
func (dl *Deliverer) CheckURL(ctx context.Context, url string) error {
	return dl.Sender.guard.CheckURL(ctx, url)
}

// NewSecret returns a fresh signing secret.
func (dl *Deliverer) NewSecret() string { return NewSecret() }

// Record commits attempt a of d (as read) with e's failure state and the
// effects fx gives (nil: none), re-reading e when it changed meanwhile; it
// returns the delivery as recorded.
func (dl *Deliverer) Record(ctx context.Context, e domain.Endpoint, d domain.Delivery, a domain.Attempt, fx func(domain.Delivery) (store.Effects, error)) (domain.Delivery, error) {
	for range 4 {
		after := e
		changed := after.AfterAttempt(a)
		rec := d
		rec.Record(a, after.Status == domain.EndpointDisabled && after.DisabledReason == domain.DisabledGone)
		dw := store.DeliveryWrite{Delivery: rec, BeforeVersion: d.Version}
		var wfx store.Effects
		if fx != nil {
			var err error
			if wfx, err = fx(rec); err != nil {
				return d, err
			}
		}
		if changed && e.ID != "" {
			dw.Endpoint, dw.EndpointBefore = &after, e
			if after.Status != e.Status && wfx.Activity == nil { // disabled by this attempt
				wfx.Activity = &domain.Activity{ID: ids.New("act", a.At), TenantID: e.TenantID, At: a.At, Actor: actor,
					Operation: "DisableWebhookEndpoint", TargetType: "webhookEndpoint", TargetID: e.ID,
					Before: map[string]any{"status": e.Status}, After: map[string]any{"status": after.Status, "disabledReason": after.DisabledReason}}
			}
		}
		err := dl.Store.RecordDelivery(ctx, dw, a.At, wfx)
		if errors.Is(err, store.ErrConflict) {
			// A transaction conflict, or the delivery really changed:
			// write again only if it is still as read.
			now, gerr := dl.Store.GetDelivery(ctx, d.EndpointID, d.ID)
			if gerr == nil && now.Version == d.Version {
				continue
			}
			return d, err
		}
		if !errors.Is(err, store.ErrEndpointChanged) {
			rec.Version = d.Version + 1
			return rec, err
		}
		// Rotated, disabled or deleted meanwhile: apply the outcome to
		// the endpoint as it is now (or record the delivery alone).
		if e, err = dl.Store.GetEndpoint(ctx, e.TenantID, e.ID); domain.ErrorCode(err) == domain.CodeNotFound {
			e = domain.Endpoint{}
		} else if err != nil {
			return d, err
		}
	}
	return d, store.ErrConflict
}

// Retry makes the next scheduled attempt of a due delivery (as the due
// index showed it) at now, or later if the sweep runs late; a mail
// delivery goes to the Mail channel. A delivery
// whose endpoint is gone, disabled, or — for an agent's endpoint — no
// longer its partner's customer's, is cancelled. It reports false when the
// delivery was not due after all or another run took it.
func (dl *Deliverer) Retry(ctx context.Context, d domain.Delivery, now time.Time) (bool, error) {
	if domain.IsMailDestination(d.EndpointID) {
		if dl.Mail == nil { // mails are off: left for a run that sends them
			return false, nil
		}
		return dl.Mail.Retry(ctx, d, now)
	}
	if d.Status != domain.DeliveryPending || d.NextAttemptAt.After(now) {
		return false, nil
	}
	at := now
	if wall := dl.Now(); wall.After(at) {
		at = wall // attempts are dated when made: the schedule's waits are minimums
	}
	e, err := dl.Store.GetEndpoint(ctx, d.TenantID, d.EndpointID)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return false, err
	}
	live := err == nil && e.Status == domain.EndpointEnabled
	if live && e.Owner.Scope == domain.ScopePartner {
		partner, err := dl.currentPartner(ctx, e.TenantID, e.Owner.TenantID, []domain.Endpoint{e})
		if err != nil {
			return false, err
		}
		live = partner == e.Owner.TenantID
	}
	if !live {
		c := d
		c.Cancel()
		err = dl.Store.RecordDelivery(ctx, store.DeliveryWrite{Delivery: c, BeforeVersion: d.Version}, at, store.Effects{})
	} else {
		err = dl.claimAndSend(ctx, e, d, at)
	}
	if errors.Is(err, store.ErrDeliveryTaken) || errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

// DeliverEvents delivers a batch of outbox events concurrently and returns
// the indexes of those that must be processed again.
func (dl *Deliverer) DeliverEvents(ctx context.Context, evs []store.OutboxEvent) []int {
	workers := dl.Workers
	if workers <= 0 {
		workers = 16
	}
	errs := eachAtMost(workers, len(evs), func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return dl.deliverEvent(ctx, evs[i])
	})
	var failed []int
	for i, err := range errs {
		if err != nil {
			dl.log().Warn("event not delivered; it will be processed again", "eventId", evs[i].ID, "type", evs[i].Type, "err", err.Error())
			failed = append(failed, i)
		}
	}
	return failed
}

// eachAtMost runs fn(0..count-1), at most n at once, and returns their
// errors by index.
func eachAtMost(n, count int, fn func(i int) error) []error {
	errs := make([]error, count)
	var wg sync.WaitGroup
	slots := make(chan struct{}, n)
	for i := range count {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	return errs
}

func (dl *Deliverer) log() *slog.Logger {
	if dl.Log == nil {
		return slog.Default()
	}
	return dl.Log
}

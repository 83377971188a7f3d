package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/mail"
	"selfserve/shared/mailtext"
	"selfserve/shared/store"
)

// eventData is the part of an event's payload the mails say.
type eventData struct {
	Subscription *domain.Subscription `json:"subscription"`
	// Cancellations.
	Credit               *domain.Money `json:"credit"`
	TargetSubscriptionID string        `json:"targetSubscriptionId"`
	// Suspension: the reason's code; cancellation: the free text, its
	// code in ReasonCode.
	Reason     string `json:"reason"`
	ReasonCode string `json:"reasonCode"`
	// Deletion warnings.
	DaysLeft       int        `json:"daysLeft"`
	DataDeletionAt *time.Time `json:"dataDeletionAt"`
	// Payments.
	Amount      *domain.Money `json:"amount"`
	DeclineCode string        `json:"declineCode"`
	NextRetryAt *time.Time    `json:"nextRetryAt"`
	// Invoices.
	InvoiceID string                 `json:"invoiceId"`
	Number    string                 `json:"number"`
	BillTo    *domain.InvoiceAccount `json:"billTo"`
	Month     string                 `json:"month"`
	Totals    []domain.Money         `json:"totals"`
}

// jobs are the mails ev sends, with their recipients' addresses read.
func (m *Mailer) jobs(ctx context.Context, ev store.OutboxEvent) ([]job, error) {
	var p struct {
		Data eventData `json:"data"`
	}
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		m.log().Error("event payload unreadable; no mail", "eventId", ev.ID, "err", err.Error())
		return nil, nil
	}
	d := p.Data
	var plans []domain.MailPlan
	switch {
	case ev.Type == domain.EventInvoiceFinalized && d.BillTo != nil:
		plans = domain.MailsForInvoice(*d.BillTo)
	case d.Subscription != nil:
		plans = domain.MailsForSubscription(ev.Type, *d.Subscription, ev.Unpaid)
	}
	var jobs []job
	for _, plan := range plans {
		j, ok, err := m.job(ctx, ev, d, plan)
		if err != nil {
			return nil, err
		}
		if ok {
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// job is plan's mail for ev: false when its audience has no address (a
// purchaser whose data was deleted, a tenant without billingEmail).
func (m *Mailer) job(ctx context.Context, ev store.OutboxEvent, d eventData, plan domain.MailPlan) (job, bool, error) {
	j := job{Template: plan.Template, Data: mailtext.Data{}}
	link := ""
	switch plan.To {
	case domain.AudiencePurchaser:
		who := d.Subscription.Purchaser
		if ev.Farewell != nil {
			who = *ev.Farewell
		} else {
			j.CheckSubscription = d.Subscription.ID
		}
		if who.Email == "" {
			return job{}, false, nil
		}
		// A token's name may hold line breaks, which a To header may not.
		j.To, j.Data.Locale = mail.Address{Name: mailtext.OneLine(who.Name), Email: who.Email}, who.Locale
		link = "#/purchases/" + url.PathEscape(d.Subscription.ID)
	default: // a tenant's or partner's billing address; the event is routed to its tenant
		t, err := m.Store.GetTenant(ctx, ev.TenantID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return job{}, false, nil
		}
		if err != nil {
			return job{}, false, err
		}
		if t.BillingEmail == "" {
			return job{}, false, nil
		}
		j.To, j.Data.BillingContact = mail.Address{Name: mailtext.OneLine(t.Name), Email: t.BillingEmail}, true
		link = "#/bills"
	}
	j.Data.RecipientName = j.To.Name
	if err := m.fill(ctx, &j.Data, ev, d); err != nil {
		return job{}, false, err
	}
	if m.ConsoleURL != "" {
		j.Data.ActionURL = m.ConsoleURL + "/" + link
	}
	return j, true, nil
}

// fill sets the figures a mail gives from the event's data.
func (m *Mailer) fill(ctx context.Context, out *mailtext.Data, ev store.OutboxEvent, d eventData) error {
	if s := d.Subscription; s != nil {
		out.ProductName, out.SubscriptionID, out.Quantity = s.ProductName, s.ID, s.Quantity
		out.Amount, out.HasPaymentMethod, out.AutoRenew = s.Price, s.HasPaymentMethod, s.AutoRenew
		switch {
		case ev.Type == domain.EventSubscriptionCancelled, ev.Type == domain.EventSubscriptionDataDeleted:
			out.Date = derefTime(s.CancelledAt)
			out.ByAdmin, out.Reason, out.ReasonText = cancelledBy(s, d)
		case ev.Type == domain.EventCancellationScheduled:
			out.Date = s.TermEnd
			out.ByAdmin, out.Reason, out.ReasonText = cancelledBy(s, d)
		case ev.Type == domain.EventSubscriptionTrialEnding, ev.Type == domain.EventSubscriptionCreated && s.TrialEndsAt != nil:
			out.Date = derefTime(s.TrialEndsAt)
		case ev.Type == domain.EventSubscriptionSuspended:
			out.Date, out.Reason = derefTime(s.DataDeletionAt), d.Reason
		case ev.Type == domain.EventSubscriptionDeletionWarning:
			out.Date, out.DaysLeft = derefTime(d.DataDeletionAt), d.DaysLeft
		case ev.Type == domain.EventPaymentFailed:
			out.Date, out.DeclineCode = derefTime(d.NextRetryAt), d.DeclineCode
		default:
			out.Date = s.TermEnd
		}
		if d.Amount != nil { // a payment event's: what is owed, or was paid
			out.Amount = *d.Amount
		}
		if d.Credit != nil {
			out.Credit = *d.Credit
		}
		if d.TargetSubscriptionID != "" {
			t, _, err := m.Store.GetSubscription(ctx, s.TenantID, d.TargetSubscriptionID)
			if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
				return err
			}
			out.TargetProductName = t.ProductName
		}
		return nil
	}
	out.InvoiceNumber = d.Number
	if len(d.Totals) > 0 {
		out.Amount = d.Totals[0]
	}
	month, err := time.Parse("2006-01", d.Month)
	if err != nil {
		return fmt.Errorf("invoice %s: month %q: %w", d.InvoiceID, d.Month, err)
	}
	out.Date = month
	return nil
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// cancelledBy says whether an admin cancelled s — an admin's cancel takes
// a self-service purchase over (docs/spec.md §4.8) — with the reason's
// code and text they gave.
func cancelledBy(s *domain.Subscription, d eventData) (byAdmin bool, code, text string) {
	if s.TakenOver == nil {
		return false, "", ""
	}
	if d.Reason == d.ReasonCode { // the event's reason is the text, or the code without one
		return true, d.ReasonCode, ""
	}
	return true, d.ReasonCode, d.Reason
}

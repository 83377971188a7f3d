package notify

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/mailtext"
	"selfserve/shared/store"
)

// TestEveryMailRenders builds each event that sends a mail as the use
// cases do and renders its mails in every locale: no template lacks the
// figures the event gives it.
func TestEveryMailRenders(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	trialEnd, deletion, retry := at.AddDate(0, 0, 3), at.AddDate(0, 0, 90), at.AddDate(0, 0, 1)
	usd := func(n int64) domain.Money { return domain.Money{Amount: n, Currency: "USD"} }
	base := domain.Subscription{ID: "sub_1", TenantID: "contoso", ProductName: "Power BI Pro", Channel: domain.ChannelSelfService,
		Status: domain.StatusActive, Quantity: 3, Price: usd(3000), UnitPrice: usd(1000), TermStart: at, TermEnd: at.AddDate(0, 1, 0),
		Purchaser: domain.Purchaser{UserID: "u", Name: "Ann", Email: "ann@contoso.example"}}
	trial := base
	trial.Status, trial.TrialEndsAt = domain.StatusTrial, &trialEnd
	suspended := base
	suspended.Status, suspended.DataDeletionAt = domain.StatusSuspended, &deletion
	taken := base
	taken.TakenOver = &domain.TakeOver{By: "alice", At: at}
	moved := taken
	moved.Status, moved.CancellationReason = domain.StatusDeleted, "usersMoved"
	deleted := base
	deleted.Status, deleted.Purchaser = domain.StatusDeleted, domain.Purchaser{UserID: "u"}
	central := base
	central.Channel = domain.ChannelCentral
	tests := []struct {
		typ   string
		s     domain.Subscription
		extra map[string]any
	}{
		{domain.EventSubscriptionCreated, base, nil},
		{domain.EventSubscriptionCreated, trial, nil},
		{domain.EventSubscriptionTrialEnding, trial, map[string]any{"trialEndsAt": trialEnd}},
		{domain.EventSubscriptionTrialConverted, base, nil},
		{domain.EventSubscriptionTrialExpired, base, nil},
		{domain.EventSubscriptionRenewed, base, nil},
		{domain.EventPaymentFailed, base, map[string]any{"amount": usd(3000), "attempts": 1, "declineCode": "insufficient_funds", "nextRetryAt": retry}},
		{domain.EventPaymentFailed, base, map[string]any{"amount": usd(3000), "attempts": 5, "declineCode": "card_declined"}},
		{domain.EventPaymentFailed, central, map[string]any{"amount": usd(3000), "attempts": 1, "nextRetryAt": retry}},
		{domain.EventPaymentSucceeded, base, map[string]any{"amount": usd(3000), "attempts": 2}},
		{domain.EventCancellationScheduled, base, map[string]any{"reason": "", "reasonCode": "other", "effect": "termEnd", "credit": usd(0)}},
		{domain.EventSubscriptionCancelled, base, map[string]any{"reason": "", "reasonCode": "boughtByMistake", "effect": "immediate", "credit": usd(3000)}},
		{domain.EventSubscriptionCancelled, moved, map[string]any{"reason": "usersMoved"}},
		{domain.EventSubscriptionSuspended, suspended, map[string]any{"reason": "nonPayment"}},
		{domain.EventSubscriptionDeletionWarning, suspended, map[string]any{"daysLeft": 7, "dataDeletionAt": deletion}},
		{domain.EventSubscriptionDataDeleted, deleted, nil},
		{domain.EventSubscriptionTakenOver, taken, nil},
	}
	m := &Mailer{}
	seen := map[string]bool{}
	for _, tt := range tests {
		ev := domain.NewSubscriptionEvent("evt_1", tt.typ, &tt.s, at, tt.extra)
		payload, err := ev.Payload()
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Data eventData `json:"data"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			t.Fatal(err)
		}
		plans := domain.MailsForSubscription(tt.typ, tt.s, false)
		if len(plans) != 1 {
			t.Fatalf("%s: %d mails, want 1", tt.typ, len(plans))
		}
		for _, locale := range mailtext.Locales {
			var d mailtext.Data
			d.Locale = locale
			if err := m.fill(context.Background(), &d, store.OutboxEvent{Event: ev}, p.Data); err != nil {
				t.Fatalf("%s: %v", tt.typ, err)
			}
			if _, err := mailtext.Render(plans[0].Template, d); err != nil {
				t.Errorf("%s → %s in %s: %v", tt.typ, plans[0].Template, locale, err)
			}
		}
		seen[plans[0].Template] = true
	}
	inv := domain.InvoiceFinalizedEvent("evt_2", domain.Invoice{ID: "inv_1", Number: "INV-2026-000001", Month: "2026-11",
		Account: domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}, Totals: []domain.Money{usd(3000)}, IssuedAt: at})
	payload, _ := inv.Payload()
	var p struct {
		Data eventData `json:"data"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		t.Fatal(err)
	}
	for _, plan := range domain.MailsForInvoice(*p.Data.BillTo) {
		var d mailtext.Data
		if err := m.fill(context.Background(), &d, store.OutboxEvent{Event: inv}, p.Data); err != nil {
			t.Fatal(err)
		}
		if _, err := mailtext.Render(plan.Template, d); err != nil {
			t.Errorf("invoice: %v", err)
		}
		seen[plan.Template] = true
	}
	for _, name := range mailtext.Templates {
		if !seen[name] {
			t.Errorf("no event sends %s", name)
		}
	}
}

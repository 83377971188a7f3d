package client_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"selfserve/shared/client"
	"selfserve/shared/domain"
	"selfserve/shared/sweeps"
)

// TestInvoices runs March's purchases — a purchaser's card-paid one, a
// central one, a partner's — into April, when the invoices sweep makes
// them final, and reads them through the strictly decoding client: every
// page, the filters, one invoice, its PDF, the partner's list; a user sees
// only their own.
func TestInvoices(t *testing.T) {
	env := setup(t)
	env.MustPutTenant(t, "partner-a", "")
	ctx := context.Background()
	bob := as(t, env, "contoso", "bob")
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	agent := as(t, env, "partner-a", "ada", domain.RoleAdminAgent)
	must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso",
		client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", Quantity: 2, PaymentMethodID: "pm_card_visa"}))
	must[*client.SubscriptionView](t)(admin.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: m365E3, BillingFrequency: "monthly", Quantity: 3}))
	must[*client.SubscriptionView](t)(agent.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: m365E3, BillingFrequency: "monthly", Quantity: 5}))

	env.Clock.Set(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
	sw := &sweeps.Sweeper{Store: env.Store, App: env.App}
	if _, err := sw.Run(ctx, domain.SweepInvoices, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}

	collect := func(seq func(func(client.Invoice, error) bool)) []client.Invoice {
		t.Helper()
		var out []client.Invoice
		for inv, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, inv)
		}
		return out
	}
	numbers := func(invs []client.Invoice) []string {
		var out []string
		for _, inv := range invs {
			out = append(out, inv.BillTo.Type+" "+inv.BillTo.ID+" "+inv.Month+" "+inv.Status)
		}
		slices.Sort(out)
		return out
	}

	all := collect(admin.AllInvoices(ctx, "contoso", &client.ListInvoicesParams{Limit: 1}))
	if got, want := numbers(all), []string{"purchaser bob 2026-03 paid", "tenant contoso 2026-03 open"}; !slices.Equal(got, want) {
		t.Errorf("AllInvoices = %q, want %q", got, want)
	}
	tests := []struct {
		name   string
		c      *client.Client
		params *client.ListInvoicesParams
		want   []string
	}{
		{"the tenant's own", admin, &client.ListInvoicesParams{BillTo: "tenant"}, []string{"tenant contoso 2026-03 open"}},
		{"a purchaser's", admin, &client.ListInvoicesParams{BillTo: "bob"}, []string{"purchaser bob 2026-03 paid"}},
		{"paid ones", admin, &client.ListInvoicesParams{Status: "paid"}, []string{"purchaser bob 2026-03 paid"}},
		{"March", admin, &client.ListInvoicesParams{From: "2026-03", To: "2026-03"}, []string{"purchaser bob 2026-03 paid", "tenant contoso 2026-03 open"}},
		{"April on", admin, &client.ListInvoicesParams{From: "2026-04"}, nil},
		{"a user: their own", bob, nil, []string{"purchaser bob 2026-03 paid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := numbers(collect(tt.c.AllInvoices(ctx, "contoso", tt.params))), tt.want; !slices.Equal(got, want) {
				t.Errorf("AllInvoices = %q, want %q", got, want)
			}
		})
	}

	mine := collect(bob.AllInvoices(ctx, "contoso", nil))[0]
	got := must[*client.Invoice](t)(bob.GetInvoice(ctx, "contoso", mine.ID))
	if len(got.Lines) != 1 || got.Lines[0].Amount != (client.Money{Amount: 2000, Currency: "USD"}) || !slices.Equal(got.Totals, []client.Money{{Amount: 2000, Currency: "USD"}}) {
		t.Errorf("GetInvoice = %+v, want one line and a total of 20.00 USD", got)
	}
	pdf := must[[]byte](t)(bob.GetInvoicePdf(ctx, "contoso", mine.ID))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("GetInvoicePdf = %.20q…, want a PDF", pdf)
	}
	var tenantInv client.Invoice
	for _, inv := range all {
		if inv.BillTo.Type == "tenant" {
			tenantInv = inv
		}
	}
	if _, err := bob.GetInvoicePdf(ctx, "contoso", tenantInv.ID); err == nil {
		t.Error("bob downloaded the tenant's invoice")
	} else if p, ok := client.AsProblem(err); !ok || p.Status != 404 || p.Code != "not_found" {
		t.Errorf("bob downloading the tenant's invoice: %v, want 404 not_found", err)
	}
	if _, err := admin.ListInvoices(ctx, "contoso", &client.ListInvoicesParams{Status: "due"}); err == nil {
		t.Error("status due was accepted")
	} else if p, ok := client.AsProblem(err); !ok || p.Status != 400 || p.Code != "invalid_request" {
		t.Errorf("status due: %v, want 400 invalid_request", err)
	}

	partner := collect(agent.AllPartnerInvoices(ctx, "partner-a", &client.ListPartnerInvoicesParams{Status: "open", From: "2026-03", Limit: 1}))
	if got, want := numbers(partner), []string{"partner partner-a 2026-03 open"}; !slices.Equal(got, want) {
		t.Errorf("AllPartnerInvoices = %q, want %q", got, want)
	}
	if len(partner) == 1 && (len(partner[0].Lines) != 1 || partner[0].Lines[0].TenantID != "contoso") {
		t.Errorf("the partner's invoice: %+v, want one line for contoso", partner[0])
	}
}

package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/invoicepdf"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
)

// at moves the clock to when and runs every sweep once.
func (e payEnv) at(t *testing.T, when time.Time) {
	t.Helper()
	e.Clock.Set(when)
	for _, name := range sweeps.Names {
		e.sweep(t, name)
	}
}

// invoices lists every page of path as token sees it.
func (e payEnv) invoices(t *testing.T, token, path string) []domain.Invoice {
	t.Helper()
	var out []domain.Invoice
	cursor := ""
	for {
		p := path + "?limit=5"
		if strings.Contains(path, "?") {
			p = path + "&limit=5"
		}
		if cursor != "" {
			p += "&cursor=" + cursor
		}
		var page struct {
			Items      []domain.Invoice `json:"items"`
			NextCursor string           `json:"nextCursor"`
		}
		r := e.Do(t, apitest.Request{Method: "GET", Path: p, Token: token})
		if r.Status != 200 {
			t.Fatalf("GET %s: %d %s", p, r.Status, r.Body)
		}
		r.Decode(t, &page)
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// invoiceFor is the invoice of acct for month among invs.
func invoiceFor(t *testing.T, invs []domain.Invoice, acct domain.InvoiceAccount, month string) domain.Invoice {
	t.Helper()
	for _, inv := range invs {
		if inv.Account == acct && inv.Month == month {
			return inv
		}
	}
	t.Fatalf("no invoice of %+v for %s", acct, month)
	return domain.Invoice{}
}

// TestTwelveMonthsOfInvoices runs a tenant for a year: a self-service
// purchaser paying by card, another whose renewal is paid late, central
// purchases (one cancelled for a credit) and a partner's purchase. Every
// month each bill-to gets one invoice, numbered without gaps per year, with
// every order on exactly one invoice; the sweep run again writes nothing;
// users see only their own; the PDF says what the invoice says.
func TestTwelveMonthsOfInvoices(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	carol := env.Token(t, "contoso", "carol")
	alice := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	ada := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	env.MustPutTenant(t, "partner-a", "")

	buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`)
	buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":3}`)
	mistake := buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":1}`)
	buy(t, env.Env, ada, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5}`)
	env.Clock.Set(apitest.T0.Add(time.Hour))
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(mistake.ID) + "/cancel", Token: alice, Body: `{"reasonCode":"boughtByMistake"}`}); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}

	// Carol buys late in March; her April renewal is declined, April's
	// invoice is final while it is unpaid, and her new card pays it.
	env.at(t, time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC))
	c := buy(t, env.Env, carol, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_card_visa"}`)
	if r := env.setPaymentMethod(t, carol, c.ID, "pm_card_chargeDeclined", "carol-declining"); r.Status != 200 {
		t.Fatalf("carol's declining card: %d %s", r.Status, r.Body)
	}

	carolAcct := domain.InvoiceAccount{Type: domain.InvoicePurchaser, ID: "carol", TenantID: "contoso"}
	var steps []time.Time
	for m := range 12 {
		first := time.Date(2026, time.April+time.Month(m), 1, 2, 0, 0, 0, time.UTC)
		steps = append(steps, first, first.Add(32*time.Hour))
	}
	steps = append(steps, time.Date(2026, 4, 28, 23, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	slices.SortFunc(steps, time.Time.Compare)
	for _, when := range steps {
		env.at(t, when)
		if when.Equal(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)) {
			april := invoiceFor(t, env.invoices(t, carol, "/v1/tenants/contoso/invoices"), carolAcct, "2026-04")
			if april.Status != domain.InvoiceOpen {
				t.Fatalf("carol's April invoice before her payment: %s, want open", april.Status)
			}
			if r := env.setPaymentMethod(t, carol, c.ID, "pm_card_visa", "carol-new-card"); r.Status != 200 {
				t.Fatalf("carol's new card: %d %s", r.Status, r.Body)
			}
		}
	}
	if r := env.sweep(t, domain.SweepInvoices); r.Processed != 0 {
		t.Errorf("the invoices sweep run again wrote %d invoices, want 0", r.Processed)
	}

	tenantInvs := env.invoices(t, alice, "/v1/tenants/contoso/invoices")
	partnerInvs := env.invoices(t, ada, "/v1/partners/partner-a/invoices")
	all := append(slices.Clone(tenantInvs), partnerInvs...)

	t.Run("one invoice per bill-to and month", func(t *testing.T) {
		bobAcct := domain.InvoiceAccount{Type: domain.InvoicePurchaser, ID: "bob", TenantID: "contoso"}
		tenant := domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}
		partner := domain.InvoiceAccount{Type: domain.InvoicePartner, ID: "partner-a"}
		count := map[string]int{}
		for _, inv := range all {
			count[fmt.Sprintf("%s/%s/%s", inv.Account.Type, inv.Account.ID, inv.Month)]++
		}
		for _, acct := range []domain.InvoiceAccount{bobAcct, carolAcct, tenant, partner} {
			for m := range 12 {
				month := time.Date(2026, time.March+time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
				if got := count[fmt.Sprintf("%s/%s/%s", acct.Type, acct.ID, month)]; got != 1 {
					t.Errorf("%s %s %s: %d invoices, want 1", acct.Type, acct.ID, month, got)
				}
			}
		}
		if got, want := len(all), 4*12; got != want {
			t.Errorf("%d invoices, want %d", got, want)
		}
		for _, inv := range partnerInvs {
			if inv.Account != partner {
				t.Errorf("the partner's list holds %+v", inv.Account)
			}
		}
		if got := invoiceFor(t, all, bobAcct, "2026-07").Status; got != domain.InvoicePaid {
			t.Errorf("bob's card-paid July invoice: %s, want paid", got)
		}
		if got := invoiceFor(t, all, carolAcct, "2026-04").Status; got != domain.InvoicePaid {
			t.Errorf("carol's April invoice after her late payment: %s, want paid", got)
		}
		for _, acct := range []domain.InvoiceAccount{tenant, partner} {
			if got := invoiceFor(t, all, acct, "2026-07").Status; got != domain.InvoiceOpen {
				t.Errorf("%s July invoice: %s, want open", acct.Type, got)
			}
		}
		march := invoiceFor(t, all, tenant, "2026-03")
		var credit bool
		for _, l := range march.Lines {
			credit = credit || (l.Type == domain.OrderCredit && l.Amount.Amount < 0)
		}
		if !credit || len(march.Lines) != 3 {
			t.Errorf("tenant's March lines %+v, want two purchases and the cancel's credit", march.Lines)
		}
	})

	t.Run("numbers are gapless per year", func(t *testing.T) {
		byYear := map[string][]string{}
		for _, inv := range all {
			byYear[inv.Number[4:8]] = append(byYear[inv.Number[4:8]], inv.Number)
			if got := inv.IssuedAt.Format("2006"); got != inv.Number[4:8] {
				t.Errorf("%s issued in %s", inv.Number, got)
			}
		}
		for year, nums := range byYear {
			sort.Strings(nums)
			for i, n := range nums {
				y, _ := strconv.Atoi(year)
				if want := domain.InvoiceNumber(y, int64(i+1)); n != want {
					t.Fatalf("%s numbers %v: #%d is %s, want %s", year, nums, i+1, n, want)
				}
			}
		}
		if len(byYear) != 2 {
			t.Errorf("numbers of years %v, want 2026 and 2027", byYear)
		}
	})

	t.Run("every order on exactly one invoice", func(t *testing.T) {
		billed := map[string]int{}
		for _, inv := range all {
			sum := map[string]int64{}
			for _, l := range inv.Lines {
				billed[l.OrderID]++
				sum[l.Amount.Currency] += l.Amount.Amount
			}
			for _, total := range inv.Totals {
				if sum[total.Currency] != total.Amount {
					t.Errorf("%s total %v, lines sum to %d", inv.Number, total, sum[total.Currency])
				}
			}
		}
		end := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		n := 0
		var orders []domain.Order
		for cursor := ""; ; {
			var page struct {
				Items      []domain.Order `json:"items"`
				NextCursor string         `json:"nextCursor"`
			}
			env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders?limit=100&cursor=" + cursor, Token: alice}).Decode(t, &page)
			orders = append(orders, page.Items...)
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		for _, o := range orders {
			if o.At.Before(end) {
				n++
				if billed[o.ID] != 1 {
					t.Errorf("order %s (%s, %s) is on %d invoices, want 1", o.ID, o.Type, o.At.Format(time.DateTime), billed[o.ID])
				}
			}
		}
		if n != len(billed) {
			t.Errorf("%d orders billed, %d orders recorded", len(billed), n)
		}
		var finalized int
		for _, e := range env.Items(t, "event") {
			if e["type"] == domain.EventInvoiceFinalized {
				finalized++
			}
		}
		if finalized != len(all) {
			t.Errorf("%d invoice.finalized events, want %d", finalized, len(all))
		}
	})

	t.Run("users see only their own", func(t *testing.T) {
		mine := env.invoices(t, bob, "/v1/tenants/contoso/invoices")
		if len(mine) != 12 {
			t.Errorf("bob lists %d invoices, want his 12", len(mine))
		}
		for _, inv := range mine {
			if inv.Account.ID != "bob" {
				t.Errorf("bob lists %s's invoice", inv.Account.ID)
			}
		}
		tenantMarch := invoiceFor(t, all, domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}, "2026-03")
		for _, path := range []string{"/v1/tenants/contoso/invoices/" + tenantMarch.ID, "/v1/tenants/contoso/invoices/" + tenantMarch.ID + "/pdf"} {
			if r := env.Do(t, apitest.Request{Method: "GET", Path: path, Token: bob}); r.Status != 404 {
				t.Errorf("bob GET %s: %d, want 404", path, r.Status)
			}
		}
		if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/invoices?billTo=tenant", Token: bob}); r.Status != 403 {
			t.Errorf("bob lists the tenant's invoices: %d, want 403", r.Status)
		}
		if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/fabrikam/invoices", Token: alice}); r.Status != 404 {
			t.Errorf("alice lists fabrikam's invoices: %d, want 404", r.Status)
		}
		own := env.invoices(t, alice, "/v1/tenants/contoso/invoices?billTo=tenant&from=2026-05&to=2026-06")
		if len(own) != 2 || own[0].Month != "2026-06" || own[1].Month != "2026-05" {
			t.Errorf("tenant's May–June invoices: %d, want June then May", len(own))
		}
	})

	t.Run("the PDF says what the invoice says", func(t *testing.T) {
		inv := invoiceFor(t, all, domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}, "2026-03")
		r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/invoices/" + inv.ID + "/pdf", Token: alice})
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("GetInvoicePdf: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		text := pdfToText(t, []byte(r.Body))
		wants := []string{inv.Number, inv.BillToName}
		for _, l := range inv.Lines {
			wants = append(wants, l.ProductName, invoicepdf.FormatMoney(l.Amount))
		}
		for _, total := range inv.Totals {
			wants = append(wants, invoicepdf.FormatMoney(total))
		}
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q:\n%s", want, text)
			}
		}
	})
}

// pdfToText is the text of pdf as poppler's pdftotext reads it.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestLateOrderOnNextInvoice: an order of January committed after
// January's invoices were final is billed on February's, once.
func TestLateOrderOnNextInvoice(t *testing.T) {
	env := setupPay(t)
	alice := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	tenant := domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}
	buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"annual","quantity":1}`)
	env.at(t, time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
	// A request whose clock read the end of March commits now.
	env.Clock.Set(time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC))
	late := buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"annual","quantity":2}`)
	env.at(t, time.Date(2026, 4, 1, 3, 0, 0, 0, time.UTC))
	env.at(t, time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC))

	invs := env.invoices(t, alice, "/v1/tenants/contoso/invoices")
	march, april := invoiceFor(t, invs, tenant, "2026-03"), invoiceFor(t, invs, tenant, "2026-04")
	if len(march.Lines) != 1 {
		t.Errorf("March has %d lines, want the first purchase only", len(march.Lines))
	}
	if len(april.Lines) != 1 || april.Lines[0].SubscriptionID != late.ID {
		t.Errorf("April's lines %+v, want the late purchase", april.Lines)
	}
	if got, want := april.Totals, []domain.Money{{Amount: 2 * 43200, Currency: "USD"}}; !slices.Equal(got, want) {
		t.Errorf("April totals %v, want %v", got, want)
	}
}

// TestInvoiceFinalizedOnce: a run that stops once an invoice is final —
// with more orders than its transaction marks billed — leaves nothing
// twice: the next run marks the rest and numbers nothing new, a third
// finds no work.
func TestInvoiceFinalizedOnce(t *testing.T) {
	env := setupPay(t)
	alice := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	n := store.FinalizeMarks + 5
	var orders []domain.Order
	for i := range n {
		orders = append(orders, domain.Order{ID: fmt.Sprintf("ord-%03d", i), TenantID: "contoso", SubscriptionID: fmt.Sprintf("sub-%03d", i),
			ProductID: "CFQ7TTC0LFLX", ProductName: "Microsoft 365 E3", Type: domain.OrderPurchase, Quantity: 1,
			Amount: domain.Money{Amount: 3600, Currency: "USD"}, BillTo: domain.BillTo{Type: "tenant", ID: "contoso"}, PurchaserID: "alice",
			PeriodStart: apitest.T0, PeriodEnd: apitest.T0.AddDate(0, 1, 0), At: apitest.T0.Add(time.Duration(i) * time.Second),
			Payment: domain.PaymentInvoice, Paid: true})
	}
	for i := 0; i < n; i += 50 {
		if err := env.Store.Record(context.Background(), apitest.T0, store.Effects{Orders: orders[i:min(i+50, n)]}); err != nil {
			t.Fatal(err)
		}
	}
	env.Clock.Set(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
	env.App.Hooks.AfterInvoice = func(domain.Invoice) error { return errors.New("crash") }
	r, _ := env.sw.Run(context.Background(), domain.SweepInvoices, env.Clock.Now())
	if r.Failed != 1 {
		t.Fatalf("first run: %+v, want the crash", r)
	}
	env.App.Hooks.AfterInvoice = nil
	if r := env.sweep(t, domain.SweepInvoices); r.Processed != 0 || r.Skipped != 1 {
		t.Errorf("second run: %+v, want the rest marked and no new invoice", r)
	}
	if r := env.sweep(t, domain.SweepInvoices); r.Processed+r.Skipped+r.Failed != 0 {
		t.Errorf("third run: %+v, want nothing due", r)
	}
	invs := env.invoices(t, alice, "/v1/tenants/contoso/invoices")
	if len(invs) != 1 || invs[0].Number != "INV-2026-000001" || len(invs[0].Lines) != n {
		t.Fatalf("%d invoices, want INV-2026-000001 with %d lines", len(invs), n)
	}
	for _, it := range env.Items(t, "order") {
		if it["invoiceId"] != invs[0].ID || it["dueAt"] != nil {
			t.Fatalf("order %v: invoiceId %v, dueAt %v; want billed on %s", it["id"], it["invoiceId"], it["dueAt"], invs[0].ID)
		}
	}
}

// TestInvoiceRoundTrips: finalizing an invoice costs its orders' query,
// the bill-to's name, the counter and one transaction (besides the
// sweep's shard queries); a list, an invoice and its PDF one read each.
func TestInvoiceRoundTrips(t *testing.T) {
	env := setupPay(t)
	alice := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`)
	buy(t, env.Env, alice, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"annual","quantity":1}`)
	env.Clock.Set(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
	env.sw.Workers = 1 // the shards one after another: a fixed order of round trips
	env.DB.Counter.Reset()
	if r := env.sweep(t, domain.SweepInvoices); r.Processed != 1 {
		t.Fatalf("sweep: %+v, want one invoice", r)
	}
	got := map[string]int{}
	for _, op := range env.DB.Counter.Operations() {
		got[op]++
	}
	want := map[string]int{"Query": store.DueShards + 1, "GetItem": 2, "TransactWriteItems": 1}
	if !maps.Equal(got, want) {
		t.Errorf("finalizing one invoice: %v, want %v", got, want)
	}
	id := domain.InvoiceID(domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}, apitest.T0)
	for _, tt := range []struct{ path, want string }{
		{"/v1/tenants/contoso/invoices", "Query"},
		{"/v1/tenants/contoso/invoices/" + id, "GetItem"},
		{"/v1/tenants/contoso/invoices/" + id + "/pdf", "GetItem"},
	} {
		env.DB.Counter.Reset()
		if r := env.Do(t, apitest.Request{Method: "GET", Path: tt.path, Token: alice}); r.Status != 200 {
			t.Fatalf("GET %s: %d %s", tt.path, r.Status, r.Body)
		}
		if got, want := env.DB.Counter.Operations(), []string{tt.want}; !slices.Equal(got, want) {
			t.Errorf("GET %s: %v, want %v", tt.path, got, want)
		}
	}
}

package domain

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	invJan    = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	invIssued = time.Date(2027, 2, 1, 0, 5, 0, 0, time.UTC)
	purchaser = InvoiceAccount{Type: InvoicePurchaser, ID: "user-1", TenantID: "tenant-a"}
	tenantA   = InvoiceAccount{Type: InvoiceTenant, ID: "tenant-a", TenantID: "tenant-a"}
	partnerC  = InvoiceAccount{Type: InvoicePartner, ID: "partner-contoso"}
)

// invOrder is an order of acct at day d of January 2027 (hour h).
func invOrder(acct InvoiceAccount, id, typ string, amount int64, currency string, day, hour int, paid bool) Order {
	o := Order{
		ID: id, TenantID: "tenant-a", SubscriptionID: "sub-" + id, ProductID: "prod-1", ProductName: "Power BI Pro",
		Type: typ, Quantity: 2, Amount: Money{Amount: amount, Currency: currency}, PurchaserID: "user-1",
		BillTo:      BillTo{Type: "tenant", ID: "tenant-a"},
		PeriodStart: time.Date(2027, 1, day, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2028, 1, day, 0, 0, 0, 0, time.UTC),
		At: time.Date(2027, 1, day, hour, 0, 0, 0, time.UTC), Payment: PaymentInvoice, Paid: paid,
	}
	switch acct.Type {
	case InvoicePurchaser:
		o.Payment = PaymentCard
	case InvoicePartner:
		o.BillTo = BillTo{Type: "partner", ID: acct.ID}
	}
	return o
}

func TestInvoiceAccountOf(t *testing.T) {
	tests := []struct {
		name string
		o    Order
		want InvoiceAccount
	}{
		{"card-paid → purchaser", Order{Payment: PaymentCard, PurchaserID: "user-1", TenantID: "tenant-a", BillTo: BillTo{Type: "tenant", ID: "tenant-a"}}, purchaser},
		{"card-paid partner sub → purchaser", Order{Payment: PaymentCard, PurchaserID: "user-1", TenantID: "tenant-a", BillTo: BillTo{Type: "partner", ID: "partner-contoso"}}, purchaser},
		{"invoiced tenant", Order{Payment: PaymentInvoice, PurchaserID: "user-1", TenantID: "tenant-a", BillTo: BillTo{Type: "tenant", ID: "tenant-a"}}, tenantA},
		{"invoiced partner", Order{Payment: PaymentInvoice, PurchaserID: "user-1", TenantID: "tenant-a", BillTo: BillTo{Type: "partner", ID: "partner-contoso"}}, partnerC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InvoiceAccountOf(tt.o); got != tt.want {
				t.Errorf("InvoiceAccountOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestInvoiceMonthOf(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		in, want time.Time
	}{
		{time.Date(2027, 1, 31, 23, 59, 59, 999, time.UTC), invJan},
		{invJan, invJan},
		// 1 Feb 08:00 in Tokyo is still 31 Jan in UTC.
		{time.Date(2027, 2, 1, 8, 0, 0, 0, tokyo), invJan},
		{time.Date(2027, 12, 15, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := InvoiceMonthOf(tt.in); !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("InvoiceMonthOf(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestInvoiceNumber(t *testing.T) {
	tests := []struct {
		year int
		seq  int64
		want string
	}{
		{2027, 1, "INV-2027-000001"},
		{2027, 999999, "INV-2027-999999"},
		{2027, 1000000, "INV-2027-1000000"},
		{2028, 42, "INV-2028-000042"},
	}
	for _, tt := range tests {
		if got := InvoiceNumber(tt.year, tt.seq); got != tt.want {
			t.Errorf("InvoiceNumber(%d, %d) = %q, want %q", tt.year, tt.seq, got, tt.want)
		}
	}
}

func TestInvoiceID(t *testing.T) {
	safe := regexp.MustCompile(`^inv_[0-9]{6}_[0-9a-f]{20}$`)
	feb := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	accounts := []InvoiceAccount{
		purchaser, tenantA, partnerC,
		{Type: InvoicePurchaser, ID: "user-1", TenantID: "tenant-b"},
		{Type: InvoiceTenant, ID: "tenant-b", TenantID: "tenant-b"},
		// Would collide with a naive concatenation of the parts.
		{Type: InvoicePurchaser, ID: "user-1tenant", TenantID: "-a"},
		{Type: InvoicePurchaser, ID: "Ünïcode/ü ser", TenantID: "tenant-a"},
	}
	seen := map[string]string{}
	for _, a := range accounts {
		for _, m := range []time.Time{invJan, feb} {
			got := InvoiceID(a, m)
			if !safe.MatchString(got) {
				t.Errorf("InvoiceID(%+v, %s) = %q, want only [a-z0-9_]", a, m.Format("2006-01"), got)
			}
			key := a.Type + "|" + a.ID + "|" + a.TenantID + "|" + m.Format("2006-01")
			if prev, ok := seen[got]; ok {
				t.Errorf("InvoiceID(%s) = InvoiceID(%s) = %q", key, prev, got)
			}
			seen[got] = key
		}
	}
	// Stable: any instant of the month, any zone, any call gives the same id.
	a := InvoiceID(tenantA, invJan)
	for _, m := range []time.Time{invJan.Add(15 * 24 * time.Hour), time.Date(2027, 2, 1, 8, 0, 0, 0, time.FixedZone("JST", 9*3600))} {
		if got := InvoiceID(tenantA, m); got != a {
			t.Errorf("InvoiceID(tenant, %s) = %q, want %q", m, got, a)
		}
	}
	// Sorted by month, whatever the account.
	if dec, jan := InvoiceID(partnerC, invJan.AddDate(0, -1, 0)), InvoiceID(tenantA, invJan); dec >= jan {
		t.Errorf("InvoiceID of December %q sorts after January's %q", dec, jan)
	}
	// Pinned: stored invoices are keyed by it, so the scheme must never change.
	if got, want := a, "inv_202701_34cc4730788149175238"; got != want {
		t.Errorf("InvoiceID(tenant-a, 2027-01) = %q, want %q", got, want)
	}
}

func TestBuildInvoice(t *testing.T) {
	eur := func(a int64) Money { return Money{Amount: a, Currency: "EUR"} }
	usd := func(a int64) Money { return Money{Amount: a, Currency: "USD"} }

	t.Run("a late order of an earlier month is billed on this one", func(t *testing.T) {
		late := invOrder(tenantA, "ord-late", OrderRenewal, 700, "EUR", 31, 23, true)
		late.At = invJan.Add(-time.Minute)
		got, err := BuildInvoice(tenantA, invJan, []Order{invOrder(tenantA, "ord-1", OrderPurchase, 300, "EUR", 2, 0, true), late}, invIssued)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := got.Lines[0].OrderID, "ord-late"; got != want {
			t.Errorf("first line = %s, want %s", got, want)
		}
		if got, want := got.Totals, []Money{eur(1000)}; !reflect.DeepEqual(got, want) {
			t.Errorf("totals = %v, want %v", got, want)
		}
	})

	t.Run("lines, credits negative, ordering, totals", func(t *testing.T) {
		o1 := invOrder(tenantA, "ord-b", OrderPurchase, 3000, "EUR", 5, 10, true)
		o2 := invOrder(tenantA, "ord-a", OrderRenewal, 1000, "EUR", 5, 10, true) // same At: by id
		o3 := invOrder(tenantA, "ord-c", OrderCredit, 500, "EUR", 3, 9, true)
		o4 := invOrder(tenantA, "ord-d", OrderProration, 250, "USD", 31, 23, true)
		got, err := BuildInvoice(tenantA, invJan.Add(40*time.Hour), []Order{o1, o4, o2, o3}, invIssued)
		if err != nil {
			t.Fatal(err)
		}
		line := func(o Order, amount Money) InvoiceLine {
			return InvoiceLine{OrderID: o.ID, SubscriptionID: o.SubscriptionID, TenantID: o.TenantID, ProductID: o.ProductID,
				ProductName: o.ProductName, Type: o.Type, Quantity: o.Quantity, PeriodStart: o.PeriodStart, PeriodEnd: o.PeriodEnd,
				At: o.At, Amount: amount, Paid: true}
		}
		want := Invoice{
			ID: InvoiceID(tenantA, invJan), Account: tenantA, Month: "2027-01",
			PeriodStart: invJan, PeriodEnd: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), IssuedAt: invIssued,
			Lines:  []InvoiceLine{line(o3, eur(-500)), line(o2, eur(1000)), line(o1, eur(3000)), line(o4, usd(250))},
			Totals: []Money{eur(3500), usd(250)},
			Status: InvoiceOpen,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("BuildInvoice =\n%+v\nwant\n%+v", got, want)
		}
	})

	statuses := []struct {
		name   string
		acct   InvoiceAccount
		orders []Order
		want   string
		totals []Money
	}{
		{"tenant charges → open", tenantA, []Order{
			invOrder(tenantA, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
		}, InvoiceOpen, []Money{eur(3000)}},
		{"tenant credit only → void", tenantA, []Order{
			invOrder(tenantA, "o1", OrderCredit, 3000, "EUR", 2, 0, true),
		}, InvoiceVoid, []Money{eur(-3000)}},
		{"tenant charge cancelled by credit → void", tenantA, []Order{
			invOrder(tenantA, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
			invOrder(tenantA, "o2", OrderCredit, 3000, "EUR", 3, 0, true),
		}, InvoiceVoid, []Money{eur(0)}},
		{"tenant one currency due → open", tenantA, []Order{
			invOrder(tenantA, "o1", OrderCredit, 3000, "EUR", 2, 0, true),
			invOrder(tenantA, "o2", OrderPurchase, 1, "USD", 3, 0, true),
		}, InvoiceOpen, []Money{eur(-3000), usd(1)}},
		{"partner charges → open", partnerC, []Order{
			invOrder(partnerC, "o1", OrderPurchase, 10800, "USD", 2, 0, true),
		}, InvoiceOpen, []Money{usd(10800)}},
		{"partner credit → void", partnerC, []Order{
			invOrder(partnerC, "o1", OrderCredit, 10800, "USD", 2, 0, true),
		}, InvoiceVoid, []Money{usd(-10800)}},
		{"purchaser all paid → paid", purchaser, []Order{
			invOrder(purchaser, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
			invOrder(purchaser, "o2", OrderProration, 700, "EUR", 9, 0, true),
			invOrder(purchaser, "o3", OrderCredit, 200, "EUR", 10, 0, false),
		}, InvoicePaid, []Money{eur(3500)}},
		{"purchaser two currencies paid → paid", purchaser, []Order{
			invOrder(purchaser, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
			invOrder(purchaser, "o2", OrderCredit, 700, "USD", 9, 0, true),
		}, InvoicePaid, []Money{eur(3000), usd(-700)}},
		{"purchaser unpaid renewal → open", purchaser, []Order{
			invOrder(purchaser, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
			invOrder(purchaser, "o2", OrderRenewal, 3000, "EUR", 20, 0, false),
		}, InvoiceOpen, []Money{eur(6000)}},
		{"purchaser unpaid renewal outweighed by credit → open", purchaser, []Order{
			invOrder(purchaser, "o1", OrderRenewal, 3000, "EUR", 2, 0, false),
			invOrder(purchaser, "o2", OrderCredit, 5000, "EUR", 20, 0, true),
		}, InvoiceOpen, []Money{eur(-2000)}},
		{"purchaser refund only → void", purchaser, []Order{
			invOrder(purchaser, "o1", OrderCredit, 3000, "EUR", 2, 0, true),
		}, InvoiceVoid, []Money{eur(-3000)}},
		{"purchaser charge refunded → void", purchaser, []Order{
			invOrder(purchaser, "o1", OrderPurchase, 3000, "EUR", 2, 0, true),
			invOrder(purchaser, "o2", OrderCredit, 3000, "EUR", 4, 0, true),
		}, InvoiceVoid, []Money{eur(0)}},
	}
	for _, tt := range statuses {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := BuildInvoice(tt.acct, invJan, tt.orders, invIssued)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := inv.Status, tt.want; got != want {
				t.Errorf("status = %q, want %q", got, want)
			}
			if got, want := inv.Totals, tt.totals; !reflect.DeepEqual(got, want) {
				t.Errorf("totals = %v, want %v", got, want)
			}
			if inv.Number != "" {
				t.Errorf("number = %q, want empty until finalization", inv.Number)
			}
		})
	}

	t.Run("unpaid charge line is marked, credits and invoiced lines are paid", func(t *testing.T) {
		inv, err := BuildInvoice(purchaser, invJan, []Order{
			invOrder(purchaser, "o1", OrderRenewal, 3000, "EUR", 2, 0, false),
			invOrder(purchaser, "o2", OrderCredit, 100, "EUR", 3, 0, false),
		}, invIssued)
		if err != nil {
			t.Fatal(err)
		}
		var got []bool
		for _, l := range inv.Lines {
			got = append(got, l.Paid)
		}
		if want := []bool{false, true}; !reflect.DeepEqual(got, want) {
			t.Errorf("paid = %v, want %v", got, want)
		}
	})

	refusals := []struct {
		name   string
		acct   InvoiceAccount
		orders []Order
		want   string
	}{
		{"no orders", tenantA, nil, "at least one order"},
		{"purchaser order on tenant invoice", tenantA, []Order{invOrder(purchaser, "o1", OrderPurchase, 1, "EUR", 2, 0, true)}, "belongs to"},
		{"tenant order on partner invoice", partnerC, []Order{invOrder(tenantA, "o1", OrderPurchase, 1, "EUR", 2, 0, true)}, "belongs to"},
		{"other purchaser", purchaser, []Order{func() Order {
			o := invOrder(purchaser, "o1", OrderPurchase, 1, "EUR", 2, 0, true)
			o.PurchaserID = "user-2"
			return o
		}()}, "belongs to"},
		{"purchaser of another tenant", purchaser, []Order{func() Order {
			o := invOrder(purchaser, "o1", OrderPurchase, 1, "EUR", 2, 0, true)
			o.TenantID = "tenant-b"
			return o
		}()}, "belongs to"},
		{"at the end of the month", tenantA, []Order{func() Order {
			o := invOrder(tenantA, "o1", OrderPurchase, 1, "EUR", 2, 0, true)
			o.At = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
			return o
		}()}, "after 2027-01"},
		{"order twice", tenantA, []Order{
			invOrder(tenantA, "o1", OrderPurchase, 1, "EUR", 2, 0, true),
			invOrder(tenantA, "o1", OrderPurchase, 1, "EUR", 2, 0, true),
		}, "listed twice"},
		{"negative amount", tenantA, []Order{invOrder(tenantA, "o1", OrderPurchase, -1, "EUR", 2, 0, true)}, "negative"},
		{"no currency", tenantA, []Order{invOrder(tenantA, "o1", OrderPurchase, 1, "", 2, 0, true)}, "ISO 4217"},
		{"unknown account type", InvoiceAccount{Type: "user", ID: "user-1"}, []Order{invOrder(purchaser, "o1", OrderPurchase, 1, "EUR", 2, 0, true)}, "account type"},
	}
	for _, tt := range refusals {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			_, err := BuildInvoice(tt.acct, invJan, tt.orders, invIssued)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("BuildInvoice error = %v, want one containing %q", err, tt.want)
			}
		})
	}

	t.Run("first and last instants of the month are inside", func(t *testing.T) {
		first := invOrder(tenantA, "o1", OrderPurchase, 1, "EUR", 1, 0, true)
		last := invOrder(tenantA, "o2", OrderPurchase, 1, "EUR", 1, 0, true)
		last.At = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
		if _, err := BuildInvoice(tenantA, invJan, []Order{last, first}, invIssued); err != nil {
			t.Error(err)
		}
	})
}

// TestInvoiceMonthFinalizedAt: the month finalized at InvoiceFinalizeAt is
// the month itself, December's included.
func TestInvoiceMonthFinalizedAt(t *testing.T) {
	for _, month := range []time.Time{invJan, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC)} {
		at := InvoiceFinalizeAt(month.Add(17 * 24 * time.Hour))
		if got := InvoiceMonthFinalizedAt(at); !got.Equal(month) {
			t.Errorf("InvoiceMonthFinalizedAt(%s) = %s, want %s", at, got, month)
		}
	}
}

package localpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/payments/localpay"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

var t0 = time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)

func newProvider(t *testing.T) (*localpay.Provider, *time.Time) {
	db := ddbtest.New(t)
	now := t0
	return localpay.New(db.Client, db.Table, func() time.Time { return now }), &now
}

func eur(n int64) domain.Money { return domain.Money{Amount: n, Currency: "EUR"} }

func TestTestPaymentMethods(t *testing.T) {
	p, _ := newProvider(t)
	for _, tc := range []struct {
		pm         string
		wantStatus payments.ChargeStatus
		wantCode   string
	}{
		{"pm_card_visa", payments.ChargeSucceeded, ""},
		{"pm_card_mastercard", payments.ChargeSucceeded, ""},
		{"pm_1", payments.ChargeSucceeded, ""},
		{"pm_card_chargeDeclined", payments.ChargeDeclined, "generic_decline"},
		{"pm_card_chargeDeclinedInsufficientFunds", payments.ChargeDeclined, "insufficient_funds"},
		{"pm_card_chargeDeclinedExpiredCard", payments.ChargeDeclined, "expired_card"},
		{"pm_card_chargeDeclinedIncorrectCvc", payments.ChargeDeclined, "incorrect_cvc"},
	} {
		t.Run(tc.pm, func(t *testing.T) {
			got, err := p.Charge(context.Background(), payments.ChargeRequest{Key: "k-" + tc.pm, PaymentMethodID: tc.pm, Amount: eur(1200), OrderID: "ord_1"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.wantStatus || got.DeclineCode != tc.wantCode {
				t.Fatalf("charge with %s = %s/%q, want %s/%q", tc.pm, got.Status, got.DeclineCode, tc.wantStatus, tc.wantCode)
			}
			if got.ID == "" || got.Amount != eur(1200) || got.OrderID != "ord_1" || !got.CreatedAt.Equal(t0) {
				t.Fatalf("charge = %+v", got)
			}
		})
	}
}

func TestSameKeySameCharge(t *testing.T) {
	p, _ := newProvider(t)
	ctx := context.Background()
	first, err := p.Charge(ctx, payments.ChargeRequest{Key: "ord_1", PaymentMethodID: "pm_card_visa", Amount: eur(500)})
	if err != nil {
		t.Fatal(err)
	}
	// A repeat, even with another method, answers the first outcome.
	again, err := p.Charge(ctx, payments.ChargeRequest{Key: "ord_1", PaymentMethodID: "pm_card_chargeDeclined", Amount: eur(500)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.ID, first.ID; got != want {
		t.Fatalf("repeat charge id = %s, want %s", got, want)
	}
	declined, _ := p.Charge(ctx, payments.ChargeRequest{Key: "ord_2", PaymentMethodID: "pm_card_chargeDeclined", Amount: eur(500)})
	list, more, err := p.Charges(ctx, t0.Add(-time.Hour), t0.Add(time.Hour), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(list), 1; got != want || more || list[0].ID != first.ID {
		t.Fatalf("Charges = %+v (more %v), want only %s (declined %s is not listed)", list, more, first.ID, declined.ID)
	}
}

func TestRefunds(t *testing.T) {
	p, _ := newProvider(t)
	ctx := context.Background()
	ch, err := p.Charge(ctx, payments.ChargeRequest{Key: "ord_1", PaymentMethodID: "pm_card_visa", Amount: eur(1000)})
	if err != nil {
		t.Fatal(err)
	}
	r1, err := p.Refund(ctx, payments.RefundRequest{Key: "cr_1", ChargeID: ch.ID, Amount: eur(300)})
	if err != nil {
		t.Fatal(err)
	}
	again, err := p.Refund(ctx, payments.RefundRequest{Key: "cr_1", ChargeID: ch.ID, Amount: eur(300)})
	if err != nil || again.ID != r1.ID {
		t.Fatalf("repeat refund = %+v, %v; want %s once", again, err, r1.ID)
	}
	if _, err := p.Refund(ctx, payments.RefundRequest{Key: "cr_2", ChargeID: ch.ID, Amount: eur(701)}); err == nil {
		t.Fatal("refunding more than is left was accepted")
	}
	if _, err := p.Refund(ctx, payments.RefundRequest{Key: "cr_3", ChargeID: "pi_nope", Amount: eur(1)}); !errors.Is(err, payments.ErrUnknownCharge) {
		t.Fatalf("refund of an unknown charge: %v, want ErrUnknownCharge", err)
	}
	list, _, err := p.Charges(ctx, t0, t0.Add(time.Second), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := list[0].Refunded, eur(300); got != want {
		t.Fatalf("refunded = %+v, want %+v", got, want)
	}
}

func TestChargesPageInTimeOrder(t *testing.T) {
	p, now := newProvider(t)
	ctx := context.Background()
	var want []string
	for i := range 5 {
		*now = t0.Add(time.Duration(i) * time.Minute)
		ch, err := p.Charge(ctx, payments.ChargeRequest{Key: "k" + string(rune('a'+i)), PaymentMethodID: "pm_card_visa", Amount: eur(100)})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ch.ID)
	}
	var got []string
	after := ""
	for {
		page, more, err := p.Charges(ctx, t0, t0.Add(4*time.Minute), after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			got = append(got, c.ID)
		}
		if !more {
			break
		}
		after = page[len(page)-1].ID
	}
	if len(got) != 4 {
		t.Fatalf("got %v, want the 4 charges before the window's end %v", got, want[:4])
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want[:4])
		}
	}
}

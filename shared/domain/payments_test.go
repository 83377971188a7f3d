package domain_test

import (
	"reflect"
	"testing"
	"time"

	"selfserve/shared/domain"
)

const powerBIPro = "CFQ7TTC0L3PB"

// TestOrdersSayHowTheyArePaid: self-service orders are card charges, paid
// once charged (at once when there is nothing to charge); central and
// partner ones are invoiced, settled already.
func TestOrdersSayHowTheyArePaid(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          domain.Purchase
		wantPayment string
		wantPaid    bool
	}{
		{"self-service", ssPurchase(t, powerBIPro), domain.PaymentCard, false},
		{"central", centralPurchase(t, powerBIPro), domain.PaymentInvoice, true},
		{"partner", partnerPurchase(t, powerBIPro, "partner-a"), domain.PaymentInvoice, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, orders, err := domain.CreateSubscription(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			o := orders[0]
			if got, want := [2]any{o.Payment, o.Paid}, [2]any{tc.wantPayment, tc.wantPaid}; got != want {
				t.Errorf("payment, paid = %v, want %v", got, want)
			}
			if got, want := o.NeedsCharge(), tc.wantPayment == domain.PaymentCard; got != want {
				t.Errorf("NeedsCharge = %v, want %v", got, want)
			}
		})
	}
}

// TestRefundForTakesTheLatestChargesFirst: a card credit is paid back on
// the term's charges, latest first, each at most what is left of it.
func TestRefundForTakesTheLatestChargesFirst(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, powerBIPro)).Charged("ch_a", usd(1000)).Charged("ch_b", usd(500))
	credit := func(n int64, payment string) domain.Order {
		return domain.Order{ID: "ord_c", Type: domain.OrderCredit, Amount: usd(n), Payment: payment, At: t0}
	}
	part := func(charge string, n int64) domain.RefundPart {
		return domain.RefundPart{OrderID: "ord_c", OrderAt: t0, ChargeID: charge, Amount: usd(n)}
	}
	for _, tc := range []struct {
		name string
		o    domain.Order
		want []domain.RefundPart
	}{
		{"within the latest", credit(300, domain.PaymentCard), []domain.RefundPart{part("ch_b", 300)}},
		{"over two charges", credit(1200, domain.PaymentCard), []domain.RefundPart{part("ch_b", 500), part("ch_a", 700)}},
		{"more than was charged", credit(2000, domain.PaymentCard), []domain.RefundPart{part("ch_b", 500), part("ch_a", 1000)}},
		{"an invoiced credit", credit(300, domain.PaymentInvoice), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.RefundFor(tc.o).PendingRefunds
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("PendingRefunds = %+v, want %+v", got, tc.want)
			}
		})
	}
	// A second credit refunds only what the first left.
	twice := s.RefundFor(credit(1200, domain.PaymentCard)).RefundFor(credit(1000, domain.PaymentCard))
	if got, want := twice.PendingRefunds[2:], []domain.RefundPart{part("ch_a", 300)}; !reflect.DeepEqual(got, want) {
		t.Errorf("second credit's refunds = %+v, want %+v", got, want)
	}
	if s.PendingRefunds != nil {
		t.Error("RefundFor changed the subscription it was called on")
	}
}

// TestDunningSchedule: a declined renewal makes a subscription PastDue,
// retried by the payments sweep 1, 3, 5 and 7 days after it; the fourth
// declined retry leaves none.
func TestDunningSchedule(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, powerBIPro))
	renewal := s.TermEnd
	owed := []domain.OrderRef{{ID: "ord_r", SubscriptionID: s.ID, At: renewal, Amount: usd(3000)}}
	s = s.Declined(owed, "insufficient_funds", renewal)
	if s.Status != domain.StatusPastDue || s.PaymentDue.Amount != usd(3000) || s.PaymentDue.Attempts != 1 {
		t.Fatalf("after the decline: %s %+v", s.Status, s.PaymentDue)
	}
	for i, days := range domain.PaymentRetryDays {
		d, ok := s.NextDue()
		want := renewal.AddDate(0, 0, days)
		if !ok || d.Action != domain.DuePaymentRetry || !d.At.Equal(want) || d.Action.Sweep() != domain.SweepPaymentRetries {
			t.Fatalf("retry %d due %+v, want %s at %s", i+1, d, domain.DuePaymentRetry, want)
		}
		var exhausted bool
		var err error
		if s, exhausted, err = s.RetryDeclined("expired_card"); err != nil {
			t.Fatal(err)
		}
		if got, want := exhausted, i == len(domain.PaymentRetryDays)-1; got != want {
			t.Fatalf("retry %d: exhausted %v, want %v", i+1, got, want)
		}
	}
	if _, ok := s.NextDue(); ok {
		t.Errorf("an exhausted PastDue subscription still has due work")
	}
	suspended, err := s.Suspend(renewal.AddDate(0, 0, 7), "nonPayment", 90*24*time.Hour)
	if err != nil || suspended.PaymentDue != nil || suspended.Status != domain.StatusSuspended {
		t.Fatalf("suspending it: %s %+v %v", suspended.Status, suspended.PaymentDue, err)
	}
	back := s.Recovered()
	if back.Status != domain.StatusActive || back.PaymentDue != nil || !back.TermEnd.Equal(s.TermEnd) {
		t.Errorf("recovered: %s %+v term end %s", back.Status, back.PaymentDue, back.TermEnd)
	}
	if _, _, err := back.RetryDeclined("x"); codeOf(t, err) != domain.CodeInvalidStatus {
		t.Errorf("retrying an Active subscription: %v, want invalid_status", err)
	}
}

// TestPendingRefundsComeFirst: money owed back is due at once, whatever
// the subscription's status.
func TestPendingRefundsComeFirst(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, powerBIPro)).Charged("ch_a", usd(3000))
	s = s.End(t0, "boughtByMistake").RefundFor(domain.Order{ID: "ord_c", Type: domain.OrderCredit, Amount: usd(3000), Payment: domain.PaymentCard, At: t0})
	if d, ok := s.NextDue(); !ok || d.Action != domain.DueRefund || !d.At.Equal(t0) {
		t.Fatalf("NextDue = %+v %v, want a refund at %s", d, ok, t0)
	}
	if _, ok := s.RefundsPaid().NextDue(); ok {
		t.Error("a Deleted subscription whose refunds are paid still has due work")
	}
}

// TestSetPaymentMethod is docs/spec.md §10's payment-method rule.
func TestSetPaymentMethod(t *testing.T) {
	active := mustCreate(t, ssPurchase(t, powerBIPro))
	trial := mustCreate(t, ssTrial(t, powerBIPro))
	suspended, _ := active.Suspend(t0, "other", time.Hour)
	pastDue := active.Declined(nil, "generic_decline", active.TermEnd)
	for _, tc := range []struct {
		name          string
		s             domain.Subscription
		pm            string
		policy        domain.PolicyValue
		want          domain.Code
		wantAutoRenew bool
	}{
		{"Active", active, "pm_new", domain.PolicyDisabled, "", true},
		{"PastDue", pastDue, "pm_new", domain.PolicyEnabled, "", true},
		{"Trial under Enabled", trial, "pm_new", domain.PolicyEnabled, "", true},
		{"Trial under trials-only", trial, "pm_new", domain.PolicyTrialsOnly, domain.CodePolicyTrialsOnly, false},
		{"Suspended", suspended, "pm_new", domain.PolicyEnabled, domain.CodeInvalidStatus, true},
		{"central", mustCreate(t, centralPurchase(t, powerBIPro)), "pm_new", domain.PolicyEnabled, domain.CodeInvalidRequest, true},
		{"blank", active, "  ", domain.PolicyEnabled, domain.CodeInvalidRequest, true},
		{"missing", active, "", domain.PolicyEnabled, domain.CodeInvalidRequest, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.s.SetPaymentMethod(tc.pm, tc.policy)
			if code := codeOf(t, err); code != tc.want {
				t.Fatalf("code %q, want %q", code, tc.want)
			}
			if err == nil && (got.PaymentMethodID != tc.pm || !got.HasPaymentMethod || got.AutoRenew != tc.wantAutoRenew) {
				t.Errorf("after: pm %q has %v autoRenew %v", got.PaymentMethodID, got.HasPaymentMethod, got.AutoRenew)
			}
		})
	}
}

// TestPastDueKeepsLicensesAndCancelsWithoutCredit: a PastDue subscription's
// licenses keep working (more may be assigned), it can't change quantity,
// and a cancel deletes it at once with nothing credited (docs/spec.md §10).
func TestPastDueKeepsLicensesAndCancelsWithoutCredit(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, powerBIPro))
	s = s.Declined([]domain.OrderRef{{ID: "ord_r", SubscriptionID: s.ID, At: s.TermEnd, Amount: usd(3000)}}, "generic_decline", s.TermEnd).Unpaid(usd(3000))
	at := s.TermEnd.Add(time.Hour)
	if _, _, err := s.AssignLicenses([]domain.LicenseUser{{ID: "u1"}}, nil, "admin", at); err != nil {
		t.Errorf("assigning a license on PastDue: %v", err)
	}
	if _, _, err := s.SetQuantity(5, at); codeOf(t, err) != domain.CodeInvalidStatus {
		t.Errorf("changing the quantity on PastDue: %v, want invalid_status", err)
	}
	if got, want := s.Quote(at, false), (domain.CancellationQuote{Effect: domain.EffectImmediate, Credit: usd(0)}); got != want {
		t.Errorf("quote = %+v, want %+v", got, want)
	}
	after, orders, _, changed, err := s.Cancel(at, "other", false)
	if err != nil || !changed || after.Status != domain.StatusDeleted || len(orders) != 0 || after.PaymentDue != nil {
		t.Errorf("cancel: %s, %d orders, pastDue %+v, %v", after.Status, len(orders), after.PaymentDue, err)
	}
}

// TestForgive: an add-on ended while its base is PastDue leaves what the
// base owes; with nothing left the base is Active again.
func TestForgive(t *testing.T) {
	usd := func(a int64) domain.Money { return domain.Money{Amount: a, Currency: "USD"} }
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	base := domain.Subscription{ID: "sub-b", Status: domain.StatusActive, UnitPrice: usd(1000)}
	owed := []domain.OrderRef{{ID: "ord-b", SubscriptionID: "sub-b", At: at, Amount: usd(1000)}, {ID: "ord-a", SubscriptionID: "sub-b_a", At: at, Amount: usd(400)}}
	pastDue := base.Declined(owed, "generic_decline", at)

	got := pastDue.Forgive("sub-b_a")
	if got.Status != domain.StatusPastDue || got.PaymentDue.Amount != usd(1000) || !reflect.DeepEqual(got.PaymentDue.Orders, owed[:1]) {
		t.Errorf("forgive the add-on: %s %+v, want PastDue owing the base's 1000 only", got.Status, got.PaymentDue)
	}
	if pastDue.PaymentDue.Amount != usd(1400) || len(pastDue.PaymentDue.Orders) != 2 {
		t.Errorf("Forgive changed its receiver: %+v", pastDue.PaymentDue)
	}
	if got := got.Forgive("sub-b"); got.Status != domain.StatusActive || got.PaymentDue != nil {
		t.Errorf("nothing left owed: %s %+v, want Active", got.Status, got.PaymentDue)
	}
	if got := pastDue.Forgive("sub-other"); !reflect.DeepEqual(got, pastDue) {
		t.Errorf("forgive a member owing nothing: %+v, want unchanged", got.PaymentDue)
	}
}

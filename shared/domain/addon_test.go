package domain_test

import (
	"testing"
	"time"

	"selfserve/shared/domain"
)

// An add-on bought after its base's refund window closed has a refund
// window of its own, closed by the sweep like any other: it is built field
// by field, not copied from its base's bookkeeping.
func TestAddOnBoughtAfterBaseWindowGetsItsOwnWindow(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	d, ok := base.NextDue()
	if !ok || d.Action != domain.DueRefundWindowClose {
		t.Fatalf("base's first due action: got %v %v, want %s", d, ok, domain.DueRefundWindowClose)
	}
	base = base.RunDue(d).After // the base's window closes
	if !base.RefundWindowClosed {
		t.Fatal("the base's refund window did not close")
	}
	boughtAt := t0.AddDate(0, 0, 10)
	addOn, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 1, 0, boughtAt)
	if err != nil {
		t.Fatal(err)
	}
	if addOn.RefundWindowClosed {
		t.Error("the add-on starts with its refund window closed (copied from its base)")
	}
	got, ok := addOn.NextDue()
	if !ok || got.Action != domain.DueRefundWindowClose || !got.At.Equal(*addOn.RefundableUntil) {
		t.Errorf("add-on's next due action: got %+v %v, want %s at %v", got, ok, domain.DueRefundWindowClose, addOn.RefundableUntil)
	}
	if out := addOn.RunDue(got); out.Event != domain.EventSubscriptionRefundWindowDone {
		t.Errorf("closing the add-on's window: event %q, want %q", out.Event, domain.EventSubscriptionRefundWindowDone)
	}
}

// An add-on takes nothing of its base's own bookkeeping: not its trial,
// warnings, add-ons, limit marker or history.
func TestAddOnDoesNotInheritBaseBookkeeping(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	base.HasAddOns, base.TrialWarned, base.LimitOnePerTenant = true, true, true
	base.DeletionWarningsSent, base.EventSeq, base.AssignedLicenses, base.Version = []int{30}, 7, 3, 4
	a, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 2, 0, t0.AddDate(0, 0, 3))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"hasAddOns", a.HasAddOns, false}, {"trialWarned", a.TrialWarned, false}, {"limitOnePerTenant", a.LimitOnePerTenant, false},
		{"deletionWarningsSent", len(a.DeletionWarningsSent), 0}, {"eventSeq", a.EventSeq, int64(0)},
		{"assignedLicenses", a.AssignedLicenses, 0}, {"quantity", a.Quantity, 2}, {"baseSubscriptionId", a.BaseSubscriptionID, base.ID},
		{"termEnd", a.TermEnd, base.TermEnd}, {"status", a.Status, domain.StatusActive},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

// Suspending a base is all or nothing: when one of its add-ons can't be
// suspended (users are moving into it), nothing is, so no add-on stays
// Active under a Suspended base.
func TestCascadeAllOrNothing(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	free, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 2, 0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	target := free
	target.ID, target.ReservedLicenses = base.ID+"_b", 1 // users are moving into it
	suspend := func(x domain.Subscription) (domain.Subscription, bool, error) {
		after, err := x.Suspend(t0.Add(2*time.Hour), "other", 90*24*time.Hour)
		return after, err == nil, err
	}
	changed, err := domain.Cascade(base, []domain.Subscription{free, target}, suspend)
	if got, want := domain.ErrorCode(err), domain.CodeInvalidStatus; got != want || len(changed) != 0 {
		t.Errorf("suspend with an add-on being moved into: %d changed, %v; want none and %s", len(changed), err, want)
	}
	changed, err = domain.Cascade(base, []domain.Subscription{free}, suspend)
	if err != nil || len(changed) != 2 || changed[0].ID != base.ID || changed[1].Status != domain.StatusSuspended {
		t.Errorf("suspend with a free add-on: %d changed, %v; want the base and its add-on Suspended", len(changed), err)
	}
}

// A refund is a credit: inside the window of a subscription that cost
// nothing this term there is nothing to refund.
func TestNoRefundOfNothing(t *testing.T) {
	free := mustCreate(t, centralPurchase(t, pidE3))
	free.ChargedThisTerm.Amount = 0
	admin := domain.Viewer{Admin: true, Manager: true}
	if got, want := domain.ErrorCode(admin.CanRefund(free, t0.Add(time.Hour))), domain.CodeRefundWindowClosed; got != want {
		t.Errorf("refund of nothing: got %q, want %q", got, want)
	}
	paid := mustCreate(t, centralPurchase(t, pidE3))
	if err := admin.CanRefund(paid, t0.Add(time.Hour)); err != nil {
		t.Errorf("refund inside the window: %v", err)
	}
}

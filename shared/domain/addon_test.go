package domain_test

import (
	"testing"

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

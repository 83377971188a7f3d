package domain_test

import (
	"testing"
	"time"

	"selfserve/shared/domain"
)

// Found by review; each pins the rule as SPEC §3/§4 reads.

// Under "trials only", a trial that needs a payment method is not a trial
// "without payment method": refused by the policy, not for lack of a card.
func TestTrialsOnlyRefusesTrialNeedingPaymentMethod(t *testing.T) {
	in := ssTrial(t, pidVisioPlan2)
	in.Tenant = withPolicy(in.Tenant, pidVisioPlan2, domain.PolicyTrialsOnly)
	_, _, err := domain.CreateSubscription(in)
	if got, want := codeOf(t, err), domain.CodePolicyTrialsOnly; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// Raising and lowering seats inside an annual refund window can't make
// seats cheaper: the credit mirrors the charge.
func TestQuantityCyclesInsideWindowNetToNothing(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.BillingFrequency, in.Quantity = domain.FrequencyAnnual, 10
	s := mustCreate(t, in)
	start := s.ChargedThisTerm
	at := t0.AddDate(0, 0, 10)
	for i := range 3 {
		up, _, err := s.SetQuantity(20, at.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if s, _, err = up.SetQuantity(10, at.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := s.ChargedThisTerm, start; got != want {
		t.Errorf("after 3 cycles chargedThisTerm = %+v, want %+v", got, want)
	}
}

// An add-on has its own refund window from its purchase, and a base
// scheduled to cancel takes its new add-ons with it.
func TestAddOnRefundWindowAndScheduledBase(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	boughtAt := t0.AddDate(0, 0, 5)
	addOn, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 1, 0, boughtAt)
	if err != nil {
		t.Fatal(err)
	}
	_, orders, q, _, err := addOn.Cancel(boughtAt.Add(time.Hour), "not needed", false)
	if err != nil {
		t.Fatal(err)
	}
	if q.Effect != domain.EffectImmediate || len(orders) != 1 || orders[0].Type != domain.OrderCredit {
		t.Errorf("cancel 1 h after buying the add-on: %+v %+v, want immediate with a credit", q, orders)
	}
	scheduled, _, _, _, err := base.Cancel(t0.AddDate(0, 0, 3), "moving", false)
	if err != nil {
		t.Fatal(err)
	}
	late, _, err := domain.NewAddOn(base.ID+"_b", scheduled, prod(t, pidAudioConf), 1, 0, t0.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	if !late.CancelAtTermEnd || late.AutoRenew {
		t.Errorf("add-on of a base scheduled to cancel: cancelAtTermEnd %v autoRenew %v, want true, false", late.CancelAtTermEnd, late.AutoRenew)
	}
}

func TestCancelNeedsAReason(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	_, _, _, _, err := s.Cancel(t0.Add(time.Hour), " ", false)
	if got, want := codeOf(t, err), domain.CodeInvalidRequest; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

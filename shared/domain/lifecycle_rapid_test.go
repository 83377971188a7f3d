package domain_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"pgregory.net/rapid"

	"selfserve/shared/domain"
)

// lifecycleModel is one base subscription, its add-ons, a clock and the
// ledger of every order the domain returned, driven only through the pure
// domain functions. The cascades to add-ons are done here, as the
// application layer does them.
type lifecycleModel struct {
	now    time.Time
	base   domain.Subscription
	addons []domain.Subscription
	ledger []domain.Order
	// deleted remembers every subscription once seen Deleted.
	deleted map[string]bool
	nextID  int
	audio   domain.Product
}

// baseKinds are the ways the base is created; E3 (the only base with an
// add-on) is listed twice so that add-on paths are exercised often.
var baseKinds = []string{"e3-central-monthly", "e3-central-annual", "e3-partner-monthly", "e3-central-monthly",
	"pbi-ss-monthly", "pbi-ss-annual", "pbi-ss-trial-nopm", "visio2-ss-trial-pm", "azure-central"}

func newLifecycleModel(t *rapid.T) *lifecycleModel {
	m := &lifecycleModel{deleted: map[string]bool{}, audio: prod(t, pidAudioConf)}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.now = start.Add(time.Duration(rapid.IntRange(0, 400*24).Draw(t, "startHour")) * time.Hour)
	kind := rapid.SampledFrom(baseKinds).Draw(t, "base")
	qty := rapid.IntRange(1, 50).Draw(t, "baseQuantity")

	var in domain.Purchase
	switch kind {
	case "e3-central-monthly", "e3-central-annual":
		in = centralPurchase(t, pidE3)
		if kind == "e3-central-annual" {
			in.BillingFrequency = domain.FrequencyAnnual
		}
	case "e3-partner-monthly":
		in = partnerPurchase(t, pidE3, "partner-contoso")
	case "pbi-ss-monthly":
		in = ssPurchase(t, pidPowerBIPro)
	case "pbi-ss-annual":
		in = ssPurchase(t, pidPowerBIPro)
		in.BillingFrequency = domain.FrequencyAnnual
	case "pbi-ss-trial-nopm":
		in = ssTrial(t, pidPowerBIPro)
	case "visio2-ss-trial-pm":
		in = ssTrial(t, pidVisioPlan2)
		in.PaymentMethodID = "pm-1"
	case "azure-central":
		in = centralPurchase(t, pidAzurePlan)
	}
	in.ID, in.Quantity, in.Now = "base", qty, m.now
	s, orders, err := domain.CreateSubscription(in)
	if err != nil {
		t.Fatalf("CreateSubscription(%s): %v", kind, err)
	}
	m.base = s
	m.ledger = append(m.ledger, orders...)
	return m
}

// refused reports whether err is a domain refusal; any other error fails.
func refused(t *rapid.T, what string, err error) bool {
	if err == nil {
		return false
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("%s: got a %T error %v, want a *domain.Error", what, err, err)
	}
	return true
}

// unchangedOnRefusal fails when a refused call still returned a changed subscription.
func unchangedOnRefusal(t *rapid.T, what string, before, after domain.Subscription) {
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("%s was refused but changed the subscription:\nbefore %+v\nafter  %+v", what, before, after)
	}
}

// target picks the base (-1) or an add-on index.
func (m *lifecycleModel) target(t *rapid.T) (int, *domain.Subscription) {
	i := rapid.IntRange(-1, len(m.addons)-1).Draw(t, "target")
	if i < 0 {
		return i, &m.base
	}
	return i, &m.addons[i]
}

// cascade applies the base's new state to its live add-ons (docs/spec.md §4.4, §4.5).
func (m *lifecycleModel) cascade(t *rapid.T) {
	for i := range m.addons {
		a := &m.addons[i]
		switch {
		case m.base.Status == domain.StatusDeleted && (a.Status == domain.StatusActive || a.Status == domain.StatusTrial):
			// Add-ons are cancelled with their base, at once: as an admin cancel.
			after, orders, _, _, err := a.Cancel(m.now, "base cancelled", true)
			if err != nil {
				t.Fatalf("cascade cancel of %s: %v", a.ID, err)
			}
			*a = after
			m.ledger = append(m.ledger, orders...)
		case m.base.Status == domain.StatusSuspended && (a.Status == domain.StatusActive || a.Status == domain.StatusTrial):
			after, err := a.Suspend(*m.base.SuspendedAt, m.base.SuspensionReason, m.base.DataDeletionAt.Sub(*m.base.SuspendedAt))
			if err != nil {
				t.Fatalf("cascade suspend of %s: %v", a.ID, err)
			}
			*a = after
		case m.base.Status == domain.StatusActive && a.Status == domain.StatusSuspended:
			after, err := a.Reactivate(m.now)
			if err != nil {
				t.Fatalf("cascade reactivate of %s: %v", a.ID, err)
			}
			*a = after
		}
	}
}

func (m *lifecycleModel) all() []domain.Subscription {
	return append([]domain.Subscription{m.base}, m.addons...)
}

func (m *lifecycleModel) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"advanceClock": func(t *rapid.T) {
			if rapid.Bool().Draw(t, "inDays") {
				m.now = m.now.AddDate(0, 0, rapid.IntRange(1, 60).Draw(t, "days"))
			} else {
				m.now = m.now.Add(time.Duration(rapid.IntRange(1, 48).Draw(t, "hours")) * time.Hour)
			}
		},
		"cancelBase": func(t *rapid.T) {
			admin := rapid.Bool().Draw(t, "admin")
			after, orders, _, _, err := m.base.Cancel(m.now, "no longer needed", admin)
			if refused(t, "cancel base", err) {
				unchangedOnRefusal(t, "cancel base", m.base, after)
				return
			}
			m.base = after
			m.ledger = append(m.ledger, orders...)
			m.cascade(t)
		},
		"suspendBase": func(t *rapid.T) {
			reason := rapid.SampledFrom([]string{"customerRequest", "nonPayment", "fraud", "other", "bored"}).Draw(t, "reason")
			after, err := m.base.Suspend(m.now, reason, 90*24*time.Hour)
			if refused(t, "suspend base", err) {
				unchangedOnRefusal(t, "suspend base", m.base, after)
				return
			}
			if reason == "bored" {
				t.Fatalf("suspend with reason %q: got no error, want invalid_request", reason)
			}
			m.base = after
			m.cascade(t)
		},
		"reactivateBase": func(t *rapid.T) {
			after, err := m.base.Reactivate(m.now)
			if refused(t, "reactivate base", err) {
				unchangedOnRefusal(t, "reactivate base", m.base, after)
				return
			}
			m.base = after
			m.cascade(t)
		},
		"setQuantity": func(t *rapid.T) {
			_, s := m.target(t)
			if s.Status == domain.StatusActive || s.Status == domain.StatusTrial {
				s.AssignedLicenses = rapid.IntRange(0, s.Quantity).Draw(t, "assigned")
			}
			q := rapid.IntRange(1, 50).Draw(t, "quantity")
			after, orders, err := s.SetQuantity(q, m.now)
			if refused(t, "set quantity", err) {
				unchangedOnRefusal(t, "set quantity", *s, after)
				if domain.ErrorCode(err) == domain.CodeQuantityBelowAssigned && q >= s.AssignedLicenses {
					t.Fatalf("quantity %d refused as below %d assigned", q, s.AssignedLicenses)
				}
				return
			}
			*s = after
			m.ledger = append(m.ledger, orders...)
		},
		"setAutoRenew": func(t *rapid.T) {
			_, s := m.target(t)
			after, err := s.SetAutoRenew(rapid.Bool().Draw(t, "on"))
			if refused(t, "set auto-renew", err) {
				unchangedOnRefusal(t, "set auto-renew", *s, after)
				return
			}
			*s = after
		},
		"buyAddOn": func(t *rapid.T) {
			m.nextID++
			id := fmt.Sprintf("addon-%d", m.nextID)
			a, orders, err := domain.NewAddOn(id, m.base, m.audio, rapid.IntRange(1, 20).Draw(t, "addOnQuantity"), 0, m.now)
			if refused(t, "buy add-on", err) {
				if len(orders) != 0 {
					t.Fatalf("refused add-on returned %d orders", len(orders))
				}
				return
			}
			if m.base.Status != domain.StatusActive || m.base.ProductID != pidE3 {
				t.Fatalf("add-on accepted on a %s %s base", m.base.Status, m.base.ProductID)
			}
			m.addons = append(m.addons, a)
			m.ledger = append(m.ledger, orders...)
		},
		"cancelAddOn": func(t *rapid.T) {
			if len(m.addons) == 0 {
				t.Skip("no add-on")
			}
			s := &m.addons[rapid.IntRange(0, len(m.addons)-1).Draw(t, "addOn")]
			after, orders, _, _, err := s.Cancel(m.now, "not needed", rapid.Bool().Draw(t, "admin"))
			if refused(t, "cancel add-on", err) {
				unchangedOnRefusal(t, "cancel add-on", *s, after)
				return
			}
			*s = after
			m.ledger = append(m.ledger, orders...)
		},
		"": m.check,
	}
}

func (m *lifecycleModel) check(t *rapid.T) {
	charges, credits, purchases := map[string]int64{}, map[string]int64{}, map[string]int{}
	for _, o := range m.ledger {
		if o.Amount.Amount < 0 {
			t.Fatalf("order %s of %s: amount %d is negative", o.Type, o.SubscriptionID, o.Amount.Amount)
		}
		switch o.Type {
		case domain.OrderCredit:
			credits[o.SubscriptionID] += o.Amount.Amount
		case domain.OrderPurchase, domain.OrderRenewal, domain.OrderTrialConversion, domain.OrderProration:
			charges[o.SubscriptionID] += o.Amount.Amount
		default:
			t.Fatalf("order of unknown type %q", o.Type)
		}
		if o.Type == domain.OrderPurchase {
			purchases[o.SubscriptionID]++
		}
	}
	for _, s := range m.all() {
		if got, limit := credits[s.ID], charges[s.ID]; got > limit {
			t.Fatalf("%s: credits %d exceed charges %d", s.ID, got, limit)
		}
		if got := purchases[s.ID]; got > 1 {
			t.Fatalf("%s: %d purchase orders, want at most 1", s.ID, got)
		}
		if s.AssignedLicenses > s.Quantity {
			t.Fatalf("%s: %d assigned licenses > quantity %d", s.ID, s.AssignedLicenses, s.Quantity)
		}
		if got, want := s.Price, s.UnitPrice.Times(s.Quantity); got != want {
			t.Fatalf("%s: price %+v, want unit price × quantity %+v", s.ID, got, want)
		}
		if s.ChargedThisTerm.Amount < 0 {
			t.Fatalf("%s: chargedThisTerm %d is negative", s.ID, s.ChargedThisTerm.Amount)
		}
		// Without renewals every order belongs to the current term.
		if got, want := s.ChargedThisTerm.Amount, charges[s.ID]-credits[s.ID]; got != want {
			t.Fatalf("%s: chargedThisTerm %d, want charges − credits %d", s.ID, got, want)
		}
		if !s.HasPaymentMethod && s.AutoRenew {
			t.Fatalf("%s: a %s subscription without payment method has autoRenew on", s.ID, s.Status)
		}
		if m.deleted[s.ID] && s.Status != domain.StatusDeleted {
			t.Fatalf("%s: Deleted came back as %s", s.ID, s.Status)
		}
		if s.Status == domain.StatusDeleted {
			m.deleted[s.ID] = true
		}
	}
	for _, a := range m.addons {
		if a.BaseSubscriptionID != m.base.ID {
			t.Fatalf("%s: base %q, want %q", a.ID, a.BaseSubscriptionID, m.base.ID)
		}
		if !a.TermEnd.Equal(m.base.TermEnd) {
			t.Fatalf("%s: termEnd %v, want the base's %v", a.ID, a.TermEnd, m.base.TermEnd)
		}
		if a.Status.Live() && m.base.Status == domain.StatusDeleted {
			t.Fatalf("%s: %s add-on of a Deleted base", a.ID, a.Status)
		}
		if a.Status == domain.StatusActive && m.base.Status == domain.StatusSuspended {
			t.Fatalf("%s: Active add-on of a Suspended base", a.ID)
		}
	}
}

func TestLifecycleStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newLifecycleModel(t)
		t.Repeat(m.actions())
	})
}

package domain_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"selfserve/shared/domain"
)

// viewerKinds are the six ways a reader can stand to a subscription
// (what domain.ViewerOf gives a purchaser, an admin before and after the
// take-over, the partner's agent, another user, another partner's agent).
// Every state is judged for all six, whatever its channel.
var viewerKinds = []struct {
	name string
	v    domain.Viewer
}{
	{"purchaser", domain.Viewer{Manager: true}},
	{"admin not manager", domain.Viewer{Admin: true}},
	{"admin manager", domain.Viewer{Admin: true, Manager: true}},
	{"agent manager", domain.Viewer{Agent: true, Manager: true}},
	{"other user", domain.Viewer{}},
	{"agent not manager", domain.Viewer{Agent: true}},
}

// actionOrder is AllowedActions' fixed order.
var actionOrder = []string{domain.ActionCancel, domain.ActionRefund, domain.ActionChangeQuantity, domain.ActionSetAutoRenew,
	domain.ActionSuspend, domain.ActionReactivate, domain.ActionTakeOver, domain.ActionMoveUsers, domain.ActionAssignLicenses,
	domain.ActionAddAddOn}

// suspensionReasons are the valid reasons of docs/spec.md §4.5.
var suspensionReasons = []string{"customerRequest", domain.SuspensionNonPayment, "fraud", "other"}

// attempt is one real call of an action's operation, with inputs chosen
// here: what it was and what it returned.
type attempt struct {
	call string
	err  error
}

// actionStats counts what the property checked.
type actionStats struct {
	histories, states, judgements, checks int
	allowed                               map[string]int
	refused                               map[string]map[domain.Code]int
}

func newActionStats() *actionStats {
	return &actionStats{allowed: map[string]int{}, refused: map[string]map[domain.Code]int{}}
}

func (st *actionStats) String() string {
	var b strings.Builder
	for _, a := range actionOrder {
		var codes []string
		for c, n := range st.refused[a] {
			codes = append(codes, fmt.Sprintf("%s %d", c, n))
		}
		sort.Strings(codes)
		fmt.Fprintf(&b, "\n  %-15s allowed %6d, refused: %s", a, st.allowed[a], strings.Join(codes, ", "))
	}
	return b.String()
}

// TestAllowedActionsMatchOperations: over random histories of a
// subscription family (lifecycleModel: random bases, operations by random
// callers, clock jumps with the sweeps), at every step, for every member,
// every viewer kind and every action, AllowedActions reports the action
// allowed exactly when the operation itself — called here directly, with
// real arguments chosen here, not through AllowedActions' closures —
// succeeds, and otherwise reports the operation's error code.
func TestAllowedActionsMatchOperations(t *testing.T) {
	st := newActionStats()
	rapid.Check(t, func(rt *rapid.T) {
		m := newLifecycleModel(rt)
		actions := m.actions()
		actions[""] = func(rt *rapid.T) { checkAllowedActions(rt, m, st) }
		rt.Repeat(actions)
		st.histories++
	})
	if t.Failed() {
		t.Logf("(the counts below include rapid's shrinking runs)")
	}
	t.Logf("allowed actions ⇔ operations: %d histories checked, %d states, %d judgements (member × viewer × action), %d action checks against real operations%s",
		st.histories, st.states, st.judgements, st.checks, st)
}

// checkAllowedActions checks the property on every member of m for every viewer kind.
func checkAllowedActions(t *rapid.T, m *lifecycleModel, st *actionStats) {
	st.states++
	for i := -1; i < len(m.addons); i++ {
		s := *m.member(i)
		for _, vk := range viewerKinds {
			checkActionsOf(t, m, s, m.baseOf(s), vk.name, vk.v, st)
		}
	}
}

func checkActionsOf(t *rapid.T, m *lifecycleModel, s domain.Subscription, base *domain.Subscription, who string, v domain.Viewer, st *actionStats) {
	what := fmt.Sprintf("%s (%s %s %s, assigned %d/%d, reserved %d, moving %q) for %s at %v",
		s.ID, s.Channel, s.ProductID, s.Status, s.AssignedLicenses, s.Quantity, s.ReservedLicenses, s.MovingTo, who, m.now)
	sBefore, baseBefore := cloneSub(s), cloneSubPtr(base)
	got := s.AllowedActions(v, m.now, base)
	if !reflect.DeepEqual(s, sBefore) || !reflect.DeepEqual(base, baseBefore) {
		t.Fatalf("%s: AllowedActions changed the subscription or its base", what)
	}
	if again := s.AllowedActions(v, m.now, base); !reflect.DeepEqual(got, again) {
		t.Fatalf("%s: AllowedActions is not deterministic:\n%v\n%v", what, got, again)
	}
	if len(got) != len(actionOrder) {
		t.Fatalf("%s: %d actions, want %d", what, len(got), len(actionOrder))
	}
	allowed := map[string]bool{}
	for k, a := range got {
		if a.Action != actionOrder[k] {
			t.Fatalf("%s: action #%d is %q, want %q (fixed order)", what, k, a.Action, actionOrder[k])
		}
		if a.Allowed != (a.Reason == "") || a.Reason == domain.CodeInternal {
			t.Fatalf("%s: %s allowed=%v with reason %q", what, a.Action, a.Allowed, a.Reason)
		}
		allowed[a.Action] = a.Allowed
		st.judgements++
		if a.Allowed {
			st.allowed[a.Action]++
		} else {
			if st.refused[a.Action] == nil {
				st.refused[a.Action] = map[domain.Code]int{}
			}
			st.refused[a.Action][a.Reason]++
		}
	}

	// The property: allowed ⇔ the real operation succeeds; the reason is its code.
	attempts := operationAttempts(t, m, s, base, v, allowed, st, what)
	for _, a := range got {
		if len(attempts[a.Action]) == 0 {
			t.Fatalf("%s: no operation tried for %s", what, a.Action)
		}
		for _, at := range attempts[a.Action] {
			st.checks++
			switch {
			case a.Allowed && at.err != nil:
				t.Fatalf("%s: %s reported allowed, but %s fails: %v", what, a.Action, at.call, at.err)
			case !a.Allowed && at.err == nil:
				t.Fatalf("%s: %s reported refused (%s), but %s succeeds", what, a.Action, a.Reason, at.call)
			case !a.Allowed && a.Reason != domain.ErrorCode(at.err):
				t.Fatalf("%s: %s reported refused with %s, but %s fails with %s (%v)", what, a.Action, a.Reason, at.call, domain.ErrorCode(at.err), at.err)
			}
		}
	}

	// Universal invariants.
	if !s.Status.Live() {
		for _, a := range got {
			if a.Allowed {
				t.Fatalf("%s: %s allowed on a %s subscription", what, a.Action, s.Status)
			}
		}
	}
	if s.Status == domain.StatusSuspended {
		for _, a := range got {
			// Its users' move, when they were moving as it was suspended
			// for nonPayment, can still be finished.
			resume := a.Action == domain.ActionMoveUsers && s.MovingTo != ""
			if a.Allowed && a.Action != domain.ActionReactivate && a.Action != domain.ActionTakeOver && !resume {
				t.Fatalf("%s: %s allowed on a Suspended subscription", what, a.Action)
			}
		}
	}
	if !v.Manager && !v.Admin {
		for _, a := range got {
			if a.Allowed {
				t.Fatalf("%s: %s allowed for a viewer who neither manages it nor is an admin", what, a.Action)
			}
		}
	}
	if !v.Admin && (allowed[domain.ActionTakeOver] || allowed[domain.ActionMoveUsers]) {
		t.Fatalf("%s: takeOver %v, moveUsers %v for a viewer who is not an admin", what, allowed[domain.ActionTakeOver], allowed[domain.ActionMoveUsers])
	}
	if allowed[domain.ActionRefund] && !allowed[domain.ActionCancel] {
		t.Fatalf("%s: refund allowed but cancel not", what)
	}
	if s.MovingTo != "" {
		for _, a := range []string{domain.ActionCancel, domain.ActionChangeQuantity, domain.ActionSuspend, domain.ActionAssignLicenses} {
			if allowed[a] {
				t.Fatalf("%s: %s allowed while its users are moving", what, a)
			}
		}
	}
	// Without its base (lists don't read it) an add-on is judged less
	// strictly, and only for what depends on the base.
	unjudged := s.AllowedActions(v, m.now, nil)
	for k, a := range got {
		u := unjudged[k]
		if a.Allowed && !u.Allowed {
			t.Fatalf("%s: %s allowed with its base, refused (%s) without", what, a.Action, u.Reason)
		}
		if a != u && (base == nil || (a.Action != domain.ActionSetAutoRenew && a.Action != domain.ActionReactivate)) {
			t.Fatalf("%s: %s judged %+v with its base, %+v without", what, a.Action, a, u)
		}
	}
}

// operationAttempts calls, for each action, its operation directly with
// real, valid arguments chosen here.
func operationAttempts(t *rapid.T, m *lifecycleModel, s domain.Subscription, base *domain.Subscription, v domain.Viewer,
	allowed map[string]bool, st *actionStats, what string) map[string][]attempt {
	now, by, reason := m.now, "admin-7", "switching to another plan"
	out := map[string][]attempt{}
	try := func(action, call string, err error) {
		if err != nil {
			refused(t, what+": "+call, err)
		}
		out[action] = append(out[action], attempt{call, err})
	}

	cx, err := v.CancelAs(s, by, now, domain.CancelReason{Code: "other", Text: reason})
	try(domain.ActionCancel, "CancelAs", err)

	// A refund is a cancel that credits.
	if err == nil {
		credit := int64(0)
		for _, o := range cx.Orders {
			if o.Type == domain.OrderCredit {
				credit += o.Amount.Amount
			}
		}
		if credit != cx.Quote.Credit.Amount {
			t.Fatalf("%s: the cancel credits %d, its quote says %d", what, credit, cx.Quote.Credit.Amount)
		}
		if credit == 0 {
			err = domain.Errorf(domain.CodeRefundWindowClosed, "the cancel credits nothing")
		}
	}
	try(domain.ActionRefund, "a crediting CancelAs", err)

	for _, q := range []int{s.Quantity + 1, max(1, s.AssignedLicenses+s.ReservedLicenses), domain.MaxQuantity} {
		_, _, err := v.SetQuantityAs(s, q, now)
		try(domain.ActionChangeQuantity, fmt.Sprintf("SetQuantityAs(%d)", q), err)
	}

	_, err = v.SetAutoRenewAs(s, true, base)
	try(domain.ActionSetAutoRenew, "SetAutoRenewAs(true)", err)
	if _, off := v.SetAutoRenewAs(s, false, base); allowed[domain.ActionSetAutoRenew] && off != nil {
		t.Fatalf("%s: setAutoRenew allowed, but turning it off fails: %v", what, off)
	}

	for _, r := range suspensionReasons {
		_, err := v.SuspendAs(s, now, r, m.retention)
		if r == domain.SuspensionNonPayment && (s.MovingTo != "" || s.ReservedLicenses > 0) {
			// The one suspension no move holds up (docs/decisions.md
			// "Payments"): it goes as if nothing moved; the action, for
			// the other reasons, is refused.
			idle := s
			idle.MovingTo, idle.ReservedLicenses = "", 0
			if _, want := v.SuspendAs(idle, now, r, m.retention); domain.ErrorCode(err) != domain.ErrorCode(want) || (err == nil) != (want == nil) {
				t.Fatalf("%s: SuspendAs(%s) mid-move: %v, want as with nothing moving: %v", what, r, err, want)
			}
			continue
		}
		try(domain.ActionSuspend, "SuspendAs("+r+")", err)
	}

	_, err = v.ReactivateAs(s, now, base)
	try(domain.ActionReactivate, "ReactivateAs", err)

	_, _, err = v.TakeOverAs(s, by, now)
	try(domain.ActionTakeOver, "TakeOverAs", err)

	try(domain.ActionMoveUsers, "CanMoveUsersFrom", v.CanMoveUsersFrom(s))

	// Licenses: "assign" means licensing someone new — allowed while a
	// seat is free (1 and as many new users as fit), else refused as a new
	// user's assignment is (insufficient_licenses).
	if free := s.Available(); free > 0 {
		for _, n := range []int{1, min(free, domain.MaxUsersPerAssignment)} {
			users := licenseUsers(1, n)
			_, licenses, err := v.AssignLicensesAs(s, users, nil, by, now)
			if err == nil && len(licenses) != n {
				t.Fatalf("%s: assigning %d new users gave %d licenses", what, n, len(licenses))
			}
			try(domain.ActionAssignLicenses, fmt.Sprintf("AssignLicensesAs(%d new users)", n), err)
		}
	} else {
		_, _, err := v.AssignLicensesAs(s, licenseUsers(1, 1), nil, by, now)
		try(domain.ActionAssignLicenses, "AssignLicensesAs(1 new user)", err)
	}

	// An add-on of it: Audio Conferencing for E3, else a product made an
	// add-on of its product.
	product := m.audio
	if s.ProductID != pidE3 {
		product = domain.Product{ProductID: "ADDON-OF-" + s.ProductID, Name: "Add-on", BillingType: domain.BillingLicense,
			AddOnOf: []string{s.ProductID}, Offers: []domain.Offer{
				{BillingFrequency: domain.FrequencyMonthly, UnitPrice: usd(100), CancellationWindow: "PT24H"},
				{BillingFrequency: domain.FrequencyAnnual, UnitPrice: usd(1200), CancellationWindow: "P14D"}}}
	}
	err = v.CanManage(s)
	if err == nil {
		_, _, err = domain.NewAddOn("probe", s, product, 1, len(m.liveAddOns()), now)
	}
	try(domain.ActionAddAddOn, "CanManage+NewAddOn", err)
	return out
}

// cloneSub copies s and what its pointers and slices hold.
func cloneSub(s domain.Subscription) domain.Subscription {
	clone := func(p *time.Time) *time.Time {
		if p == nil {
			return nil
		}
		c := *p
		return &c
	}
	s.TrialEndsAt, s.RefundableUntil, s.SuspendedAt = clone(s.TrialEndsAt), clone(s.RefundableUntil), clone(s.SuspendedAt)
	s.DataDeletionAt, s.CancelledAt = clone(s.DataDeletionAt), clone(s.CancelledAt)
	if s.TakenOver != nil {
		to := *s.TakenOver
		s.TakenOver = &to
	}
	s.DeletionWarningsSent = slices.Clone(s.DeletionWarningsSent)
	if s.PaymentDue != nil {
		due := *s.PaymentDue
		due.NextRetryAt, due.Orders = clone(due.NextRetryAt), slices.Clone(due.Orders)
		s.PaymentDue = &due
	}
	s.TermCharges, s.PendingRefunds = slices.Clone(s.TermCharges), slices.Clone(s.PendingRefunds)
	return s
}

func cloneSubPtr(s *domain.Subscription) *domain.Subscription {
	if s == nil {
		return nil
	}
	c := cloneSub(*s)
	return &c
}

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
// ledger of every order the domain returned. It is driven only through the
// domain functions the use cases of shared/app call, in the same order and
// with the same cascades to add-ons: a caller's Viewer operation on the
// subject, then FollowBaseCancel (CancelSubscription), FollowBaseAutoRenew
// (UpdateSubscription) or the same operation on each live add-on
// (Suspend/Reactivate/TakeOver, change.cascade); the sweeps run RunDue on
// each due member and FollowBase on a base's add-ons (app.RunDue). A card
// charge the orders bring is paid or declined as the provider answers (a
// drawn answer), with the domain calls shared/app makes either way
// (lifecycle_payments_rapid_test.go). So its invariants hold for what
// production does, not for a cascade of its own.
type lifecycleModel struct {
	now    time.Time
	base   domain.Subscription
	addons []domain.Subscription
	ledger []domain.Order
	// ended remembers the status each subscription ended in (Deleted or
	// Expired): ending is for good.
	ended     map[string]domain.Status
	nextID    int
	audio     domain.Product
	retention time.Duration // the tenant's (domain.Retention)
	// swept is false while due actions wait for a late sweep.
	swept bool
	// product is the base's product (its self-service policy).
	product domain.Product
	// pay is what the model knows of the money; provider the provider's
	// answer per charge key (outside any transaction).
	pay      payments
	provider map[string]providerAnswer
	// creditedTerm are the members ended by a cancel inside their refund
	// window.
	creditedTerm          map[string]bool
	nextOrder, nextCharge int
}

// baseKinds are the ways the base is created; E3 (the only base with an
// add-on) is listed twice so that add-on paths are exercised often.
// "e3-ss-monthly" (twice too) is E3 in a catalog that makes it
// self-service eligible: the catalog has no self-service base with add-ons
// today, but card-paid add-ons are provided for (docs/decisions.md
// "Payments": one renewal of a family is one charge from the base's
// payment method), and only such a family exercises them.
var baseKinds = []string{"e3-central-monthly", "e3-central-annual", "e3-partner-monthly", "e3-central-monthly",
	"pbi-ss-monthly", "pbi-ss-annual", "pbi-ss-trial-nopm", "visio2-ss-trial-pm", "azure-central",
	"isv-partner-trial", "reservation-customer", "e3-ss-monthly", "e3-ss-monthly"}

// pidReservation is a reservation a customer buys under its partner's
// permission (docs/spec.md §5).
const pidReservation = "DZH318Z08M9Z"

// callerKinds are who acts in the histories: the purchaser of a
// self-service subscription, a tenant admin, an agent of the tenant's
// partner, another user and another partner's agent. Each sees a
// subscription through domain.ViewerOf, as the use cases do, so only
// states production can reach are built.
var callerKinds = []domain.Caller{
	{UserID: "user-1", TenantID: "tenant-a", User: true},
	{UserID: "admin-1", TenantID: "tenant-a", User: true, Admin: true},
	{UserID: "agent-1", TenantID: "partner-contoso", Agent: true},
	{UserID: "user-2", TenantID: "tenant-a", User: true},
	{UserID: "agent-2", TenantID: "partner-fabrikam", Agent: true},
}

func newLifecycleModel(t *rapid.T) *lifecycleModel {
	m := &lifecycleModel{ended: map[string]domain.Status{}, audio: prod(t, pidAudioConf), swept: true,
		pay: newPayments(), provider: map[string]providerAnswer{}, creditedTerm: map[string]bool{}}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.now = start.Add(time.Duration(rapid.IntRange(0, 400*24).Draw(t, "startHour")) * time.Hour)
	tenant := testTenant()
	tenant.FirstBillingAt = tenant.CreatedAt.AddDate(0, 0, rapid.IntRange(0, 40).Draw(t, "daysToFirstBilling"))
	m.retention = domain.Retention(tenant)
	kind := rapid.SampledFrom(baseKinds).Draw(t, "base")
	payStats.kinds[kind]++
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
	case "e3-ss-monthly":
		in = ssPurchase(t, pidE3)
		in.Product.SelfServiceEligible, in.Product.DefaultPolicyValue = true, domain.PolicyEnabled
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
	case "isv-partner-trial": // an ISV offer's trial, applied automatically
		in = partnerPurchase(t, pidContoso, "partner-contoso")
	case "reservation-customer": // a customer's own reservation, the partner's to manage
		in = partnerPurchase(t, pidReservation, "partner-contoso")
		in.BillingFrequency, in.CustomerPurchase, in.AzureSubscriptionID = domain.FrequencyAnnual, true, "azure-1"
		in.Purchaser = domain.Purchaser{UserID: "user-1"}
	}
	in.ID, in.Quantity, in.Now = "base", qty, m.now
	m.product = in.Product
	// app.CreateSubscription: the purchase's card charge is paid before it
	// commits; declined, nothing is created (402) — and the purchaser buys
	// again, with a card that pays.
	for attempt := 0; ; attempt++ {
		s, orders, err := domain.CreateSubscription(in)
		if err != nil {
			t.Fatalf("CreateSubscription(%s): %v", kind, err)
		}
		m.base = s
		m.record(t, s, orders)
		if attempt > 0 { // the second card pays
			m.provider[m.ledger[0].ID] = m.answer(providerAnswer{ok: true})
		}
		if charged, a := m.payRecorded(t, 0, ""); !charged || a.ok {
			break
		}
		m.ledger = nil
	}
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

// member is the base (-1) or an add-on.
func (m *lifecycleModel) member(i int) *domain.Subscription {
	if i < 0 {
		return &m.base
	}
	return &m.addons[i]
}

// target picks the base (-1) or an add-on index.
func (m *lifecycleModel) target(t *rapid.T) int {
	return rapid.IntRange(-1, len(m.addons)-1).Draw(t, "target")
}

func drawCaller(t *rapid.T) domain.Caller {
	return rapid.SampledFrom(callerKinds).Draw(t, "caller")
}

// baseOf is what the use cases pass as an add-on's base (change.base): the
// family's base as it stands; nil for a base.
func (m *lifecycleModel) baseOf(s domain.Subscription) *domain.Subscription {
	if !s.IsAddOn() {
		return nil
	}
	b := m.base
	return &b
}

// liveAddOns are the indexes of the add-ons not Deleted or Expired
// (store.Family.LiveAddOns).
func (m *lifecycleModel) liveAddOns() []int {
	var out []int
	for i, a := range m.addons {
		if a.Status.Live() {
			out = append(out, i)
		}
	}
	return out
}

func (m *lifecycleModel) all() []domain.Subscription {
	return append([]domain.Subscription{m.base}, m.addons...)
}

// cancel is app.CancelSubscription: CancelAs on the subject, then
// FollowBaseCancel on each live add-on of a base (taken over with it); an
// add-on ended at once is no longer owed by its PastDue base (Forgive).
func (m *lifecycleModel) cancel(t *rapid.T, i int, c domain.Caller, reason string) error {
	if err := domain.CheckReason(reason); err != nil {
		return err
	}
	s := m.member(i)
	cx, err := domain.ViewerOf(c, *s).CancelAs(*s, c.UserID, m.now, domain.CancelReason{Code: "other", Text: reason})
	if refused(t, "cancel", err) {
		unchangedOnRefusal(t, "cancel", *s, cx.After)
		return err
	}
	if !cx.Changed {
		return nil
	}
	// Ended inside its refund window, a subscription is credited what its
	// term was charged (docs/spec.md §4.4): none of that term's money is
	// kept, then or later (check).
	inWindow := func(x domain.Subscription) bool {
		return x.Status == domain.StatusActive && x.BillingType == domain.BillingLicense && x.InRefundWindow(m.now)
	}
	if cx.Quote.Effect == domain.EffectImmediate && inWindow(*s) {
		m.creditedTerm[s.ID] = true
	}
	after := m.record(t, cx.After, cx.Orders)
	if after.IsAddOn() {
		if !after.Status.Live() && m.base.Status == domain.StatusPastDue {
			m.forgive(t, after.ID)
		}
		return nil
	}
	for _, j := range m.liveAddOns() {
		if cx.Quote.Effect == domain.EffectImmediate && inWindow(m.addons[j]) {
			m.creditedTerm[m.addons[j].ID] = true
		}
		after, orders, changed := m.addons[j].FollowBaseCancel(cx.Quote.Effect, m.now, reason)
		if !changed {
			continue
		}
		if cx.After.TakenOver != nil { // an admin's cancel took the family over
			after.TakenOver = cx.After.TakenOver
		}
		m.record(t, after, orders)
	}
	return nil
}

// update is app.UpdateSubscription: SetQuantityAs, SetAutoRenewAs, then
// FollowBaseAutoRenew on each live add-on of a base whose renewal was set.
func (m *lifecycleModel) update(t *rapid.T, i int, c domain.Caller, qty *int, on *bool) error {
	s := m.member(i)
	v, after := domain.ViewerOf(c, *s), *s
	var orders []domain.Order
	var err error
	if qty != nil {
		if after, orders, err = v.SetQuantityAs(after, *qty, m.now); refused(t, "set quantity", err) {
			unchangedOnRefusal(t, "set quantity", *s, after)
			if domain.ErrorCode(err) == domain.CodeQuantityBelowAssigned && *qty >= s.AssignedLicenses+s.ReservedLicenses {
				t.Fatalf("quantity %d refused as below %d assigned + %d reserved", *qty, s.AssignedLicenses, s.ReservedLicenses)
			}
			return err
		}
	}
	if on != nil {
		before := after
		if after, err = v.SetAutoRenewAs(after, *on, m.baseOf(*s)); refused(t, "set auto-renew", err) {
			unchangedOnRefusal(t, "set auto-renew", before, after)
			return err
		}
	}
	// The use case records nothing, and cascades nothing, when nothing changed.
	if reflect.DeepEqual(after, *s) && len(orders) == 0 {
		return nil
	}
	m.record(t, after, orders)
	if on == nil || after.IsAddOn() {
		return nil
	}
	for _, j := range m.liveAddOns() { // add-ons renew with their base
		if a, changed := m.addons[j].FollowBaseAutoRenew(after.AutoRenew); changed {
			m.addons[j] = a
		}
	}
	return nil
}

// cascade is shared/app's change.cascade: op on the subject and, when it
// changed a base, on each live add-on (their refusals are skipped).
func (m *lifecycleModel) cascade(t *rapid.T, what string, i int, op func(domain.Subscription) (domain.Subscription, bool, error)) error {
	s := m.member(i)
	var addOns []domain.Subscription
	if !s.IsAddOn() {
		addOns = m.addons
	}
	changed, err := domain.Cascade(*s, addOns, op)
	if refused(t, what, err) {
		return err
	}
	for _, after := range changed {
		m.put(after)
	}
	return nil
}

// put replaces the member with after's id.
func (m *lifecycleModel) put(after domain.Subscription) {
	if m.base.ID == after.ID {
		m.base = after
		return
	}
	for j := range m.addons {
		if m.addons[j].ID == after.ID {
			m.addons[j] = after
		}
	}
}

// suspend is app.SuspendSubscription.
func (m *lifecycleModel) suspend(t *rapid.T, i int, c domain.Caller, reason string) error {
	if err := domain.CheckSuspensionReason(reason); err != nil {
		return err
	}
	if err := domain.ViewerOf(c, *m.member(i)).CanSuspend(*m.member(i)); err != nil {
		return err
	}
	id := m.member(i).ID
	return m.cascade(t, "suspend", i, func(x domain.Subscription) (domain.Subscription, bool, error) {
		if x.Status == domain.StatusSuspended && x.ID != id {
			return x, false, nil
		}
		after, err := x.Suspend(m.now, reason, m.retention)
		return after, err == nil, err
	})
}

// reactivate is app.ReactivateSubscription: Reactivate on the subject and,
// for a base, on each live add-on not Active; then every add-on back after
// its base renewed without it (the subject, or one the base's reactivation
// brought back) catches up with the base (CatchUpWith), its renewal
// charged as the change commits (transaction).
func (m *lifecycleModel) reactivate(t *rapid.T, i int, c domain.Caller) error {
	s := *m.member(i)
	after, err := domain.ViewerOf(c, s).ReactivateAs(s, m.now, m.baseOf(s))
	if refused(t, "reactivate", err) {
		unchangedOnRefusal(t, "reactivate", s, after)
		return err
	}
	err = m.cascade(t, "reactivate", i, func(x domain.Subscription) (domain.Subscription, bool, error) {
		if x.Status == domain.StatusActive && x.ID != s.ID {
			return x, false, nil
		}
		after, err := x.Reactivate(m.now)
		return after, err == nil, err
	})
	if err != nil {
		return err
	}
	for j := range m.addons {
		if out, changed := m.addons[j].CatchUpWith(m.base, m.now); changed {
			m.record(t, out.After, out.Orders)
		}
	}
	return nil
}

// takeOver is app.TakeOverSubscription.
func (m *lifecycleModel) takeOver(t *rapid.T, i int, c domain.Caller) error {
	v := domain.ViewerOf(c, *m.member(i))
	return m.cascade(t, "take over", i, func(x domain.Subscription) (domain.Subscription, bool, error) {
		return v.TakeOverAs(x, c.UserID, m.now)
	})
}

// licenseUsers are n valid users u-<from>…
func licenseUsers(from, n int) []domain.LicenseUser {
	out := make([]domain.LicenseUser, n)
	for k := range out {
		id := fmt.Sprintf("u-%d", from+k)
		out[k] = domain.LicenseUser{ID: id, Name: "User " + id, Email: id + "@example.com"}
	}
	return out
}

// assignLicenses is app.AssignLicenses of n users, held of whom hold a
// license already.
func (m *lifecycleModel) assignLicenses(t *rapid.T, i int, c domain.Caller, n, held int) error {
	users := licenseUsers(m.nextUser(), n)
	assigned := map[string]bool{}
	for _, u := range users[:held] {
		assigned[u.ID] = true
	}
	if err := domain.CheckLicenseUsers(users, domain.MaxUsersPerAssignment); err != nil {
		t.Fatalf("the model's users are invalid: %v", err)
	}
	s := m.member(i)
	v := domain.ViewerOf(c, *s)
	if err := v.CanManage(*s); err != nil {
		return err
	}
	after, licenses, err := v.AssignLicensesAs(*s, users, assigned, c.UserID, m.now)
	if refused(t, "assign licenses", err) {
		unchangedOnRefusal(t, "assign licenses", *s, after)
		return err
	}
	if got, want := len(licenses), n-held; got != want {
		t.Fatalf("assigning %d users, %d of them licensed already: %d new licenses", n, held, got)
	}
	if len(licenses) > 0 {
		*s = after
	}
	return nil
}

func (m *lifecycleModel) nextUser() int { m.nextID++; return m.nextID * 100 }

// buyAddOn is app.CreateAddOn on member i.
func (m *lifecycleModel) buyAddOn(t *rapid.T, i int, c domain.Caller, qty int) error {
	s := m.member(i)
	if err := domain.ViewerOf(c, *s).CanAddAddOnTo(*s); err != nil {
		return err
	}
	m.nextID++
	a, orders, err := domain.NewAddOn(fmt.Sprintf("addon-%d", m.nextID), *s, m.audio, qty, len(m.liveAddOns()), m.now)
	if refused(t, "buy add-on", err) {
		if len(orders) != 0 {
			t.Fatalf("refused add-on returned %d orders", len(orders))
		}
		return err
	}
	if s.Status != domain.StatusActive || s.ProductID != pidE3 {
		t.Fatalf("add-on accepted on a %s %s base", s.Status, s.ProductID)
	}
	s.HasAddOns = true // the sweeps read its family from now on
	m.addons = append(m.addons, a)
	m.record(t, a, orders)
	return nil
}

// moveOut starts a move of member i's users to a subscription outside the
// family (app.MoveUsers: check, then start marks the source moving).
func (m *lifecycleModel) moveOut(i int, c domain.Caller) error {
	s := m.member(i)
	v := domain.ViewerOf(c, *s)
	if err := v.CanMoveUsersFrom(*s); err != nil {
		return err
	}
	if s.MovingTo != "" {
		return domain.Errorf(domain.CodeInvalidStatus, "already moving")
	}
	if v.MovesTakeOver(*s) { // the move takes a self-service source over (spec §15)
		taken, _, err := v.TakeOverAs(*s, c.UserID, m.now)
		if err != nil {
			return err
		}
		*s = taken
	}
	s.MovingTo = "sub-elsewhere"
	return nil
}

// finishMoveOut is the retry that completes member i's move: the check
// again (a source Suspended for nonPayment mid-move resumes too), then the
// source and, for a base, its live add-ons end (mover.finish). A target
// that is no longer Active (targetActive false: it is outside the family)
// aborts the move instead: the source stops moving and keeps its users
// not moved yet, the answer is 409 invalid_status (mover.abort).
func (m *lifecycleModel) finishMoveOut(t *rapid.T, i int, c domain.Caller, targetActive bool) error {
	s := m.member(i)
	if err := domain.ViewerOf(c, *s).CanMoveUsersFrom(*s); err != nil {
		return err
	}
	if !targetActive {
		s.MovingTo = ""
		payStats.movesAborted++
		return domain.Errorf(domain.CodeInvalidStatus, "the move stopped because the target is no longer Active")
	}
	if s.Status == domain.StatusSuspended {
		payStats.movedFromSuspended++
	}
	ended := []int{i}
	if !s.IsAddOn() {
		ended = append(ended, m.liveAddOns()...)
	}
	for _, j := range ended {
		*m.member(j) = m.member(j).End(m.now, "usersMoved")
	}
	// An add-on ended while its base is PastDue is forgiven (mover.finish).
	if s := m.member(i); s.IsAddOn() && m.base.Status == domain.StatusPastDue {
		m.forgive(t, s.ID)
	}
	return nil
}

// moveIn starts a move of n users from a subscription outside the family
// into member i: the target must be Active and the admin's to manage, with a
// free license for each (mover.check, mover.start).
func (m *lifecycleModel) moveIn(i int, c domain.Caller, n int) error {
	s := m.member(i)
	switch {
	case !c.Admin: // only admins move users (CanMoveUsersFrom of the source)
		return domain.Errorf(domain.CodeForbidden, "only admins move users")
	case s.Status != domain.StatusActive:
		return domain.Errorf(domain.CodeInvalidStatus, "the target is %s", s.Status)
	}
	if err := domain.ViewerOf(c, *s).CanManage(*s); err != nil {
		return err
	}
	if n > s.Available() {
		return domain.Errorf(domain.CodeInsufficientLicenses, "%d available, %d needed", s.Available(), n)
	}
	s.ReservedLicenses += n
	return nil
}

// finishMoveIn is the retry that completes a move into member i: moved of
// its reserved licenses become assigned, the rest is given back
// (mover.chunk, mover.finish). A target no longer Active (suspended for
// nonPayment, PastDue, expired) aborts the move instead: its reservation
// is given back, nobody else moves in, and the answer is 409
// invalid_status (mover.abort; the model's moves don't stop half way, so
// no user moved before).
func (m *lifecycleModel) finishMoveIn(i int, moved int) error {
	s := m.member(i)
	if s.Status != domain.StatusActive {
		s.ReservedLicenses = 0
		payStats.movesAborted++
		return domain.Errorf(domain.CodeInvalidStatus, "the move stopped because the target is %s", s.Status)
	}
	moved = min(moved, s.ReservedLicenses)
	s.AssignedLicenses += moved
	s.ReservedLicenses = 0
	return nil
}

// sweep runs every due action up to now, as the scheduled sweeps do
// (app.RunDue): each member's next action in turn — the members in any
// order, as independent sweeps pick them up — each in a transaction of its
// own (runDue). Each action happens as of its due instant. An action that
// fails commits nothing and stays due: the next run does it again.
func (m *lifecycleModel) sweep(t *rapid.T) {
	failed := map[string]error{}
	for n := 0; ; n++ {
		if n > 10000 {
			t.Fatalf("the sweep never ends")
		}
		var due []int
		for i := -1; i < len(m.addons); i++ {
			if d, ok := m.member(i).NextDue(); ok && !d.At.After(m.now) && failed[m.member(i).ID] == nil {
				due = append(due, i)
			}
		}
		if len(due) == 0 {
			m.swept = len(failed) == 0
			m.checkFailedDue(t, failed)
			return
		}
		i := due[0]
		if len(due) > 1 {
			i = rapid.SampledFrom(due).Draw(t, "sweepNext")
		}
		d, _ := m.member(i).NextDue()
		before := m.snapshot()
		if err := m.runDue(t, i, d); err != nil {
			m.restore(before)
			failed[m.member(i).ID] = err
		}
	}
}

// checkFailedDue fails for each due action that failed: each can be done
// (one that fails stays due, forever if nothing else changes).
func (m *lifecycleModel) checkFailedDue(t *rapid.T, failed map[string]error) {
	for id, err := range failed {
		s, _ := m.byID(id)
		d, _ := s.NextDue()
		t.Fatalf("%s (%s, moving to %q, %d licenses reserved): its %s due at %v fails: %v", id, s.Status, s.MovingTo, s.ReservedLicenses, d.Action, d.At, err)
	}
}

// runDue is app.runDue of member i's due action d: the payments sweep's
// retry or refunds; or the lifecycle's action through RunDue and, on a
// base with add-ons, FollowBase on each of them (an add-on's own actions —
// its refund window, its own suspension's — through RunDue alone), whose
// card charge (a renewal, a trial's conversion) is paid before it
// commits, or leaves the base PastDue (docs/spec.md §7, §10).
func (m *lifecycleModel) runDue(t *rapid.T, i int, d domain.Due) error {
	switch d.Action {
	case domain.DuePaymentRetry:
		return m.retryDue(t, i, d)
	case domain.DueRefund:
		m.payRefunds(t, i)
		return nil
	}
	s := m.member(i)
	family := i < 0 && s.HasAddOns
	from := len(m.ledger)
	out := s.RunDue(d)
	m.record(t, out.After, out.Orders)
	if family {
		for j := range m.addons {
			if fo, changed := m.addons[j].FollowBase(out, d.At); changed {
				m.record(t, fo.After, fo.Orders)
			}
		}
	}
	if charged, a := m.payRecorded(t, from, ""); charged && !a.ok {
		if d.Action != domain.DueTermEnd && d.Action != domain.DueTrialEnd {
			t.Fatalf("%s: its %s brought a card charge", out.After.ID, d.Action)
		}
		m.pastDue(t, out.After.ID, from, a.code, d.At)
	}
	return nil
}

func (m *lifecycleModel) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"advanceClock": func(t *rapid.T) {
			if rapid.Bool().Draw(t, "inDays") {
				m.now = m.now.AddDate(0, 0, rapid.IntRange(1, 60).Draw(t, "days"))
			} else {
				m.now = m.now.Add(time.Duration(rapid.IntRange(1, 48).Draw(t, "hours")) * time.Hour)
			}
			m.swept = false
			if rapid.IntRange(0, 3).Draw(t, "sweepLate") > 0 { // the sweeps usually keep up
				m.sweep(t)
			}
		},
		// Time passes until the next scheduled action, which the sweeps do
		// on time or a little late: dunning's retries, trial ends and renewals
		// come often.
		"advanceToNextDue": func(t *rapid.T) {
			var next *time.Time
			for _, s := range m.all() {
				if d, ok := s.NextDue(); ok && d.At.After(m.now) && (next == nil || d.At.Before(*next)) {
					next = &d.At
				}
			}
			if next == nil {
				t.Skip("nothing scheduled")
			}
			m.now = next.Add(time.Duration(rapid.IntRange(0, 36).Draw(t, "hoursLate")) * time.Hour)
			m.swept = false
			m.sweep(t)
		},
		"sweep": func(t *rapid.T) {
			if m.swept {
				t.Skip("nothing due")
			}
			m.sweep(t)
		},
		"cancel": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			reason := rapid.SampledFrom([]string{"no longer needed", "too expensive", "", "  "}).Draw(t, "reason")
			err := m.transaction(t, func() error { return m.cancel(t, i, c, reason) })
			refused(t, "cancel", err)
			if err == nil && (reason == "" || reason == "  ") {
				t.Fatalf("cancel with reason %q: got no error, want invalid_request", reason)
			}
		},
		"updateSubscription": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			var qty *int
			var on *bool
			switch rapid.IntRange(0, 2).Draw(t, "fields") {
			case 0:
				qty = ptr(rapid.IntRange(0, 60).Draw(t, "quantity"))
			case 1:
				on = ptr(rapid.Bool().Draw(t, "autoRenew"))
			default:
				qty, on = ptr(rapid.IntRange(0, 60).Draw(t, "quantity")), ptr(rapid.Bool().Draw(t, "autoRenew"))
			}
			refused(t, "update", m.transaction(t, func() error { return m.update(t, i, c, qty, on) }))
		},
		"suspend": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			reason := rapid.SampledFrom([]string{"customerRequest", "nonPayment", "fraud", "other", "bored"}).Draw(t, "reason")
			err := m.transaction(t, func() error { return m.suspend(t, i, c, reason) })
			refused(t, "suspend", err)
			if err == nil && reason == "bored" {
				t.Fatalf("suspend with reason %q: got no error, want invalid_request", reason)
			}
		},
		"reactivate": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			refused(t, "reactivate", m.transaction(t, func() error { return m.reactivate(t, i, c) }))
		},
		"takeOver": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			refused(t, "take over", m.transaction(t, func() error { return m.takeOver(t, i, c) }))
		},
		"assignLicenses": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			n := rapid.IntRange(1, 8).Draw(t, "users")
			held := rapid.IntRange(0, min(n, m.member(i).AssignedLicenses)).Draw(t, "licensedAlready")
			refused(t, "assign licenses", m.assignLicenses(t, i, c, n, held))
		},
		"unassignLicense": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			s := m.member(i)
			if s.AssignedLicenses == 0 {
				t.Skip("no license to unassign")
			}
			after, err := domain.ViewerOf(c, *s).UnassignLicenseAs(*s)
			if refused(t, "unassign license", err) {
				unchangedOnRefusal(t, "unassign license", *s, after)
				return
			}
			*s = after
		},
		"buyAddOn": func(t *rapid.T) {
			if len(m.addons) >= 8 {
				t.Skip("enough add-ons")
			}
			i := -1
			if rapid.IntRange(0, 3).Draw(t, "onAnAddOn") == 0 {
				i = m.target(t)
			}
			c, qty := drawCaller(t), rapid.IntRange(0, 20).Draw(t, "addOnQuantity")
			refused(t, "buy add-on", m.transaction(t, func() error { return m.buyAddOn(t, i, c, qty) }))
		},
		"moveUsersOut": func(t *rapid.T) {
			refused(t, "move users out", m.moveOut(m.target(t), drawCaller(t)))
		},
		"finishMoveOut": func(t *rapid.T) {
			i := m.target(t)
			if m.member(i).MovingTo == "" {
				t.Skip("not moving")
			}
			c, targetActive := drawCaller(t), rapid.IntRange(0, 4).Draw(t, "targetStillActive") > 0
			refused(t, "finish move out", m.finishMoveOut(t, i, c, targetActive))
		},
		"moveUsersIn": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			refused(t, "move users in", m.moveIn(i, c, rapid.IntRange(1, 10).Draw(t, "usersMoving")))
		},
		"finishMoveIn": func(t *rapid.T) {
			i := m.target(t)
			if m.member(i).ReservedLicenses == 0 {
				t.Skip("nothing reserved")
			}
			refused(t, "finish move in", m.finishMoveIn(i, rapid.IntRange(0, 10).Draw(t, "usersMoved")))
		},
		"newPaymentMethod": func(t *rapid.T) {
			i, c := m.target(t), drawCaller(t)
			pm, good := "pm_card_visa", true
			switch rapid.IntRange(0, 4).Draw(t, "card") {
			case 0, 1:
				pm, good = "pm_card_chargeDeclined"+rapid.SampledFrom([]string{"", "InsufficientFunds", "ExpiredCard"}).Draw(t, "declining"), false
			case 2:
				pm = "  " // blank: refused
			}
			setting := rapid.SampledFrom([]domain.PolicyValue{"", domain.PolicyEnabled, domain.PolicyTrialsOnly, domain.PolicyDisabled}).Draw(t, "policy")
			before := m.snapshot()
			err := m.updatePaymentMethod(t, i, c, pm, good, setting)
			if refused(t, "new payment method", err) {
				if after := m.snapshot(); !reflect.DeepEqual(before, after) {
					t.Fatalf("a refused (%v) new payment method changed the family", err)
				}
			}
			if err == nil && pm == "  " {
				t.Fatalf("payment method %q accepted", pm)
			}
			if domain.ErrorCode(err) == domain.CodePaymentDeclined && good {
				t.Fatalf("a good card declined")
			}
		},
		"": m.check,
	}
}

func (m *lifecycleModel) check(t *rapid.T) {
	// The ledger by subscription and by term (orders carry their term's
	// start). Charges count once paid: an unpaid card charge (a declined
	// renewal's) is not charged (Subscription.Unpaid) until it is paid
	// late (PaidLate), so no credit pays back money never paid.
	type term struct {
		id    string
		start int64
	}
	charges, credits, purchases := map[string]int64{}, map[string]int64{}, map[string]int{}
	termCharges, termCredits := map[term]int64{}, map[term]int64{}
	for _, o := range m.ledger {
		if o.Amount.Amount < 0 {
			t.Fatalf("order %s of %s: amount %d is negative", o.Type, o.SubscriptionID, o.Amount.Amount)
		}
		k := term{o.SubscriptionID, o.PeriodStart.UnixNano()}
		switch o.Type {
		case domain.OrderCredit:
			credits[o.SubscriptionID] += o.Amount.Amount
			termCredits[k] += o.Amount.Amount
		case domain.OrderPurchase, domain.OrderRenewal, domain.OrderTrialConversion, domain.OrderProration:
			if o.Paid {
				charges[o.SubscriptionID] += o.Amount.Amount
				termCharges[k] += o.Amount.Amount
			}
		default:
			t.Fatalf("order of unknown type %q", o.Type)
		}
		if o.Type == domain.OrderPurchase {
			purchases[o.SubscriptionID]++
		}
	}
	for k, c := range termCredits {
		if c > termCharges[k] {
			t.Fatalf("%s: credits %d exceed charges %d of the term from %v", k.id, c, termCharges[k], time.Unix(0, k.start).UTC())
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
		if (s.Status == domain.StatusActive || s.Status == domain.StatusTrial) && s.AssignedLicenses+s.ReservedLicenses > s.Quantity {
			t.Fatalf("%s: %d assigned + %d reserved licenses > quantity %d", s.ID, s.AssignedLicenses, s.ReservedLicenses, s.Quantity)
		}
		if got, want := s.Price, s.UnitPrice.Times(s.Quantity); got != want {
			t.Fatalf("%s: price %+v, want unit price × quantity %+v", s.ID, got, want)
		}
		if m.creditedTerm[s.ID] && s.ChargedThisTerm.Amount != 0 {
			t.Fatalf("%s: ended by a cancel inside its refund window, but %s with %d charged for that term", s.ID, s.Status, s.ChargedThisTerm.Amount)
		}
		if s.ChargedThisTerm.Amount < 0 {
			t.Fatalf("%s: chargedThisTerm %d is negative", s.ID, s.ChargedThisTerm.Amount)
		}
		// What was charged this term is the current term's orders: its paid
		// charges − its credits.
		k := term{s.ID, s.TermStart.UnixNano()}
		if got, want := s.ChargedThisTerm.Amount, termCharges[k]-termCredits[k]; got != want {
			t.Fatalf("%s: chargedThisTerm %d, want the term's paid charges − credits %d", s.ID, got, want)
		}
		// At dataDeletionAt a Suspended subscription becomes Deleted
		// (docs/spec.md §4.5): once the sweeps caught up, none is left past it.
		if m.swept && s.Status == domain.StatusSuspended && !s.DataDeletionAt.After(m.now) {
			t.Fatalf("%s: still Suspended at %v, past its dataDeletionAt %v (the %s base's is %v)",
				s.ID, m.now, *s.DataDeletionAt, m.base.Status, m.base.DataDeletionAt)
		}
		if !s.HasPaymentMethod && s.AutoRenew {
			t.Fatalf("%s: a %s subscription without payment method has autoRenew on", s.ID, s.Status)
		}
		if was, ok := m.ended[s.ID]; ok && s.Status != was {
			t.Fatalf("%s: %s came back as %s", s.ID, was, s.Status)
		}
		if !s.Status.Live() {
			m.ended[s.ID] = s.Status
			if s.AssignedLicenses != 0 || s.AutoRenew {
				t.Fatalf("%s: %s with %d assigned licenses, autoRenew %v", s.ID, s.Status, s.AssignedLicenses, s.AutoRenew)
			}
		}
	}
	for _, a := range m.addons {
		if a.BaseSubscriptionID != m.base.ID {
			t.Fatalf("%s: base %q, want %q", a.ID, a.BaseSubscriptionID, m.base.ID)
		}
		// An add-on's term ends with its base's. (One that ended keeps its
		// last term; a Suspended one is not renewed while suspended.)
		if a.Status == domain.StatusActive && !a.TermEnd.Equal(m.base.TermEnd) {
			t.Fatalf("%s: Active add-on's termEnd %v, want the %s base's %v", a.ID, a.TermEnd, m.base.Status, m.base.TermEnd)
		}
		if a.Status.Live() && !m.base.Status.Live() {
			t.Fatalf("%s: %s add-on of a %s base", a.ID, a.Status, m.base.Status)
		}
		if a.Status == domain.StatusActive && m.base.Status == domain.StatusSuspended {
			t.Fatalf("%s: Active add-on of a Suspended base (its users moving to %q, %d licenses reserved for users moving in)",
				a.ID, a.MovingTo, a.ReservedLicenses)
		}
	}
	m.checkPayments(t)
}

func TestLifecycleStateMachine(t *testing.T) {
	payStats = newPaymentStats()
	rapid.Check(t, func(t *rapid.T) {
		m := newLifecycleModel(t)
		actions := m.actions()
		check := actions[""]
		actions[""] = func(t *rapid.T) { payStats.steps++; check(t) }
		t.Repeat(actions)
		payStats.histories++
	})
	t.Logf("payments: %s", payStats)
}

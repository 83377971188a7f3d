package domain_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"selfserve/shared/domain"
)

// This file is the payments half of lifecycleModel (docs/spec.md §10,
// docs/decisions.md "Payments"): the domain calls shared/app makes around
// a card charge — payRecorded, pastDue, retryPayment, retryDeclined,
// payRefunds, suspendFamily, UpdatePaymentMethod — with the provider's
// answer drawn, and the money invariants they keep.

// paymentStats counts what the payment paths of the model did, over a
// test's histories (shrinking runs included).
type paymentStats struct {
	histories, steps                           int
	accepted, declined                         map[string]int // by what was charged
	pastDue, recoveredByRetry, recoveredByPM   int
	lastRetryDeclined, refundsPaid, writtenOff int
	forgiven, forgivenRecovered                int
	// suspendedMidMove: suspended for nonPayment while its users moved out
	// or users moved in; movedFromSuspended, movesAborted: how such moves
	// ended when retried.
	suspendedMidMove, movedFromSuspended, movesAborted int
	kinds                                              map[string]int
}

var payStats = newPaymentStats()

func newPaymentStats() *paymentStats {
	return &paymentStats{accepted: map[string]int{}, declined: map[string]int{}, kinds: map[string]int{}}
}

func (st *paymentStats) String() string {
	return fmt.Sprintf("%d histories, %d steps; charges accepted %v, declined %v; %d PastDue, recovered %d by a retry and %d by a new card, "+
		"%d suspended after the last retry, %d unpaid orders written off, %d forgiven (%d times nothing was left owed); "+
		"%d refunds paid out; %d suspended for nonPayment mid-move, %d moves finished from a Suspended source, %d aborted; bases %v",
		st.histories, st.steps, st.accepted, st.declined, st.pastDue, st.recoveredByRetry, st.recoveredByPM,
		st.lastRetryDeclined, st.writtenOff, st.forgiven, st.forgivenRecovered, st.refundsPaid, st.suspendedMidMove, st.movedFromSuspended, st.movesAborted, st.kinds)
}

// declineCodes are the provider's decline codes (the local provider's).
var declineCodes = []string{"generic_decline", "insufficient_funds", "expired_card"}

// payments is what the model knows of the money, beyond the ledger's
// orders (whose Paid and ChargeID it sets as the store does).
type payments struct {
	// paid counts, per card charge order, the times it was paid: by a
	// successful charge (payRecorded) or late (retryPayment).
	paid map[string]int
	// chargedBy is what each charge paid of each subscription's orders;
	// refunded what refunds paid back on it (keys: subscription#charge).
	chargedBy, refunded map[string]int64
	// dunned are the card charges a decline left unpaid (pastDue);
	// writtenOff those of them whose dunning ended unpaid (a suspension,
	// a cancel, a move): they stay unpaid orders (docs/decisions.md);
	// forgiven those of an add-on ended while its base owed them (forgive):
	// unpaid orders for good, no longer owed.
	dunned, writtenOff, forgiven map[string]bool
}

func newPayments() payments {
	return payments{paid: map[string]int{}, chargedBy: map[string]int64{}, refunded: map[string]int64{},
		dunned: map[string]bool{}, writtenOff: map[string]bool{}, forgiven: map[string]bool{}}
}

func (p payments) clone() payments {
	return payments{paid: maps.Clone(p.paid), chargedBy: maps.Clone(p.chargedBy), refunded: maps.Clone(p.refunded),
		dunned: maps.Clone(p.dunned), writtenOff: maps.Clone(p.writtenOff), forgiven: maps.Clone(p.forgiven)}
}

// providerAnswer is the provider's answer to a charge.
type providerAnswer struct {
	ok   bool
	code string // the decline code
	id   string // the charge's id
}

// snapshot is the model's committed state, for a decision that commits
// nothing (a refusal, a declined charge, a sweep action that fails). The
// provider and the id counters are outside: the provider remembers its
// charges whatever the transaction does.
type snapshot struct {
	base     domain.Subscription
	addons   []domain.Subscription
	ledger   []domain.Order
	pay      payments
	credited map[string]bool
	swept    bool
}

func (m *lifecycleModel) snapshot() snapshot {
	return snapshot{base: m.base, addons: slices.Clone(m.addons), ledger: slices.Clone(m.ledger), pay: m.pay.clone(),
		credited: maps.Clone(m.creditedTerm), swept: m.swept}
}

func (m *lifecycleModel) restore(s snapshot) {
	m.base, m.addons, m.ledger, m.pay, m.creditedTerm, m.swept = s.base, s.addons, s.ledger, s.pay, s.credited, s.swept
}

// transaction runs decide as app.change does: nothing of it stays unless
// it succeeds and the charge it brings (a proration, an add-on, an
// add-on's catch-up renewal) is paid from the family's payment method —
// declined, it answers 402 and nothing changes (docs/spec.md §10).
func (m *lifecycleModel) transaction(t *rapid.T, decide func() error) error {
	before := m.snapshot()
	from := len(m.ledger)
	err := decide()
	if err == nil {
		if charged, ans := m.payRecorded(t, from, ""); charged && !ans.ok {
			err = domain.Errorf(domain.CodePaymentDeclined, "the payment method was declined (%s)", ans.code)
		}
	}
	if err != nil {
		m.restore(before)
	}
	return err
}

// record is the recorder's record: after takes its member's place (a new
// add-on is appended by its caller first), its orders get ids and join the
// ledger, and each card credit is queued for refund on the term's charges
// (RefundFor), all of it: no credit is more than the term paid.
func (m *lifecycleModel) record(t *rapid.T, after domain.Subscription, orders []domain.Order) domain.Subscription {
	for _, o := range orders {
		m.nextOrder++
		o.ID = fmt.Sprintf("ord-%d", m.nextOrder)
		m.ledger = append(m.ledger, o)
		queued := len(after.PendingRefunds)
		after = after.RefundFor(o)
		if o.Type != domain.OrderCredit || o.Payment != domain.PaymentCard {
			continue
		}
		var parts int64
		for _, p := range after.PendingRefunds[queued:] {
			parts += p.Amount.Amount
		}
		if parts != o.Amount.Amount {
			t.Fatalf("%s: card credit %s of %d is refunded %d on the term's charges %+v", after.ID, o.ID, o.Amount.Amount, parts, after.TermCharges)
		}
		if parts > 0 {
			m.swept = false // the refund waits for the payments sweep
		}
	}
	m.put(after)
	return after
}

// byID is the member with id.
func (m *lifecycleModel) byID(id string) (domain.Subscription, bool) {
	for _, s := range m.all() {
		if s.ID == id {
			return s, true
		}
	}
	return domain.Subscription{}, false
}

// charge asks the provider for a charge with key: the same key gets the
// same answer (the provider's idempotency), a new one a drawn answer.
func (m *lifecycleModel) charge(t *rapid.T, key string) providerAnswer {
	if a, ok := m.provider[key]; ok {
		return a
	}
	a := providerAnswer{ok: !rapid.Bool().Draw(t, "chargeDeclined")}
	if a.ok {
		payStats.accepted[chargeKind(key)]++
	} else {
		payStats.declined[chargeKind(key)]++
	}
	if !a.ok {
		a.code = rapid.SampledFrom(declineCodes).Draw(t, "declineCode")
	}
	m.provider[key] = m.answer(a)
	return m.provider[key]
}

// chargeKind is what a charge key charges, for the stats.
func chargeKind(key string) string {
	if strings.Contains(key, "#retry") {
		return "retry"
	}
	return "orders"
}

// answer gives a successful charge its id.
func (m *lifecycleModel) answer(a providerAnswer) providerAnswer {
	if a.ok {
		m.nextCharge++
		a.id = fmt.Sprintf("ch-%d", m.nextCharge)
	}
	return a
}

// payRecorded is app.payRecorded on the orders recorded since from: the
// card orders waiting for a charge are charged as one payment with the
// first one's id plus suffix as key; paid, each carries the charge and its
// member counts it for its term (Charged). charged is false when nothing
// waited.
func (m *lifecycleModel) payRecorded(t *rapid.T, from int, suffix string) (charged bool, a providerAnswer) {
	var due []int
	for k := from; k < len(m.ledger); k++ {
		o := m.ledger[k]
		if !o.NeedsCharge() {
			continue
		}
		if s, ok := m.byID(o.SubscriptionID); !ok || !s.PaysByCard() {
			t.Fatalf("order %s (%s of %d) waits for a card charge, but %s pays by card: %v", o.ID, o.Type, o.Amount.Amount, o.SubscriptionID, ok && s.PaysByCard())
		}
		due = append(due, k)
	}
	if len(due) == 0 {
		return false, providerAnswer{ok: true}
	}
	a = m.charge(t, m.ledger[due[0]].ID+suffix)
	if !a.ok {
		return true, a
	}
	for _, k := range due {
		o := &m.ledger[k]
		o.Paid, o.ChargeID = true, a.id
		m.paidBy(o.ID, o.SubscriptionID, a.id, o.Amount)
		if s, ok := m.byID(o.SubscriptionID); ok {
			m.put(s.Charged(a.id, o.Amount))
		}
	}
	return true, a
}

// paidBy notes that charge paid amount of order id of subscription sub.
func (m *lifecycleModel) paidBy(id, sub, charge string, amount domain.Money) {
	m.pay.paid[id]++
	m.pay.chargedBy[sub+"#"+charge] += amount.Amount
}

// pastDue is app.pastDue: base's renewal (or trial conversion), recorded
// since from, was declined with code at at: no member counts its unpaid
// orders as charged (Unpaid), and the base alone becomes PastDue; its
// add-ons stay as they are (Active: docs/decisions.md "PastDue").
func (m *lifecycleModel) pastDue(t *rapid.T, baseID string, from int, code string, at time.Time) {
	var refs []domain.OrderRef
	for k := from; k < len(m.ledger); k++ {
		o := m.ledger[k]
		if !o.NeedsCharge() {
			continue
		}
		refs = append(refs, o.Ref())
		m.pay.dunned[o.ID] = true
		if s, ok := m.byID(o.SubscriptionID); ok {
			m.put(s.Unpaid(o.Amount))
		}
	}
	addOns := slices.Clone(m.addons)
	base, _ := m.byID(baseID)
	if base.IsAddOn() || !base.PaysByCard() || base.Status != domain.StatusActive {
		t.Fatalf("a declined charge makes %s PastDue: a %s %s one (add-on of %q)", baseID, base.Status, base.Channel, base.BaseSubscriptionID)
	}
	m.put(base.Declined(refs, code, at))
	payStats.pastDue++
	for j, a := range m.addons {
		if a.Status != addOns[j].Status {
			t.Fatalf("%s: a %s add-on became %s when its base became PastDue", a.ID, addOns[j].Status, a.Status)
		}
	}
}

// paidLate is retryPayment's success: charge paid what PastDue base (as
// the caller has it) owed, each owed order is settled and counted by its
// member for its term (PaidLate), and the base is Active again, its term
// unchanged.
func (m *lifecycleModel) paidLate(t *rapid.T, base domain.Subscription, charge string) {
	for _, ref := range base.PaymentDue.Orders {
		k := slices.IndexFunc(m.ledger, func(o domain.Order) bool { return o.ID == ref.ID })
		if k < 0 {
			t.Fatalf("%s owes order %s, which is in no ledger", base.ID, ref.ID)
		}
		o := &m.ledger[k]
		o.Paid, o.ChargeID = true, charge
		m.paidBy(o.ID, o.SubscriptionID, charge, ref.Amount)
		if ref.SubscriptionID == base.ID {
			base = base.PaidLate(charge, ref.Amount)
		} else if s, ok := m.byID(ref.SubscriptionID); ok {
			// An add-on ended while its base was PastDue is no longer owed
			// (forgive): a term it ended in — inside its refund window,
			// credited nothing as its renewal was unpaid — is never charged late.
			if !s.Status.Live() || m.pay.forgiven[ref.ID] {
				t.Fatalf("%s, %s (forgiven %v), is charged %d late by %s for order %s", s.ID, s.Status, m.pay.forgiven[ref.ID], ref.Amount.Amount, base.ID, ref.ID)
			}
			m.put(s.PaidLate(charge, ref.Amount))
		}
	}
	after := base.Recovered()
	if after.Status != domain.StatusActive || after.PaymentDue != nil || !after.TermStart.Equal(base.TermStart) || !after.TermEnd.Equal(base.TermEnd) {
		t.Fatalf("%s recovered as %s (owing %+v), term %v–%v, was %v–%v", base.ID, after.Status, after.PaymentDue, after.TermStart, after.TermEnd, base.TermStart, base.TermEnd)
	}
	m.put(after)
}

// forgive is app.CancelSubscription's Forgive: add-on id, ended at once
// while its base is PastDue, is no longer owed — its unpaid orders leave
// what the base owes, unpaid orders for good; with nothing left owed the
// base is Active again, its term unchanged.
func (m *lifecycleModel) forgive(t *rapid.T, id string) {
	before := m.base
	after := m.record(t, before.Forgive(id), nil)
	var left []domain.OrderRef
	total := domain.Money{Currency: before.PaymentDue.Amount.Currency}
	for _, ref := range before.PaymentDue.Orders {
		if ref.SubscriptionID == id {
			m.pay.forgiven[ref.ID] = true
			payStats.forgiven++
			continue
		}
		left = append(left, ref)
		total = total.Plus(ref.Amount)
	}
	if !after.TermStart.Equal(before.TermStart) || !after.TermEnd.Equal(before.TermEnd) {
		t.Fatalf("%s: forgiving %s moved its term %v–%v to %v–%v", before.ID, id, before.TermStart, before.TermEnd, after.TermStart, after.TermEnd)
	}
	if len(left) == 0 {
		if after.Status != domain.StatusActive || after.PaymentDue != nil {
			t.Fatalf("%s: forgiven all it owed (%s's), but %s owing %+v", before.ID, id, after.Status, after.PaymentDue)
		}
		payStats.forgivenRecovered++
		return
	}
	// Still PastDue, the rest is retried as scheduled.
	want := *before.PaymentDue
	want.Orders, want.Amount = left, total
	if after.Status != domain.StatusPastDue || after.PaymentDue == nil || !reflect.DeepEqual(*after.PaymentDue, want) {
		t.Fatalf("%s: forgiving %s, %s owing %+v, want PastDue owing %+v", before.ID, id, after.Status, after.PaymentDue, want)
	}
}

// retryDue is the PaymentRetrySweep's retry (app.runDue, retryPayment,
// retryDeclined) of member i's charge, due as d: paid, the family is
// Active again; declined, the attempt is counted and, after the last, the
// family is suspended for nonPayment (suspendFamily). An error commits
// nothing (the caller restores).
func (m *lifecycleModel) retryDue(t *rapid.T, i int, d domain.Due) error {
	base := *m.member(i)
	due := base.PaymentDue
	if base.IsAddOn() || base.Status != domain.StatusPastDue || due == nil || len(due.Orders) == 0 {
		t.Fatalf("%s: a payment retry is due on a %s subscription owing %+v (add-on of %q)", base.ID, base.Status, due, base.BaseSubscriptionID)
	}
	a := m.charge(t, fmt.Sprintf("%s#retry%d", due.Orders[0].ID, due.Attempts))
	if a.ok {
		m.paidLate(t, base, a.id)
		payStats.recoveredByRetry++
		return nil
	}
	after, exhausted, err := base.RetryDeclined(a.code)
	if err != nil {
		t.Fatalf("%s: RetryDeclined of a due retry: %v", base.ID, err)
	}
	m.put(after)
	if !exhausted {
		return nil
	}
	payStats.lastRetryDeclined++
	live := map[string]domain.Status{}
	for _, x := range m.addons {
		if x.Status.Live() {
			live[x.ID] = x.Status
		}
	}
	moving := false
	for _, x := range m.all() {
		moving = moving || (x.Status.Live() && (x.MovingTo != "" || x.ReservedLicenses > 0))
	}
	// No move holds it up (docs/decisions.md "Payments").
	if err := m.suspendFamily(t, after, domain.SuspensionNonPayment, d.At); err != nil {
		t.Fatalf("%s: its last retry, declined, can't suspend the family (users moving: %v): %v", after.ID, moving, err)
	}
	if moving {
		payStats.suspendedMidMove++
	}
	// After the last retry the family is Suspended for nonPayment, its data
	// to be deleted after the tenant's retention (docs/spec.md §10, §4.5).
	b := m.base
	if b.Status != domain.StatusSuspended || b.SuspensionReason != "nonPayment" || b.DataDeletionAt == nil ||
		!b.DataDeletionAt.Equal(d.At.Add(m.retention)) || b.PaymentDue != nil {
		t.Fatalf("%s after its last declined retry: %s for %q, data deletion at %v (want %v), owing %+v",
			b.ID, b.Status, b.SuspensionReason, b.DataDeletionAt, d.At.Add(m.retention), b.PaymentDue)
	}
	for _, x := range m.addons {
		if was, ok := live[x.ID]; ok && x.Status != domain.StatusSuspended {
			t.Fatalf("%s: a %s add-on is %s after its base's suspension for nonPayment", x.ID, was, x.Status)
		}
		if was, ok := live[x.ID]; ok && was != domain.StatusSuspended && (x.SuspensionReason != "nonPayment" || !x.DataDeletionAt.Equal(*b.DataDeletionAt)) {
			t.Fatalf("%s: suspended with its base for %q, data deletion at %v (the base's: %v)", x.ID, x.SuspensionReason, x.DataDeletionAt, b.DataDeletionAt)
		}
	}
	return nil
}

// suspendFamily is app.suspendFamily: s and, for a base, its live add-ons
// not suspended on their own are suspended at at for reason — all or
// nothing (domain.Cascade).
func (m *lifecycleModel) suspendFamily(t *rapid.T, s domain.Subscription, reason string, at time.Time) error {
	var addOns []domain.Subscription
	if !s.IsAddOn() {
		addOns = m.addons
	}
	changed, err := domain.Cascade(s, addOns, func(x domain.Subscription) (domain.Subscription, bool, error) {
		if x.Status == domain.StatusSuspended && x.ID != s.ID {
			return x, false, nil
		}
		after, err := x.Suspend(at, reason, m.retention)
		return after, err == nil, err
	})
	if refused(t, "suspend the family for "+reason, err) {
		return err
	}
	for _, after := range changed {
		m.put(after)
	}
	return nil
}

// payRefunds is app.payRefunds on member i: each pending refund is paid
// out on its charge (the provider always pays a refund), its credit order
// settled, and the subscription's pending refunds cleared.
func (m *lifecycleModel) payRefunds(t *rapid.T, i int) {
	s := *m.member(i)
	for _, p := range s.PendingRefunds {
		m.pay.refunded[s.ID+"#"+p.ChargeID] += p.Amount.Amount
		k := slices.IndexFunc(m.ledger, func(o domain.Order) bool { return o.ID == p.OrderID })
		if k < 0 || m.ledger[k].Type != domain.OrderCredit || m.ledger[k].SubscriptionID != s.ID {
			t.Fatalf("%s: a pending refund of %d for order %s, which is no credit of it", s.ID, p.Amount.Amount, p.OrderID)
		}
		m.nextCharge++
		m.ledger[k].Paid, m.ledger[k].ChargeID = true, fmt.Sprintf("re-%d", m.nextCharge)
		payStats.refundsPaid++
	}
	m.put(s.RefundsPaid())
}

// updatePaymentMethod is app.UpdatePaymentMethod of member i by c, with pm
// — a card the provider accepts when good — under the tenant's policy
// setting for the product ("" for none): only by its manager, never on an
// add-on; a PastDue base is charged what it owes at once (paid: Active
// again; declined: 402 and nothing changes, the new method included).
func (m *lifecycleModel) updatePaymentMethod(t *rapid.T, i int, c domain.Caller, pm string, good bool, setting domain.PolicyValue) error {
	if err := domain.CheckPaymentMethodID(pm, true); err != nil {
		return err
	}
	s := *m.member(i)
	if err := domain.ViewerOf(c, s).CanManage(s); err != nil {
		return err
	}
	if s.IsAddOn() {
		return domain.Errorf(domain.CodeInvalidRequest, "an add-on is paid with its base's payment method: set it on %s", s.BaseSubscriptionID)
	}
	policy := domain.PolicyEnabled
	if s.Status == domain.StatusTrial && !s.HasPaymentMethod { // app.policyOf
		settings := map[string]domain.PolicySetting{}
		if setting != "" { // "": the product's default
			settings[m.product.ProductID] = domain.PolicySetting{Value: setting, UpdatedAt: m.now, UpdatedBy: "admin-1"}
		}
		pp, err := domain.EffectivePolicy(m.product, settings)
		if err != nil {
			return err
		}
		policy = pp.PolicyValue
	}
	after, err := s.SetPaymentMethod(pm, policy)
	if refused(t, "set payment method", err) {
		unchangedOnRefusal(t, "set payment method", s, after)
		if s.Status == domain.StatusTrial && !s.HasPaymentMethod && policy == domain.PolicyEnabled && s.PaysByCard() {
			t.Fatalf("%s: a payment method for a trial without one refused under an Enabled policy: %v", s.ID, err)
		}
		return err
	}
	if after.Status != domain.StatusPastDue {
		m.put(after)
		return nil
	}
	// A manager's new card is one request, a new provider key: the card
	// decides the answer.
	a := m.answer(providerAnswer{ok: good})
	if !a.ok {
		return domain.Errorf(domain.CodePaymentDeclined, "the payment method was declined (generic_decline)")
	}
	m.paidLate(t, after, a.id)
	payStats.recoveredByPM++
	if got := m.base.PaymentMethodID; got != pm {
		t.Fatalf("%s: paid with the new payment method %q, but keeps %q", s.ID, pm, got)
	}
	return nil
}

// checkPayments checks the money invariants of docs/spec.md §10.
func (m *lifecycleModel) checkPayments(t *rapid.T) {
	family := map[string]domain.Subscription{}
	for _, s := range m.all() {
		family[s.ID] = s
	}
	isCharge := func(o domain.Order) bool { return o.Type != domain.OrderCredit }
	// cardCharge: an order a card charge pays (one of nothing is paid at once).
	cardCharge := func(o domain.Order) bool {
		return o.Payment == domain.PaymentCard && isCharge(o) && o.Amount.Amount > 0
	}
	paidCard := map[string]int64{}     // card charges paid, by subscription
	termCardPaid := map[string]int64{} // of the current term
	termCardCredits := map[string]int64{}
	unpaid := map[string]domain.Order{} // unpaid card charges of the family
	for _, o := range m.ledger {
		s, ok := family[o.SubscriptionID]
		if !ok {
			t.Fatalf("order %s of %s: no such member", o.ID, o.SubscriptionID)
		}
		// Who pays by card: self-service subscriptions and their add-ons;
		// the others are invoiced, settled already.
		if want := map[bool]string{true: domain.PaymentCard, false: domain.PaymentInvoice}[s.PaysByCard()]; o.Payment != want {
			t.Fatalf("order %s of a %s subscription is paid by %q, want %q", o.ID, s.Channel, o.Payment, want)
		}
		if o.Payment == domain.PaymentInvoice && !o.Paid {
			t.Fatalf("invoiced order %s is not settled", o.ID)
		}
		// No order is ever paid twice; a paid card charge was paid once.
		n := m.pay.paid[o.ID]
		switch {
		case n > 1:
			t.Fatalf("order %s (%s of %d for %s) was paid %d times", o.ID, o.Type, o.Amount.Amount, o.SubscriptionID, n)
		case n == 1 && (!cardCharge(o) || !o.Paid):
			t.Fatalf("order %s (%s, %s, paid %v) was paid by a charge", o.ID, o.Type, o.Payment, o.Paid)
		case n == 0 && cardCharge(o) && o.Paid:
			t.Fatalf("card charge %s of %d is paid, but no charge paid it", o.ID, o.Amount.Amount)
		case m.pay.forgiven[o.ID] && (o.Paid || !cardCharge(o) || !m.pay.dunned[o.ID] || s.Status.Live()):
			t.Fatalf("forgiven order %s (%s of %d for %s, %s) is paid %v, dunned %v", o.ID, o.Type, o.Amount.Amount, o.SubscriptionID, s.Status, o.Paid, m.pay.dunned[o.ID])
		}
		if o.Payment != domain.PaymentCard {
			continue
		}
		current := o.PeriodStart.Equal(s.TermStart)
		switch {
		case isCharge(o) && o.Paid:
			paidCard[s.ID] += o.Amount.Amount
			if current && o.Amount.Amount > 0 {
				termCardPaid[s.ID] += o.Amount.Amount
			}
		case isCharge(o):
			unpaid[o.ID] = o
			if !m.pay.dunned[o.ID] {
				t.Fatalf("card charge %s (%s of %d for %s) is unpaid, but no charge of it was declined", o.ID, o.Type, o.Amount.Amount, o.SubscriptionID)
			}
		case current:
			termCardCredits[s.ID] += o.Amount.Amount
		}
		// Once the sweeps caught up, every card credit has been paid back.
		if !isCharge(o) && m.swept && o.Amount.Amount > 0 && !o.Paid {
			t.Fatalf("card credit %s of %d for %s is not refunded after the sweeps", o.ID, o.Amount.Amount, o.SubscriptionID)
		}
	}

	// What a PastDue base owes is exactly the family's unpaid card charges
	// but those of an earlier dunning that ended unpaid (written off) and
	// those of the members that ended while it was PastDue (forgiven): an
	// owed order is a live member's, an unpaid one neither owed nor written
	// off is an ended member's, forgiven.
	b := m.base
	if b.Status == domain.StatusPastDue {
		due := b.PaymentDue
		if due == nil {
			t.Fatalf("%s: PastDue without what it owes", b.ID)
		}
		owed := map[string]bool{}
		total := domain.Money{Currency: b.UnitPrice.Currency}
		for _, ref := range due.Orders {
			o, ok := unpaid[ref.ID]
			if !ok || m.pay.writtenOff[ref.ID] || m.pay.forgiven[ref.ID] {
				t.Fatalf("%s owes order %s, which is no unpaid card charge of its family (written off %v, forgiven %v)", b.ID, ref.ID, m.pay.writtenOff[ref.ID], m.pay.forgiven[ref.ID])
			}
			if s := family[ref.SubscriptionID]; !s.Status.Live() {
				t.Fatalf("%s owes order %s (%s of %d) of %s, which ended (%s) while it was PastDue since %v", b.ID, ref.ID, o.Type, o.Amount.Amount, s.ID, s.Status, due.Since)
			}
			if o.SubscriptionID != ref.SubscriptionID || !o.At.Equal(ref.At) || o.Amount != ref.Amount || owed[ref.ID] {
				t.Fatalf("%s owes %+v, but the order is %s of %+v for %s at %v (listed twice: %v)", b.ID, ref, o.ID, o.Amount, o.SubscriptionID, o.At, owed[ref.ID])
			}
			owed[ref.ID] = true
			total = total.Plus(ref.Amount)
		}
		for id, o := range unpaid {
			if !owed[id] && !m.pay.writtenOff[id] && !m.pay.forgiven[id] {
				t.Fatalf("%s: unpaid card charge %s (%s of %d for %s) is neither owed by PastDue %s nor written off nor forgiven", o.SubscriptionID, id, o.Type, o.Amount.Amount, o.SubscriptionID, b.ID)
			}
		}
		if due.Amount != total {
			t.Fatalf("%s owes %+v, its orders sum to %+v", b.ID, due.Amount, total)
		}
		// The charge is retried +1, +3, +5, +7 days after the renewal.
		if due.Attempts < 1 || due.Attempts > len(domain.PaymentRetryDays) || due.NextRetryAt == nil ||
			!due.NextRetryAt.Equal(due.Since.AddDate(0, 0, domain.PaymentRetryDays[due.Attempts-1])) {
			t.Fatalf("%s: %d attempts since %v, next retry at %v", b.ID, due.Attempts, due.Since, due.NextRetryAt)
		}
		if m.swept && !due.NextRetryAt.After(m.now) {
			t.Fatalf("%s: its retry due at %v is not done at %v after the sweeps", b.ID, *due.NextRetryAt, m.now)
		}
		if b.IsAddOn() || !b.PaysByCard() {
			t.Fatalf("%s: PastDue, but a %s subscription (add-on of %q)", b.ID, b.Channel, b.BaseSubscriptionID)
		}
		// Its add-ons stay Active (or as they were: suspended on their own, ended).
		for _, a := range m.addons {
			if a.Status != domain.StatusActive && a.Status != domain.StatusSuspended && a.Status.Live() {
				t.Fatalf("%s: a %s add-on of a PastDue base", a.ID, a.Status)
			}
		}
	} else {
		// Not (or no longer) PastDue: whatever is still unpaid was written off
		// by how its dunning ended.
		for id := range unpaid {
			if !m.pay.writtenOff[id] && !m.pay.forgiven[id] {
				m.pay.writtenOff[id] = true
				payStats.writtenOff++
			}
		}
	}

	for _, s := range m.all() {
		if s.Status == domain.StatusPastDue && s.ID != b.ID {
			t.Fatalf("%s: a PastDue add-on", s.ID)
		}
		if (s.Status == domain.StatusPastDue) != (s.PaymentDue != nil) {
			t.Fatalf("%s: %s, owing %+v", s.ID, s.Status, s.PaymentDue)
		}
		// Money paid back (paid out or pending) never exceeds what was paid:
		// per charge, and in all.
		back := map[string]int64{}
		for key, n := range m.pay.refunded {
			if sub, charge, _ := strings.Cut(key, "#"); sub == s.ID {
				back[charge] += n
			}
		}
		for _, p := range s.PendingRefunds {
			back[p.ChargeID] += p.Amount.Amount
		}
		var refunded int64
		for charge, n := range back {
			refunded += n
			if paid := m.pay.chargedBy[s.ID+"#"+charge]; n > paid {
				t.Fatalf("%s: %d refunded on charge %s (pending: %+v), which paid %d of it", s.ID, n, charge, s.PendingRefunds, paid)
			}
		}
		if refunded > paidCard[s.ID] {
			t.Fatalf("%s: %d refunded (paid out or pending), but only %d paid", s.ID, refunded, paidCard[s.ID])
		}
		if m.swept && len(s.PendingRefunds) > 0 {
			t.Fatalf("%s: refunds %+v still pending after the sweeps", s.ID, s.PendingRefunds)
		}
		// The term's charges are its paid card charges; what was refunded on
		// them, its card credits.
		var charged, onCharges int64
		for _, c := range s.TermCharges {
			charged += c.Amount.Amount
			onCharges += c.Refunded.Amount
			if c.Refunded.Amount > c.Amount.Amount {
				t.Fatalf("%s: charge %s of %d refunded %d", s.ID, c.ID, c.Amount.Amount, c.Refunded.Amount)
			}
		}
		if charged != termCardPaid[s.ID] || onCharges != termCardCredits[s.ID] {
			t.Fatalf("%s: the term's charges %+v: %d charged, %d refunded; want its paid card charges %d and card credits %d",
				s.ID, s.TermCharges, charged, onCharges, termCardPaid[s.ID], termCardCredits[s.ID])
		}
	}
}

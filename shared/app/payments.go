package app

import (
	"context"
	"errors"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// declined is the refusal of a declined charge (docs/spec.md §10): 402
// payment_declined with the provider's declineCode.
func declined(ch payments.Charge) error {
	return domain.Errorf(domain.CodePaymentDeclined, "the payment method was declined (%s)", ch.DeclineCode).With("declineCode", ch.DeclineCode)
}

// payRecorded charges, as one payment from pm, the card orders rec
// recorded that wait for a charge (docs/spec.md §10). The provider key is
// the first order's id plus suffix, so the same decision charges once
// however often it runs. Paid, the orders carry the charge, the charge is
// claimed in the change's transaction and each member counts it for its
// term; declined, it answers the charge and changes nothing. ok is false
// when nothing waited for a charge.
func (a *App) payRecorded(ctx context.Context, rec *recorder, pm, suffix string) (ch payments.Charge, ok bool, err error) {
	var due []int
	total := domain.Money{}
	for i, o := range rec.fx.Orders {
		if !o.NeedsCharge() {
			continue
		}
		if total.Currency != "" && total.Currency != o.Amount.Currency {
			return ch, false, domain.Errorf(domain.CodeInternal, "one payment can't mix %s and %s", total.Currency, o.Amount.Currency)
		}
		total = domain.Money{Amount: total.Amount + o.Amount.Amount, Currency: o.Amount.Currency}
		due = append(due, i)
	}
	if len(due) == 0 {
		return ch, false, nil
	}
	first := rec.fx.Orders[due[0]]
	ch, err = a.charge(ctx, payments.ChargeRequest{Key: first.ID + suffix, PaymentMethodID: pm, Amount: total,
		OrderID: first.ID, TenantID: first.TenantID, SubscriptionID: first.SubscriptionID, Description: first.ProductName})
	if err != nil || ch.Status != payments.ChargeSucceeded {
		return ch, true, err
	}
	for _, i := range due {
		o := &rec.fx.Orders[i]
		o.Paid, o.ChargeID = true, ch.ID
		if m, ok := rec.f.Get(o.SubscriptionID); ok {
			rec.f.Put(m.Charged(ch.ID, o.Amount))
		}
	}
	rec.fx.Claims = append(rec.fx.Claims, store.ChargeClaim{ChargeID: ch.ID, OrderID: first.ID, TenantID: first.TenantID,
		SubscriptionID: first.SubscriptionID, At: rec.at})
	return ch, true, nil
}

// charge asks the provider, then runs the AfterCharge hook (a crash test's
// cut between the charge and its commit). A charge its key finds already
// refunded — reconciliation took it back, its commit having come too late
// — is no payment: it answers declined, charge_reversed.
func (a *App) charge(ctx context.Context, req payments.ChargeRequest) (payments.Charge, error) {
	if a.Payments == nil {
		return payments.Charge{}, domain.Errorf(domain.CodeUnavailable, "no payment provider is configured")
	}
	ch, err := a.Payments.Charge(ctx, req)
	if err == nil && ch.Status == payments.ChargeSucceeded && ch.Refunded.Amount > 0 {
		ch.Status, ch.DeclineCode = payments.ChargeDeclined, "charge_reversed"
	}
	if err == nil && ch.Status == payments.ChargeSucceeded && ch.Amount != req.Amount {
		return ch, domain.Errorf(domain.CodeConflict, "this request's payment was made for %d %s, not %d %s: send it again with a new Idempotency-Key",
			ch.Amount.Amount, ch.Amount.Currency, req.Amount.Amount, req.Amount.Currency)
	}
	if err != nil {
		e := domain.Errorf(domain.CodeUnavailable, "the payment provider did not answer; retry with the same Idempotency-Key")
		e.Cause = err
		return ch, e
	}
	if a.Hooks.AfterCharge != nil {
		if err := a.Hooks.AfterCharge(ch); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

// pastDue makes base PastDue after its renewal's charge ch was declined
// (docs/spec.md §10): no member counts the unpaid orders as charged, and
// the purchaser hears of it twice — past due, payment failed.
func (a *App) pastDue(rec *recorder, baseID string, ch payments.Charge) {
	var refs []domain.OrderRef
	for _, o := range rec.fx.Orders {
		if !o.NeedsCharge() {
			continue
		}
		refs = append(refs, o.Ref())
		if m, ok := rec.f.Get(o.SubscriptionID); ok {
			rec.f.Put(m.Unpaid(o.Amount))
		}
		for i := range rec.fx.Events { // what was not paid is not receipted
			if rec.fx.Events[i].SubscriptionID == o.SubscriptionID {
				rec.fx.Events[i].Unpaid = true
			}
		}
	}
	base, _ := rec.f.Get(baseID)
	base = base.Declined(refs, ch.DeclineCode, rec.at)
	rec.op = "PaymentFailed"
	base = rec.record(base, nil, domain.EventSubscriptionPastDue, paymentExtra(base))
	rec.event(base, domain.EventPaymentFailed, paymentExtra(base))
}

// paymentExtra is what payment events tell about s's unpaid charge.
func paymentExtra(s domain.Subscription) map[string]any {
	if s.PaymentDue == nil {
		return nil
	}
	d := s.PaymentDue
	return map[string]any{"amount": d.Amount, "attempts": d.Attempts, "declineCode": d.DeclineCode, "nextRetryAt": d.NextRetryAt}
}

// retryPayment charges what PastDue base owes again, from pm with the
// provider key suffix (docs/spec.md §10): paid, its orders are settled and
// the family is Active again; declined, nothing is recorded and the caller
// decides (the sweep counts the attempt, a manager's new card is refused).
func (a *App) retryPayment(ctx context.Context, rec *recorder, base domain.Subscription, pm, suffix string) (payments.Charge, error) {
	due := base.PaymentDue
	if due == nil || len(due.Orders) == 0 {
		return payments.Charge{}, domain.Errorf(domain.CodeInvalidStatus, "%s owes nothing", base.ID)
	}
	first := due.Orders[0]
	ch, err := a.charge(ctx, payments.ChargeRequest{Key: first.ID + suffix, PaymentMethodID: pm, Amount: due.Amount,
		OrderID: first.ID, TenantID: base.TenantID, SubscriptionID: base.ID, Description: base.ProductName})
	if err != nil || ch.Status != payments.ChargeSucceeded {
		return ch, err
	}
	for _, o := range due.Orders {
		rec.fx.Settled = append(rec.fx.Settled, store.SettledOrder{TenantID: base.TenantID, OrderID: o.ID, At: o.At, ChargeID: ch.ID})
		if o.SubscriptionID == base.ID {
			base = base.PaidLate(ch.ID, o.Amount)
		} else if m, ok := rec.f.Get(o.SubscriptionID); ok {
			rec.f.Put(m.PaidLate(ch.ID, o.Amount))
		}
	}
	rec.fx.Claims = append(rec.fx.Claims, store.ChargeClaim{ChargeID: ch.ID, OrderID: first.ID, TenantID: base.TenantID, SubscriptionID: base.ID, At: rec.at})
	extra := map[string]any{"amount": due.Amount, "attempts": due.Attempts + 1}
	rec.record(base.Recovered(), nil, domain.EventPaymentSucceeded, extra)
	return ch, nil
}

// retryDeclined records a declined retry of base's charge: the next
// retry, or after the last the family's suspension for nonPayment
// (docs/spec.md §10, §4.5).
func (a *App) retryDeclined(ctx context.Context, rec *recorder, base domain.Subscription, ch payments.Charge) error {
	after, exhausted, err := base.RetryDeclined(ch.DeclineCode)
	if err != nil {
		return err
	}
	after = rec.record(after, nil, domain.EventPaymentFailed, paymentExtra(after))
	if !exhausted {
		return nil
	}
	return a.suspendFamily(ctx, rec, after, domain.SuspensionNonPayment)
}

// payRefunds pays out s's pending refunds through the provider, each once
// (its key: the credit order and the charge), and settles their credit
// orders (docs/spec.md §10).
func (a *App) payRefunds(ctx context.Context, rec *recorder, s domain.Subscription) error {
	if a.Payments == nil {
		return domain.Errorf(domain.CodeUnavailable, "no payment provider is configured")
	}
	settled := map[string]int{}
	for _, p := range s.PendingRefunds {
		rf, err := a.Payments.Refund(ctx, payments.RefundRequest{Key: p.OrderID + "#" + p.ChargeID, ChargeID: p.ChargeID, Amount: p.Amount, OrderID: p.OrderID})
		if errors.Is(err, payments.ErrUnknownCharge) {
			continue // nothing the provider can pay back on
		}
		if err != nil {
			return err
		}
		if i, ok := settled[p.OrderID]; ok {
			rec.fx.Settled[i].ChargeID = rf.ID
			continue
		}
		settled[p.OrderID] = len(rec.fx.Settled)
		rec.fx.Settled = append(rec.fx.Settled, store.SettledOrder{TenantID: s.TenantID, OrderID: p.OrderID, At: p.OrderAt, ChargeID: rf.ID})
	}
	rec.record(s.RefundsPaid(), nil, "", nil)
	return nil
}

// ReconcileReport is what a reconciliation run did.
type ReconcileReport struct {
	Checked  int `json:"checked"`
	Refunded int `json:"refunded"`
}

// ReconcileGrace is how old a charge must be before reconciliation judges
// it: longer than any request or sweep run takes to commit its charge.
const ReconcileGrace = time.Hour

// Reconcile refunds the provider charges no order claims (docs/spec.md
// §10): a charge whose commit never happened (a crash between the two)
// is marked an orphan — so no late commit can claim it — and refunded.
// It reads only the charges created since its last run; each charge costs
// one read, and an orphan two writes and a refund.
func (a *App) Reconcile(ctx context.Context, now time.Time) (ReconcileReport, error) {
	var r ReconcileReport
	if a.Payments == nil {
		return r, nil
	}
	from, err := a.Store.ReconciledThrough(ctx)
	if err != nil {
		return r, err
	}
	to := now.Add(-ReconcileGrace)
	if from.IsZero() || from.Before(to.Add(-48*time.Hour)) {
		from = to.Add(-48 * time.Hour)
	}
	if !from.Before(to) {
		return r, nil
	}
	after := ""
	for {
		charges, more, err := a.Payments.Charges(ctx, from, to, after, 100)
		if err != nil {
			return r, err
		}
		for _, ch := range charges {
			r.Checked++
			refunded, err := a.reconcileOne(ctx, ch, now)
			if err != nil {
				return r, err
			}
			if refunded {
				r.Refunded++
			}
		}
		if !more || len(charges) == 0 {
			break
		}
		after = charges[len(charges)-1].ID
	}
	return r, a.Store.SetReconciledThrough(ctx, to)
}

// reconcileOne refunds ch if no order claims it.
func (a *App) reconcileOne(ctx context.Context, ch payments.Charge, now time.Time) (bool, error) {
	state, err := a.Store.ChargeState(ctx, ch.ID)
	if err != nil || state == store.ClaimPaid || state == store.ClaimRefunded {
		return false, err
	}
	if state == "" {
		marked, err := a.Store.MarkOrphan(ctx, ch.ID, now)
		if err != nil || !marked { // claimed meanwhile
			return false, err
		}
	}
	if left := ch.Amount.Amount - ch.Refunded.Amount; left > 0 {
		if _, err := a.Payments.Refund(ctx, payments.RefundRequest{Key: "orphan#" + ch.ID, ChargeID: ch.ID,
			Amount: domain.Money{Amount: left, Currency: ch.Amount.Currency}, OrderID: ch.OrderID}); err != nil {
			return false, err
		}
	}
	return true, a.Store.MarkRefunded(ctx, ch.ID, now)
}

// paymentKey is the provider key suffix of a manager's retry with a new
// payment method: one per request (its Idempotency-Key, else the method
// and the version it was decided on).
func paymentKey(req Request, s domain.Subscription, pm string) string {
	seed := pm + "#" + ETag(s)
	if req.Key != nil {
		seed = req.Key.Hash
	}
	return "#" + ids.Derive("pm", seed)
}

// UpdatePaymentMethod is the manager's new payment method for ref
// (docs/spec.md §10): an Active subscription is charged with it from now
// on; a PastDue one is charged what it owes at once — 200 paid, 402
// declined and nothing changed; a Trial without one becomes convertible,
// only under an Enabled policy. An add-on pays with its base's.
func (a *App) UpdatePaymentMethod(ctx context.Context, req Request, ref SubscriptionRef, pm string) (Reply, error) {
	if err := domain.CheckPaymentMethodID(pm, true); err != nil {
		return Reply{}, err
	}
	return a.change(ctx, req, ref, "UpdatePaymentMethod", func(ch *change) error {
		s := ch.subject
		if err := ch.viewer().CanManage(s); err != nil {
			return err
		}
		if s.IsAddOn() {
			return domain.Errorf(domain.CodeInvalidRequest, "an add-on is paid with its base's payment method: set it on %s", s.BaseSubscriptionID)
		}
		policy := domain.PolicyEnabled
		if s.Status == domain.StatusTrial && !s.HasPaymentMethod {
			p, err := a.policyOf(ctx, s)
			if err != nil {
				return err
			}
			policy = p
		}
		after, err := s.SetPaymentMethod(pm, policy)
		if err != nil {
			return err
		}
		if after.Status != domain.StatusPastDue {
			ch.record(after, nil, domain.EventSubscriptionUpdated, nil)
			return nil
		}
		pay, err := a.retryPayment(ctx, ch.recorder, after, pm, paymentKey(req, s, pm))
		if err == nil && pay.Status != payments.ChargeSucceeded {
			return declined(pay) // nothing changes, the new method included
		}
		return err
	})
}

// policyOf is the tenant's effective AllowSelfServicePurchase value for
// s's product (docs/spec.md §3).
func (a *App) policyOf(ctx context.Context, s domain.Subscription) (domain.PolicyValue, error) {
	t, err := a.Store.GetTenant(ctx, s.TenantID)
	if err != nil {
		return "", err
	}
	product, err := a.Catalog.Get(s.ProductID)
	if err != nil {
		return "", err
	}
	pp, err := domain.EffectivePolicy(product, t.Policies)
	if err != nil {
		return "", err
	}
	return pp.PolicyValue, nil
}

package app

import (
	"context"
	"fmt"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// RunDue performs the due actions of s that belong to sweep, in order,
// while they are due at now, and returns how many it performed. s comes
// from the due index, which is eventually consistent: each action is
// decided again on the family as committed, so a stale entry, a repeated
// or a concurrent run performs nothing twice. Each action commits in one
// transaction, at its due instant, recorded as "system:<sweep>";
// onAction (if set) runs after each.
func (a *App) RunDue(ctx context.Context, sweep string, s domain.Subscription, now time.Time, onAction func()) (int, error) {
	done := 0
	for {
		d, ok := s.NextDue()
		if !ok || d.Action.Sweep() != sweep || d.At.After(now) {
			return done, nil
		}
		f := store.Family{Base: s}
		if s.HasAddOns || s.IsAddOn() { // decide on the whole family
			var err error
			if f, err = a.Store.GetFamily(ctx, s.TenantID, s.ID); err != nil {
				return done, err
			}
		}
		if d.Action == domain.DueDataDeletion {
			// Licenses (users' names and emails) go before the deletion is
			// recorded: idempotent deletes, so a run cut off here is finished
			// by the next; too many for the deciding transaction.
			for _, m := range dueMembers(f, s) {
				if err := a.Store.DeleteLicenses(ctx, m.TenantID, m.ID); err != nil {
					return done, err
				}
			}
		}
		var acted *domain.Subscription // s as committed
		err := a.Store.UpdateFamilyFrom(ctx, f, func(f *store.Family) (store.Effects, error) {
			acted = nil
			m, _ := f.Get(s.ID)
			cur, ok := m.NextDue()
			if !ok || cur.Action != d.Action || !cur.At.Equal(d.At) || cur.Days != d.Days {
				return store.Effects{}, nil // another run did it, or the subscription changed
			}
			rec, err := a.runDue(ctx, f, m, d, sweep)
			if err != nil {
				return store.Effects{}, err
			}
			fx := rec.fx
			fx.Finish = func() error { m, _ := f.Get(s.ID); acted = &m; return nil }
			return fx, nil
		})
		if err != nil || acted == nil {
			return done, err
		}
		done++
		if onAction != nil {
			onAction()
		}
		s = *acted
	}
}

// runDue decides due action d of member m of family f and records it:
// the payments sweep's retries and refunds, or the lifecycle's action —
// whose card charge (a renewal, a trial's conversion) is paid before it
// commits, or leaves the family PastDue (docs/spec.md §7, §10).
func (a *App) runDue(ctx context.Context, f *store.Family, m domain.Subscription, d domain.Due, sweep string) (*recorder, error) {
	actor := domain.Actor{System: "system:" + sweep}
	switch d.Action {
	case domain.DuePaymentRetry:
		rec := newRecorder(f, actor, d.At, "RetryPayment", nil)
		ch, err := a.retryPayment(ctx, rec, m, m.PaymentMethodID, fmt.Sprintf("#retry%d", m.PaymentDue.Attempts))
		if err == nil && ch.Status != payments.ChargeSucceeded {
			err = a.retryDeclined(ctx, rec, m, ch)
		}
		return rec, err
	case domain.DueRefund:
		rec := newRecorder(f, actor, d.At, "PayRefund", nil)
		return rec, a.payRefunds(ctx, rec, m)
	}
	out := m.RunDue(d)
	rec := newRecorder(f, actor, d.At, out.Operation, nil)
	rec.record(out.After, out.Orders, out.Event, out.Extra)
	if !m.IsAddOn() { // add-ons follow their base
		for _, ao := range f.AddOns {
			if fo, changed := ao.FollowBase(out, d.At); changed {
				rec.op = fo.Operation
				rec.record(fo.After, fo.Orders, fo.Event, fo.Extra)
			}
		}
	}
	ch, charged, err := a.payRecorded(ctx, rec, m.PaymentMethodID, "")
	if err == nil && charged && ch.Status != payments.ChargeSucceeded {
		a.pastDue(rec, m.ID, ch)
	}
	return rec, err
}

// dueMembers are the members of f a due action on s touches: s, and its
// add-ons when s is a base.
func dueMembers(f store.Family, s domain.Subscription) []domain.Subscription {
	if s.IsAddOn() {
		return []domain.Subscription{s}
	}
	return append([]domain.Subscription{f.Base}, f.AddOns...)
}

package app

import (
	"context"
	"strings"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// GetSubscription is ref's subscription as p sees it.
func (a *App) GetSubscription(ctx context.Context, p domain.Principal, ref SubscriptionRef) (SubscriptionView, error) {
	c, f, s, err := a.subscriptionFor(ctx, p, ref, "GetSubscription")
	if err != nil {
		return SubscriptionView{}, err
	}
	return viewOf(c, s, f, a.Now()), nil
}

// SubscriptionFilter selects subscriptions in a list; empty fields match all.
type SubscriptionFilter = store.SubscriptionFilter

// ListSubscriptions lists a tenant's subscriptions newest first; a
// purchaser sees only their own. Add-ons' allowed actions are not judged
// against their base here.
func (a *App) ListSubscriptions(ctx context.Context, p domain.Principal, tenantID string, f SubscriptionFilter, page func(SubscriptionFilter) (Page, error)) ([]SubscriptionView, []byte, error) {
	c, err := a.authorizeIn(ctx, p, tenantID, "ListSubscriptions")
	if err != nil {
		return nil, nil, err
	}
	if c.onlyUser() {
		if f.PurchaserID != "" && f.PurchaserID != c.UserID {
			return nil, nil, domain.Errorf(domain.CodeForbidden, "users see only their own subscriptions")
		}
		f.PurchaserID = c.UserID
	}
	pg, err := page(f)
	if err != nil {
		return nil, nil, err
	}
	subs, next, err := a.Store.ListSubscriptions(ctx, tenantID, f, pg)
	if err != nil {
		return nil, nil, err
	}
	now := a.Now()
	out := make([]SubscriptionView, len(subs))
	for i, s := range subs {
		out[i] = SubscriptionView{Subscription: s, AllowedActions: s.AllowedActions(c.viewer(s), now, nil)}
	}
	return out, next, nil
}

// UpdateSubscription changes quantity, autoRenew or both (docs/spec.md
// §4.4, §4.6); turning a base's renewal on or off turns its add-ons'.
type UpdateSubscription struct {
	Quantity  *int
	AutoRenew *bool
}

// UpdateSubscription is the manager's change of ref's quantity and renewal.
func (a *App) UpdateSubscription(ctx context.Context, req Request, ref SubscriptionRef, cmd UpdateSubscription) (Reply, error) {
	return a.change(ctx, req, ref, "UpdateSubscription", func(ch *change) error {
		v, after := ch.viewer(), ch.subject
		var orders []domain.Order
		var err error
		if cmd.Quantity != nil {
			if after, orders, err = v.SetQuantityAs(after, *cmd.Quantity, ch.now); err != nil {
				return err
			}
		}
		if cmd.AutoRenew != nil {
			if after, err = v.SetAutoRenewAs(after, *cmd.AutoRenew, ch.base()); err != nil {
				return err
			}
		}
		if b, _ := changedFields(ch.subject, after); b == nil && len(orders) == 0 {
			return nil
		}
		after = ch.record(after, orders, domain.EventSubscriptionUpdated, nil)
		if cmd.AutoRenew == nil || after.IsAddOn() {
			return nil
		}
		for _, ao := range ch.f.LiveAddOns() { // add-ons renew with their base
			if aAfter, changed := ao.FollowBaseAutoRenew(after.AutoRenew); changed {
				ch.record(aAfter, nil, domain.EventSubscriptionUpdated, nil)
			}
		}
		return nil
	})
}

// CancelSubscription is a cancel of ref for reason (docs/spec.md §4.4,
// §4.8): 200 when it took effect, 202 when scheduled for the term's end;
// its add-ons follow it.
func (a *App) CancelSubscription(ctx context.Context, req Request, ref SubscriptionRef, code, text string) (Reply, error) {
	reason, err := domain.NewCancelReason(code, text)
	if err != nil {
		return Reply{}, err
	}
	return a.change(ctx, req, ref, "CancelSubscription", func(ch *change) error {
		cx, err := ch.viewer().CancelAs(ch.subject, req.Principal.UserID, ch.now, reason)
		if err != nil {
			return err
		}
		typ := domain.EventSubscriptionCancelled
		if cx.Quote.Effect == domain.EffectTermEnd {
			ch.status, typ = statusAccepted, domain.EventCancellationScheduled
		}
		ch.answer = func(v SubscriptionView) any {
			return struct {
				SubscriptionView
				Effect domain.CancelEffect `json:"effect"`
				Credit domain.Money        `json:"credit"`
			}{v, cx.Quote.Effect, cx.Quote.Credit}
		}
		if !cx.Changed {
			return nil
		}
		after := ch.record(cx.After, cx.Orders, typ, map[string]any{"reason": reason.String(), "reasonCode": reason.Code, "effect": cx.Quote.Effect, "credit": cx.Quote.Credit})
		if after.IsAddOn() {
			// An add-on ended at once is no longer owed by its PastDue base.
			if b := ch.f.Base; !after.Status.Live() && b.Status == domain.StatusPastDue {
				ch.record(b.Forgive(after.ID), nil, "", nil)
			}
			return nil
		}
		for _, ao := range ch.f.LiveAddOns() {
			aAfter, aOrders, changed := ao.FollowBaseCancel(cx.Quote.Effect, ch.now, reason.String())
			if !changed {
				continue
			}
			if after.TakenOver != nil { // an admin's cancel took the family over
				aAfter.TakenOver = after.TakenOver
			}
			credit := domain.Money{Currency: ao.UnitPrice.Currency}
			for _, o := range aOrders {
				credit = credit.Plus(o.Amount)
			}
			ch.record(aAfter, aOrders, typ, map[string]any{"reason": reason.String(), "reasonCode": reason.Code, "effect": cx.Quote.Effect, "credit": credit})
		}
		return nil
	})
}

// SuspendSubscription suspends ref and its add-ons for reason
// (docs/spec.md §4.5); the data-deletion date comes from the tenant.
func (a *App) SuspendSubscription(ctx context.Context, req Request, ref SubscriptionRef, reason string) (Reply, error) {
	if err := domain.CheckSuspensionReason(reason); err != nil {
		return Reply{}, err
	}
	return a.change(ctx, req, ref, "SuspendSubscription", func(ch *change) error {
		if err := ch.viewer().CanSuspend(ch.subject); err != nil {
			return err
		}
		return a.suspendFamily(ctx, ch.recorder, ch.subject, reason)
	})
}

// suspendFamily suspends s and, for a base, its add-ons for reason
// (docs/spec.md §4.5), with the data-deletion date from the tenant's
// retention: an admin's or agent's suspension, or the end of dunning.
func (a *App) suspendFamily(ctx context.Context, rec *recorder, s domain.Subscription, reason string) error {
	t, err := a.Store.GetTenant(ctx, s.TenantID) // the retention comes from the tenant's dates
	if err != nil {
		return err
	}
	retention := domain.Retention(t)
	return rec.cascade(s, domain.EventSubscriptionSuspended, map[string]any{"reason": reason}, func(x domain.Subscription) (domain.Subscription, bool, error) {
		if x.Status == domain.StatusSuspended && x.ID != s.ID { // suspended on its own before
			return x, false, nil
		}
		after, err := x.Suspend(rec.at, reason, retention)
		return after, err == nil, err
	})
}

// ReactivateSubscription brings ref and its add-ons back (docs/spec.md §4.5).
func (a *App) ReactivateSubscription(ctx context.Context, req Request, ref SubscriptionRef) (Reply, error) {
	return a.change(ctx, req, ref, "ReactivateSubscription", func(ch *change) error {
		if _, err := ch.viewer().ReactivateAs(ch.subject, ch.now, ch.base()); err != nil {
			return err
		}
		err := ch.cascade(domain.EventSubscriptionReactivated, func(x domain.Subscription) (domain.Subscription, bool, error) {
			if x.Status == domain.StatusActive && x.ID != ch.subject.ID {
				return x, false, nil
			}
			after, err := x.Reactivate(ch.now)
			return after, err == nil, err
		})
		if err != nil {
			return err
		}
		// An add-on back after its base renewed without it (the subject, or
		// one the base's reactivation brought back) catches up with it.
		base := ch.f.Base
		for _, ao := range ch.f.AddOns {
			if out, changed := ao.CatchUpWith(base, ch.now); changed {
				ch.record(out.After, out.Orders, out.Event, out.Extra)
			}
		}
		return nil
	})
}

// TakeOverSubscription has an admin take ref (and its add-ons) over
// (docs/spec.md §4.8).
func (a *App) TakeOverSubscription(ctx context.Context, req Request, ref SubscriptionRef) (Reply, error) {
	return a.change(ctx, req, ref, "TakeOverSubscription", func(ch *change) error {
		v, by := ch.viewer(), req.Principal.UserID
		return ch.cascade(domain.EventSubscriptionTakenOver, func(x domain.Subscription) (domain.Subscription, bool, error) {
			return v.TakeOverAs(x, by, ch.now)
		})
	})
}

// CreateAddOn buys an add-on of ref (docs/spec.md §4.6).
type CreateAddOn struct {
	ProductID string
	Quantity  int
}

// CreateAddOn is the base manager's purchase of an add-on; 201 with it.
func (a *App) CreateAddOn(ctx context.Context, req Request, ref SubscriptionRef, cmd CreateAddOn) (Reply, error) {
	if req.Key == nil {
		return Reply{}, domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required")
	}
	if err := domain.CheckID("productId", cmd.ProductID); err != nil {
		return Reply{}, err
	}
	return a.change(ctx, req, ref, "CreateAddOn", func(ch *change) error {
		base := ch.subject
		if err := ch.viewer().CanAddAddOnTo(base); err != nil {
			return err
		}
		product, err := a.Catalog.Get(cmd.ProductID)
		if err != nil {
			return err
		}
		id := base.ID + "_" + strings.TrimPrefix(ids.New("x", ch.now), "x_")
		addOn, orders, err := domain.NewAddOn(id, base, product, cmd.Quantity, len(ch.f.LiveAddOns()), ch.now)
		if err != nil {
			return err
		}
		if !base.HasAddOns { // the sweeps read its family from now on
			base.HasAddOns = true
			ch.f.Put(base)
		}
		ch.record(addOn, orders, domain.EventSubscriptionCreated, nil)
		ch.status, ch.answerID, ch.location = statusCreated, addOn.ID, "/v1/tenants/"+base.TenantID+"/subscriptions/"+addOn.ID
		return nil
	})
}

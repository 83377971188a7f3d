package app

import (
	"context"
	"slices"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/store"
)

// Caller is a principal with its effective roles in one tenant.
type Caller struct {
	domain.Principal
	actors []access.Actor
}

func (c Caller) has(roles ...access.Actor) bool {
	for _, r := range roles {
		if slices.Contains(c.actors, r) {
			return true
		}
	}
	return false
}

func (c Caller) isAdmin() bool { return c.has(access.GlobalAdmin, access.BillingAdmin) }
func (c Caller) isAgent() bool { return c.has(access.AdminAgent, access.SalesAgent) }

// onlyUser: a member with no admin or agent role — a purchaser, who sees
// only their own subscriptions (an Operator role doesn't widen that).
func (c Caller) onlyUser() bool {
	return c.has(access.User) && !c.isAdmin() && !c.has(access.AdminAgent, access.SalesAgent, access.HelpdeskAgent)
}

// viewer says what c may do with s ("manager of it", docs/spec.md §16).
func (c Caller) viewer(s domain.Subscription) domain.Viewer {
	return domain.ViewerOf(domain.Caller{UserID: c.UserID, TenantID: c.TenantID, User: c.has(access.User), Admin: c.isAdmin(), Agent: c.isAgent()}, s)
}

// callerIn returns p's effective roles in tenantID, reading the tenant only
// when p's reach depends on the tenant's partner; not reached → 404.
func (a *App) callerIn(ctx context.Context, p domain.Principal, tenantID string) (Caller, error) {
	partner := ""
	if access.NeedsPartner(p, tenantID) {
		t, err := a.Store.GetTenant(ctx, tenantID)
		if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
			return Caller{}, err
		}
		partner = t.PartnerID
	}
	return callerOf(p, tenantID, partner)
}

// callerOf is p in tenantID whose partner is partnerID; not reached → 404.
func callerOf(p domain.Principal, tenantID, partnerID string) (Caller, error) {
	c := Caller{Principal: p, actors: access.ActorsIn(p, tenantID, partnerID)}
	if len(c.actors) == 0 {
		return c, domain.Errorf(domain.CodeNotFound, "tenant %q not found", tenantID)
	}
	return c, nil
}

// authorizeIn reaches tenantID and checks op, an operation with no
// channel, against the role table.
func (a *App) authorizeIn(ctx context.Context, p domain.Principal, tenantID string, op access.Operation) (Caller, error) {
	c, err := a.callerIn(ctx, p, tenantID)
	if err != nil {
		return c, err
	}
	return c, access.DecideFor(c.actors, op, access.AnyChannel)
}

// partnerOnly are the changes of a customer's own reservation purchase
// that only its partner makes (docs/spec.md §5: cancel, exchange, renew).
var partnerOnly = map[access.Operation]bool{"UpdateSubscription": true, "CancelSubscription": true, "SuspendSubscription": true,
	"ReactivateSubscription": true, "TakeOverSubscription": true, "MoveUsers": true, "CreateAddOn": true}

// mayTouch authorizes op on s: users reach only their own (others: 404),
// a customer's reservation is changed by its partner only, then the role
// table for s's channel.
func (c Caller) mayTouch(s domain.Subscription, op access.Operation) error {
	if c.onlyUser() && s.Purchaser.UserID != c.UserID {
		return domain.Errorf(domain.CodeNotFound, "subscription %q not found", s.ID)
	}
	if partnerOnly[op] {
		if err := c.viewer(s).PartnerOnly(s); err != nil {
			return err
		}
	}
	return access.DecideFor(c.actors, op, access.Channel(s.Channel))
}

// SubscriptionRef names a subscription in its tenant, with the request's
// If-Match ("" : none).
type SubscriptionRef struct {
	TenantID, ID string
	IfMatch      string
}

// subscriptionFor reads ref's subscription — with its base when it is an
// add-on, in one round trip — and authorizes op on it. The family it
// returns holds those two only.
func (a *App) subscriptionFor(ctx context.Context, p domain.Principal, ref SubscriptionRef, op access.Operation) (Caller, store.Family, domain.Subscription, error) {
	c, err := a.callerIn(ctx, p, ref.TenantID)
	if err != nil {
		return c, store.Family{}, domain.Subscription{}, err
	}
	s, base, err := a.Store.GetSubscription(ctx, ref.TenantID, ref.ID)
	if err != nil {
		return c, store.Family{}, s, err
	}
	f := store.Family{Base: s}
	if base != nil {
		f = store.Family{Base: *base, AddOns: []domain.Subscription{s}}
	}
	return c, f, s, c.mayTouch(s, op)
}

// familyFor is subscriptionFor with the whole family (one Query).
func (a *App) familyFor(ctx context.Context, p domain.Principal, ref SubscriptionRef, op access.Operation) (Caller, store.Family, domain.Subscription, error) {
	c, err := a.callerIn(ctx, p, ref.TenantID)
	if err != nil {
		return c, store.Family{}, domain.Subscription{}, err
	}
	f, err := a.Store.GetFamily(ctx, ref.TenantID, ref.ID)
	if err != nil {
		return c, f, domain.Subscription{}, err
	}
	s, _ := f.Get(ref.ID)
	return c, f, s, c.mayTouch(s, op)
}

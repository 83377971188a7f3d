package app

import (
	"context"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/store"
)

// PutTenant creates or replaces a tenant's commercial facts, an
// Operator's: 201 when created, 200 with what it keeps besides (its
// customer permissions) when replaced.
func (a *App) PutTenant(ctx context.Context, req Request, id string, in domain.TenantInput) (Reply, error) {
	p, now := req.Principal, a.Now()
	if _, err := a.authorizeIn(ctx, p, id, "PutTenant"); err != nil {
		return Reply{}, err
	}
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		var reply Reply
		_, err := a.Store.PutTenant(ctx, id, now, func(before *domain.Tenant) (domain.Tenant, store.Effects, bool, error) {
			t, err := domain.NewTenant(id, in, before, now)
			if err != nil {
				return t, store.Effects{}, false, err
			}
			status, view := statusCreated, t
			if before != nil { // the answer shows what the tenant keeps besides its facts
				status, view.Permissions = statusOK, before.Permissions
			}
			if reply, err = jsonReply(status, view); err != nil {
				return t, store.Effects{}, false, err
			}
			old, changed := domain.TenantChanges(before, t)
			return t, store.Effects{Idempotency: req.Key.record(reply), Activity: newActivity(domain.ActorOf(p), now, id, "PutTenant", "tenant", id, old, changed)}, len(changed) > 0, nil
		})
		if err != nil {
			return replayOr(err, req.Key)
		}
		return reply, nil
	})
}

// GetTenant is a tenant as its admins, its partner's agents and Operators
// see it.
func (a *App) GetTenant(ctx context.Context, p domain.Principal, id string) (domain.Tenant, error) {
	return a.tenantFor(ctx, p, "GetTenant", id)
}

// ListCustomers lists the tenants whose partner is partnerID, to its agents.
func (a *App) ListCustomers(ctx context.Context, p domain.Principal, partnerID string, page func() (Page, error)) ([]domain.Tenant, []byte, error) {
	if err := access.Decide(p, "ListCustomers", access.Target{TenantID: partnerID}); err != nil {
		return nil, nil, err
	}
	pg, err := page()
	if err != nil {
		return nil, nil, err
	}
	return a.Store.ListCustomers(ctx, partnerID, pg)
}

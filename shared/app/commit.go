package app

import (
	"context"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// commitReply answers status with v (at location) once write has committed
// the change with the idempotency record of that answer, or replays the
// first answer of the same key.
func commitReply(key *Key, status int, v any, location string, write func(*store.Idempotency) error) (Reply, error) {
	reply, err := jsonReply(status, v)
	if err != nil {
		return Reply{}, err
	}
	reply.Location = location
	if err := write(key.record(reply)); err != nil {
		return replayOr(err, key)
	}
	return reply, nil
}

// retrying runs a use case until it doesn't lose a write race (the store's
// Retry), then answers a refusal with the key's first answer if it has one.
func (a *App) retrying(ctx context.Context, key *Key, run func() (Reply, error)) (Reply, error) {
	var reply Reply
	err := store.Retry(ctx, func() (err error) {
		reply, err = run()
		return err
	})
	if err != nil {
		return a.refusal(ctx, err, key)
	}
	return reply, nil
}

// newActivity is the activity record of a change actor made at.
func newActivity(actor domain.Actor, at time.Time, tenantID string, op access.Operation, targetType, targetID string, before, after map[string]any) *domain.Activity {
	return &domain.Activity{ID: ids.New("act", at), TenantID: tenantID, At: at, Actor: actor,
		Operation: string(op), TargetType: targetType, TargetID: targetID, Before: before, After: after}
}

// tenantFor reads tenantID and authorizes op on it. Unrelated principals
// get 404 whether or not it exists.
func (a *App) tenantFor(ctx context.Context, p domain.Principal, op access.Operation, tenantID string) (domain.Tenant, error) {
	t, err := a.Store.GetTenant(ctx, tenantID)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return t, err
	}
	if derr := access.Decide(p, op, access.Target{TenantID: tenantID, PartnerID: t.PartnerID}); derr != nil {
		return t, derr
	}
	return t, err
}

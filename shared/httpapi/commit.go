package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// commitAndWrite records the response in idem (when the request carried an
// Idempotency-Key), runs commit — which writes the change, its effects and
// idem in one transaction — and then writes the response, or replays the
// first outcome of the same key. A lost race is returned as is: the route
// wrapper runs the request again from its reads.
// A nil v answers with no body (204).
func commitAndWrite(w http.ResponseWriter, status int, v any, idem *store.Idempotency, commit func(*store.Idempotency) error) error {
	var b []byte
	contentType := ""
	if v != nil {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return err
		}
		contentType = "application/json"
	}
	if idem != nil {
		idem.Status, idem.Body, idem.ContentType = status, b, contentType
	}
	if err := commit(idem); err != nil {
		return replayOr(w, err, idem)
	}
	writeBody(w, status, contentType, b)
	return nil
}

// tenantFor loads the tenant named in the path and authorizes op on it.
// Unrelated principals get 404 whether or not it exists.
func (a *API) tenantFor(ctx context.Context, p domain.Principal, op access.Operation, tenantID string) (domain.Tenant, error) {
	t, err := a.Store.GetTenant(ctx, tenantID)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return t, err
	}
	if derr := access.Decide(p, op, access.Target{TenantID: tenantID, PartnerID: t.PartnerID}); derr != nil {
		return t, derr
	}
	return t, err
}

// newActivity returns the activity record of a change p made at.
func newActivity(p domain.Principal, at time.Time, tenantID string, op access.Operation, targetType, targetID string, before, after map[string]any) *domain.Activity {
	return &domain.Activity{ID: ids.New("act", at), TenantID: tenantID, At: at, Actor: domain.ActorOf(p),
		Operation: string(op), TargetType: targetType, TargetID: targetID, Before: before, After: after}
}

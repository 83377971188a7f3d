package httpapi

import (
	"encoding/json"
	"net/http"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/store"
)

func putTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	id := r.PathValue("tenantId")
	if _, err := a.authorizeIn(r, p, "PutTenant"); err != nil {
		return err
	}
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var in domain.TenantInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t, err := domain.NewTenant(id, in)
	if err != nil {
		return err
	}
	idem, err := idempotency(r, p, body, false)
	if err != nil {
		return err
	}
	status, b := http.StatusOK, []byte(nil)
	_, err = a.Store.PutTenant(r.Context(), t, now, func(before *domain.Tenant) (store.Effects, bool) {
		status = http.StatusOK
		if before == nil {
			status = http.StatusCreated
		}
		view := t
		if before != nil { // the answer shows what the tenant keeps besides its facts
			view.Permissions = before.Permissions
		}
		b, _ = json.Marshal(view)
		if idem != nil {
			idem.Status, idem.Body, idem.ContentType = status, b, "application/json"
		}
		old, changed := domain.TenantChanges(before, t)
		return store.Effects{Idempotency: idem, Activity: newActivity(p, now, id, "PutTenant", "tenant", id, old, changed)}, len(changed) > 0
	})
	if err != nil {
		return replayOr(w, err, idem)
	}
	writeBody(w, status, "application/json", b)
	return nil
}

func getTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	t, err := a.tenantFor(r.Context(), p, "GetTenant", r.PathValue("tenantId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func listCustomers(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	partnerID := r.PathValue("partnerId")
	if err := access.Decide(p, "ListCustomers", access.Target{TenantID: partnerID}); err != nil {
		return err
	}
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	pg, err := a.openPage(r, limit, "ListCustomers", partnerID)
	if err != nil {
		return err
	}
	ts, next, err := a.Store.ListCustomers(r.Context(), partnerID, pg.Page)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Tenant]{Items: ts, NextCursor: pg.next(next)})
}

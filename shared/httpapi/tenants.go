package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/store"
)

// tenantView is a tenant as the API shows it.
type tenantView struct {
	TenantID       string    `json:"tenantId"`
	Name           string    `json:"name"`
	Country        string    `json:"country"`
	HasAgreement   bool      `json:"hasAgreement"`
	PartnerID      string    `json:"partnerId,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	FirstBillingAt time.Time `json:"firstBillingAt"`
}

func viewTenant(t domain.Tenant) tenantView {
	return tenantView{t.TenantID, t.Name, t.Country, t.HasAgreement, t.PartnerID, t.CreatedAt, t.FirstBillingAt}
}

func putTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	id := r.PathValue("tenantId")
	if err := a.authorizeWrite(r.Context(), p, "PutTenant", id); err != nil {
		return err
	}
	if err := checkQuery(r.URL.Query(), nil); err != nil {
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
	view := viewTenant(t)
	for range maxRetries {
		status, b := http.StatusOK, []byte(nil)
		_, err = a.Store.PutTenant(r.Context(), t, now, func(before *domain.Tenant) (store.Effects, bool) {
			if before == nil {
				status = http.StatusCreated
			}
			b, _ = json.Marshal(view)
			if idem != nil {
				idem.Status, idem.Body, idem.ContentType = status, b, "application/json"
			}
			old, changed := domain.TenantChanges(before, t)
			return store.Effects{Idempotency: idem, Activity: newActivity(p, now, id, "PutTenant", "tenant", id, old, changed)}, len(changed) > 0
		})
		if err == store.ErrConflict {
			continue
		}
		if err != nil {
			_, err = replayed(w, err, idem)
			return err
		}
		writeBody(w, status, "application/json", b)
		return nil
	}
	return err
}

func getTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r.URL.Query(), nil); err != nil {
		return err
	}
	t, err := a.tenantFor(r.Context(), p, "GetTenant", r.PathValue("tenantId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, viewTenant(t))
}

func listCustomers(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	partnerID := r.PathValue("partnerId")
	if err := access.Decide(p, "ListCustomers", access.Target{TenantID: partnerID}); err != nil {
		return err
	}
	q := r.URL.Query()
	if err := checkQuery(q, []string{"limit", "cursor"}); err != nil {
		return err
	}
	limit, err := limitParam(q)
	if err != nil {
		return err
	}
	scope := "ListCustomers\x00" + partnerID
	after, err := a.Cursors.Open(scope, q.Get("cursor"))
	if err != nil {
		return err
	}
	ts, next, err := a.Store.ListCustomers(r.Context(), partnerID, store.Page{Limit: limit, After: after})
	if err != nil {
		return err
	}
	out := list[tenantView]{Items: make([]tenantView, len(ts)), NextCursor: a.Cursors.Seal(scope, next)}
	for i, t := range ts {
		out.Items[i] = viewTenant(t)
	}
	return writeJSON(w, http.StatusOK, out)
}

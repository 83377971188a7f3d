package httpapi

import (
	"net/http"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

func putTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in domain.TenantInput
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.PutTenant(r.Context(), req, r.PathValue("tenantId"), in))
}

func getTenant(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	t, err := a.App.GetTenant(r.Context(), p, r.PathValue("tenantId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func listCustomers(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	partnerID := r.PathValue("partnerId")
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	var pg pager
	ts, next, err := a.App.ListCustomers(r.Context(), p, partnerID, func() (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListCustomers", partnerID)
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Tenant]{Items: ts, NextCursor: pg.next(next)})
}

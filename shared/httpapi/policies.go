package httpapi

import (
	"net/http"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

func policyRef(r *http.Request) app.PolicyRef {
	return app.PolicyRef{TenantID: r.PathValue("tenantId"), PolicyID: r.PathValue("policyId")}
}

func getPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	v, err := a.App.GetPolicy(r.Context(), p, policyRef(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func listProductPolicies(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	items, err := a.App.ListProductPolicies(r.Context(), p, policyRef(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[app.ProductPolicyView]{Items: items})
}

func getProductPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	v, err := a.App.GetProductPolicy(r.Context(), p, policyRef(r), r.PathValue("productId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func updateProductPolicy(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var upd domain.PolicyUpdate
	req, err := changeRequest(r, p, &upd, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.UpdateProductPolicy(r.Context(), req, policyRef(r), r.PathValue("productId"), upd))
}

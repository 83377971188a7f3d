package httpapi

import (
	"net/http"

	"selfserve/shared/domain"
)

func getCustomerPermissions(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	v, err := a.App.GetCustomerPermissions(r.Context(), p, r.PathValue("tenantId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type permissionBody struct {
	Enabled *bool `json:"enabled"`
}

func setReservationPermission(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in permissionBody
	req, err := changeRequest(r, p, &in, false)
	if err == nil && in.Enabled == nil {
		err = domain.FieldErrorf("enabled", "enabled (true or false) is required")
	}
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.SetReservationPermission(r.Context(), req, r.PathValue("tenantId"), *in.Enabled))
}

type roleBody struct {
	Role string `json:"role"`
}

func assignSubscriptionRole(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in roleBody
	req, err := changeRequest(r, p, &in, false)
	if err != nil {
		return err
	}
	return writeReply(w)(a.App.AssignSubscriptionRole(r.Context(), req, subscriptionRef(r), r.PathValue("userId"), in.Role))
}

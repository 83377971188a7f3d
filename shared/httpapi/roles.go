package httpapi

import (
	"net/http"

	"selfserve/shared/domain"
	"selfserve/shared/store"
)

type roleBody struct {
	Role string `json:"role"`
}

// roleView is AssignSubscriptionRole's answer.
type roleView struct {
	SubscriptionID string `json:"subscriptionId"`
	UserID         string `json:"userId"`
	Role           string `json:"role"`
}

// assignSubscriptionRole makes a user Owner of an Azure plan subscription
// (SPEC §5): the role a customer user needs to buy reservations for it.
func assignSubscriptionRole(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	userID := r.PathValue("userId")
	var in roleBody
	c, _, s, idem, err := a.changeRequest(r, p, "AssignSubscriptionRole", &in)
	switch {
	case err != nil:
	case in.Role != "Owner":
		err = domain.Errorf(domain.CodeInvalidRequest, `role must be "Owner"`)
	case !c.isAdmin() && !c.has("AdminAgent"):
		err = domain.Errorf(domain.CodeForbidden, "only admins and AdminAgents assign subscription roles")
	case s.BillingType != domain.BillingUsage:
		err = domain.Errorf(domain.CodeInvalidRequest, "roles are assigned on Azure plan subscriptions only")
	case s.Status != domain.StatusActive:
		err = domain.Errorf(domain.CodeInvalidStatus, "the subscription is %s; roles need an Active one", s.Status)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	view := roleView{SubscriptionID: s.ID, UserID: userID, Role: in.Role}
	return commitAndWrite(w, http.StatusOK, view, idem, func(idem *store.Idempotency) error {
		return a.Store.AssignRole(r.Context(), s, userID, in.Role, p.UserID, now, store.Effects{Idempotency: idem,
			Activity: newActivity(p, now, s.TenantID, "AssignSubscriptionRole", "subscription", s.ID, nil, map[string]any{"userId": userID, "role": in.Role})})
	})
}

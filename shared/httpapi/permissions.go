package httpapi

import (
	"net/http"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Activity operations of customer permission changes, named exactly as
// SPEC §5 (Partner Center) names them.
const (
	opCreatePermission access.Operation = "Create customer purchase permission"
	opDeletePermission access.Operation = "Delete customer purchase permission"
)

// permissionsView is a customer's permissions.
type permissionsView struct {
	TenantID string `json:"tenantId"`
	domain.CustomerPermissions
}

func getCustomerPermissions(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	t, err := a.tenantFor(r.Context(), p, "GetCustomerPermissions", r.PathValue("tenantId"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, permissionsView{TenantID: t.TenantID, CustomerPermissions: t.Permissions})
}

type permissionBody struct {
	Enabled *bool `json:"enabled"`
}

// setReservationPermission turns the customer's reservations permission
// on or off (SPEC §5): the partner's AdminAgent only; on needs the
// tenant's Azure plan Active with an Owner.
func setReservationPermission(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	tenantID := r.PathValue("tenantId")
	var in permissionBody
	idem, err := bodyRequest(r, p, &in)
	if err == nil && in.Enabled == nil {
		err = domain.Errorf(domain.CodeInvalidRequest, "enabled (true or false) is required")
	}
	var t domain.Tenant
	if err == nil {
		t, err = a.tenantFor(r.Context(), p, "SetReservationPermission", tenantID)
	}
	var owner *store.AzurePlanOwner
	if err == nil && *in.Enabled && !t.Permissions.Reservations.Enabled {
		owner, err = a.azurePlanOwner(r, tenantID)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	before := t.Permissions.Reservations
	after := domain.Permission{Enabled: *in.Enabled, UpdatedAt: now, UpdatedBy: p.UserID}
	if before.Enabled == after.Enabled { // nothing changes, nothing is logged
		return writeJSON(w, http.StatusOK, permissionsView{TenantID: tenantID, CustomerPermissions: t.Permissions})
	}
	op := opDeletePermission
	if after.Enabled {
		op = opCreatePermission
	}
	facts := map[string]any{"permission": domain.PermissionReservations, "customer": tenantID, "enabled": after.Enabled}
	if owner != nil {
		facts["azureSubscriptionId"], facts["owner"] = owner.SubscriptionID, owner.UserID
	}
	ev := domain.Event{ID: ids.New("evt", now), Type: domain.EventCustomerPermissionUpdated, TenantID: tenantID, PartnerID: t.PartnerID,
		OccurredAt: now, Data: map[string]any{"tenantId": tenantID, "permission": domain.PermissionReservations, "enabled": after.Enabled}}
	view := permissionsView{TenantID: tenantID, CustomerPermissions: domain.CustomerPermissions{Reservations: after}}
	return commitAndWrite(w, http.StatusOK, view, idem, func(idem *store.Idempotency) error {
		return a.Store.SetReservationPermission(r.Context(), tenantID, after, owner, now, store.Effects{Idempotency: idem, Events: []domain.Event{ev},
			Activity: newActivity(p, now, tenantID, op, "customerPermission", tenantID, map[string]any{"enabled": before.Enabled}, facts)})
	})
}

// azurePlanOwner finds what the reservations permission rests on: the
// tenant's Azure plan subscription, Active (409 azure_subscription_required),
// with a user holding Owner on it (409 owner_role_required).
func (a *API) azurePlanOwner(r *http.Request, tenantID string) (*store.AzurePlanOwner, error) {
	plan, ok := a.Catalog.AzurePlan()
	if !ok {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the catalog has no Azure plan")
	}
	subID, status, err := a.Store.AzurePlan(r.Context(), tenantID, plan.ProductID)
	if err != nil {
		return nil, err
	}
	if subID == "" || status != domain.StatusActive {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the customer needs an Active Azure plan subscription first")
	}
	user, err := a.Store.AnOwner(r.Context(), tenantID, subID)
	if err != nil {
		return nil, err
	}
	if user == "" {
		return nil, domain.Errorf(domain.CodeOwnerRoleRequired, "a user of the customer needs the Owner role on its Azure plan subscription %s first", subID).
			With("subscriptionId", subID)
	}
	return &store.AzurePlanOwner{ProductID: plan.ProductID, SubscriptionID: subID, UserID: user}, nil
}

package app

import (
	"context"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Activity operations of customer permission changes, named exactly as
// docs/spec.md §5 (Partner Center) names them.
const (
	opCreatePermission access.Operation = "Create customer purchase permission"
	opDeletePermission access.Operation = "Delete customer purchase permission"
)

// PermissionsView is a customer's permissions.
type PermissionsView struct {
	TenantID string `json:"tenantId"`
	domain.CustomerPermissions
}

// GetCustomerPermissions is what tenantID's partner lets its users buy.
func (a *App) GetCustomerPermissions(ctx context.Context, p domain.Principal, tenantID string) (PermissionsView, error) {
	t, err := a.tenantFor(ctx, p, "GetCustomerPermissions", tenantID)
	return PermissionsView{TenantID: t.TenantID, CustomerPermissions: t.Permissions}, err
}

// SetReservationPermission turns the customer's reservations permission on
// or off (docs/spec.md §5): the partner's AdminAgent only; on needs the
// tenant's Azure plan Active with an Owner. Setting the value it has
// changes and logs nothing.
func (a *App) SetReservationPermission(ctx context.Context, req Request, tenantID string, enabled bool) (Reply, error) {
	p, now := req.Principal, a.Now()
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		t, err := a.tenantFor(ctx, p, "SetReservationPermission", tenantID)
		if err != nil {
			return Reply{}, err
		}
		var owner *store.AzurePlanOwner
		if enabled && !t.Permissions.Reservations.Enabled {
			if owner, err = a.azurePlanOwner(ctx, tenantID); err != nil {
				return Reply{}, err
			}
		}
		before := t.Permissions.Reservations
		after := domain.Permission{Enabled: enabled, UpdatedAt: now, UpdatedBy: p.UserID}
		if before.Enabled == after.Enabled {
			return jsonReply(statusOK, PermissionsView{TenantID: tenantID, CustomerPermissions: t.Permissions})
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
		view := PermissionsView{TenantID: tenantID, CustomerPermissions: domain.CustomerPermissions{Reservations: after}}
		return commitReply(req.Key, statusOK, view, "", func(idem *store.Idempotency) error {
			return a.Store.SetReservationPermission(ctx, tenantID, after, owner, now, store.Effects{Idempotency: idem, Events: []domain.Event{ev},
				Activity: newActivity(domain.ActorOf(p), now, tenantID, op, "customerPermission", tenantID, map[string]any{"enabled": before.Enabled}, facts)})
		})
	})
}

// azurePlanOwner finds what the reservations permission rests on: the
// tenant's Azure plan subscription, Active (409 azure_subscription_required),
// with a user holding Owner on it (409 owner_role_required).
func (a *App) azurePlanOwner(ctx context.Context, tenantID string) (*store.AzurePlanOwner, error) {
	plan, ok := a.Catalog.AzurePlan()
	if !ok {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the catalog has no Azure plan")
	}
	subID, status, err := a.Store.AzurePlan(ctx, tenantID, plan.ProductID)
	if err != nil {
		return nil, err
	}
	if subID == "" || status != domain.StatusActive {
		return nil, domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the customer needs an Active Azure plan subscription first")
	}
	user, err := a.Store.AnOwner(ctx, tenantID, subID)
	if err != nil {
		return nil, err
	}
	if user == "" {
		return nil, domain.Errorf(domain.CodeOwnerRoleRequired, "a user of the customer needs the Owner role on its Azure plan subscription %s first", subID).
			With("subscriptionId", subID)
	}
	return &store.AzurePlanOwner{ProductID: plan.ProductID, SubscriptionID: subID, UserID: user}, nil
}

// RoleView is AssignSubscriptionRole's answer.
type RoleView struct {
	SubscriptionID string `json:"subscriptionId"`
	UserID         string `json:"userId"`
	Role           string `json:"role"`
}

// AssignSubscriptionRole makes userID Owner of an Active Azure plan
// subscription (docs/spec.md §5): the role a customer user needs to buy
// reservations for it. Admins and AdminAgents only.
func (a *App) AssignSubscriptionRole(ctx context.Context, req Request, ref SubscriptionRef, userID, role string) (Reply, error) {
	p, now := req.Principal, a.Now()
	if role != "Owner" {
		return Reply{}, domain.FieldErrorf("role", `role must be "Owner"`)
	}
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		c, _, s, err := a.subscriptionFor(ctx, p, ref, "AssignSubscriptionRole")
		switch {
		case err != nil:
			return Reply{}, err
		case !c.isAdmin() && !c.has(access.AdminAgent):
			return Reply{}, domain.Errorf(domain.CodeForbidden, "only admins and AdminAgents assign subscription roles")
		case s.BillingType != domain.BillingUsage:
			return Reply{}, domain.Errorf(domain.CodeInvalidRequest, "roles are assigned on Azure plan subscriptions only")
		case s.Status != domain.StatusActive:
			return Reply{}, domain.Errorf(domain.CodeInvalidStatus, "the subscription is %s; roles need an Active one", s.Status)
		}
		if err := checkIfMatch(ref.IfMatch, s); err != nil {
			return Reply{}, err
		}
		view := RoleView{SubscriptionID: s.ID, UserID: userID, Role: role}
		return commitReply(req.Key, statusOK, view, "", func(idem *store.Idempotency) error {
			return a.Store.AssignRole(ctx, s, userID, role, p.UserID, now, store.Effects{Idempotency: idem,
				Activity: newActivity(domain.ActorOf(p), now, s.TenantID, "AssignSubscriptionRole", "subscription", s.ID, nil, map[string]any{"userId": userID, "role": role})})
		})
	})
}

package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// permissionAttr is a customer permission as stored in the tenant item's
// `permissions` map (so a tenant read, and ListCustomers, carry it).
type permissionAttr struct {
	Enabled   bool      `dynamodbav:"enabled"`
	UpdatedAt time.Time `dynamodbav:"updatedAt"`
	UpdatedBy string    `dynamodbav:"updatedBy"`
}

// AzurePlanOwner is what turning the reservations permission on, or a
// customer's reservation purchase, rests on: the tenant's Azure plan
// subscription (Active) and a user holding Owner on it.
type AzurePlanOwner struct {
	ProductID      string // the Azure plan's product id (its limit marker)
	SubscriptionID string
	UserID         string
}

// AzurePlan returns the tenant's live Azure plan subscription and its
// status from the plan's limit marker ("" when there is none): one GetItem.
func (s *Store) AzurePlan(ctx context.Context, tenantID, productID string) (string, domain.Status, error) {
	var m markerItem
	err := s.getItem(ctx, limitKey(tenantID, productID), &m, domain.Errorf(domain.CodeNotFound, "no Azure plan"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return "", "", nil
	}
	return m.SubscriptionID, domain.Status(m.Status), err
}

// AnOwner returns a user holding Owner on the subscription, or "": one
// Query of one item.
func (s *Store) AnOwner(ctx context.Context, tenantID, subID string) (string, error) {
	var items []roleItem
	q := query{key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith(rolePrefix(subID)))}
	if _, err := s.queryPage(ctx, q, Page{Limit: 1}, &items); err != nil || len(items) == 0 {
		return "", err
	}
	return items[0].UserID, nil
}

// HasRole reports whether userID holds a role on the subscription: one
// GetItem.
func (s *Store) HasRole(ctx context.Context, tenantID, subID, userID string) (bool, error) {
	var it roleItem
	err := s.getItem(ctx, roleKey(tenantID, subID, userID), &it, domain.Errorf(domain.CodeNotFound, "no role"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return false, nil
	}
	return err == nil && it.Role == "Owner", err
}

// ownerChecks are the condition checks that o still stands: the Azure plan
// is the tenant's live one and Active, and the user still holds Owner.
func (s *Store) ownerChecks(tenantID string, o AzurePlanOwner, purchase bool) ([]write, error) {
	lk := limitKey(tenantID, o.ProductID)
	azure, err := s.conditionCheck(lk, expression.Name("subscriptionId").Equal(expression.Value(o.SubscriptionID)).
		And(expression.Name("status").Equal(expression.Value(string(domain.StatusActive)))),
		domain.Errorf(domain.CodeAzureSubscriptionNeeded, "the tenant's Azure plan subscription is no longer Active"))
	if err != nil {
		return nil, err
	}
	noOwner := domain.Errorf(domain.CodeOwnerRoleRequired, "the Owner role on the Azure plan subscription was removed")
	if purchase {
		noOwner = noOwner.AsRefusal()
	}
	role, err := s.conditionCheck(roleKey(tenantID, o.SubscriptionID, o.UserID), expression.AttributeExists(expression.Name("pk")), noOwner)
	if err != nil {
		return nil, err
	}
	return []write{azure, role}, nil
}

// SetReservationPermission sets the tenant's reservations permission with
// its effects in one transaction. Turning it on (owner set) is conditioned
// on the Azure plan and its Owner still standing. Returns CodeNotFound for
// a missing tenant, CodeAzureSubscriptionNeeded, CodeOwnerRoleRequired.
func (s *Store) SetReservationPermission(ctx context.Context, tenantID string, p domain.Permission, owner *AzurePlanOwner, now time.Time, fx Effects) error {
	// The whole map: reservations is the only customer permission.
	set := expression.Set(expression.Name("permissions"), expression.Value(map[string]permissionAttr{
		domain.PermissionReservations: {Enabled: p.Enabled, UpdatedAt: p.UpdatedAt.UTC(), UpdatedBy: p.UpdatedBy}})).
		Add(expression.Name("version"), expression.Value(1))
	cond := expression.AttributeExists(expression.Name("pk"))
	w, err := s.update(tenantKey(tenantID), set, &cond, tenantNotFound(tenantID))
	if err != nil {
		return err
	}
	writes := []write{w}
	if owner != nil {
		checks, err := s.ownerChecks(tenantID, *owner, false)
		if err != nil {
			return err
		}
		writes = append(writes, checks...)
	}
	return s.commit(ctx, now, writes, fx)
}

package app

import (
	"context"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// PolicyView is GetPolicy's answer: the policy, its values and its default.
type PolicyView struct {
	PolicyID     string             `json:"policyId"`
	Description  string             `json:"description"`
	DefaultValue domain.PolicyValue `json:"defaultValue"`
	Values       []PolicyValueView  `json:"values"`
}

// PolicyValueView is a policy value with its admin-center label.
type PolicyValueView struct {
	Value domain.PolicyValue `json:"value"`
	Label string             `json:"label"`
}

// ProductPolicyView is a product's effective value with its default.
type ProductPolicyView struct {
	domain.ProductPolicy
	DefaultValue domain.PolicyValue `json:"defaultValue"`
}

func viewProductPolicy(pp domain.ProductPolicy, p domain.Product) ProductPolicyView {
	return ProductPolicyView{ProductPolicy: pp, DefaultValue: p.DefaultPolicyValue}
}

// PolicyRef names a policy of a tenant.
type PolicyRef struct {
	TenantID, PolicyID string
}

// policyTenant authorizes op and checks the policy id; it returns the tenant.
func (a *App) policyTenant(ctx context.Context, p domain.Principal, ref PolicyRef, op access.Operation) (domain.Tenant, error) {
	t, err := a.tenantFor(ctx, p, op, ref.TenantID)
	if err != nil {
		return t, err
	}
	return t, domain.CheckPolicyID(ref.PolicyID)
}

// GetPolicy describes AllowSelfServicePurchase (docs/spec.md §3).
func (a *App) GetPolicy(ctx context.Context, p domain.Principal, ref PolicyRef) (PolicyView, error) {
	if _, err := a.policyTenant(ctx, p, ref, "GetPolicy"); err != nil {
		return PolicyView{}, err
	}
	v := PolicyView{PolicyID: domain.PolicyID, Description: domain.PolicyDescription, DefaultValue: domain.PolicyEnabled}
	for _, pv := range []domain.PolicyValue{domain.PolicyEnabled, domain.PolicyTrialsOnly, domain.PolicyDisabled} {
		v.Values = append(v.Values, PolicyValueView{pv, pv.Label()})
	}
	return v, nil
}

// ListProductPolicies is the effective value for every self-service
// product (Get-MSCommerceProductPolicies).
func (a *App) ListProductPolicies(ctx context.Context, p domain.Principal, ref PolicyRef) ([]ProductPolicyView, error) {
	t, err := a.policyTenant(ctx, p, ref, "ListProductPolicies")
	if err != nil {
		return nil, err
	}
	products := a.Catalog.SelfServiceEligible()
	out := make([]ProductPolicyView, 0, len(products))
	for _, prod := range products {
		pp, err := domain.EffectivePolicy(prod, t.Policies)
		if err != nil {
			return nil, err
		}
		out = append(out, viewProductPolicy(pp, prod))
	}
	return out, nil
}

// GetProductPolicy is one product's effective value.
func (a *App) GetProductPolicy(ctx context.Context, p domain.Principal, ref PolicyRef, productID string) (ProductPolicyView, error) {
	t, err := a.policyTenant(ctx, p, ref, "GetProductPolicy")
	if err != nil {
		return ProductPolicyView{}, err
	}
	prod, err := a.Catalog.Get(productID)
	if err != nil {
		return ProductPolicyView{}, err
	}
	pp, err := domain.EffectivePolicy(prod, t.Policies)
	return viewProductPolicy(pp, prod), err
}

// UpdateProductPolicy sets a product's value (docs/spec.md §3) in one round
// trip: the tenant's existence is a condition of the transaction, not a
// read. Logged, and announced by policy.updated.
func (a *App) UpdateProductPolicy(ctx context.Context, req Request, ref PolicyRef, productID string, upd domain.PolicyUpdate) (Reply, error) {
	p, now := req.Principal, a.Now()
	if _, err := a.authorizeIn(ctx, p, ref.TenantID, "UpdateProductPolicy"); err != nil {
		return Reply{}, err
	}
	if err := domain.CheckPolicyID(ref.PolicyID); err != nil {
		return Reply{}, err
	}
	prod, err := a.Catalog.Get(productID)
	if err != nil {
		return Reply{}, err
	}
	if err := domain.CheckPolicyApplicable(prod); err != nil {
		return Reply{}, err
	}
	value, err := upd.Value()
	if err != nil {
		return Reply{}, err
	}
	pp, _ := domain.EffectivePolicy(prod, map[string]domain.PolicySetting{productID: {Value: value}})
	tenantID := ref.TenantID
	event := domain.Event{ID: ids.New("evt", now), Type: domain.EventPolicyUpdated, TenantID: tenantID, OccurredAt: now,
		Data: map[string]any{"tenantId": tenantID, "policyId": domain.PolicyID, "productId": productID,
			"productName": prod.Name, "policyValue": value, "isDefault": false, "updatedBy": p.UserID}}
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		return commitReply(req.Key, statusOK, viewProductPolicy(pp, prod), "", func(idem *store.Idempotency) error {
			return a.Store.SetPolicy(ctx, tenantID, productID, domain.PolicySetting{Value: value, UpdatedAt: now, UpdatedBy: p.UserID}, now,
				store.Effects{Activity: newActivity(domain.ActorOf(p), now, tenantID, "UpdateProductPolicy", "productPolicy", productID, nil, map[string]any{"policyValue": value}),
					Events: []domain.Event{event}, Idempotency: idem})
		})
	})
}

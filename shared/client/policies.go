package client

import "context"

// AllowSelfServicePurchase is the only policy id.
const AllowSelfServicePurchase = "AllowSelfServicePurchase"

// PolicyValue is a value of AllowSelfServicePurchase.
type PolicyValue string

// The values of AllowSelfServicePurchase.
const (
	Enabled                        PolicyValue = "Enabled"                        // "Allow"
	OnlyTrialsWithoutPaymentMethod PolicyValue = "OnlyTrialsWithoutPaymentMethod" // "Allow for trials only"
	Disabled                       PolicyValue = "Disabled"                       // "Do not allow"
)

// Policy describes a policy, its values and its default.
type Policy struct {
	PolicyID     string             `json:"policyId"`
	Description  string             `json:"description"`
	DefaultValue PolicyValue        `json:"defaultValue"`
	Values       []PolicyValueLabel `json:"values"`
}

// PolicyValueLabel is a policy value with its admin-center label.
type PolicyValueLabel struct {
	Value PolicyValue `json:"value"`
	Label string      `json:"label"`
}

// ProductPolicy is a product's effective policy value in a tenant.
type ProductPolicy struct {
	PolicyID    string      `json:"policyId"`
	ProductID   string      `json:"productId"`
	ProductName string      `json:"productName"`
	PolicyValue PolicyValue `json:"policyValue"`
	// IsDefault is true when the tenant never set a value.
	IsDefault    bool        `json:"isDefault"`
	DefaultValue PolicyValue `json:"defaultValue"`
}

// ProductPolicyList is the answer of ListProductPolicies (never paged).
type ProductPolicyList struct {
	Items []ProductPolicy `json:"items"`
}

// ProductPolicyUpdate is the body of UpdateProductPolicy: set PolicyValue, or
// Enabled (the legacy form: true is Enabled, false Disabled), not both.
type ProductPolicyUpdate struct {
	PolicyValue PolicyValue `json:"policyValue,omitempty"`
	Enabled     *bool       `json:"enabled,omitempty"`
}

// GetPolicy describes a policy (Get-MSCommercePolicy).
func (c *Client) GetPolicy(ctx context.Context, tenantID, policyID string, opts ...CallOption) (*Policy, error) {
	return do[Policy](ctx, c, "GetPolicy", []string{tenantID, policyID}, nil, nil, opts)
}

// ListProductPolicies lists the tenant's effective value for every
// self-service eligible product (Get-MSCommerceProductPolicies).
func (c *Client) ListProductPolicies(ctx context.Context, tenantID, policyID string, opts ...CallOption) (*ProductPolicyList, error) {
	return do[ProductPolicyList](ctx, c, "ListProductPolicies", []string{tenantID, policyID}, nil, nil, opts)
}

// GetProductPolicy gets the tenant's effective value for one product
// (Get-MSCommerceProductPolicy).
func (c *Client) GetProductPolicy(ctx context.Context, tenantID, policyID, productID string, opts ...CallOption) (*ProductPolicy, error) {
	return do[ProductPolicy](ctx, c, "GetProductPolicy", []string{tenantID, policyID, productID}, nil, nil, opts)
}

// UpdateProductPolicy sets the tenant's value for one product
// (Update-MSCommerceProductPolicy).
func (c *Client) UpdateProductPolicy(ctx context.Context, tenantID, policyID, productID string, body ProductPolicyUpdate, opts ...CallOption) (*ProductPolicy, error) {
	return do[ProductPolicy](ctx, c, "UpdateProductPolicy", []string{tenantID, policyID, productID}, nil, body, opts)
}

package client

import (
	"context"
	"iter"
	"time"
)

// TenantInput is the body of PutTenant: every commercial fact of the tenant.
type TenantInput struct {
	Name         string `json:"name"`
	Country      string `json:"country"` // ISO 3166-1 alpha-2
	HasAgreement bool   `json:"hasAgreement,omitempty"`
	PartnerID    string `json:"partnerId,omitempty"`
	// CreatedAt defaults to the first PutTenant's time; zero keeps the tenant's.
	CreatedAt      time.Time `json:"createdAt,omitzero"`
	FirstBillingAt time.Time `json:"firstBillingAt,omitzero"`
	BillingEmail   string    `json:"billingEmail,omitempty"`
}

// Tenant is a tenant's commercial facts.
type Tenant struct {
	TenantID            string              `json:"tenantId"`
	Name                string              `json:"name"`
	Country             string              `json:"country"`
	HasAgreement        bool                `json:"hasAgreement"`
	PartnerID           string              `json:"partnerId,omitempty"`
	CreatedAt           time.Time           `json:"createdAt"`
	FirstBillingAt      time.Time           `json:"firstBillingAt"`
	BillingEmail        string              `json:"billingEmail,omitempty"`
	CustomerPermissions CustomerPermissions `json:"customerPermissions"`
}

// CustomerPermissions is what the customer's partner lets its users do.
type CustomerPermissions struct {
	Reservations Permission `json:"reservations"`
}

// Permission is a customer permission's state.
type Permission struct {
	Enabled   bool      `json:"enabled"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	UpdatedBy string    `json:"updatedBy,omitempty"`
}

// CustomerPermissionsView is a customer's permissions.
type CustomerPermissionsView struct {
	TenantID     string     `json:"tenantId"`
	Reservations Permission `json:"reservations"`
}

// ReservationPermissionUpdate is the body of SetReservationPermission.
type ReservationPermissionUpdate struct {
	Enabled bool `json:"enabled"`
}

// ListCustomersParams pages ListCustomers.
type ListCustomersParams struct {
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListCustomersParams) setCursor(c string) { p.Cursor = c }

// PutTenant creates (201) or replaces (200) a tenant's commercial facts
// (Operator only).
func (c *Client) PutTenant(ctx context.Context, tenantID string, body TenantInput, opts ...CallOption) (*Tenant, error) {
	return do[Tenant](ctx, c, "PutTenant", []string{tenantID}, nil, body, opts)
}

// GetTenant gets a tenant.
func (c *Client) GetTenant(ctx context.Context, tenantID string, opts ...CallOption) (*Tenant, error) {
	return do[Tenant](ctx, c, "GetTenant", []string{tenantID}, nil, nil, opts)
}

// ListCustomers lists one page of a partner's customer tenants.
func (c *Client) ListCustomers(ctx context.Context, partnerID string, params *ListCustomersParams, opts ...CallOption) (*Page[Tenant], error) {
	return do[Page[Tenant]](ctx, c, "ListCustomers", []string{partnerID}, params, nil, opts)
}

// AllCustomers yields every customer tenant of a partner, page after page.
func (c *Client) AllCustomers(ctx context.Context, partnerID string, params *ListCustomersParams, opts ...CallOption) iter.Seq2[Tenant, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListCustomersParams) (*Page[Tenant], error) {
		return c.ListCustomers(ctx, partnerID, p, opts...)
	}))
}

// GetCustomerPermissions gets what the tenant's partner lets its users do.
func (c *Client) GetCustomerPermissions(ctx context.Context, tenantID string, opts ...CallOption) (*CustomerPermissionsView, error) {
	return do[CustomerPermissionsView](ctx, c, "GetCustomerPermissions", []string{tenantID}, nil, nil, opts)
}

// SetReservationPermission lets the customer buy reservations, or stops it
// (the partner's AdminAgent only).
func (c *Client) SetReservationPermission(ctx context.Context, tenantID string, body ReservationPermissionUpdate, opts ...CallOption) (*CustomerPermissionsView, error) {
	return do[CustomerPermissionsView](ctx, c, "SetReservationPermission", []string{tenantID}, nil, body, opts)
}

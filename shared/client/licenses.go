package client

import (
	"bytes"
	"context"
	"iter"
	"time"
)

// LicenseUser is a user to license, or a licensed user.
type LicenseUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// License is one user's seat on a subscription.
type License struct {
	SubscriptionID string    `json:"subscriptionId"`
	ProductID      string    `json:"productId"`
	ProductName    string    `json:"productName"`
	PurchaserID    string    `json:"purchaserId"`
	UserID         string    `json:"userId"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	AssignedAt     time.Time `json:"assignedAt"`
	AssignedBy     string    `json:"assignedBy"`
}

// AssignLicensesRequest is the body of AssignLicenses (1 to 90 users).
type AssignLicensesRequest struct {
	Users []LicenseUser `json:"users"`
}

// LicenseAssignment is the answer of AssignLicenses.
type LicenseAssignment struct {
	Subscription SubscriptionView `json:"subscription"`
	Assigned     []string         `json:"assigned"`  // user ids licensed now
	Unchanged    []string         `json:"unchanged"` // user ids that held one
}

// AssignLicensesBulkRequest is the body of AssignLicensesBulk (1 to 10,000
// users).
type AssignLicensesBulkRequest struct {
	Users []LicenseUser `json:"users"`
}

// BulkLicenseAssignment is the answer of AssignLicensesBulk.
type BulkLicenseAssignment struct {
	Subscription SubscriptionView `json:"subscription"`
	Requested    int              `json:"requested"`
	Assigned     int              `json:"assigned"`
	Unchanged    int              `json:"unchanged"`
}

// PurchaserLicenses are the licensed users of one purchaser's subscriptions
// of a product.
type PurchaserLicenses struct {
	Purchaser Purchaser     `json:"purchaser"`
	Users     []LicenseUser `json:"users"` // the first 100
	UserCount int           `json:"userCount"`
}

// ProductLicenses is one product of the license summary.
type ProductLicenses struct {
	ProductID       string              `json:"productId"`
	ProductName     string              `json:"productName"`
	SubscriptionIDs []string            `json:"subscriptionIds"`
	Quantity        int                 `json:"quantity"`
	Assigned        int                 `json:"assigned"`
	Available       int                 `json:"available"`
	Purchasers      []PurchaserLicenses `json:"purchasers"`
}

// LicenseSummary is the answer of LicenseSummary (never paged).
type LicenseSummary struct {
	Items []ProductLicenses `json:"items"`
}

// ListLicensesParams pages ListLicenses.
type ListLicensesParams struct {
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListLicensesParams) setCursor(c string) { p.Cursor = c }

// LicenseSummaryParams filters LicenseSummary.
type LicenseSummaryParams struct {
	Channel string `url:"channel,omitempty"`
}

// ExportLicensesParams chooses the subscriptions ExportLicenses exports.
type ExportLicensesParams struct {
	SubscriptionIDs []string `url:"subscriptionId"` // 1 to 100
	// Cursor starts at a later page (ExportLicenses follows them all).
	Cursor string `url:"cursor,omitempty"`
}

// ListLicenses lists one page of a subscription's licensed users, by user
// id.
func (c *Client) ListLicenses(ctx context.Context, tenantID, subscriptionID string, params *ListLicensesParams, opts ...CallOption) (*Page[License], error) {
	return do[Page[License]](ctx, c, "ListLicenses", []string{tenantID, subscriptionID}, params, nil, opts)
}

// AllLicenses yields every license of a subscription.
func (c *Client) AllLicenses(ctx context.Context, tenantID, subscriptionID string, params *ListLicensesParams, opts ...CallOption) iter.Seq2[License, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListLicensesParams) (*Page[License], error) {
		return c.ListLicenses(ctx, tenantID, subscriptionID, p, opts...)
	}))
}

// AssignLicenses licenses up to 90 users, all or none.
func (c *Client) AssignLicenses(ctx context.Context, tenantID, subscriptionID string, body AssignLicensesRequest, opts ...CallOption) (*LicenseAssignment, error) {
	return do[LicenseAssignment](ctx, c, "AssignLicenses", []string{tenantID, subscriptionID}, nil, body, opts)
}

// AssignLicensesBulk licenses up to 10,000 users; sent again with the same
// IdempotencyKey it resumes an interrupted request.
func (c *Client) AssignLicensesBulk(ctx context.Context, tenantID, subscriptionID string, body AssignLicensesBulkRequest, opts ...CallOption) (*BulkLicenseAssignment, error) {
	return do[BulkLicenseAssignment](ctx, c, "AssignLicensesBulk", []string{tenantID, subscriptionID}, nil, body, opts)
}

// UnassignLicense removes a user's license.
func (c *Client) UnassignLicense(ctx context.Context, tenantID, subscriptionID, userID string, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "UnassignLicense", []string{tenantID, subscriptionID, userID}, nil, nil, opts)
}

// LicenseSummary is the tenant's licenses per product.
func (c *Client) LicenseSummary(ctx context.Context, tenantID string, params *LicenseSummaryParams, opts ...CallOption) (*LicenseSummary, error) {
	return do[LicenseSummary](ctx, c, "LicenseSummary", []string{tenantID}, params, nil, opts)
}

// ExportLicenses returns the CSV (RFC 4180, header row) of the licensed
// users of the chosen subscriptions, every page of it (the API answers
// 10,000 rows a page and links the next).
func (c *Client) ExportLicenses(ctx context.Context, tenantID string, params *ExportLicensesParams, opts ...CallOption) ([]byte, error) {
	p := ExportLicensesParams{}
	if params != nil {
		p = *params
	}
	var out []byte
	for {
		var page []byte
		var m Meta
		if err := c.call(ctx, "ExportLicenses", []string{tenantID}, &p, nil, &page, append(opts[:len(opts):len(opts)], ResponseMeta(&m))); err != nil {
			return nil, err
		}
		if out != nil { // a later page repeats the header row
			_, page, _ = bytes.Cut(page, []byte("\n"))
		}
		out = append(out, page...)
		if m.Next == "" {
			return out, nil
		}
		p.Cursor = m.Next
	}
}

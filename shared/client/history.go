package client

import (
	"context"
	"iter"
	"time"
)

// Order is one charge or credit of the order history.
type Order struct {
	ID             string `json:"id"`
	TenantID       string `json:"tenantId"`
	SubscriptionID string `json:"subscriptionId"`
	ProductID      string `json:"productId"`
	ProductName    string `json:"productName"`
	// Type is purchase, renewal, trialConversion, proration or credit.
	Type        string    `json:"type"`
	Quantity    int       `json:"quantity"`
	Amount      Money     `json:"amount"` // never negative, also for credits
	BillTo      BillTo    `json:"billTo"`
	PurchaserID string    `json:"purchaserId"`
	PeriodStart time.Time `json:"periodStart"`
	PeriodEnd   time.Time `json:"periodEnd"`
	At          time.Time `json:"at"`
	// Payment is card (the purchaser's payment method) or invoice.
	Payment string `json:"payment"`
	// Paid: charged, or for a card credit refunded; invoiced orders are.
	Paid bool `json:"paid"`
}

// Actor is who made a change: a person, or a scheduled sweep (System).
type Actor struct {
	UserID   string   `json:"userId,omitempty"`
	TenantID string   `json:"tenantId,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	System   string   `json:"system,omitempty"`
}

// Activity is one activity-log record.
type Activity struct {
	ID         string         `json:"id"`
	TenantID   string         `json:"tenantId"`
	At         time.Time      `json:"at"`
	Actor      Actor          `json:"actor"`
	Operation  string         `json:"operation"`
	TargetType string         `json:"targetType"`
	TargetID   string         `json:"targetId"`
	Before     map[string]any `json:"before,omitempty"`
	After      map[string]any `json:"after,omitempty"`
}

// ListOrdersParams filters and pages ListOrders.
type ListOrdersParams struct {
	SubscriptionID string `url:"subscriptionId,omitempty"`
	Limit          int    `url:"limit,omitempty"`
	Cursor         string `url:"cursor,omitempty"`
}

func (p *ListOrdersParams) setCursor(c string) { p.Cursor = c }

// ListActivityParams chooses the range [From, To] and pages ListActivity.
type ListActivityParams struct {
	From   time.Time `url:"from,omitempty"` // default: 90 days before To
	To     time.Time `url:"to,omitempty"`   // default: now
	Limit  int       `url:"limit,omitempty"`
	Cursor string    `url:"cursor,omitempty"`
}

func (p *ListActivityParams) setCursor(c string) { p.Cursor = c }

// ListOrders lists one page of the tenant's orders, newest first.
func (c *Client) ListOrders(ctx context.Context, tenantID string, params *ListOrdersParams, opts ...CallOption) (*Page[Order], error) {
	return do[Page[Order]](ctx, c, "ListOrders", []string{tenantID}, params, nil, opts)
}

// AllOrders yields every order ListOrders lists.
func (c *Client) AllOrders(ctx context.Context, tenantID string, params *ListOrdersParams, opts ...CallOption) iter.Seq2[Order, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListOrdersParams) (*Page[Order], error) {
		return c.ListOrders(ctx, tenantID, p, opts...)
	}))
}

// ListActivity lists one page of the tenant's activity log, newest first.
func (c *Client) ListActivity(ctx context.Context, tenantID string, params *ListActivityParams, opts ...CallOption) (*Page[Activity], error) {
	return do[Page[Activity]](ctx, c, "ListActivity", []string{tenantID}, params, nil, opts)
}

// AllActivity yields every activity record ListActivity lists.
func (c *Client) AllActivity(ctx context.Context, tenantID string, params *ListActivityParams, opts ...CallOption) iter.Seq2[Activity, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListActivityParams) (*Page[Activity], error) {
		return c.ListActivity(ctx, tenantID, p, opts...)
	}))
}

package client

import (
	"context"
	"iter"
	"time"
)

// WebhookEndpointCreate is the body of CreateWebhookEndpoint.
type WebhookEndpointCreate struct {
	URL string `json:"url"`
	// EventTypes filters the events; empty means all.
	EventTypes  []string `json:"eventTypes,omitempty"`
	Description string   `json:"description,omitempty"`
}

// EndpointOwner is who registered an endpoint, and so what it receives.
type EndpointOwner struct {
	TenantID string `json:"tenantId"`
	UserID   string `json:"userId"`
	Scope    string `json:"scope"` // tenant, partner or purchaser
}

// WebhookEndpoint is a webhook endpoint, without its secret.
type WebhookEndpoint struct {
	ID          string        `json:"id"`
	TenantID    string        `json:"tenantId"`
	URL         string        `json:"url"`
	EventTypes  []string      `json:"eventTypes"` // empty means all
	Description string        `json:"description,omitempty"`
	Owner       EndpointOwner `json:"owner"`
	Status      string        `json:"status"` // enabled or disabled
	// DisabledReason is gone or failing when disabled.
	DisabledReason  string    `json:"disabledReason,omitempty"`
	DisabledAt      time.Time `json:"disabledAt,omitzero"`
	FailingSince    time.Time `json:"failingSince,omitzero"`
	SecretRotatedAt time.Time `json:"secretRotatedAt,omitzero"`
	CreatedAt       time.Time `json:"createdAt"`
}

// WebhookEndpointWithSecret is an endpoint with its new signing secret,
// shown only by CreateWebhookEndpoint and RotateWebhookSecret.
type WebhookEndpointWithSecret struct {
	WebhookEndpoint
	Secret string `json:"secret"` // whsec_ + base64 of 32 bytes
}

// WebhookTestResult is the answer of TestWebhookEndpoint.
type WebhookTestResult struct {
	EventID    string `json:"eventId"`
	DeliveryID string `json:"deliveryId"`
}

// DeliveryAttempt is one HTTP attempt of a delivery.
type DeliveryAttempt struct {
	At time.Time `json:"at"`
	// HTTPStatus is the receiver's status; 0 when no answer came (see Error).
	HTTPStatus int    `json:"httpStatus,omitempty"`
	Error      string `json:"error,omitempty"`
	DurationMs int64  `json:"durationMs"`
	Manual     bool   `json:"manual,omitempty"`
}

// Delivery is one event sent to one endpoint, with its attempts.
type Delivery struct {
	ID         string `json:"id"`
	EndpointID string `json:"endpointId"`
	EventID    string `json:"eventId"`
	EventType  string `json:"eventType"`
	// Status is pending, succeeded, failed or cancelled.
	Status        string            `json:"status"`
	Attempts      []DeliveryAttempt `json:"attempts"`
	NextAttemptAt time.Time         `json:"nextAttemptAt,omitzero"`
	CreatedAt     time.Time         `json:"createdAt"`
	// Payload is the exact JSON body sent.
	Payload string `json:"payload"`
}

// ListWebhookEndpointsParams pages ListWebhookEndpoints.
type ListWebhookEndpointsParams struct {
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListWebhookEndpointsParams) setCursor(c string) { p.Cursor = c }

// ListDeliveriesParams pages ListDeliveries.
type ListDeliveriesParams struct {
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListDeliveriesParams) setCursor(c string) { p.Cursor = c }

// CreateWebhookEndpoint registers an endpoint; the answer has its secret.
func (c *Client) CreateWebhookEndpoint(ctx context.Context, tenantID string, body WebhookEndpointCreate, opts ...CallOption) (*WebhookEndpointWithSecret, error) {
	return do[WebhookEndpointWithSecret](ctx, c, "CreateWebhookEndpoint", []string{tenantID}, nil, body, opts)
}

// ListWebhookEndpoints lists one page of endpoints, oldest first.
func (c *Client) ListWebhookEndpoints(ctx context.Context, tenantID string, params *ListWebhookEndpointsParams, opts ...CallOption) (*Page[WebhookEndpoint], error) {
	return do[Page[WebhookEndpoint]](ctx, c, "ListWebhookEndpoints", []string{tenantID}, params, nil, opts)
}

// AllWebhookEndpoints yields every endpoint ListWebhookEndpoints lists.
func (c *Client) AllWebhookEndpoints(ctx context.Context, tenantID string, params *ListWebhookEndpointsParams, opts ...CallOption) iter.Seq2[WebhookEndpoint, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListWebhookEndpointsParams) (*Page[WebhookEndpoint], error) {
		return c.ListWebhookEndpoints(ctx, tenantID, p, opts...)
	}))
}

// DeleteWebhookEndpoint deletes an endpoint.
func (c *Client) DeleteWebhookEndpoint(ctx context.Context, tenantID, endpointID string, opts ...CallOption) error {
	return c.call(ctx, "DeleteWebhookEndpoint", []string{tenantID, endpointID}, nil, nil, nil, opts)
}

// RotateWebhookSecret makes a new signing secret for an endpoint.
func (c *Client) RotateWebhookSecret(ctx context.Context, tenantID, endpointID string, opts ...CallOption) (*WebhookEndpointWithSecret, error) {
	return do[WebhookEndpointWithSecret](ctx, c, "RotateWebhookSecret", []string{tenantID, endpointID}, nil, nil, opts)
}

// TestWebhookEndpoint sends a webhook.test event to an endpoint.
func (c *Client) TestWebhookEndpoint(ctx context.Context, tenantID, endpointID string, opts ...CallOption) (*WebhookTestResult, error) {
	return do[WebhookTestResult](ctx, c, "TestWebhookEndpoint", []string{tenantID, endpointID}, nil, nil, opts)
}

// ListDeliveries lists one page of an endpoint's deliveries, newest first.
func (c *Client) ListDeliveries(ctx context.Context, tenantID, endpointID string, params *ListDeliveriesParams, opts ...CallOption) (*Page[Delivery], error) {
	return do[Page[Delivery]](ctx, c, "ListDeliveries", []string{tenantID, endpointID}, params, nil, opts)
}

// AllDeliveries yields every delivery ListDeliveries lists.
func (c *Client) AllDeliveries(ctx context.Context, tenantID, endpointID string, params *ListDeliveriesParams, opts ...CallOption) iter.Seq2[Delivery, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListDeliveriesParams) (*Page[Delivery], error) {
		return c.ListDeliveries(ctx, tenantID, endpointID, p, opts...)
	}))
}

// RetryDelivery makes one manual attempt of a delivery now.
func (c *Client) RetryDelivery(ctx context.Context, tenantID, endpointID, deliveryID string, opts ...CallOption) (*Delivery, error) {
	return do[Delivery](ctx, c, "RetryDelivery", []string{tenantID, endpointID, deliveryID}, nil, nil, opts)
}

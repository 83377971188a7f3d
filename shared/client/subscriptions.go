package client

import (
	"context"
	"iter"
	"strconv"
	"time"
)

// Subscription is a purchase or trial of a product: the fields of every
// subscription answer.
type Subscription struct {
	ID               string    `json:"id"`
	TenantID         string    `json:"tenantId"`
	ProductID        string    `json:"productId"`
	ProductName      string    `json:"productName"`
	BillingType      string    `json:"billingType"`      // license or usage
	BillingFrequency string    `json:"billingFrequency"` // monthly or annual
	Quantity         int       `json:"quantity"`
	Channel          string    `json:"channel"` // selfService, central or partner
	Purchaser        Purchaser `json:"purchaser"`
	// Status is Trial, Active, PastDue, Suspended, Expired or Deleted.
	Status                 string    `json:"status"`
	AutoRenew              bool      `json:"autoRenew"`
	CancelAtTermEnd        bool      `json:"cancelAtTermEnd"`
	HasPaymentMethod       bool      `json:"hasPaymentMethod"`
	CreatedAt              time.Time `json:"createdAt"`
	TrialEndsAt            time.Time `json:"trialEndsAt,omitzero"`
	TermStart              time.Time `json:"termStart"`
	TermEnd                time.Time `json:"termEnd"`
	RefundableUntil        time.Time `json:"refundableUntil,omitzero"`
	SuspendedAt            time.Time `json:"suspendedAt,omitzero"`
	SuspensionReason       string    `json:"suspensionReason,omitempty"`
	DataDeletionAt         time.Time `json:"dataDeletionAt,omitzero"`
	CancelledAt            time.Time `json:"cancelledAt,omitzero"`
	CancellationReason     string    `json:"cancellationReason,omitempty"`
	CancellationReasonCode string    `json:"cancellationReasonCode,omitempty"`
	TakenOver              *TakeOver `json:"takenOver,omitempty"`
	BaseSubscriptionID     string    `json:"baseSubscriptionId,omitempty"`
	PartnerID              string    `json:"partnerId,omitempty"`
	CustomerPurchase       bool      `json:"customerPurchase,omitempty"`
	AzureSubscriptionID    string    `json:"azureSubscriptionId,omitempty"`
	BillTo                 BillTo    `json:"billTo"`
	UnitPrice              Money     `json:"unitPrice"`
	Price                  Money     `json:"price"`
	AssignedLicenses       int       `json:"assignedLicenses"`
	ReservedLicenses       int       `json:"reservedLicenses,omitempty"`
	MovingTo               string    `json:"movingTo,omitempty"`
	// PastDue is what a PastDue subscription owes.
	PastDue *PaymentDue `json:"pastDue,omitempty"`
	Version int64       `json:"version"`
}

// ETag is the subscription's entity tag, its quoted version, for IfMatch.
func (s *Subscription) ETag() string { return strconv.Quote(strconv.FormatInt(s.Version, 10)) }

// Purchaser is who bought a subscription.
type Purchaser struct {
	UserID string `json:"userId"`
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	// Locale is the language of the purchaser's mails (en when empty).
	Locale string `json:"locale,omitempty"`
}

// TakeOver is an admin's take-over of a self-service subscription.
type TakeOver struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// BillTo is who pays: the tenant, or the partner for partner purchases.
type BillTo struct {
	Type string `json:"type"` // tenant or partner
	ID   string `json:"id"`
}

// AllowedAction is whether the reader may do an action now and, if not, why
// (the error code the action would get).
type AllowedAction struct {
	Action  string `json:"action"`
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason,omitempty"`
}

// CancellationQuote is what cancelling now would do.
type CancellationQuote struct {
	Effect string `json:"effect"` // immediate or termEnd
	Credit Money  `json:"credit"`
}

// SubscriptionView is a subscription as its reader sees it.
type SubscriptionView struct {
	Subscription
	AllowedActions []AllowedAction `json:"allowedActions"`
	// CancellationQuote is set while Trial or Active (never in lists).
	CancellationQuote *CancellationQuote `json:"cancellationQuote,omitempty"`
}

// SubscriptionCancellation is the answer of CancelSubscription: the
// subscription after it, with its effect and credit.
type SubscriptionCancellation struct {
	SubscriptionView
	Effect string `json:"effect"` // immediate (200) or termEnd (202)
	Credit Money  `json:"credit"`
}

// SubscriptionCreate is the body of CreateSubscription.
type SubscriptionCreate struct {
	ProductID        string `json:"productId"`
	BillingFrequency string `json:"billingFrequency"` // monthly or annual
	Quantity         int    `json:"quantity,omitempty"`
	Trial            bool   `json:"trial,omitempty"`
	PaymentMethodID  string `json:"paymentMethodId,omitempty"`
	// AutoRenew defaults to true when the subscription can be charged.
	AutoRenew           *bool  `json:"autoRenew,omitempty"`
	AzureSubscriptionID string `json:"azureSubscriptionId,omitempty"`
}

// SubscriptionUpdate is the body of UpdateSubscription: at least one field.
type SubscriptionUpdate struct {
	Quantity  int   `json:"quantity,omitempty"`
	AutoRenew *bool `json:"autoRenew,omitempty"`
}

// CancelRequest is the body of CancelSubscription: a reason code
// (noLongerNeeded, tooExpensive, switchingProduct, boughtByMistake, other),
// a free-text reason, or both.
type CancelRequest struct {
	ReasonCode string `json:"reasonCode,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// SuspendRequest is the body of SuspendSubscription.
type SuspendRequest struct {
	Reason string `json:"reason"` // customerRequest, nonPayment, fraud or other
}

// AddOnCreate is the body of CreateAddOn.
type AddOnCreate struct {
	ProductID string `json:"productId"`
	Quantity  int    `json:"quantity,omitempty"`
}

// MoveUsersRequest is the body of MoveUsers.
type MoveUsersRequest struct {
	TargetSubscriptionID string `json:"targetSubscriptionId"`
}

// MoveUsersResult is the answer of MoveUsers.
type MoveUsersResult struct {
	Source               SubscriptionView `json:"source"`
	TargetSubscriptionID string           `json:"targetSubscriptionId"`
	Moved                int              `json:"moved"`
	NewlyLicensed        int              `json:"newlyLicensed"`
}

// SubscriptionRoleUpdate is the body of AssignSubscriptionRole.
type SubscriptionRoleUpdate struct {
	Role string `json:"role"` // Owner
}

// SubscriptionRole is a user's role on a subscription.
type SubscriptionRole struct {
	SubscriptionID string `json:"subscriptionId"`
	UserID         string `json:"userId"`
	Role           string `json:"role"`
}

// ListSubscriptionsParams filters and pages ListSubscriptions.
type ListSubscriptionsParams struct {
	Channel     string `url:"channel,omitempty"`
	Status      string `url:"status,omitempty"`
	ProductID   string `url:"productId,omitempty"`
	PurchaserID string `url:"purchaserId,omitempty"`
	Limit       int    `url:"limit,omitempty"`
	Cursor      string `url:"cursor,omitempty"`
}

func (p *ListSubscriptionsParams) setCursor(c string) { p.Cursor = c }

// CreateSubscription buys a product or starts a trial.
func (c *Client) CreateSubscription(ctx context.Context, tenantID string, body SubscriptionCreate, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "CreateSubscription", []string{tenantID}, nil, body, opts)
}

// ListSubscriptions lists one page of the tenant's subscriptions, newest
// first.
func (c *Client) ListSubscriptions(ctx context.Context, tenantID string, params *ListSubscriptionsParams, opts ...CallOption) (*Page[SubscriptionView], error) {
	return do[Page[SubscriptionView]](ctx, c, "ListSubscriptions", []string{tenantID}, params, nil, opts)
}

// AllSubscriptions yields every subscription ListSubscriptions lists.
func (c *Client) AllSubscriptions(ctx context.Context, tenantID string, params *ListSubscriptionsParams, opts ...CallOption) iter.Seq2[SubscriptionView, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListSubscriptionsParams) (*Page[SubscriptionView], error) {
		return c.ListSubscriptions(ctx, tenantID, p, opts...)
	}))
}

// GetSubscription gets a subscription.
func (c *Client) GetSubscription(ctx context.Context, tenantID, subscriptionID string, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "GetSubscription", []string{tenantID, subscriptionID}, nil, nil, opts)
}

// UpdateSubscription changes the quantity or auto-renew.
func (c *Client) UpdateSubscription(ctx context.Context, tenantID, subscriptionID string, body SubscriptionUpdate, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "UpdateSubscription", []string{tenantID, subscriptionID}, nil, body, opts)
}

// PaymentDue is what a PastDue subscription owes and when it is retried.
type PaymentDue struct {
	Amount      Money      `json:"amount"`
	Since       time.Time  `json:"since"`
	Attempts    int        `json:"attempts"`
	NextRetryAt *time.Time `json:"nextRetryAt,omitempty"`
	DeclineCode string     `json:"declineCode,omitempty"`
}

// PaymentMethodUpdate is the body of UpdatePaymentMethod.
type PaymentMethodUpdate struct {
	PaymentMethodID string `json:"paymentMethodId"`
}

// UpdatePaymentMethod gives a self-service subscription a new payment
// method; a PastDue one is charged what it owes at once (402
// payment_declined: nothing changed).
func (c *Client) UpdatePaymentMethod(ctx context.Context, tenantID, subscriptionID string, body PaymentMethodUpdate, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "UpdatePaymentMethod", []string{tenantID, subscriptionID}, nil, body, opts)
}

// CancelSubscription cancels a subscription: at once (200, effect
// immediate) or at the term's end (202, effect termEnd).
func (c *Client) CancelSubscription(ctx context.Context, tenantID, subscriptionID string, body CancelRequest, opts ...CallOption) (*SubscriptionCancellation, error) {
	return do[SubscriptionCancellation](ctx, c, "CancelSubscription", []string{tenantID, subscriptionID}, nil, body, opts)
}

// SuspendSubscription suspends a subscription.
func (c *Client) SuspendSubscription(ctx context.Context, tenantID, subscriptionID string, body SuspendRequest, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "SuspendSubscription", []string{tenantID, subscriptionID}, nil, body, opts)
}

// ReactivateSubscription reactivates a suspended subscription.
func (c *Client) ReactivateSubscription(ctx context.Context, tenantID, subscriptionID string, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "ReactivateSubscription", []string{tenantID, subscriptionID}, nil, nil, opts)
}

// TakeOverSubscription makes the tenant's admins manage a self-service
// subscription.
func (c *Client) TakeOverSubscription(ctx context.Context, tenantID, subscriptionID string, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "TakeOverSubscription", []string{tenantID, subscriptionID}, nil, nil, opts)
}

// CreateAddOn buys an add-on through its base subscription.
func (c *Client) CreateAddOn(ctx context.Context, tenantID, subscriptionID string, body AddOnCreate, opts ...CallOption) (*SubscriptionView, error) {
	return do[SubscriptionView](ctx, c, "CreateAddOn", []string{tenantID, subscriptionID}, nil, body, opts)
}

// MoveUsers moves every licensed user of a subscription to another; sent
// again with the same IdempotencyKey it resumes an interrupted move.
func (c *Client) MoveUsers(ctx context.Context, tenantID, subscriptionID string, body MoveUsersRequest, opts ...CallOption) (*MoveUsersResult, error) {
	return do[MoveUsersResult](ctx, c, "MoveUsers", []string{tenantID, subscriptionID}, nil, body, opts)
}

// AssignSubscriptionRole makes a user Owner of an Azure plan subscription.
func (c *Client) AssignSubscriptionRole(ctx context.Context, tenantID, subscriptionID, userID string, body SubscriptionRoleUpdate, opts ...CallOption) (*SubscriptionRole, error) {
	return do[SubscriptionRole](ctx, c, "AssignSubscriptionRole", []string{tenantID, subscriptionID, userID}, nil, body, opts)
}

// Package payments is the port through which selfserve moves money
// (docs/spec.md §10): charge a payment method off-session, refund a charge,
// and list recent charges for reconciliation. Adapters live in their own
// packages: stripepay (Stripe) and localpay (the durable local test
// provider). Every call carries a provider idempotency key derived from our
// order id, so repeating a call never moves money twice.
package payments

import (
	"context"
	"errors"
	"time"

	"selfserve/shared/domain"
)

// ChargeRequest asks to charge a payment method once.
type ChargeRequest struct {
	// Key is the provider idempotency key: the same key always answers the
	// same charge, never a second one.
	Key             string
	PaymentMethodID string
	Amount          domain.Money
	// OrderID, TenantID and SubscriptionID are kept with the charge
	// (provider metadata) so reconciliation can find its order.
	OrderID        string
	TenantID       string
	SubscriptionID string
	Description    string
}

// ChargeStatus is a charge's outcome.
type ChargeStatus string

// Charge outcomes.
const (
	ChargeSucceeded ChargeStatus = "succeeded"
	ChargeDeclined  ChargeStatus = "declined"
)

// Charge is a charge as the provider keeps it.
type Charge struct {
	// ID is the provider's id (a Stripe PaymentIntent id, or the local
	// provider's). Empty when a decline left no charge behind.
	ID     string
	Key    string
	Status ChargeStatus
	// DeclineCode says why a charge was declined (Stripe's decline codes:
	// generic_decline, insufficient_funds, expired_card, …).
	DeclineCode     string
	Amount          domain.Money
	PaymentMethodID string
	OrderID         string
	TenantID        string
	SubscriptionID  string
	// Refunded is how much of it was refunded so far.
	Refunded  domain.Money
	CreatedAt time.Time
}

// RefundRequest asks to give back (part of) a charge once.
type RefundRequest struct {
	// Key is the provider idempotency key of the refund.
	Key      string
	ChargeID string
	Amount   domain.Money
	// OrderID is the credit order the refund pays out (metadata).
	OrderID string
}

// Refund is a refund as the provider keeps it.
type Refund struct {
	ID        string
	Key       string
	ChargeID  string
	Amount    domain.Money
	OrderID   string
	CreatedAt time.Time
}

// Provider is a payment provider.
type Provider interface {
	// Charge charges req.PaymentMethodID req.Amount off-session. A decline
	// is not an error: it answers a Charge with Status ChargeDeclined and
	// its DeclineCode. Errors are failures to get an answer (the outcome
	// is unknown; retry with the same Key).
	Charge(ctx context.Context, req ChargeRequest) (Charge, error)
	// Refund refunds req.Amount of charge req.ChargeID.
	Refund(ctx context.Context, req RefundRequest) (Refund, error)
	// Charges lists the succeeded charges created in [from, to) in the
	// provider's order (Stripe: newest first), page by page: after is the
	// last charge id of the previous page ("" for the first); it returns
	// up to limit charges and whether more follow.
	Charges(ctx context.Context, from, to time.Time, after string, limit int) ([]Charge, bool, error)
}

// ErrUnknownCharge is returned by Refund for a charge the provider doesn't know.
var ErrUnknownCharge = errors.New("payments: unknown charge")

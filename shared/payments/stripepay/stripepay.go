// Package stripepay is the Stripe adapter of the payments port
// (docs/spec.md §10): off-session PaymentIntents confirmed at creation,
// Refunds, and a list of PaymentIntents for reconciliation, through
// github.com/stripe/stripe-go. Every call that moves money carries the
// request's Key as its Stripe idempotency key.
package stripepay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v84"

	"selfserve/shared/payments"
)

// Config says how to reach Stripe.
type Config struct {
	// Key is the secret API key (sk_live_…, sk_test_… or a restricted rk_…).
	// It never appears in errors: the adapter logs nothing itself.
	Key string
	// BaseURL replaces https://api.stripe.com, e.g. with stripe-mock's URL.
	BaseURL string
	// HTTPClient makes the requests; nil means stripe-go's default client.
	HTTPClient *http.Client
}

// Provider is a payments.Provider backed by Stripe.
type Provider struct {
	client *stripe.Client
	key    string
}

var _ payments.Provider = (*Provider)(nil)

// Metadata keys kept on PaymentIntents and Refunds.
const (
	metaOrderID        = "order_id"
	metaTenantID       = "tenant_id"
	metaSubscriptionID = "subscription_id"
	metaKey            = "idempotency_key"
)

// New returns a Provider for cfg.
func New(cfg Config) (*Provider, error) {
	if cfg.Key == "" {
		return nil, errors.New("stripepay: no API key")
	}
	url := cfg.BaseURL
	if url == "" {
		url = stripe.APIURL
	}
	backends := stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:        stripe.String(url),
		HTTPClient: cfg.HTTPClient,
		// Errors go back to the caller, who logs them; stripe-go logs none.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})
	return &Provider{client: stripe.NewClient(cfg.Key, stripe.WithBackends(backends)), key: cfg.Key}, nil
}

// Charge creates a PaymentIntent for req and confirms it off-session at
// once, with req.Key as the idempotency key. A card error (a decline,
// authentication_required, expired_card, …) answers a ChargeDeclined Charge
// whose DeclineCode is Stripe's decline_code, or its error code when there
// is none; an intent left requiring a new payment method, an action or
// canceled is declined too. Key, PaymentMethodID and the order fields are
// the request's (an idempotent replay answers the same intent); ID, Status,
// Amount and CreatedAt are Stripe's.
func (p *Provider) Charge(ctx context.Context, req payments.ChargeRequest) (payments.Charge, error) {
	if req.Key == "" || req.PaymentMethodID == "" {
		return payments.Charge{}, errors.New("stripepay: charge: Key and PaymentMethodID are required")
	}
	amount, currency, err := toStripe(req.Amount)
	if err != nil {
		return payments.Charge{}, fmt.Errorf("stripepay: charge: %w", err)
	}
	params := &stripe.PaymentIntentCreateParams{
		Amount:        stripe.Int64(amount),
		Currency:      stripe.String(currency),
		PaymentMethod: stripe.String(req.PaymentMethodID),
		Confirm:       stripe.Bool(true),
		OffSession:    stripe.Bool(true),
		// Off-session there is nobody to follow a redirect, so no return_url.
		AutomaticPaymentMethods: &stripe.PaymentIntentCreateAutomaticPaymentMethodsParams{
			Enabled:        stripe.Bool(true),
			AllowRedirects: stripe.String("never"),
		},
	}
	if req.Description != "" {
		params.Description = stripe.String(req.Description)
	}
	for k, v := range map[string]string{metaOrderID: req.OrderID, metaTenantID: req.TenantID,
		metaSubscriptionID: req.SubscriptionID, metaKey: req.Key} {
		if v != "" {
			params.AddMetadata(k, v)
		}
	}
	params.SetIdempotencyKey(req.Key)

	c := payments.Charge{Key: req.Key, Amount: req.Amount, PaymentMethodID: req.PaymentMethodID,
		OrderID: req.OrderID, TenantID: req.TenantID, SubscriptionID: req.SubscriptionID,
		Refunded: domainZero(req.Amount.Currency)}
	pi, err := p.client.V1PaymentIntents.Create(ctx, params)
	var se *stripe.Error
	switch {
	case err == nil:
	case errors.As(err, &se) && se.Type == stripe.ErrorTypeCard:
		c.Status = payments.ChargeDeclined
		c.DeclineCode = declineCode(se, "generic_decline")
		if se.PaymentIntent != nil {
			c.ID = se.PaymentIntent.ID
			c.CreatedAt = unix(se.PaymentIntent.Created)
		}
		return c, nil
	default:
		return payments.Charge{}, p.fail("charge", err)
	}
	got, err := fromIntent(pi)
	if err != nil {
		return payments.Charge{}, fmt.Errorf("stripepay: charge: %w", err)
	}
	c.ID, c.Status, c.DeclineCode, c.Amount, c.Refunded, c.CreatedAt =
		got.ID, got.Status, got.DeclineCode, got.Amount, got.Refunded, got.CreatedAt
	return c, nil
}

// Refund refunds req.Amount of PaymentIntent req.ChargeID, with req.Key as
// the idempotency key. A PaymentIntent Stripe doesn't know answers
// payments.ErrUnknownCharge; a refund Stripe answers as failed or canceled
// is an error.
func (p *Provider) Refund(ctx context.Context, req payments.RefundRequest) (payments.Refund, error) {
	if req.Key == "" || req.ChargeID == "" {
		return payments.Refund{}, errors.New("stripepay: refund: Key and ChargeID are required")
	}
	amount, _, err := toStripe(req.Amount)
	if err != nil {
		return payments.Refund{}, fmt.Errorf("stripepay: refund: %w", err)
	}
	params := &stripe.RefundCreateParams{PaymentIntent: stripe.String(req.ChargeID), Amount: stripe.Int64(amount)}
	if req.OrderID != "" {
		params.AddMetadata(metaOrderID, req.OrderID)
	}
	params.AddMetadata(metaKey, req.Key)
	params.SetIdempotencyKey(req.Key)
	r, err := p.client.V1Refunds.Create(ctx, params)
	if err != nil {
		var se *stripe.Error
		if errors.As(err, &se) && se.Code == stripe.ErrorCodeResourceMissing {
			return payments.Refund{}, fmt.Errorf("stripepay: refund of %s: %w", req.ChargeID, payments.ErrUnknownCharge)
		}
		return payments.Refund{}, p.fail("refund", err)
	}
	if r.Status == stripe.RefundStatusFailed || r.Status == stripe.RefundStatusCanceled {
		return payments.Refund{}, fmt.Errorf("stripepay: refund %s of %s is %s (%s)", r.ID, req.ChargeID, r.Status, r.FailureReason)
	}
	got, err := fromStripe(r.Amount, string(r.Currency))
	if err != nil {
		return payments.Refund{}, fmt.Errorf("stripepay: refund %s: %w", r.ID, err)
	}
	return payments.Refund{ID: r.ID, Key: req.Key, ChargeID: req.ChargeID, Amount: got,
		OrderID: req.OrderID, CreatedAt: unix(r.Created)}, nil
}

// Charges lists the succeeded PaymentIntents created in [from, to) (whole
// seconds, as Stripe keeps them), with what their latest charge refunded.
// The order is Stripe's, newest first, not the oldest first the port asks
// for: Stripe lists no other way. A page's intents that did not succeed are
// skipped, and further pages are read until limit succeeded ones are found
// or the list ends; more says whether another succeeded one follows.
// Key is the idempotency_key metadata Charge keeps.
func (p *Provider) Charges(ctx context.Context, from, to time.Time, after string, limit int) ([]payments.Charge, bool, error) {
	if limit <= 0 {
		return nil, false, fmt.Errorf("stripepay: charges: limit %d is not positive", limit)
	}
	params := &stripe.PaymentIntentListParams{
		CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: ceilUnix(from), LesserThan: ceilUnix(to)},
	}
	// One more than asked, so that "more" rarely costs another page.
	params.Limit = stripe.Int64(int64(min(limit+1, 100)))
	if after != "" {
		params.StartingAfter = stripe.String(after)
	}
	params.AddExpand("data.latest_charge")
	var out []payments.Charge
	for pi, err := range p.client.V1PaymentIntents.List(ctx, params) {
		if err != nil {
			return nil, false, p.fail("list charges", err)
		}
		if pi.Status != stripe.PaymentIntentStatusSucceeded {
			continue
		}
		if len(out) == limit {
			return out, true, nil
		}
		c, err := fromIntent(pi)
		if err != nil {
			return nil, false, fmt.Errorf("stripepay: list charges: %w", err)
		}
		out = append(out, c)
	}
	return out, false, nil
}

// fromIntent maps a PaymentIntent. Its outcome is final unless it is
// processing or awaiting confirmation or capture: those are errors.
func fromIntent(pi *stripe.PaymentIntent) (payments.Charge, error) {
	amount, err := fromStripe(pi.Amount, string(pi.Currency))
	if err != nil {
		return payments.Charge{}, fmt.Errorf("payment intent %s: %w", pi.ID, err)
	}
	c := payments.Charge{ID: pi.ID, Key: pi.Metadata[metaKey], Amount: amount,
		OrderID: pi.Metadata[metaOrderID], TenantID: pi.Metadata[metaTenantID],
		SubscriptionID: pi.Metadata[metaSubscriptionID], Refunded: domainZero(amount.Currency),
		CreatedAt: unix(pi.Created)}
	if pi.PaymentMethod != nil {
		c.PaymentMethodID = pi.PaymentMethod.ID
	}
	// latest_charge is an object only when expanded (Charges expands it).
	if lc := pi.LatestCharge; lc != nil && lc.AmountRefunded != 0 {
		if c.Refunded, err = fromStripe(lc.AmountRefunded, string(lc.Currency)); err != nil {
			return payments.Charge{}, fmt.Errorf("payment intent %s: refunded: %w", pi.ID, err)
		}
	}
	switch pi.Status {
	case stripe.PaymentIntentStatusSucceeded:
		c.Status = payments.ChargeSucceeded
	case stripe.PaymentIntentStatusRequiresPaymentMethod, stripe.PaymentIntentStatusCanceled:
		c.Status, c.DeclineCode = payments.ChargeDeclined, declineCode(pi.LastPaymentError, "generic_decline")
	case stripe.PaymentIntentStatusRequiresAction:
		c.Status, c.DeclineCode = payments.ChargeDeclined, declineCode(pi.LastPaymentError, "authentication_required")
	default:
		return payments.Charge{}, fmt.Errorf("payment intent %s is %s, not final", pi.ID, pi.Status)
	}
	return c, nil
}

// declineCode is e's decline_code, else its code, else fallback.
func declineCode(e *stripe.Error, fallback string) string {
	switch {
	case e == nil:
		return fallback
	case e.DeclineCode != "":
		return string(e.DeclineCode)
	case e.Code != "":
		return string(e.Code)
	}
	return fallback
}

// fail wraps a failed call's error. Its text is Stripe's type, status,
// code, request id and message (a *stripe.Error's own text is the whole
// JSON, payment intent included), with the secret key blotted out should
// anything have echoed it; errors.As still finds the *stripe.Error.
func (p *Provider) fail(op string, err error) error {
	detail := err.Error()
	var se *stripe.Error
	if errors.As(err, &se) {
		detail = fmt.Sprintf("stripe %s (HTTP %d, code %q, request %q): %s", se.Type, se.HTTPStatusCode, se.Code, se.RequestID, se.Msg)
	}
	return &callError{msg: "stripepay: " + op + ": " + strings.ReplaceAll(detail, p.key, "[secret key]"), err: err}
}

type callError struct {
	msg string
	err error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.err }

// ceilUnix is the first whole second at or after t.
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.After(time.Unix(s, 0)) {
		s++
	}
	return s
}

func unix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

package lambdaapp

import (
	"fmt"
	"os"
	"time"

	"selfserve/shared/payments"
	"selfserve/shared/payments/localpay"
	"selfserve/shared/payments/stripepay"
	"selfserve/shared/store"
)

// Env names of the payment provider (docs/spec.md §10).
const (
	// EnvPayments is local (the default: the local test provider) or stripe.
	EnvPayments = "PAYMENTS"
	// EnvStripeKey is Stripe's secret key; deployed, template.yaml resolves
	// it from Secrets Manager.
	EnvStripeKey = "STRIPE_SECRET_KEY"
	// EnvStripeAPI replaces Stripe's API base URL (stripe-mock, tests).
	EnvStripeAPI = "STRIPE_API_BASE"
)

// NewPayments is the payment provider kind names: "local" (or "") the local
// test provider beside st, dating its charges by now; "stripe" Stripe with
// the key and API base URL of the environment. Built once per process.
func NewPayments(kind string, st *store.Store, now func() time.Time) (payments.Provider, error) {
	switch kind {
	case "", "local":
		return localpay.On(st, now), nil
	case "stripe":
		p, err := stripepay.New(stripepay.Config{Key: os.Getenv(EnvStripeKey), BaseURL: os.Getenv(EnvStripeAPI)})
		if err != nil {
			return nil, fmt.Errorf("%s=stripe: %w (set %s)", EnvPayments, err, EnvStripeKey)
		}
		return p, nil
	}
	return nil, fmt.Errorf("%s must be local or stripe, not %q", EnvPayments, kind)
}

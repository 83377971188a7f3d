package lambdaapp_test

import (
	"testing"
	"time"

	"selfserve/shared/lambdaapp"
	"selfserve/shared/payments/localpay"
	"selfserve/shared/payments/stripepay"
	"selfserve/shared/store"
)

// TestNewPayments: the provider PAYMENTS names, Stripe only with its key.
func TestNewPayments(t *testing.T) {
	st := store.New(nil, "t")
	for _, tc := range []struct {
		kind, key string
		want      string
	}{
		{"", "", "local"},
		{"local", "", "local"},
		{"stripe", "sk_test_123", "stripe"},
		{"stripe", "", "error"},
		{"paypal", "", "error"},
	} {
		t.Run(tc.kind+"/"+tc.key, func(t *testing.T) {
			t.Setenv(lambdaapp.EnvStripeKey, tc.key)
			p, err := lambdaapp.NewPayments(tc.kind, st, time.Now)
			got := "error"
			switch p.(type) {
			case *localpay.Provider:
				got = "local"
			case *stripepay.Provider:
				got = "stripe"
			}
			if got != tc.want || (got == "error") != (err != nil) {
				t.Errorf("NewPayments(%q) with key %q = %T, %v; want %s", tc.kind, tc.key, p, err, tc.want)
			}
		})
	}
}

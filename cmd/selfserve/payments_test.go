package main

import (
	"strings"
	"testing"

	"selfserve/shared/client"
)

// TestPaymentMethodCommand: a purchaser gives their subscription a new
// card; a declined card is a refusal (exit 1) naming its decline code.
func TestPaymentMethodCommand(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	bob := newShell(t, tenant, "bob")
	bought := decodeStrict[client.SubscriptionView](t, bob.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly",
		"--payment-method", "pm_card_visa", "-o", "json"))
	got := decodeStrict[client.SubscriptionView](t, bob.must("subscriptions", "payment-method", bought.ID, "pm_card_mastercard", "-o", "json"))
	if got.Status != "Active" || !got.HasPaymentMethod || got.Version == bought.Version {
		t.Errorf("after payment-method: %s hasPaymentMethod %v version %d (was %d)", got.Status, got.HasPaymentMethod, got.Version, bought.Version)
	}
	r := bob.run("subscriptions", "buy", "CFQ7TTC0KP0N", "--frequency", "monthly", "--payment-method", "pm_card_chargeDeclinedInsufficientFunds")
	if r.code != exitRefused || !strings.Contains(r.stderr, "payment_declined") || !strings.Contains(r.stderr, "insufficient_funds") {
		t.Errorf("a declined purchase: exit %d, stderr %q; want exit %d naming payment_declined and insufficient_funds", r.code, r.stderr, exitRefused)
	}
	if r := bob.run("subscriptions", "payment-method", bought.ID); r.code != exitUsage {
		t.Errorf("payment-method without a method: exit %d, want %d", r.code, exitUsage)
	}
}

package main

import (
	"fmt"
	"testing"
)

// TestSeedStoriesThroughTheClock: the seed stories of the scheduled
// lifecycle, told through the local runner's clock — moving it runs the
// sweeps before it answers.
func TestSeedStoriesThroughTheClock(t *testing.T) {
	srv, _ := startRunner(t, withSweep(t), map[string]Scheduled{"CountingSweep": countingNothing})
	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","hasAgreement":true,"createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"bob"}`)
	bob := out["token"].(string)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	admin := out["token"].(string)
	n := 0
	buy := func(body string) string {
		n++
		status, s := callKey(t, srv, "POST", "/v1/tenants/contoso/subscriptions", bob, body, fmt.Sprintf("buy-%d", n))
		if status != 201 {
			t.Fatalf("buy %s: %d %v", body, status, s)
		}
		return s["id"].(string)
	}
	get := func(id string) map[string]any {
		_, s := call(t, srv, "GET", "/v1/tenants/contoso/subscriptions/"+id, admin, "")
		return s
	}
	trialPM := buy(`{"productId":"CFQ7TTC0KXN8","billingFrequency":"monthly","trial":true,"paymentMethodId":"pm_1"}`)
	trialNoPM := buy(`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","trial":true}`)
	scheduled := buy(`{"productId":"CFQ7TTC0KP0P","billingFrequency":"monthly","paymentMethodId":"pm_2"}`)
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"25h"}`)
	if status, _ := call(t, srv, "POST", "/v1/tenants/contoso/subscriptions/"+scheduled+"/cancel", bob, `{"reason":"later"}`); status != 202 {
		t.Fatalf("schedule cancellation: %d", status)
	}
	termEnd := get(scheduled)["termEnd"].(string)

	call(t, srv, "POST", "/_local/clock", "", `{"advance":"696h"}`) // day 30 of the trials, before the term's end
	if s := get(scheduled); s["status"] != "Active" {
		t.Errorf("scheduled cancellation before the term's end: %v, want Active", s["status"])
	}
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"24h"}`) // past the trials' end and the term's end
	if s := get(trialPM); s["status"] != "Active" {
		t.Errorf("trial with a payment method: %v, want converted to Active", s["status"])
	}
	if s := get(trialNoPM); s["status"] != "Expired" {
		t.Errorf("trial without a payment method: %v, want Expired", s["status"])
	}
	s := get(scheduled)
	if s["status"] != "Deleted" || s["cancelledAt"] != termEnd {
		t.Errorf("scheduled cancellation: %v at %v, want Deleted at the term's end %s", s["status"], s["cancelledAt"], termEnd)
	}
	_, orders := call(t, srv, "GET", "/v1/tenants/contoso/orders?subscriptionId="+trialPM, admin, "")
	items := orders["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["type"] != "trialConversion" {
		t.Errorf("orders of the converted trial: %v, want one trialConversion charge", items)
	}
}

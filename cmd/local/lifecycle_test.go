package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"selfserve/shared/sweeps"
)

// TestClockAnswerSumsSweepRounds: moving the clock answers with each
// sweep's work summed over the rounds run until nothing was due — a move
// that converts a trial reports it, not the last idle round's zero.
func TestClockAnswerSumsSweepRounds(t *testing.T) {
	runs := 0
	srv, _ := startRunner(t, withSweep(t), map[string]Scheduled{"CountingSweep": func(context.Context, time.Time) (any, error) {
		runs++
		if runs <= 2 {
			return sweeps.Report{Processed: 1, Skipped: 1}, nil
		}
		return sweeps.Report{Skipped: 1}, nil
	}})
	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","hasAgreement":true,"createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"bob"}`)
	bob := out["token"].(string)
	status, s := callKey(t, srv, "POST", "/v1/tenants/contoso/subscriptions", bob, `{"productId":"CFQ7TTC0KXN8","billingFrequency":"monthly","trial":true,"paymentMethodId":"pm_1"}`, "trial")
	if status != 201 {
		t.Fatalf("start trial: %d %v", status, s)
	}
	status, out = call(t, srv, "POST", "/_local/clock", "", `{"advance":"744h"}`)
	ran, _ := out["sweeps"].(map[string]any)
	if status != 200 || ran == nil {
		t.Fatalf("advance: %d %v", status, out)
	}
	if trials, _ := ran["TrialsSweep"].(map[string]any); trials == nil || trials["processed"].(float64) < 1 {
		t.Errorf("TrialsSweep reported %v, want processed ≥ 1 (the trial converted)", ran["TrialsSweep"])
	}
	if c, _ := ran["CountingSweep"].(map[string]any); c == nil || c["processed"] != float64(2) || c["skipped"] != float64(3) {
		t.Errorf("CountingSweep reported %v over %d rounds, want processed 2, skipped 3", ran["CountingSweep"], runs)
	}
	if _, s = call(t, srv, "GET", "/v1/tenants/contoso/subscriptions/"+s["id"].(string), bob, ""); s["status"] != "Active" {
		t.Errorf("trial after 31 days: %v, want converted to Active", s["status"])
	}
}

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

// TestSuspendedDeletedAtDay90NotDay89: with the retention of a tenant
// billed from its creation (90 days), the data of a suspended subscription
// is deleted at day 90 and not at day 89 — licenses and the purchaser's
// personal data gone, the activity log keeping the record.
func TestSuspendedDeletedAtDay90NotDay89(t *testing.T) {
	srv, _ := startRunner(t, withSweep(t), map[string]Scheduled{"CountingSweep": countingNothing})
	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","name":"Alice","email":"alice@contoso.example","roles":["GlobalAdmin"]}`)
	admin := out["token"].(string)
	status, s := callKey(t, srv, "POST", "/v1/tenants/contoso/subscriptions", admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`, "e3")
	if status != 201 {
		t.Fatalf("buy: %d %v", status, s)
	}
	id := s["id"].(string)
	path := "/v1/tenants/contoso/subscriptions/" + id
	call(t, srv, "POST", path+"/licenses", admin, `{"users":[{"id":"u1","name":"User One","email":"u1@contoso.example"},{"id":"u2","name":"User Two","email":"u2@contoso.example"}]}`)
	if status, s := call(t, srv, "POST", path+"/suspend", admin, `{"reason":"nonPayment"}`); status != 200 {
		t.Fatalf("suspend: %d %v", status, s)
	}
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"2136h"}`) // 89 days
	_, s = call(t, srv, "GET", path, admin, "")
	_, ls := call(t, srv, "GET", path+"/licenses", admin, "")
	if s["status"] != "Suspended" || len(ls["items"].([]any)) != 2 {
		t.Fatalf("day 89: %v with %d licenses, want Suspended with its 2", s["status"], len(ls["items"].([]any)))
	}
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"24h"}`) // day 90
	_, s = call(t, srv, "GET", path, admin, "")
	purchaser := s["purchaser"].(map[string]any)
	if s["status"] != "Deleted" || purchaser["name"] != nil || purchaser["email"] != nil {
		t.Errorf("day 90: %v, purchaser %v; want Deleted without personal data", s["status"], purchaser)
	}
	_, ls = call(t, srv, "GET", path+"/licenses", admin, "")
	if n := len(ls["items"].([]any)); n != 0 {
		t.Errorf("day 90: %d licenses left, want none", n)
	}
	_, acts := call(t, srv, "GET", "/v1/tenants/contoso/activity?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&limit=200", admin, "")
	ops := map[string]int{}
	for _, a := range acts["items"].([]any) {
		ops[a.(map[string]any)["operation"].(string)]++
	}
	if ops["WarnDataDeletion"] != 3 || ops["DeleteData"] != 1 {
		t.Errorf("activity %v, want 3 deletion warnings and the deletion recorded", ops)
	}
}

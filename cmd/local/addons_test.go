package main

import (
	"testing"
)

// TestAddOnSuspendedOnItsOwn: an add-on suspended alone misses its base's
// renewals; reactivated, it is renewed into its base's term and charged for
// it (never a free term); suspended alone again, its own data-deletion date
// deletes it while its base goes on (docs/spec.md §4.5, §4.6).
func TestAddOnSuspendedOnItsOwn(t *testing.T) {
	srv, _ := startRunner(t, withSweep(t), map[string]Scheduled{"CountingSweep": countingNothing})
	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	admin := out["token"].(string)
	status, base := callKey(t, srv, "POST", "/v1/tenants/contoso/subscriptions", admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`, "e3")
	if status != 201 {
		t.Fatalf("buy: %d %v", status, base)
	}
	basePath := "/v1/tenants/contoso/subscriptions/" + base["id"].(string)
	status, addOn := callKey(t, srv, "POST", basePath+"/addons", admin, `{"productId":"CFQ7TTC0LH05","quantity":1}`, "audio")
	if status != 201 {
		t.Fatalf("add-on: %d %v", status, addOn)
	}
	addOnID := addOn["id"].(string)
	path := "/v1/tenants/contoso/subscriptions/" + addOnID
	if status, s := call(t, srv, "POST", path+"/suspend", admin, `{"reason":"other"}`); status != 200 || s["status"] != "Suspended" {
		t.Fatalf("suspend the add-on: %d %v", status, s)
	}
	if status, s := call(t, srv, "POST", path+"/suspend", admin, `{"reason":"other"}`); status != 409 || s["code"] != "invalid_status" {
		t.Errorf("suspend it again: %d %v, want 409 invalid_status (as its allowed actions say)", status, s)
	}
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"768h"}`) // 32 days: the base renewed without it
	_, b := call(t, srv, "GET", basePath, admin, "")
	if status, s := call(t, srv, "POST", path+"/reactivate", admin, ""); status != 200 || s["status"] != "Active" || s["termEnd"] != b["termEnd"] {
		t.Fatalf("reactivated add-on: %d %v (term end %v), want Active in its base's term ending %v", status, s["status"], s["termEnd"], b["termEnd"])
	}
	_, orders := call(t, srv, "GET", "/v1/tenants/contoso/orders?subscriptionId="+addOnID, admin, "")
	renewals := 0
	for _, o := range orders["items"].([]any) {
		if o.(map[string]any)["type"] == "renewal" {
			renewals++
		}
	}
	if renewals != 1 {
		t.Errorf("add-on orders %v: %d renewals, want 1 (the term it came back into)", orders["items"], renewals)
	}
	call(t, srv, "POST", path+"/suspend", admin, `{"reason":"other"}`)
	call(t, srv, "POST", "/_local/clock", "", `{"advance":"2184h"}`) // 91 days
	_, s := call(t, srv, "GET", path, admin, "")
	if s["status"] != "Deleted" || s["cancellationReason"] != "dataDeleted" {
		t.Errorf("add-on 91 days after its own suspension: %v (%v), want Deleted (dataDeleted)", s["status"], s["cancellationReason"])
	}
	if _, b := call(t, srv, "GET", basePath, admin, ""); b["status"] != "Active" {
		t.Errorf("its base: %v, want Active", b["status"])
	}
}

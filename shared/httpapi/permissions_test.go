package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

const (
	azurePlan   = "DZH318Z0BPS6"
	reservation = "DZH318Z08M9Z"
	permPath    = "/v1/tenants/contoso/customer-permissions"
)

// TestSeed002CustomerPermission walks seed 002 over HTTP: a partner lets a
// customer's Owner buy Azure reservations, billed to the partner, managed
// only by the partner, and takes the permission back.
func TestSeed002CustomerPermission(t *testing.T) {
	env := setup(t)
	adminAgent := env.Token(t, "partner-a", "pat", domain.RoleAdminAgent)
	salesAgent := env.Token(t, "partner-a", "sam", domain.RoleSalesAgent)
	otherAgent := env.Token(t, "partner-b", "oz", domain.RoleAdminAgent)
	kim := env.Token(t, "contoso", "kim")
	ned := env.Token(t, "contoso", "ned")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	subs := "/v1/tenants/contoso/subscriptions"
	do := func(token, method, path string, body any, key string) *apitest.Response {
		t.Helper()
		req := apitest.Request{Method: method, Path: path, Token: token, Body: body}
		if key != "" {
			req.Header = map[string]string{"Idempotency-Key": key}
		}
		return env.Do(t, req)
	}
	expect := func(step string, r *apitest.Response, status int, code string) {
		t.Helper()
		if r.Status != status || (code != "" && r.Code() != code) {
			t.Fatalf("%s: %d %s, want %d %s", step, r.Status, r.Body, status, code)
		}
	}
	on, off := map[string]any{"enabled": true}, map[string]any{"enabled": false}

	// Off by default; turning it on needs an Azure plan, then an Owner.
	r := do(salesAgent, "GET", permPath, nil, "")
	expect("read the default", r, 200, "")
	if !bytes.Contains(r.Body, []byte(`"reservations":{"enabled":false}`)) {
		t.Errorf("default permissions: %s", r.Body)
	}
	expect("enable without an Azure plan", do(adminAgent, "PUT", permPath+"/reservations", on, ""), 409, "azure_subscription_required")
	r = do(adminAgent, "POST", subs, map[string]any{"productId": azurePlan, "billingFrequency": "monthly"}, "azure")
	expect("the partner buys an Azure plan", r, 201, "")
	var azure struct{ ID string }
	r.Decode(t, &azure)
	expect("enable without an Owner", do(adminAgent, "PUT", permPath+"/reservations", on, ""), 409, "owner_role_required")
	expect("Owner for kim", do(adminAgent, "PUT", subs+"/"+azure.ID+"/roles/kim", map[string]any{"role": "Owner"}, ""), 200, "")
	expect("the SalesAgent may not enable", do(salesAgent, "PUT", permPath+"/reservations", on, ""), 403, "forbidden")
	expect("the customer's admin may not enable", do(admin, "PUT", permPath+"/reservations", on, ""), 403, "forbidden")
	r = do(adminAgent, "PUT", permPath+"/reservations", on, "enable")
	expect("enable", r, 200, "")
	assertActivity(t, env, admin, "Create customer purchase permission", "pat")
	op := env.Token(t, "ops", "op", domain.RoleOperator)
	r = do(op, "PUT", "/v1/tenants/contoso", map[string]any{"name": "Contoso Ltd", "country": "US", "createdAt": apitest.T0.AddDate(-1, 0, 0),
		"partnerId": "partner-a", "hasAgreement": true}, "")
	if !bytes.Contains(r.Body, []byte(`"customerPermissions":{"reservations":{"enabled":true`)) {
		t.Errorf("PutTenant's answer drops the permission: %d %s", r.Status, r.Body)
	}
	r = do(adminAgent, "GET", "/v1/partners/partner-a/customers", nil, "")
	if !bytes.Contains(r.Body, []byte(`"customerPermissions":{"reservations":{"enabled":true`)) {
		t.Errorf("ListCustomers doesn't show the permission on: %s", r.Body)
	}

	// Kim, Owner of the Azure plan, buys a reservation; it's billed to the
	// partner, and the partner's agents are not notified.
	buy := map[string]any{"productId": reservation, "billingFrequency": "annual", "azureSubscriptionId": azure.ID}
	r = do(kim, "POST", subs, buy, "kim-1")
	expect("kim buys a reservation", r, 201, "")
	var res struct {
		ID               string
		Channel          string
		CustomerPurchase bool
		BillTo           struct{ Type, ID string }
	}
	r.Decode(t, &res)
	if res.Channel != "partner" || !res.CustomerPurchase || res.BillTo.Type != "partner" || res.BillTo.ID != "partner-a" {
		t.Errorf("reservation = %+v, want a customer purchase billed to partner-a", res)
	}
	r = do(kim, "GET", "/v1/tenants/contoso/orders?subscriptionId="+res.ID, nil, "")
	if !bytes.Contains(r.Body, []byte(`"billTo":{"type":"partner","id":"partner-a"}`)) {
		t.Errorf("the customer's order history: %s", r.Body)
	}
	for _, ev := range env.Items(t, "event") {
		if ev["subscriptionId"] == res.ID && ev["partnerId"] != nil {
			t.Errorf("the reservation's %s event names partner %v: the partner's endpoints would get it", ev["type"], ev["partnerId"])
		}
	}
	assertActivity(t, env, admin, "CreateSubscription", "kim")

	// Only the Owner buys; only the partner changes it.
	expect("ned is not Owner", do(ned, "POST", subs, buy, "ned-1"), 403, "owner_role_required")
	expect("kim can't cancel", do(kim, "POST", subs+"/"+res.ID+"/cancel", map[string]any{"reason": "x"}, ""), 403, "partner_action_required")
	expect("the customer's admin can't cancel", do(admin, "POST", subs+"/"+res.ID+"/cancel", map[string]any{"reason": "x"}, ""), 403, "partner_action_required")
	expect("kim can't turn renewal off", do(kim, "PATCH", subs+"/"+res.ID, map[string]any{"autoRenew": false}, ""), 403, "partner_action_required")
	r = do(kim, "GET", subs+"/"+res.ID, nil, "")
	if !bytes.Contains(r.Body, []byte(`{"action":"cancel","allowed":false,"reason":"partner_action_required"}`)) {
		t.Errorf("kim's allowedActions: %s", r.Body)
	}

	// The SalesAgent reads but doesn't change; another partner sees nothing.
	expect("SalesAgent reads", do(salesAgent, "GET", permPath, nil, ""), 200, "")
	expect("SalesAgent can't disable", do(salesAgent, "PUT", permPath+"/reservations", off, ""), 403, "forbidden")
	expect("another partner reads", do(otherAgent, "GET", permPath, nil, ""), 404, "not_found")
	expect("another partner disables", do(otherAgent, "PUT", permPath+"/reservations", off, ""), 404, "not_found")
	expect("another partner's customers", do(otherAgent, "GET", "/v1/partners/partner-a/customers", nil, ""), 404, "not_found")

	// The AdminAgent disables it; the next purchase is refused.
	expect("disable", do(adminAgent, "PUT", permPath+"/reservations", off, "disable"), 200, "")
	assertActivity(t, env, admin, "Delete customer purchase permission", "pat")
	expect("kim buys again", do(kim, "POST", subs, buy, "kim-2"), 403, "customer_permission_required")

	// The partner's AdminAgent may cancel the reservation (in its window).
	expect("the partner cancels", do(adminAgent, "POST", subs+"/"+res.ID+"/cancel", map[string]any{"reason": "customer asked"}, ""), 200, "")
}

// assertActivity finds an activity record of the tenant with the operation
// by the actor, naming the customer.
func assertActivity(t *testing.T, env *apitest.Env, token, operation, actor string) {
	t.Helper()
	r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity", Token: token})
	var l struct {
		Items []domain.Activity
	}
	if err := json.Unmarshal(r.Body, &l); err != nil {
		t.Fatal(err)
	}
	for _, a := range l.Items {
		if a.Operation == operation && a.Actor.UserID == actor && a.TenantID == "contoso" {
			if a.TargetType == "customerPermission" && (a.After["customer"] != "contoso" || a.After["permission"] != "reservations") {
				t.Errorf("%s names %v", operation, a.After)
			}
			return
		}
	}
	t.Errorf("no activity %q by %s in %s", operation, actor, r.Body)
}

// TestSetReservationPermissionIsStrict: the body must say enabled.
func TestSetReservationPermissionIsStrict(t *testing.T) {
	env := setup(t)
	agent := env.Token(t, "partner-a", "pat", domain.RoleAdminAgent)
	for _, body := range []string{`{}`, `{"enabled":"yes"}`, `{"enabled":true,"other":1}`, `null`} {
		r := env.Do(t, apitest.Request{Method: "PUT", Path: permPath + "/reservations", Token: agent, Body: body})
		if r.Status != http.StatusBadRequest {
			t.Errorf("body %s: %d %s, want 400", body, r.Status, r.Body)
		}
	}
}

// TestReservationPermissionRoundTrips: turning the permission on reads the
// tenant, the Azure plan's marker and one Owner, then writes once; off
// reads the tenant and writes once.
func TestReservationPermissionRoundTrips(t *testing.T) {
	env := setup(t)
	agent := env.Token(t, "partner-a", "pat", domain.RoleAdminAgent)
	r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: agent,
		Body: map[string]any{"productId": azurePlan, "billingFrequency": "monthly"}, Header: map[string]string{"Idempotency-Key": "azure"}})
	var azure struct{ ID string }
	r.Decode(t, &azure)
	env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso/subscriptions/" + azure.ID + "/roles/kim", Token: agent, Body: map[string]any{"role": "Owner"}})
	tests := []struct {
		enabled bool
		want    []string
	}{
		{true, []string{"GetItem", "GetItem", "Query", "TransactWriteItems"}},
		{false, []string{"GetItem", "TransactWriteItems"}},
	}
	for _, tt := range tests {
		env.DB.Counter.Reset()
		r := env.Do(t, apitest.Request{Method: "PUT", Path: permPath + "/reservations", Token: agent, Body: map[string]any{"enabled": tt.enabled}})
		if r.Status != http.StatusOK {
			t.Fatalf("enabled %v: %d %s", tt.enabled, r.Status, r.Body)
		}
		if got := env.DB.Counter.Operations(); !slices.Equal(got, tt.want) {
			t.Errorf("enabled %v: round trips %q, want %q", tt.enabled, got, tt.want)
		}
	}
}

// TestPartnerTenantAdminsActAsAgents: a partner tenant's GlobalAdmin acts on
// its customers as an AdminAgent, its BillingAdmin as a SalesAgent
// (docs/spec.md §15); another partner's admins reach nothing.
func TestPartnerTenantAdminsActAsAgents(t *testing.T) {
	env := setup(t)
	ga := env.Token(t, "partner-a", "pga", domain.RoleGlobalAdmin)
	ba := env.Token(t, "partner-a", "pba", domain.RoleBillingAdmin)
	other := env.Token(t, "partner-b", "bga", domain.RoleGlobalAdmin)
	if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers", Token: ga}); r.Status != 200 || !bytes.Contains(r.Body, []byte(`"contoso"`)) {
		t.Errorf("partner's GlobalAdmin lists its customers: %d %s", r.Status, r.Body)
	}
	var bought subView
	r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: ba, Header: map[string]string{"Idempotency-Key": "pba-1"},
		Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`})
	r.Decode(t, &bought)
	if r.Status != 201 || bought.Channel != "partner" {
		t.Fatalf("partner's BillingAdmin buys for the customer: %d %s, want 201 on the partner channel", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(bought.ID) + "/cancel", Token: ga, Body: `{"reason":"ordered by mistake"}`}); r.Status != 200 {
		t.Errorf("partner's GlobalAdmin cancels it as AdminAgent: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso/customer-permissions/reservations", Token: ba, Body: `{"enabled":true}`}); r.Status != 403 {
		t.Errorf("partner's BillingAdmin turns the permission on: %d %s, want 403 (a SalesAgent may not)", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso", Token: other}); r.Status != 404 {
		t.Errorf("another partner's GlobalAdmin reads contoso: %d, want 404", r.Status)
	}
}

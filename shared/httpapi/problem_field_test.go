package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

// problemField is the problem's field member and whether it is there.
func problemField(t *testing.T, r *apitest.Response) (string, bool) {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
	v, ok := p["field"]
	if !ok {
		return "", false
	}
	s, isString := v.(string)
	if !isString {
		t.Fatalf("field = %#v, want a string", v)
	}
	return s, true
}

// TestProblemNamesTheField: an invalid_request about one member of the
// body, or one query parameter, names it in the problem's field (as the
// client spelled it, nested members as a dotted path), so a console can
// show the detail next to the form field; other problems name none.
func TestProblemNamesTheField(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	subs := "/v1/tenants/contoso/subscriptions"
	s := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5}`)
	sub := subPath(s.ID)
	hooks := "/v1/tenants/contoso/webhooks"
	badEmail := users("e", 5)
	badEmail[3].Email = "not-an-email"
	twice := users("d", 3)
	twice[2].ID = twice[0].ID
	badID := users("i", 2)
	badID[1].ID = "a#b"
	tenant := `{"name":"Contoso","country":"US","createdAt":"2026-01-01T00:00:00Z"`
	tests := []struct {
		name       string
		req        apitest.Request
		wantStatus int
		wantField  string // "": no field member
	}{
		// Rules of the domain and the use cases.
		{"create quantity 0", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":0}`}, 400, "quantity"},
		{"create quantity 10001", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":10001}`}, 400, "quantity"},
		{"patch quantity 0", apitest.Request{Method: "PATCH", Path: sub, Body: `{"quantity":0}`}, 400, "quantity"},
		{"patch quantity 10001", apitest.Request{Method: "PATCH", Path: sub, Body: `{"quantity":10001}`}, 400, "quantity"},
		{"add-on quantity 0", apitest.Request{Method: "POST", Path: sub + "/addons", Body: `{"productId":"CFQ7TTC0LH05","quantity":0}`}, 400, "quantity"},
		{"bad productId", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"a#b","billingFrequency":"monthly","quantity":1}`}, 400, "productId"},
		{"bad billingFrequency", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"weekly","quantity":1}`}, 400, "billingFrequency"},
		{"blank paymentMethodId", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":1,"paymentMethodId":"  "}`}, 400, "paymentMethodId"},
		{"webhook url not http", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"ftp://127.0.0.1/hook"}`}, 400, "url"},
		{"webhook url with fragment", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"http://127.0.0.1:9/hook#x"}`}, 400, "url"},
		{"webhook unknown event type", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"http://127.0.0.1:9/hook","eventTypes":["subscription.created","nope"]}`}, 400, "eventTypes"},
		{"webhook event type twice", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"http://127.0.0.1:9/hook","eventTypes":["subscription.created","subscription.created"]}`}, 400, "eventTypes"},
		{"webhook long description", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"http://127.0.0.1:9/hook","description":"` + strings.Repeat("d", 1000) + `"}`}, 400, "description"},
		{"cancel reason too long", apitest.Request{Method: "POST", Path: sub + "/cancel", Body: `{"reason":"` + strings.Repeat("r", 501) + `"}`}, 400, "reason"},
		{"cancel blank reason", apitest.Request{Method: "POST", Path: sub + "/cancel", Body: `{"reason":"   "}`}, 400, "reason"},
		{"cancel unknown reasonCode", apitest.Request{Method: "POST", Path: sub + "/cancel", Body: `{"reasonCode":"bored"}`}, 400, "reasonCode"},
		{"suspend unknown reason", apitest.Request{Method: "POST", Path: sub + "/suspend", Body: `{"reason":"whim"}`}, 400, "reason"},
		{"bad policyValue", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Sometimes"}`}, 400, "policyValue"},
		{"no policyValue", apitest.Request{Method: "PUT", Path: automatePath, Body: `{}`}, 400, "policyValue"},
		{"license user email", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: map[string]any{"users": badEmail}}, 400, "users.3.email"},
		{"license user twice", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: map[string]any{"users": twice}}, 400, "users.2.id"},
		{"license user id", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: map[string]any{"users": badID}}, 400, "users.1.id"},
		{"no license users", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: `{"users":[]}`}, 400, "users"},
		{"bulk user email", apitest.Request{Method: "POST", Path: sub + "/licenses/bulk", Body: map[string]any{"users": badEmail}}, 400, "users.3.email"},
		{"move to a bad id", apitest.Request{Method: "POST", Path: sub + "/move-users", Body: `{"targetSubscriptionId":"a#b"}`}, 400, "targetSubscriptionId"},
		{"move to itself", apitest.Request{Method: "POST", Path: sub + "/move-users", Body: `{"targetSubscriptionId":"` + s.ID + `"}`}, 400, "targetSubscriptionId"},
		{"role not Owner", apitest.Request{Method: "PUT", Path: sub + "/roles/kim", Body: `{"role":"Reader"}`}, 400, "role"},
		{"reservation permission without enabled", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso/customer-permissions/reservations", Token: agent, Body: `{}`}, 400, "enabled"},
		{"tenant without name", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"country":"US"}`}, 400, "name"},
		{"tenant country", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"name":"Contoso","country":"usa"}`}, 400, "country"},
		{"tenant own partner", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: tenant + `,"partnerId":"contoso"}`}, 400, "partnerId"},

		// The strict decoding of bodies.
		{"unknown member", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","colour":"red"}`}, 400, "colour"},
		{"server-set member", apitest.Request{Method: "PATCH", Path: sub, Body: `{"quantity":6,"status":"Active"}`}, 400, "status"},
		{"member in another case", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"PolicyValue":"Disabled"}`}, 400, "PolicyValue"},
		{"unknown nested member", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: `{"users":[{"id":"a","name":"A","email":"a@example.com"},{"id":"b","name":"B","email":"b@example.com","role":"x"}]}`}, 400, "users.1.role"},
		{"wrong type", apitest.Request{Method: "POST", Path: subs, Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":"five"}`}, 400, "quantity"},
		{"fraction for a whole number", apitest.Request{Method: "PATCH", Path: sub, Body: `{"quantity":1.5}`}, 400, "quantity"},
		{"wrong type of enabled", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":"true"}`}, 400, "enabled"},
		{"wrong nested type", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: `{"users":[{"id":"a","name":"A","email":"a@example.com"},{"id":"b","name":"B","email":5}]}`}, 400, "users.1.email"},
		{"wrong element type", apitest.Request{Method: "POST", Path: hooks, Body: `{"url":"http://127.0.0.1:9/hook","eventTypes":["subscription.created",7]}`}, 400, "eventTypes"},
		{"null", apitest.Request{Method: "POST", Path: sub + "/cancel", Body: `{"reason":null}`}, 400, "reason"},
		{"nested null", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: `{"users":[{"id":"a","name":null,"email":"a@example.com"}]}`}, 400, "users.0.name"},
		{"null element", apitest.Request{Method: "POST", Path: sub + "/licenses", Body: `{"users":[null]}`}, 400, "users"},
		{"duplicate member", apitest.Request{Method: "PATCH", Path: sub, Body: `{"quantity":5,"quantity":6}`}, 400, "quantity"},

		// Query parameters.
		{"bad status filter", apitest.Request{Method: "GET", Path: subs + "?status=Nope"}, 400, "status"},
		{"bad productId filter", apitest.Request{Method: "GET", Path: subs + "?productId=a%23b"}, 400, "productId"},
		{"unknown query parameter", apitest.Request{Method: "GET", Path: subs + "?colour=red"}, 400, "colour"},
		{"repeated query parameter", apitest.Request{Method: "GET", Path: subs + "?status=Active&status=Trial"}, 400, "status"},
		{"limit zero", apitest.Request{Method: "GET", Path: subs + "?limit=0"}, 400, "limit"},
		{"forged cursor", apitest.Request{Method: "GET", Path: subs + "?cursor=eyJwayI6IlRFTkFOVCNmYWJyaWthbSJ9"}, 400, "cursor"},
		{"bad product filter", apitest.Request{Method: "GET", Path: "/v1/products?publisher=contoso"}, 400, "publisher"},
		{"bad selfService", apitest.Request{Method: "GET", Path: "/v1/products?selfService=yes"}, 400, "selfService"},
		{"bad activity time", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?from=yesterday"}, 400, "from"},
		{"bad orders subscriptionId", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders?subscriptionId=a%23b"}, 400, "subscriptionId"},
		{"export without subscriptionId", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/licenses/export"}, 400, "subscriptionId"},

		// Problems about no one member name none.
		{"malformed JSON", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":`}, 400, ""},
		{"empty body", apitest.Request{Method: "PUT", Path: automatePath, Body: ``}, 400, ""},
		{"array body", apitest.Request{Method: "PUT", Path: automatePath, Body: `[{"enabled":false}]`}, 400, ""},
		{"null body", apitest.Request{Method: "PUT", Path: automatePath, Body: `null`}, 400, ""},
		{"two objects", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}{"enabled":true}`}, 400, ""},
		{"both policy forms", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Disabled","enabled":true}`}, 400, ""},
		{"patch with nothing", apitest.Request{Method: "PATCH", Path: sub, Body: `{}`}, 400, ""},
		{"body where none is taken", apitest.Request{Method: "POST", Path: sub + "/reactivate", Body: `{"x":1}`}, 400, ""},
		{"malformed query", apitest.Request{Method: "GET", Path: subs + "?x=%zz"}, 400, ""},
		{"activity range reversed", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z"}, 400, ""},
		{"bad path parameter", apitest.Request{Method: "PUT", Path: "/v1/tenants/a%23b", Token: op, Body: tenant + `}`}, 400, ""},
		{"no Idempotency-Key", apitest.Request{Method: "POST", Path: sub + "/move-users", Body: `{"targetSubscriptionId":"other"}`, Header: map[string]string{}}, 400, ""},
		{"empty Idempotency-Key", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}`, Header: map[string]string{"Idempotency-Key": ""}}, 400, ""},
		{"not found", apitest.Request{Method: "GET", Path: subPath("sub_missing")}, 404, ""},
		{"forbidden", apitest.Request{Method: "PUT", Path: automatePath, Token: env.Token(t, "contoso", "bob"), Body: `{"policyValue":"Sometimes"}`}, 403, ""},
		{"too large", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"` + strings.Repeat("a", 64<<10) + `"}`}, 413, ""},
		{"not JSON", apitest.Request{Method: "PUT", Path: automatePath, Body: `enabled=false`, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.Token == "" {
				tt.req.Token = admin
			}
			if tt.req.Header == nil && tt.req.Method != "GET" {
				tt.req.Header = map[string]string{"Idempotency-Key": "field-" + strings.ReplaceAll(tt.name, " ", "-")}
			}
			r := env.Do(t, tt.req)
			if r.Status != tt.wantStatus {
				t.Fatalf("got %d %s, want %d", r.Status, r.Body, tt.wantStatus)
			}
			if got, want := r.Header.Get("Content-Type"), "application/problem+json"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			got, ok := problemField(t, r)
			switch want := tt.wantField; {
			case want == "" && ok:
				t.Errorf("field = %q in %s, want none", got, r.Body)
			case want != "" && (!ok || got != want):
				t.Errorf("field = %q (present %v) in %s, want %q", got, ok, r.Body, want)
			}
		})
	}
	if r := env.Do(t, apitest.Request{Method: "GET", Path: sub, Token: admin}); r.Status != http.StatusOK {
		t.Fatalf("the subscription after the bad requests: %d %s", r.Status, r.Body)
	} else {
		var got subView
		r.Decode(t, &got)
		if got.Quantity != 5 || got.Status != domain.StatusActive {
			t.Errorf("after the bad requests: quantity %d, %s; want 5, Active (nothing changed)", got.Quantity, got.Status)
		}
	}
}

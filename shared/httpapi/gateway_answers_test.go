package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

// rawDo sends method and path exactly as written (no cleaning by the
// client), with token and body, and reads the whole answer.
func rawDo(t *testing.T, env *apitest.Env, method, path, token string, body []byte) *apitest.Response {
	t.Helper()
	req, err := http.NewRequest(method, env.URL+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = path
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &apitest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// TestUnmatchedRoutesAreProblems: a request no route matches reaches the
// $default route's function (NotFound), which answers 404 — or 405 with
// Allow when the path is a route's under other methods — as
// problem+json. Only API Gateway's own answers (no token: 401; a body over
// 10 MB: 413) keep its {"message"} body (docs/spec.md §15).
func TestUnmatchedRoutesAreProblems(t *testing.T) {
	env := setup(t)
	token := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	tests := []struct {
		method, path string
		want         int
		code, allow  string
	}{
		{"GET", "/v2/nothing", 404, "not_found", ""},
		{"GET", "/", 404, "not_found", ""},
		{"GET", "/v1/products/", 404, "not_found", ""},
		{"GET", "/v1/tenants/contoso/subscriptions/sub_1/nothing", 404, "not_found", ""},
		{"GET", "/v1//products", 404, "not_found", ""},
		{"GET", "/v1/tenants/contoso/../contoso", 404, "not_found", ""},
		{"DELETE", "/v1/products", 405, "method_not_allowed", "GET"},
		{"HEAD", "/v1/products", 405, "", "GET"},
		{"PUT", "/v1/tenants/contoso/webhooks", 405, "method_not_allowed", "GET, POST"},
		{"POST", "/v1/tenants/contoso/subscriptions/sub_1", 405, "method_not_allowed", "GET, PATCH"},
		{"PATCH", "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products/CFQ7TTC0KP0N", 405, "method_not_allowed", "GET, PUT"},
		{"OPTIONS", "/v1/tenants/contoso", 405, "method_not_allowed", "GET, PUT"},
	}
	for _, tt := range tests {
		r := rawDo(t, env, tt.method, tt.path, token, nil)
		if r.Status != tt.want || r.Code() != tt.code || r.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q %s, want %d Allow %q %s", tt.method, tt.path, r.Status, r.Header.Get("Allow"), r.Body, tt.want, tt.allow, tt.code)
		}
		if got, want := r.Header.Get("Content-Type"), "application/problem+json"; got != want {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, got, want)
		}
	}
	gateway := []struct {
		method, path, token string
		body                []byte
		want                int
		message             string
	}{
		{"GET", "/v2/nothing", "", nil, 401, "Unauthorized"},
		{"DELETE", "/v1/products", "not-a-token", nil, 401, "Unauthorized"},
		{"PUT", "/v1/tenants/contoso", token, bytes.Repeat([]byte("x"), 10<<20+1), 413, "Request Entity Too Large"},
		{"POST", "/v2/nothing", token, bytes.Repeat([]byte("x"), 10<<20+1), 413, "Request Entity Too Large"},
	}
	for _, g := range gateway {
		r := rawDo(t, env, g.method, g.path, g.token, g.body)
		var body map[string]string
		if err := json.Unmarshal(r.Body, &body); err != nil || r.Status != g.want || len(body) != 1 || body["message"] != g.message ||
			r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: %d %q %s, want API Gateway's %d {\"message\":%q}", g.method, g.path, r.Status, r.Header.Get("Content-Type"), r.Body, g.want, g.message)
		}
	}
}

// TestNoContentHasNoContentType: a 204 carries neither a body nor a
// Content-Type (the Lambda adapter used to add text/plain).
func TestNoContentHasNoContentType(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	for _, key := range []string{"", "delete-1"} {
		id := mustEndpoint(t, env)
		req := apitest.Request{Method: "DELETE", Path: "/v1/tenants/contoso/webhooks/" + id, Token: admin}
		if key != "" {
			req.Header = map[string]string{"Idempotency-Key": key}
		}
		for range 2 { // with a key, the second is the replay
			r := env.Do(t, req)
			if key == "" && r.Status == http.StatusNotFound {
				break
			}
			if r.Status != http.StatusNoContent || len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
				t.Errorf("DELETE (key %q): %d Content-Type %q body %q, want 204 with neither", key, r.Status, r.Header.Get("Content-Type"), r.Body)
			}
		}
	}
}

// TestNullFieldsAreRefused: null for any field of a request body is
// 400 invalid_request, on every route with a body, and changes nothing
// (encoding/json would read it as "absent": quantity null bought one).
func TestNullFieldsAreRefused(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	subs := "/v1/tenants/contoso/subscriptions"
	r := env.Do(t, apitest.Request{Method: "POST", Path: subs, Token: admin, Header: map[string]string{"Idempotency-Key": "null-setup"},
		Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5}`})
	if r.Status != http.StatusCreated {
		t.Fatalf("creating a subscription: %d %s", r.Status, r.Body)
	}
	var sub struct{ ID string }
	r.Decode(t, &sub)
	s := subs + "/" + sub.ID
	tests := []struct {
		name, method, path, token, body string
	}{
		{"quantity", "POST", subs, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":null}`},
		{"productId", "POST", subs, admin, `{"productId":null,"billingFrequency":"monthly"}`},
		{"trial", "POST", subs, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","trial":null}`},
		{"autoRenew", "POST", subs, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","autoRenew":null}`},
		{"update quantity", "PATCH", s, admin, `{"quantity":null}`},
		{"update autoRenew", "PATCH", s, admin, `{"quantity":6,"autoRenew":null}`},
		{"cancel reason", "POST", s + "/cancel", admin, `{"reason":null}`},
		{"suspend reason", "POST", s + "/suspend", admin, `{"reason":null}`},
		{"users element", "POST", s + "/licenses", admin, `{"users":[null]}`},
		{"user name", "POST", s + "/licenses", admin, `{"users":[{"id":"dana","name":null,"email":"dana@example.com"}]}`},
		{"addon quantity", "POST", s + "/addons", admin, `{"productId":"CFQ7TTC0LHXL","quantity":null}`},
		{"move target", "POST", s + "/move-users", admin, `{"targetSubscriptionId":null}`},
		{"policyValue", "PUT", automatePath, admin, `{"policyValue":null}`},
		{"enabled", "PUT", automatePath, admin, `{"enabled":null}`},
		{"tenant partnerId", "PUT", "/v1/tenants/contoso", op, `{"name":"C","country":"US","createdAt":"2025-01-01T00:00:00Z","partnerId":null}`},
		{"tenant hasAgreement", "PUT", "/v1/tenants/contoso", op, `{"name":"C","country":"US","createdAt":"2025-01-01T00:00:00Z","hasAgreement":null}`},
		{"webhook eventTypes", "POST", "/v1/tenants/contoso/webhooks", admin, `{"url":"http://127.0.0.1:9/h","eventTypes":null}`},
		{"webhook event type", "POST", "/v1/tenants/contoso/webhooks", admin, `{"url":"http://127.0.0.1:9/h","eventTypes":[null]}`},
		{"webhook description", "POST", "/v1/tenants/contoso/webhooks", admin, `{"url":"http://127.0.0.1:9/h","description":null}`},
		{"reservation enabled", "PUT", "/v1/tenants/contoso/customer-permissions/reservations", agent, `{"enabled":null}`},
		{"role", "PUT", s + "/roles/kim", admin, `{"role":null}`},
	}
	before := len(env.Items(t, "activity"))
	for _, tt := range tests {
		r := env.Do(t, apitest.Request{Method: tt.method, Path: tt.path, Token: tt.token, Body: tt.body,
			Header: map[string]string{"Idempotency-Key": "null-" + strings.ReplaceAll(tt.name, " ", "-")}})
		if r.Status != http.StatusBadRequest || r.Code() != "invalid_request" {
			t.Errorf("%s: %s %s %s: %d %s, want 400 invalid_request", tt.name, tt.method, tt.path, tt.body, r.Status, r.Body)
		}
	}
	if got := len(env.Items(t, "activity")); got != before {
		t.Errorf("activity records went from %d to %d, want no change", before, got)
	}
}

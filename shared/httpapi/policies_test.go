package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/catalog"
	"selfserve/shared/domain"
)

const (
	powerAutomate = "CFQ7TTC0KP0N"
	policyPath    = "/v1/tenants/contoso/policies/AllowSelfServicePurchase"
	automatePath  = policyPath + "/products/" + powerAutomate
)

type productPolicy struct {
	PolicyID     string `json:"policyId"`
	ProductID    string `json:"productId"`
	ProductName  string `json:"productName"`
	PolicyValue  string `json:"policyValue"`
	IsDefault    bool   `json:"isDefault"`
	DefaultValue string `json:"defaultValue"`
}

// setup creates contoso (partner partner-a) and fabrikam (partner partner-b).
func setup(t *testing.T) *apitest.Env {
	t.Helper()
	env := apitest.New(t)
	env.MustPutTenant(t, "contoso", "partner-a")
	env.MustPutTenant(t, "fabrikam", "partner-b")
	return env
}

// TestSeed004AdminScenario walks the MSCommerce scenario of seed 004 over HTTP.
func TestSeed004AdminScenario(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)

	// View the policy and the list of products with their status.
	r := env.Do(t, apitest.Request{Method: "GET", Path: policyPath, Token: admin})
	if r.Status != http.StatusOK {
		t.Fatalf("GetPolicy: %d %s", r.Status, r.Body)
	}
	var pol struct {
		PolicyID, Description, DefaultValue string
		Values                              []struct{ Value, Label string }
	}
	r.Decode(t, &pol)
	if got, want := pol.PolicyID, "AllowSelfServicePurchase"; got != want {
		t.Errorf("policyId = %q, want %q", got, want)
	}
	if got, want := len(pol.Values), 3; got != want {
		t.Errorf("len(values) = %d, want %d", got, want)
	}

	r = env.Do(t, apitest.Request{Method: "GET", Path: policyPath + "/products", Token: admin})
	var list struct{ Items []productPolicy }
	r.Decode(t, &list)
	if got, want := len(list.Items), len(catalog.Default().SelfServiceEligible()); got != want || got != 12 {
		t.Fatalf("ListProductPolicies items = %d, want %d (12 seed products)", got, want)
	}
	for _, it := range list.Items {
		if it.PolicyValue != "Enabled" || !it.IsDefault {
			t.Errorf("%s = %q (isDefault %v), want the default Enabled", it.ProductID, it.PolicyValue, it.IsDefault)
		}
	}

	// Set Power Automate per user to each value in turn, reading it back.
	steps := []struct {
		name string
		body string
		want string
	}{
		{"disable", `{"policyValue":"Disabled"}`, "Disabled"},
		{"trials only", `{"policyValue":"OnlyTrialsWithoutPaymentMethod"}`, "OnlyTrialsWithoutPaymentMethod"},
		{"legacy enable", `{"enabled": true}`, "Enabled"},
	}
	for _, s := range steps {
		r := env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: s.body})
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", s.name, r.Status, r.Body)
		}
		var got productPolicy
		r.Decode(t, &got)
		if got.PolicyValue != s.want || got.IsDefault || got.ProductName != "Power Automate per user" {
			t.Errorf("%s: response %+v, want policyValue %s, isDefault false", s.name, got, s.want)
		}
		r = env.Do(t, apitest.Request{Method: "GET", Path: automatePath, Token: admin})
		r.Decode(t, &got)
		if got.PolicyValue != s.want {
			t.Errorf("%s: read back %q, want %q", s.name, got.PolicyValue, s.want)
		}
	}

	// Refused changes: a plain user and a SalesAgent get 403, another
	// tenant's admin 404 — and none of them changes anything.
	refused := []struct {
		name       string
		token      string
		wantStatus int
	}{
		{"plain user", env.Token(t, "contoso", "bob"), http.StatusForbidden},
		{"SalesAgent of the partner", env.Token(t, "partner-a", "sam", domain.RoleSalesAgent), http.StatusForbidden},
		{"HelpdeskAgent of the partner", env.Token(t, "partner-a", "hal", domain.RoleHelpdeskAgent), http.StatusForbidden},
		{"AdminAgent of the partner", env.Token(t, "partner-a", "ada", domain.RoleAdminAgent), http.StatusForbidden},
		{"admin of tenant B", env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin), http.StatusNotFound},
		{"agent of another partner", env.Token(t, "partner-b", "pia", domain.RoleAdminAgent), http.StatusNotFound},
	}
	for _, c := range refused {
		r := env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: c.token, Body: `{"policyValue":"Disabled"}`})
		if r.Status != c.wantStatus {
			t.Errorf("%s: PUT = %d %s, want %d", c.name, r.Status, r.Body, c.wantStatus)
		}
	}
	r = env.Do(t, apitest.Request{Method: "GET", Path: automatePath, Token: admin})
	var final productPolicy
	r.Decode(t, &final)
	if got, want := final.PolicyValue, "Enabled"; got != want {
		t.Errorf("after refused changes policy = %q, want %q", got, want)
	}

	// Tenant B's admin sees nothing of tenant A.
	fred := env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin)
	for _, path := range []string{policyPath, policyPath + "/products", automatePath, "/v1/tenants/contoso"} {
		r := env.Do(t, apitest.Request{Method: "GET", Path: path, Token: fred})
		if r.Status != http.StatusNotFound || r.Code() != "not_found" {
			t.Errorf("tenant B GET %s = %d %s, want 404 not_found", path, r.Status, r.Body)
		}
	}

	// Each of the three changes wrote one activity record and one
	// policy.updated event; the refused ones wrote nothing.
	var values []string
	for _, a := range env.Items(t, "activity") {
		if a["operation"] != "UpdateProductPolicy" {
			continue
		}
		actor := a["actor"].(map[string]any)
		if a["tenantId"] != "contoso" || a["targetType"] != "productPolicy" || a["targetId"] != powerAutomate ||
			actor["userId"] != "alice" || actor["tenantId"] != "contoso" || a["at"] != apitest.T0.Format(time.RFC3339) {
			t.Errorf("activity record %v: want contoso's productPolicy %s changed by alice at T0", a, powerAutomate)
		}
		var after map[string]string
		_ = json.Unmarshal([]byte(a["after"].(string)), &after)
		values = append(values, after["policyValue"])
	}
	sort.Strings(values)
	if got, want := strings.Join(values, ","), "Disabled,Enabled,OnlyTrialsWithoutPaymentMethod"; got != want {
		t.Errorf("activity after values = %s, want %s", got, want)
	}
	events := env.Items(t, "event")
	if got, want := len(events), 3; got != want {
		t.Fatalf("outbox events = %d, want %d", got, want)
	}
	var delivered []string
	for _, e := range events {
		var payload struct {
			Type      string
			Timestamp string
			Data      map[string]any
		}
		if err := json.Unmarshal([]byte(e["payload"].(string)), &payload); err != nil {
			t.Fatal(err)
		}
		if e["type"] != domain.EventPolicyUpdated || payload.Type != domain.EventPolicyUpdated || payload.Timestamp != apitest.T0.Format(time.RFC3339) ||
			payload.Data["tenantId"] != "contoso" || payload.Data["productId"] != powerAutomate || payload.Data["policyId"] != domain.PolicyID {
			t.Errorf("event %v payload %+v, want policy.updated of contoso's %s at T0", e, payload, powerAutomate)
		}
		delivered = append(delivered, payload.Data["policyValue"].(string))
	}
	sort.Strings(delivered)
	if got, want := strings.Join(delivered, ","), "Disabled,Enabled,OnlyTrialsWithoutPaymentMethod"; got != want {
		t.Errorf("event policy values = %s, want %s", got, want)
	}
}

func TestPolicyErrors(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleBillingAdmin)
	tests := []struct {
		name, method, path, body string
		wantStatus               int
		wantCode                 string
	}{
		{"unknown policy", "GET", "/v1/tenants/contoso/policies/AllowEverything", "", 404, "policy_not_found"},
		{"unknown policy on product", "GET", "/v1/tenants/contoso/policies/Other/products/" + powerAutomate, "", 404, "policy_not_found"},
		{"unknown policy on update", "PUT", "/v1/tenants/contoso/policies/Other/products/" + powerAutomate, `{"policyValue":"Disabled"}`, 404, "policy_not_found"},
		{"product not eligible", "GET", policyPath + "/products/CFQ7TTC0LFLX", "", 404, "policy_not_applicable"},
		{"update product not eligible", "PUT", policyPath + "/products/CFQ7TTC0LFLX", `{"policyValue":"Disabled"}`, 404, "policy_not_applicable"},
		{"unknown product", "GET", policyPath + "/products/NOPE", "", 404, "not_found"},
		{"unknown tenant", "PUT", "/v1/tenants/nobody/policies/AllowSelfServicePurchase/products/" + powerAutomate, `{"policyValue":"Disabled"}`, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := apitest.Request{Method: tt.method, Path: tt.path, Token: admin}
			if tt.body != "" {
				req.Body = tt.body
			}
			if tt.name == "unknown tenant" {
				req.Token = env.Token(t, "nobody", "x", domain.RoleGlobalAdmin)
			}
			r := env.Do(t, req)
			if r.Status != tt.wantStatus || r.Code() != tt.wantCode {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tt.wantStatus, tt.wantCode)
			}
			if got, want := r.Header.Get("Content-Type"), "application/problem+json"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
		})
	}
	if got := len(env.Items(t, "event")); got != 0 {
		t.Errorf("refused requests wrote %d events, want 0", got)
	}
}

// TestPolicyRoundTrips asserts the round-trip budgets of docs/data-model.md: a policy
// update costs exactly one DynamoDB round trip, a policy read one.
func TestPolicyRoundTrips(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	agent := env.Token(t, "partner-a", "ada", domain.RoleHelpdeskAgent)
	tests := []struct {
		name string
		req  apitest.Request
		want []string
	}{
		{"update", apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"policyValue":"Disabled"}`}, []string{"TransactWriteItems"}},
		{"update with Idempotency-Key", apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"enabled":false}`,
			Header: map[string]string{"Idempotency-Key": "rt-1"}}, []string{"TransactWriteItems"}},
		{"replay", apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"enabled":false}`,
			Header: map[string]string{"Idempotency-Key": "rt-1"}}, []string{"TransactWriteItems"}},
		{"read one", apitest.Request{Method: "GET", Path: automatePath, Token: admin}, []string{"GetItem"}},
		{"read one as agent", apitest.Request{Method: "GET", Path: automatePath, Token: agent}, []string{"GetItem"}},
		{"list", apitest.Request{Method: "GET", Path: policyPath + "/products", Token: admin}, []string{"GetItem"}},
		{"policy", apitest.Request{Method: "GET", Path: policyPath, Token: admin}, []string{"GetItem"}},
	}
	for _, tt := range tests {
		env.DB.Counter.Reset()
		r := env.Do(t, tt.req)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.name, r.Status, r.Body)
		}
		if got := env.DB.Counter.Operations(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: round trips %v, want %v", tt.name, got, tt.want)
		}
	}
}

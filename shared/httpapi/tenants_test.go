package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

func TestPutTenant(t *testing.T) {
	env := apitest.New(t)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	put := func(body, key string) *apitest.Response {
		req := apitest.Request{Method: "PUT", Path: "/v1/tenants/northwind", Token: op, Body: body}
		if key != "" {
			req.Header = map[string]string{"Idempotency-Key": key}
		}
		return env.Do(t, req)
	}
	created := `{"name":"Northwind","country":"US","createdAt":"2025-01-15T00:00:00Z","partnerId":"partner-a"}`
	steps := []struct {
		name, body, key string
		wantStatus      int
		wantReplay      bool
		wantCode        string
	}{
		{"create", created, "k1", 201, false, ""},
		{"replay of the create", created, "k1", 201, true, ""},
		{"same key, another body", `{"name":"Other","country":"US","createdAt":"2025-01-15T00:00:00Z"}`, "k1", 422, false, "idempotency_key_mismatch"},
		{"same facts again", created, "", 200, false, ""},
		{"same facts with a new key", created, "k2", 200, false, ""},
		{"replay of a no-op", created, "k2", 200, true, ""},
		{"leave the partner", `{"name":"Northwind","country":"US","createdAt":"2025-01-15T00:00:00Z","hasAgreement":true}`, "", 200, false, ""},
	}
	for _, s := range steps {
		r := put(s.body, s.key)
		if r.Status != s.wantStatus || r.Code() != s.wantCode || (r.Header.Get("Idempotent-Replayed") == "true") != s.wantReplay {
			t.Errorf("%s: %d %s (replayed %q), want %d %s replayed=%v", s.name, r.Status, r.Body, r.Header.Get("Idempotent-Replayed"), s.wantStatus, s.wantCode, s.wantReplay)
		}
	}

	var got domain.Tenant
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/northwind", Token: op}).Decode(t, &got)
	if got.PartnerID != "" || !got.HasAgreement || got.FirstBillingAt != got.CreatedAt {
		t.Errorf("tenant = %+v, want no partner, an agreement, firstBillingAt = createdAt", got)
	}
	r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers", Token: env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)})
	var l struct{ Items []domain.Tenant }
	r.Decode(t, &l)
	if len(l.Items) != 0 {
		t.Errorf("former partner still lists %v", l.Items)
	}

	// Two changes, two activity records with what changed; no-ops wrote none.
	acts := env.Items(t, "activity")
	if got, want := len(acts), 2; got != want {
		t.Fatalf("activity records = %d, want %d", got, want)
	}
	for _, a := range acts {
		var before, after map[string]any
		if b, ok := a["before"].(string); ok {
			_ = json.Unmarshal([]byte(b), &before)
		}
		_ = json.Unmarshal([]byte(a["after"].(string)), &after)
		switch {
		case before == nil:
			if after["name"] != "Northwind" || after["partnerId"] != "partner-a" {
				t.Errorf("create record after = %v", after)
			}
		default:
			if before["partnerId"] != "partner-a" || after["partnerId"] != "" || after["hasAgreement"] != true || len(after) != 2 {
				t.Errorf("update record before %v after %v, want only partnerId and hasAgreement", before, after)
			}
		}
	}
}

func TestPutTenantRefusals(t *testing.T) {
	env := apitest.New(t)
	env.MustPutTenant(t, "contoso", "")
	body := `{"name":"X","country":"US","createdAt":"2025-01-15T00:00:00Z"}`
	tests := []struct {
		name   string
		token  string
		status int
	}{
		{"own admin", env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin), http.StatusForbidden},
		{"stranger", env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin), http.StatusNotFound},
	}
	for _, tt := range tests {
		r := env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: tt.token, Body: body})
		if r.Status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, r.Status, r.Body, tt.status)
		}
	}
	var got domain.Tenant
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso", Token: env.Token(t, apitest.Operator, "op", domain.RoleOperator)}).Decode(t, &got)
	if got.Name != "Tenant contoso" {
		t.Errorf("name = %q after refused PUTs, want unchanged", got.Name)
	}
}

// TestTenantCreatedAtDefaultAndBillingEmail (spec §15): createdAt defaults to
// the time of the first PUT and is kept by a PUT that omits it; billingEmail
// is stored and shown, and a malformed one is refused.
func TestTenantCreatedAtDefaultAndBillingEmail(t *testing.T) {
	env := apitest.New(t)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	put := func(body string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/woodgrove", Token: op, Body: body})
	}
	var first, again domain.Tenant
	r := put(`{"name":"Woodgrove","country":"US","billingEmail":"billing@woodgrove.example"}`)
	r.Decode(t, &first)
	if r.Status != 201 || !first.CreatedAt.Equal(apitest.T0) || !first.FirstBillingAt.Equal(apitest.T0) || first.BillingEmail != "billing@woodgrove.example" {
		t.Fatalf("first PUT without createdAt: %d %s; want createdAt = firstBillingAt = %v and the billing email", r.Status, r.Body, apitest.T0)
	}
	env.Clock.Advance(48 * time.Hour)
	r = put(`{"name":"Woodgrove Bank","country":"US"}`)
	r.Decode(t, &again)
	if r.Status != 200 || !again.CreatedAt.Equal(apitest.T0) || again.BillingEmail != "" {
		t.Errorf("replacement without createdAt: %d %s; want createdAt kept at %v, billing email removed", r.Status, r.Body, apitest.T0)
	}
	if r := put(`{"name":"Woodgrove","country":"US","billingEmail":"not an address"}`); r.Status != 400 || r.Code() != "invalid_request" {
		t.Errorf("malformed billingEmail: %d %s, want 400", r.Status, r.Body)
	}
}

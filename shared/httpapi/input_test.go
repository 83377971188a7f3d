package httpapi_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

// TestBadInputChangesNothing: every malformed request gets a problem+json
// 4xx with a stable code and leaves the table as it was.
func TestBadInputChangesNothing(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	big := `{"policyValue":"Disabled","x":"` + strings.Repeat("a", 64<<10) + `"}`
	tests := []struct {
		name       string
		req        apitest.Request
		wantStatus int
		wantCode   string
	}{
		{"field in another case", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"PolicyValue":"Disabled"}`}, 400, "invalid_request"},
		{"field in capitals", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"POLICYVALUE":"Disabled"}`}, 400, "invalid_request"},
		{"duplicate key", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Enabled","policyValue":"Disabled"}`}, 400, "invalid_request"},
		{"duplicate legacy key", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":true,"enabled":false}`}, 400, "invalid_request"},
		{"not UTF-8", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: []byte("{\"name\":\"Caf\xe9\",\"country\":\"US\",\"createdAt\":\"2026-01-01T00:00:00Z\"}")}, 400, "invalid_request"},
		{"control characters in name", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"name":"C\u0007","country":"US","createdAt":"2026-01-01T00:00:00Z"}`}, 400, "invalid_request"},
		{"tenant fields in capitals", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"NAME":"C","country":"US","createdAt":"2026-01-01T00:00:00Z"}`}, 400, "invalid_request"},
		{"UTF-16 charset", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}`, Header: map[string]string{"Content-Type": "application/json; charset=utf-16"}}, 415, "unsupported_media_type"},
		{"semicolon in query", apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers?limit=1;x=1", Token: env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)}, 400, "invalid_request"},
		{"bad escape in query", apitest.Request{Method: "GET", Path: policyPath + "?x=%zz"}, 400, "invalid_request"},
		{"tenant id over 64 characters", apitest.Request{Method: "GET", Path: "/v1/tenants/" + strings.Repeat("a", 2100)}, 400, "invalid_request"},
		{"product id over 64 characters", apitest.Request{Method: "PUT", Path: policyPath + "/products/" + strings.Repeat("€", 700), Body: `{"enabled":false}`}, 400, "invalid_request"},
		{"unknown field", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Disabled","color":"red"}`}, 400, "invalid_request"},
		{"server field isDefault", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Disabled","isDefault":true}`}, 400, "invalid_request"},
		{"server field tenantId", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Disabled","tenantId":"fabrikam"}`}, 400, "invalid_request"},
		{"both forms", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Disabled","enabled":true}`}, 400, "invalid_request"},
		{"neither form", apitest.Request{Method: "PUT", Path: automatePath, Body: `{}`}, 400, "invalid_request"},
		{"bad value", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Sometimes"}`}, 400, "invalid_request"},
		{"label instead of value", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":"Allow"}`}, 400, "invalid_request"},
		{"enabled as string", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":"true"}`}, 400, "invalid_request"},
		{"malformed JSON", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"policyValue":`}, 400, "invalid_request"},
		{"two objects", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}{"enabled":true}`}, 400, "invalid_request"},
		{"array", apitest.Request{Method: "PUT", Path: automatePath, Body: `[{"enabled":false}]`}, 400, "invalid_request"},
		{"empty body", apitest.Request{Method: "PUT", Path: automatePath, Body: ``}, 400, "invalid_request"},
		{"too large", apitest.Request{Method: "PUT", Path: automatePath, Body: big}, 413, "payload_too_large"},
		{"not JSON", apitest.Request{Method: "PUT", Path: automatePath, Body: `enabled=false`, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, "unsupported_media_type"},
		{"unknown query parameter", apitest.Request{Method: "PUT", Path: automatePath + "?force=1", Body: `{"enabled":false}`}, 400, "invalid_request"},
		{"empty Idempotency-Key", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}`, Header: map[string]string{"Idempotency-Key": ""}}, 400, "invalid_request"},
		{"long Idempotency-Key", apitest.Request{Method: "PUT", Path: automatePath, Body: `{"enabled":false}`, Header: map[string]string{"Idempotency-Key": strings.Repeat("k", 256)}}, 400, "invalid_request"},
		{"tenant without country", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"name":"C","createdAt":"2026-01-01T00:00:00Z"}`}, 400, "invalid_request"},
		{"tenant with version", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"name":"C","country":"US","createdAt":"2026-01-01T00:00:00Z","version":3}`}, 400, "invalid_request"},
		{"tenant with bad time", apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: `{"name":"C","country":"US","createdAt":"yesterday"}`}, 400, "invalid_request"},
		{"tenant id with #", apitest.Request{Method: "PUT", Path: "/v1/tenants/a%23b", Token: op, Body: `{"name":"C","country":"US","createdAt":"2026-01-01T00:00:00Z"}`}, 400, "invalid_request"},
		{"bad product filter", apitest.Request{Method: "GET", Path: "/v1/products?publisher=contoso"}, 400, "invalid_request"},
		{"bad selfService filter", apitest.Request{Method: "GET", Path: "/v1/products?selfService=yes"}, 400, "invalid_request"},
		{"limit too large", apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers?limit=201", Token: env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)}, 400, "invalid_request"},
		{"limit zero", apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers?limit=0", Token: env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)}, 400, "invalid_request"},
	}
	before := len(env.Items(t, "activity"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.Token == "" {
				tt.req.Token = admin
			}
			r := env.Do(t, tt.req)
			if r.Status != tt.wantStatus || r.Code() != tt.wantCode {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tt.wantStatus, tt.wantCode)
			}
			if got, want := r.Header.Get("Content-Type"), "application/problem+json"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
		})
	}
	if got := len(env.Items(t, "activity")); got != before {
		t.Errorf("activity records went from %d to %d, want no change", before, got)
	}
	if got := len(env.Items(t, "event")); got != 0 {
		t.Errorf("events = %d, want 0", got)
	}
	var pp productPolicy
	env.Do(t, apitest.Request{Method: "GET", Path: automatePath, Token: admin}).Decode(t, &pp)
	if !pp.IsDefault {
		t.Errorf("policy after bad requests = %+v, want the untouched default", pp)
	}
}

func TestIdempotencyKey(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	put := func(key, body string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: body, Header: map[string]string{"Idempotency-Key": key}})
	}
	first := put("key-1", `{"policyValue":"Disabled"}`)
	if first.Status != http.StatusOK || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %s replayed=%q", first.Status, first.Body, first.Header.Get("Idempotent-Replayed"))
	}
	// Someone else changes the value; a replay still answers what the first did.
	env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"enabled":true}`})
	again := put("key-1", `{"policyValue":"Disabled"}`)
	if again.Status != first.Status || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay = %d %s (replayed %q), want %d %s replayed", again.Status, again.Body, again.Header.Get("Idempotent-Replayed"), first.Status, first.Body)
	}
	var pp productPolicy
	env.Do(t, apitest.Request{Method: "GET", Path: automatePath, Token: admin}).Decode(t, &pp)
	if got, want := pp.PolicyValue, "Enabled"; got != want {
		t.Errorf("after replay the policy = %q, want %q (a replay changes nothing)", got, want)
	}
	if r := put("key-1", `{"policyValue":"OnlyTrialsWithoutPaymentMethod"}`); r.Status != 422 || r.Code() != "idempotency_key_mismatch" {
		t.Errorf("same key, other body: %d %s, want 422 idempotency_key_mismatch", r.Status, r.Body)
	}
	// Keys are per principal: another admin's same key is a new request.
	other := env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: env.Token(t, "contoso", "carol", domain.RoleBillingAdmin),
		Body: `{"policyValue":"Disabled"}`, Header: map[string]string{"Idempotency-Key": "key-1"}})
	if other.Status != http.StatusOK || other.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("other principal, same key: %d replayed=%q, want a fresh 200", other.Status, other.Header.Get("Idempotent-Replayed"))
	}
	if got, want := len(env.Items(t, "event")), 3; got != want {
		t.Errorf("events = %d, want %d (first, the interleaved change, the other principal)", got, want)
	}
}

// TestIdempotencyKeyConcurrent: many requests with one key at once have
// exactly one effect; the rest replay it or are told it is in flight.
func TestIdempotencyKeyConcurrent(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	const n = 12
	statuses := make([]int, n)
	var bodies []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"policyValue":"Disabled"}`,
				Header: map[string]string{"Idempotency-Key": "same"}})
			statuses[i] = r.Status
			if r.Status == http.StatusOK {
				mu.Lock()
				bodies = append(bodies, string(r.Body))
				mu.Unlock()
			}
			if r.Status == http.StatusConflict && r.Code() != "idempotency_key_in_use" {
				t.Errorf("409 with code %q, want idempotency_key_in_use", r.Code())
			}
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusOK && s != http.StatusConflict {
			t.Errorf("status %d, want 200 or 409 (all: %v)", s, statuses)
		}
	}
	if n := len(bodies); n == 0 {
		t.Errorf("no request succeeded (statuses %v)", statuses)
	}
	for i := range bodies {
		if bodies[i] != bodies[0] {
			t.Errorf("answers differ: %s vs %s", bodies[i], bodies[0])
		}
	}
	if got, want := len(env.Items(t, "event")), 1; got != want {
		t.Errorf("events = %d, want exactly %d", got, want)
	}
	if got, want := len(env.Items(t, "idempotency")), 1; got != want {
		t.Errorf("idempotency records = %d, want %d", got, want)
	}
}

func TestListCustomersCursor(t *testing.T) {
	env := setup(t)
	for _, id := range []string{"northwind", "tailspin", "wingtip"} {
		env.MustPutTenant(t, id, "partner-a")
	}
	agent := env.Token(t, "partner-a", "ada", domain.RoleSalesAgent)
	var seen []string
	path := "/v1/partners/partner-a/customers?limit=2"
	var cursor string
	for page := 0; page < 5; page++ {
		p := path
		if cursor != "" {
			p += "&cursor=" + cursor
		}
		env.DB.Counter.Reset()
		r := env.Do(t, apitest.Request{Method: "GET", Path: p, Token: agent})
		if r.Status != http.StatusOK {
			t.Fatalf("page %d: %d %s", page, r.Status, r.Body)
		}
		if got, want := env.DB.Counter.Total(), 1; got != want {
			t.Errorf("page %d round trips = %d, want %d", page, got, want)
		}
		var l struct {
			Items      []struct{ TenantID string }
			NextCursor string
		}
		r.Decode(t, &l)
		for _, it := range l.Items {
			seen = append(seen, it.TenantID)
		}
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if got, want := strings.Join(seen, ","), "contoso,northwind,tailspin,wingtip"; got != want {
		t.Errorf("customers = %s, want %s", got, want)
	}

	r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/partners/partner-a/customers?limit=1", Token: agent})
	var l struct{ NextCursor string }
	r.Decode(t, &l)
	if l.NextCursor == "" {
		t.Fatal("no nextCursor with limit=1")
	}
	tampered := []byte(l.NextCursor)
	tampered[len(tampered)/2] ^= 1
	partnerB := env.Token(t, "partner-b", "pia", domain.RoleAdminAgent)
	bad := []struct {
		name  string
		path  string
		token string
	}{
		{"tampered", "/v1/partners/partner-a/customers?cursor=" + string(tampered), agent},
		{"forged", "/v1/partners/partner-a/customers?cursor=eyJwayI6IlRFTkFOVCNmYWJyaWthbSJ9", agent},
		{"other partner", "/v1/partners/partner-b/customers?cursor=" + l.NextCursor, partnerB},
	}
	for _, b := range bad {
		r := env.Do(t, apitest.Request{Method: "GET", Path: b.path, Token: b.token})
		if r.Status != 400 || r.Code() != "invalid_request" {
			t.Errorf("%s cursor: %d %s, want 400 invalid_request", b.name, r.Status, r.Body)
		}
	}
}

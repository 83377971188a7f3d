package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
)

func TestParseRolesClaim(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// An array claim, as API Gateway passes it: brackets, single spaces.
		{"[GlobalAdmin BillingAdmin]", []string{"GlobalAdmin", "BillingAdmin"}},
		{"[GlobalAdmin]", []string{"GlobalAdmin"}},
		{"[Reader,GlobalAdmin]", []string{"Reader,GlobalAdmin"}}, // one value with a comma
		// The array ["Reader,","GlobalAdmin"]: API Gateway's form can't tell
		// it from the string "[Reader, GlobalAdmin]", hence the requirement
		// on identity providers (string claims are never bracketed lists).
		{"[Reader, GlobalAdmin]", []string{"Reader,", "GlobalAdmin"}},
		{"[]", []string{}},
		{"", []string{}},
		// A plain string claim is one role, never split (docs/spec.md §15).
		{"GlobalAdmin", []string{"GlobalAdmin"}},
		{"Reader,GlobalAdmin", []string{"Reader,GlobalAdmin"}},
		{"Reader GlobalAdmin", []string{"Reader GlobalAdmin"}},
		{"Reader, GlobalAdmin", []string{"Reader, GlobalAdmin"}},
		{`["AdminAgent","SalesAgent"]`, []string{`"AdminAgent","SalesAgent"`}}, // JSON text: one value
		// Not exactly API Gateway's form: one (unknown) value.
		{"[Reader  GlobalAdmin]", []string{"[Reader  GlobalAdmin]"}},
		{"[ GlobalAdmin]", []string{"[ GlobalAdmin]"}},
		{"[GlobalAdmin ]", []string{"[GlobalAdmin ]"}},
		{" [GlobalAdmin]", []string{" [GlobalAdmin]"}},
		{"[GlobalAdmin", []string{"[GlobalAdmin"}},
	}
	for _, tt := range tests {
		got := ParseRolesClaim(tt.in)
		if got == nil {
			got = []string{}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRolesClaim(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestRoleValueIsNeverSplit: a roles claim holding one value with a comma
// or a space grants no role of ours, whatever that value contains; only
// an array claim lists several (docs/spec.md §15).
func TestRoleValueIsNeverSplit(t *testing.T) {
	tests := []struct {
		roles string
		admin bool
	}{
		{"[Reader GlobalAdmin]", true}, // the array ["Reader","GlobalAdmin"]
		{"GlobalAdmin", true},
		{"Reader,GlobalAdmin", false},
		{"Reader GlobalAdmin", false},
		{"GlobalAdmin,Reader", false},
		{"[Reader,GlobalAdmin]", false},
		{`["Reader","GlobalAdmin"]`, false},
	}
	for _, tt := range tests {
		p, err := PrincipalFromClaims(map[string]string{"sub": "alice", "tid": "contoso", "roles": tt.roles})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Has(domain.RoleGlobalAdmin); got != tt.admin {
			t.Errorf("roles claim %q: GlobalAdmin = %v (roles %v), want %v", tt.roles, got, p.Roles, tt.admin)
		}
	}
}

func TestPrincipalFromClaimsRefusesMalformed(t *testing.T) {
	tests := []map[string]string{
		{},
		{"sub": "alice"},
		{"tid": "contoso"},
		{"sub": "alice", "tid": "con#toso"},
		{"sub": "al#ice", "tid": "contoso"},
		{"sub": "alice\n", "tid": "contoso"},
	}
	for _, claims := range tests {
		if _, err := PrincipalFromClaims(claims); err == nil {
			t.Errorf("PrincipalFromClaims(%v) succeeded, want unauthorized", claims)
		}
	}
}

// TestPrincipalLocale: the locale claim as identity providers send it
// becomes the nearest language spoken, or none.
func TestPrincipalLocale(t *testing.T) {
	for _, tt := range []struct{ claim, want string }{{"", ""}, {"fr-FR", "fr"}, {"zh-Hant-TW", "zh-TW"}, {"de", ""}} {
		p, err := PrincipalFromClaims(map[string]string{"sub": "alice", "tid": "contoso", "locale": tt.claim})
		if got := p.Locale; err != nil || got != tt.want {
			t.Errorf("locale claim %q: Locale = %q, %v; want %q", tt.claim, got, err, tt.want)
		}
	}
}

// TestHandlerWithoutAuthorizerContextIs401: a function invoked without the
// authorizer's claims (misconfigured route) refuses, with a problem.
func TestHandlerWithoutAuthorizerContextIs401(t *testing.T) {
	a := &API{Log: ddbtest.Logger(t)}
	h, err := a.Handler("ListProducts")
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/products", nil).WithContext(context.Background()))
	if got, want := rec.Code, http.StatusUnauthorized; got != want {
		t.Errorf("status = %d, want %d", got, want)
	}
	if got, want := rec.Header().Get("Content-Type"), "application/problem+json"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
}

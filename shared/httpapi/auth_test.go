package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"selfserve/shared/ddbtest"
)

func TestParseRolesClaim(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"[GlobalAdmin BillingAdmin]", []string{"GlobalAdmin", "BillingAdmin"}},
		{"[GlobalAdmin]", []string{"GlobalAdmin"}},
		{"[]", []string{}},
		{"", []string{}},
		{`["AdminAgent","SalesAgent"]`, []string{"AdminAgent", "SalesAgent"}},
		{"AdminAgent,SalesAgent", []string{"AdminAgent", "SalesAgent"}},
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

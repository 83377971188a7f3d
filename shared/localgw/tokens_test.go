package localgw

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"selfserve/shared/httpapi"
)

func TestTokensVerify(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	tokens, err := NewTokens(key)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewTokens([]byte(strings.Repeat("o", 32)))
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	good, err := tokens.Mint(Claims{Subject: "alice", TenantID: "contoso", Roles: []string{"GlobalAdmin", "BillingAdmin"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	forged, _ := other.Mint(Claims{Subject: "alice", TenantID: "contoso"}, now)
	tests := []struct {
		name  string
		token string
		at    time.Time
		ok    bool
	}{
		{"valid", good, now, true},
		{"expired", good, now.Add(tokenTTL), false},
		{"alg none", none, now, false},
		{"signed with another key", forged, now, false},
		{"payload swapped", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"mallory","tid":"contoso","iss":"selfserve-local","aud":"selfserve","exp":9999999999}`)) + "." + parts[2], now, false},
		{"garbage", "a.b.c", now, false},
		{"empty", "", now, false},
	}
	for _, tt := range tests {
		c, err := tokens.Verify(tt.token, tt.at)
		if got := err == nil; got != tt.ok {
			t.Errorf("%s: ok = %v (%v), want %v", tt.name, got, err, tt.ok)
		}
		if tt.ok && (c.Subject != "alice" || c.TenantID != "contoso" || len(c.Roles) != 2) {
			t.Errorf("%s: claims %+v", tt.name, c)
		}
	}
	if _, err := NewTokens([]byte("short")); err == nil {
		t.Error("NewTokens accepted a short key")
	}
}

// TestClaimsReachHandlersAsAPIGatewayPassesThem: the claims the gateway puts
// in the event parse back to the same principal through the one function
// the handlers use.
func TestClaimsReachHandlersAsAPIGatewayPassesThem(t *testing.T) {
	c := Claims{Subject: "alice", TenantID: "contoso", Roles: []string{"GlobalAdmin", "SalesAgent", "SomeOtherAppRole"}, Name: "Alice", Email: "a@example.com"}
	flat := flatten(c)
	if got, want := flat["roles"], "[GlobalAdmin SalesAgent SomeOtherAppRole]"; got != want {
		t.Errorf("roles claim = %q, want %q", got, want)
	}
	p, err := httpapi.PrincipalFromClaims(flat)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Roles), 2; got != want {
		t.Errorf("roles = %v, want the 2 known ones", p.Roles)
	}
	if p.UserID != "alice" || p.TenantID != "contoso" || p.Name != "Alice" || p.Email != "a@example.com" {
		t.Errorf("principal = %+v", p)
	}
}

package localgw

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/httpapi"
	"selfserve/shared/template"
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
		{"expired", good, now.Add(TokenTTL), false},
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

// TestGatewayMatchesPathsAsSent: like API Gateway, no redirect to a cleaned
// path and no HEAD on a GET route; a missing token is the gateway's own 401.
func TestGatewayMatchesPathsAsSent(t *testing.T) {
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)))
	called := 0
	routes := []template.Function{{Name: "GetThing", Route: &template.Route{Method: "GET", Path: "/v1/things/{id}"}}}
	gw, err := New(routes, func(string) (LambdaHandler, error) {
		return func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			called++
			return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: ev.PathParameters["id"] + " " + ev.RequestContext.Authorizer.JWT.Claims["roles"]}, nil
		}, nil
	}, tokens, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	tok, _ := tokens.Mint(Claims{Subject: "a", TenantID: "t", Roles: []string{"GlobalAdmin", "SalesAgent"}}, time.Now())
	tests := []struct {
		method, path, token string
		want                int
		body                string
	}{
		{"GET", "/v1/things/42", tok, 200, "42 [GlobalAdmin SalesAgent]"},
		{"HEAD", "/v1/things/42", tok, 404, ""},
		{"POST", "/v1/things/42", tok, 404, `{"message":"Not Found"}`},
		{"GET", "/v1//things/42", tok, 404, `{"message":"Not Found"}`},
		{"GET", "/v1/things/../things/42", tok, 404, `{"message":"Not Found"}`},
		{"GET", "/v1/things/42", "", 401, `{"message":"Unauthorized"}`},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		req.URL.Opaque = tt.path // send the path exactly as written
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want || strings.TrimSpace(string(b)) != tt.body {
			t.Errorf("%s %s: %d %q, want %d %q", tt.method, tt.path, resp.StatusCode, b, tt.want, tt.body)
		}
	}
	if called != 1 {
		t.Errorf("function called %d times, want 1", called)
	}
}

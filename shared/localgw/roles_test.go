package localgw

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/template"
)

// signed returns a token of tokens' key whose payload is exactly payload,
// so a test can give the roles claim any JSON form an identity provider
// might issue.
func signed(t *testing.T, tokens *Tokens, payload map[string]any) string {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	s := header + "." + base64.RawURLEncoding.EncodeToString(b)
	return s + "." + tokens.sign(s)
}

// TestLocalRoleValueIsNeverSplit: through the local gateway, a roles claim
// whose one value holds a comma or a space — as one string or as a
// one-element array — grants no role of ours; an array of two values
// grants both (docs/spec.md §15). The claim reaches the handler as API
// Gateway passes it: a string as is, an array as "[a b]".
func TestLocalRoleValueIsNeverSplit(t *testing.T) {
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)))
	routes := []template.Function{{Name: "GetThing", Route: &template.Route{Method: "GET", Path: "/v1/things"}}}
	gw, err := New(routes, func(string) (LambdaHandler, error) {
		return func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			claims := ev.RequestContext.Authorizer.JWT.Claims
			p, err := httpapi.PrincipalFromClaims(claims)
			if err != nil {
				return events.APIGatewayV2HTTPResponse{StatusCode: 401}, nil
			}
			b, _ := json.Marshal(map[string]any{"claim": claims["roles"], "roles": p.Roles})
			return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: string(b)}, nil
		}, nil
	}, tokens, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	exp := time.Now().Add(time.Hour).Unix()
	tests := []struct {
		roles     any
		wantClaim string
		wantRoles []domain.Role
	}{
		{[]string{"Reader", "GlobalAdmin"}, "[Reader GlobalAdmin]", []domain.Role{domain.RoleGlobalAdmin}},
		{"GlobalAdmin", "GlobalAdmin", []domain.Role{domain.RoleGlobalAdmin}},
		{"Reader,GlobalAdmin", "Reader,GlobalAdmin", nil},
		{"Reader GlobalAdmin", "Reader GlobalAdmin", nil},
		{[]string{"Reader,GlobalAdmin"}, "[Reader,GlobalAdmin]", nil},
	}
	for _, tt := range tests {
		tok := signed(t, tokens, map[string]any{"sub": "alice", "tid": "contoso", "roles": tt.roles,
			"iss": Issuer, "aud": Audience, "iat": time.Now().Unix(), "exp": exp})
		req, _ := http.NewRequest("GET", srv.URL+"/v1/things", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got struct {
			Claim string
			Roles []domain.Role
		}
		_ = json.Unmarshal(b, &got)
		if resp.StatusCode != 200 || got.Claim != tt.wantClaim || len(got.Roles) != len(tt.wantRoles) ||
			(len(got.Roles) > 0 && got.Roles[0] != tt.wantRoles[0]) {
			t.Errorf("roles claim %v: %d %s, want claim %q and roles %v", tt.roles, resp.StatusCode, b, tt.wantClaim, tt.wantRoles)
		}
	}
}

// TestMintRefusesRolesAPIGatewayCantPass: the local identity provider
// meets the requirement it documents — role values without spaces, commas
// or brackets — since API Gateway's "[a b]" couldn't tell them apart.
func TestMintRefusesRolesAPIGatewayCantPass(t *testing.T) {
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)))
	for _, role := range []string{"Reader GlobalAdmin", "Reader,GlobalAdmin", "[GlobalAdmin]", "", "Global\tAdmin"} {
		if _, err := tokens.Mint(Claims{Subject: "alice", TenantID: "contoso", Roles: []string{role}}, time.Now()); err == nil {
			t.Errorf("Mint with role %q succeeded, want an error", role)
		}
	}
	if _, err := tokens.Mint(Claims{Subject: "alice", TenantID: "contoso", Roles: []string{"GlobalAdmin", "Some.Other-App_Role"}}, time.Now()); err != nil {
		t.Errorf("Mint with plain role values: %v", err)
	}
}

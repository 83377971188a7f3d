package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"selfserve/shared/access"
	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
)

// principal is one caller of the matrix.
type principal struct {
	name   string
	tenant string
	roles  []domain.Role
}

var principals = []principal{
	{"user of contoso", "contoso", nil},
	{"GlobalAdmin of contoso", "contoso", []domain.Role{domain.RoleGlobalAdmin}},
	{"BillingAdmin of contoso", "contoso", []domain.Role{domain.RoleBillingAdmin}},
	{"AdminAgent of partner-a", "partner-a", []domain.Role{domain.RoleAdminAgent}},
	{"SalesAgent of partner-a", "partner-a", []domain.Role{domain.RoleSalesAgent}},
	{"HelpdeskAgent of partner-a", "partner-a", []domain.Role{domain.RoleHelpdeskAgent}},
	{"user of partner-a", "partner-a", nil},
	{"Operator", "ops", []domain.Role{domain.RoleOperator}},
}

// request fills a route's path for a target tenant (and its partner) with a
// valid body, so that only authorization decides.
func request(rt httpapi.Route, tenant, partner string) apitest.Request {
	path := strings.NewReplacer("{tenantId}", tenant, "{partnerId}", partner, "{policyId}", domain.PolicyID,
		"{productId}", powerAutomate).Replace(rt.Path)
	req := apitest.Request{Method: rt.Method, Path: path}
	switch rt.Name {
	case "PutTenant":
		req.Body = map[string]any{"name": "Renamed " + tenant, "country": "US", "createdAt": apitest.T0.AddDate(-1, 0, 0), "partnerId": partner, "hasAgreement": true}
	case "UpdateProductPolicy":
		req.Body = `{"policyValue":"Disabled"}`
	}
	return req
}

// TestAuthorizationMatrix sends every route × every principal × own and
// other tenant over HTTP and checks the answer against the role table:
// allowed → 2xx, reached but not allowed → 403, not reached → 404.
func TestAuthorizationMatrix(t *testing.T) {
	env := setup(t)
	targets := []struct{ tenant, partner string }{{"contoso", "partner-a"}, {"fabrikam", "partner-b"}}
	for _, rt := range httpapi.Routes {
		for _, p := range principals {
			for _, tg := range targets {
				name := fmt.Sprintf("%s/%s/%s", rt.Name, p.name, tg.tenant)
				t.Run(name, func(t *testing.T) {
					req := request(rt, tg.tenant, tg.partner)
					req.Token = env.Token(t, p.tenant, "u-"+strings.ReplaceAll(p.name, " ", "-"), p.roles...)
					r := env.Do(t, req)

					dp := domain.Principal{UserID: "u", TenantID: p.tenant, Roles: p.roles}
					target := access.Target{TenantID: tg.tenant, PartnerID: tg.partner}
					if rt.Name == "ListCustomers" {
						target = access.Target{TenantID: tg.partner}
					}
					want := http.StatusOK
					switch domain.ErrorCode(access.Decide(dp, access.Operation(rt.Name), target)) {
					case domain.CodeForbidden:
						want = http.StatusForbidden
					case domain.CodeNotFound:
						want = http.StatusNotFound
					}
					got := r.Status
					if got == http.StatusCreated {
						got = http.StatusOK
					}
					if got != want {
						t.Errorf("status %d %s, want %d", r.Status, r.Body, want)
					}
				})
			}
		}
	}
}

// TestRoleTableCoversEveryRoute: every route has a row, every row a route.
func TestRoleTableCoversEveryRoute(t *testing.T) {
	routes := map[string]bool{}
	for _, rt := range httpapi.Routes {
		routes[rt.Name] = true
		if _, ok := access.Table[access.Operation(rt.Name)]; !ok {
			t.Errorf("route %s has no row in the role table", rt.Name)
		}
	}
	for op := range access.Table {
		if !routes[string(op)] {
			t.Errorf("role table row %s has no route", op)
		}
	}
}

// TestUnauthenticated: API Gateway refuses requests without a valid token.
func TestUnauthenticated(t *testing.T) {
	env := setup(t)
	for _, tok := range []string{"", "not-a-jwt", env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin) + "x"} {
		r := env.Do(t, apitest.Request{Method: "GET", Path: policyPath, Token: tok})
		if got, want := r.Status, http.StatusUnauthorized; got != want {
			t.Errorf("token %.12q: status %d, want %d", tok, got, want)
		}
		if got, want := strings.TrimSpace(string(r.Body)), `{"message":"Unauthorized"}`; got != want {
			t.Errorf("token %.12q: body %s, want the gateway's %s", tok, got, want)
		}
	}
}

package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"selfserve/shared/access"
	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/ids"
	"selfserve/shared/store"
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

// subs are the matrix's subscriptions of contoso, one per channel, by
// channel; created by setupMatrix.
type matrixEnv struct {
	*apitest.Env
	subs map[domain.Channel]string
	// endpoint is a webhook endpoint of contoso's admin, with one delivery.
	endpoint, delivery string
}

// setupMatrix creates contoso (partner-a) and fabrikam (partner-b) and one
// subscription of contoso per channel: a self-service one bought by the
// matrix's plain user, a central one and a partner one.
func setupMatrix(t *testing.T) matrixEnv {
	env := setup(t)
	m := matrixEnv{Env: env, subs: map[domain.Channel]string{}}
	buyers := map[domain.Channel]apitest.Request{
		domain.ChannelSelfService: {Token: env.Token(t, "contoso", userID(principals[0]))},
		domain.ChannelCentral:     {Token: env.Token(t, "contoso", "root-admin", domain.RoleGlobalAdmin)},
		domain.ChannelPartner:     {Token: env.Token(t, "partner-a", "root-agent", domain.RoleSalesAgent)},
	}
	for ch, b := range buyers {
		r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: b.Token,
			Body:   `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5,"paymentMethodId":"pm_1"}`,
			Header: map[string]string{"Idempotency-Key": "matrix-" + string(ch)}})
		if ch == domain.ChannelSelfService { // E3 isn't self-service: the user buys Power BI Pro
			r = env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: b.Token,
				Body:   `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5,"paymentMethodId":"pm_1"}`,
				Header: map[string]string{"Idempotency-Key": "matrix-ss"}})
		}
		if r.Status != http.StatusCreated {
			t.Fatalf("creating the %s subscription: %d %s", ch, r.Status, r.Body)
		}
		var sub domain.Subscription
		r.Decode(t, &sub)
		m.subs[ch] = sub.ID
	}
	m.endpoint = mustEndpoint(t, env)
	m.delivery = mustDelivery(t, env, "contoso", m.endpoint)
	return m
}

// mustEndpoint registers a webhook endpoint of contoso's admin.
func mustEndpoint(t *testing.T, env *apitest.Env) string {
	t.Helper()
	r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/webhooks", Token: env.Token(t, "contoso", "root-admin", domain.RoleGlobalAdmin),
		Body: `{"url":"http://127.0.0.1:9/hook"}`})
	if r.Status != http.StatusCreated {
		t.Fatalf("creating an endpoint: %d %s", r.Status, r.Body)
	}
	var ep struct{ ID string }
	r.Decode(t, &ep)
	return ep.ID
}

// mustDelivery records a failed delivery of a test event to the endpoint.
func mustDelivery(t *testing.T, env *apitest.Env, tenantID, endpointID string) string {
	t.Helper()
	ev := domain.Event{ID: ids.New("evt", apitest.T0), Type: domain.EventWebhookTest, TenantID: tenantID, EndpointID: endpointID, OccurredAt: apitest.T0}
	d := domain.NewDelivery(ev, []byte(`{"type":"webhook.test"}`), endpointID, apitest.T0)
	d.Record(domain.Attempt{At: apitest.T0, HTTPStatus: 500}, false)
	if err := env.Store.RecordDelivery(context.Background(), store.DeliveryWrite{Delivery: d}, apitest.T0, store.Effects{}); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func userID(p principal) string { return "u-" + strings.ReplaceAll(p.name, " ", "-") }

// request fills a route's path for a target tenant (and its partner) and
// subscription with a valid body, so that only authorization decides.
func request(rt httpapi.Route, tenant, partner, subID, endpointID, deliveryID, key string) apitest.Request {
	path := strings.NewReplacer("{tenantId}", tenant, "{partnerId}", partner, "{policyId}", domain.PolicyID,
		"{productId}", powerAutomate, "{subscriptionId}", subID, "{userId}", "lic-user",
		"{endpointId}", endpointID, "{deliveryId}", deliveryID).Replace(rt.Path)
	req := apitest.Request{Method: rt.Method, Path: path, Header: map[string]string{"Idempotency-Key": key}}
	switch rt.Name {
	case "PutTenant":
		req.Body = map[string]any{"name": "Renamed " + tenant, "country": "US", "createdAt": apitest.T0.AddDate(-1, 0, 0), "partnerId": partner, "hasAgreement": true}
	case "UpdateProductPolicy":
		req.Body = `{"policyValue":"Disabled"}`
	case "CreateSubscription":
		req.Body = `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`
	case "UpdateSubscription":
		req.Body = `{"autoRenew":true}`
	case "CancelSubscription":
		req.Body = `{"reason":"matrix"}`
	case "SuspendSubscription":
		req.Body = `{"reason":"other"}`
	case "CreateAddOn":
		req.Body = `{"productId":"CFQ7TTC0LH05","quantity":1}`
	case "AssignLicenses":
		req.Body = `{"users":[{"id":"lic-user","name":"Lic User","email":"lic@example.com"}]}`
	case "MoveUsers":
		req.Body = `{"targetSubscriptionId":"sub_01kr0000000000000000000000"}`
	case "AssignSubscriptionRole":
		req.Body = `{"role":"Owner"}`
	case "ExportLicenses":
		req.Path += "?subscriptionId=" + subID
	case "SetReservationPermission":
		req.Body = `{"enabled":false}`
	case "CreateWebhookEndpoint":
		req.Body = `{"url":"http://127.0.0.1:9/matrix","eventTypes":["subscription.created"]}`
	}
	return req
}

// managerOps are the operations reserved to a subscription's manager
// ("manager of it", API.md), on top of the role table.
var managerOps = map[string]bool{"UpdateSubscription": true, "CancelSubscription": true, "SuspendSubscription": true,
	"ReactivateSubscription": true, "CreateAddOn": true, "AssignLicenses": true, "UnassignLicense": true, "MoveUsers": true}

// wantAuthz is the authorization outcome SPEC §1 and API.md give: 404 when
// the principal can't reach the tenant or the subscription, 403 when the
// role table or the manager rule refuses, 0 when authorized.
func wantAuthz(rt httpapi.Route, p principal, tenant, partner string, sub *domain.Subscription) int {
	dp := domain.Principal{UserID: userID(p), TenantID: p.tenant, Roles: p.roles}
	actors := access.ActorsIn(dp, tenant, partner)
	rule := access.Table[access.Operation(rt.Name)]
	switch {
	case rule.Scope == access.Global:
		return 0
	case rule.Scope == access.Partner:
		return map[domain.Code]int{"": 0, domain.CodeForbidden: 403, domain.CodeNotFound: 404}[domain.ErrorCode(access.Decide(dp, access.Operation(rt.Name), access.Target{TenantID: partner}))]
	case len(actors) == 0:
		return 404
	}
	isAdmin := slices.Contains(actors, access.GlobalAdmin) || slices.Contains(actors, access.BillingAdmin)
	isAgent := slices.Contains(actors, access.AdminAgent) || slices.Contains(actors, access.SalesAgent)
	onlyUser := !isAdmin && !isAgent && !slices.Contains(actors, access.HelpdeskAgent) && !slices.Contains(actors, access.OperatorActor)
	ch := access.AnyChannel
	switch {
	case sub != nil:
		ch = access.Channel(sub.Channel)
		if onlyUser && sub.Purchaser.UserID != dp.UserID {
			return 404
		}
	case rt.Name == "CreateSubscription":
		ch = access.SelfService
		if isAgent {
			ch = access.PartnerChannel
		} else if isAdmin {
			ch = access.Central
		}
	}
	if access.DecideFor(actors, access.Operation(rt.Name), ch) != nil {
		return 403
	}
	if strings.Contains(rt.Path, "{endpointId}") && !isAdmin {
		return 404 // an endpoint is reached by its owner (contoso's admin) and the tenant's admins
	}
	if rt.Name == "RotateWebhookSecret" {
		return 403 // only the owner (root-admin, not a matrix principal) sees a new secret
	}
	if sub != nil && managerOps[rt.Name] {
		manager := false
		switch sub.Channel {
		case domain.ChannelSelfService:
			manager = (sub.TakenOver == nil && sub.Purchaser.UserID == dp.UserID) || (sub.TakenOver != nil && isAdmin)
			if rt.Name == "CancelSubscription" && isAdmin {
				manager = true // an admin's cancel implies the take-over
			}
		case domain.ChannelCentral:
			manager = isAdmin
		case domain.ChannelPartner:
			manager = isAgent || isAdmin
		}
		if (rt.Name == "SuspendSubscription" || rt.Name == "ReactivateSubscription") && !isAdmin && !(isAgent && sub.Channel == domain.ChannelPartner) {
			manager = false
		}
		if rt.Name == "MoveUsers" && !isAdmin {
			manager = false
		}
		if !manager {
			return 403
		}
	}
	return 0
}

// TestAuthorizationMatrix sends every route × every principal × own and
// other tenant (× each channel's subscription for subscription routes) over
// HTTP and checks the authorization outcome against the role table and the
// object rules: 404 when not reached, 403 when refused, otherwise anything
// but 401/403/404 (the domain may still refuse, e.g. 409 invalid_status).
func TestAuthorizationMatrix(t *testing.T) {
	env := setupMatrix(t)
	targets := []struct{ tenant, partner string }{{"contoso", "partner-a"}, {"fabrikam", "partner-b"}}
	n := 0
	for _, rt := range httpapi.Routes {
		subRoute := strings.Contains(rt.Path, "{subscriptionId}")
		for _, p := range principals {
			for _, tg := range targets {
				channels := []domain.Channel{""}
				if subRoute {
					channels = []domain.Channel{domain.ChannelSelfService, domain.ChannelCentral, domain.ChannelPartner}
				}
				for _, ch := range channels {
					name := fmt.Sprintf("%s/%s/%s/%s", rt.Name, p.name, tg.tenant, ch)
					t.Run(name, func(t *testing.T) {
						n++
						var sub *domain.Subscription
						subID := env.subs[domain.ChannelCentral]
						if subRoute {
							subID = env.subs[ch]
							if tg.tenant == "contoso" {
								f, err := env.Store.GetFamily(context.Background(), "contoso", subID)
								if err != nil {
									t.Fatal(err)
								}
								sub = &f.Base
							}
						}
						endpoint := env.endpoint
						if rt.Name == "DeleteWebhookEndpoint" { // each call deletes one
							endpoint = mustEndpoint(t, env.Env)
						}
						req := request(rt, tg.tenant, tg.partner, subID, endpoint, env.delivery, fmt.Sprintf("k-%d", n))
						req.Token = env.Token(t, p.tenant, userID(p), p.roles...)
						r := env.Do(t, req)
						want := wantAuthz(rt, p, tg.tenant, tg.partner, sub)
						if subRoute && tg.tenant == "fabrikam" {
							want = 404 // not reached, or reached and no such subscription there
						}
						switch {
						case want == 0 && (r.Status == 401 || r.Status == 403 || r.Status == 404 || r.Status >= 500):
							t.Errorf("status %d %s, want authorized", r.Status, r.Body)
						case want != 0 && r.Status != want:
							t.Errorf("status %d %s, want %d", r.Status, r.Body, want)
						}
					})
				}
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

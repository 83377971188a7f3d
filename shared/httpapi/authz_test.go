package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/ids"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
)

// principal is one caller of the matrix.
type principal struct {
	name   string
	tenant string
	roles  []domain.Role
}

var principals = [...]principal{
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
	// March's invoices, final on Apr 1: the tenant's is the one the
	// invoice routes read.
	sw := &sweeps.Sweeper{Store: env.Store, App: env.App}
	if _, err := sw.Run(context.Background(), domain.SweepInvoices, time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
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

// matrixInvoice is contoso's own invoice of March 2026 (central purchases).
var matrixInvoice = domain.InvoiceID(domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "contoso", TenantID: "contoso"}, apitest.T0)

func userID(p principal) string { return "u-" + strings.ReplaceAll(p.name, " ", "-") }

// request fills a route's path for a target tenant (and its partner) and
// subscription with a valid body, so that only authorization decides.
func request(rt httpapi.Route, tenant, partner, subID, endpointID, deliveryID, key string) apitest.Request {
	path := strings.NewReplacer("{tenantId}", tenant, "{partnerId}", partner, "{policyId}", domain.PolicyID,
		"{productId}", powerAutomate, "{subscriptionId}", subID, "{userId}", "lic-user",
		"{endpointId}", endpointID, "{deliveryId}", deliveryID, "{invoiceId}", matrixInvoice).Replace(rt.Path)
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
	case "UpdatePaymentMethod":
		req.Body = `{"paymentMethodId":"pm_card_visa"}`
	case "CancelSubscription":
		req.Body = `{"reason":"matrix"}`
	case "SuspendSubscription":
		req.Body = `{"reason":"other"}`
	case "CreateAddOn":
		req.Body = `{"productId":"CFQ7TTC0LH05","quantity":1}`
	case "AssignLicenses", "AssignLicensesBulk":
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

// outcome is what the matrix expects of one request: ok (authorized: any
// answer but 401, 403, 404 or 5xx, as the domain may still refuse, e.g. 409
// invalid_status), no (403: reached, refused by the role table or an object
// rule) or nf (404: not reached, or an object not shown to the caller).
type outcome int

const (
	ok outcome = 0
	no outcome = http.StatusForbidden
	nf outcome = http.StatusNotFound
)

// expect is one line of the matrix: an outcome per principal, in the order
// of principals — U, GA, BA: the user (no role), GlobalAdmin and
// BillingAdmin of contoso; AA, SA, HA: the AdminAgent, SalesAgent and
// HelpdeskAgent of partner-a; PU: a user of partner-a (no role); Op: the
// Operator.
type expect [len(principals)]outcome

// The expected outcomes, written out from docs/authorization.md (the role
// table and the object rules), SPEC §1 and the API contract's "who" column
// — not computed from shared/access, so a wrong row there fails the matrix.
//
// wantContoso is for the principals' own tenant, contoso (partner-a):
// subscription routes have a line per channel of the target subscription
// ("Route channel"). The state they assume: the self-service subscription
// is the contoso user's purchase and is never taken over (the user's cancel
// deletes it before TakeOverSubscription runs), the central one is
// root-admin's, the partner one a partner-a SalesAgent's; the webhook
// endpoint is root-admin's (reached by its owner and the tenant's admins,
// 404 to anyone else; only the owner rotates its secret).
var wantContoso = map[string]expect{
	//                           U   GA  BA  AA  SA  HA  PU  Op
	"ListProducts":             {ok, ok, ok, ok, ok, ok, ok, ok},
	"GetProduct":               {ok, ok, ok, ok, ok, ok, ok, ok},
	"PutTenant":                {no, no, no, no, no, no, nf, ok},
	"GetTenant":                {no, ok, ok, ok, ok, ok, nf, ok},
	"ListCustomers":            {nf, nf, nf, ok, ok, ok, no, no}, // /v1/partners/partner-a: its members and operators reach it, agents only
	"GetPolicy":                {no, ok, ok, ok, ok, ok, nf, no},
	"ListProductPolicies":      {no, ok, ok, ok, ok, ok, nf, no},
	"GetProductPolicy":         {no, ok, ok, ok, ok, ok, nf, no},
	"UpdateProductPolicy":      {no, ok, ok, no, no, no, nf, no},
	"CreateSubscription":       {ok, ok, ok, ok, ok, no, nf, no}, // the buyer's channel: user selfService, admin central, AdminAgent/SalesAgent partner
	"ListSubscriptions":        {ok, ok, ok, ok, ok, ok, nf, no},
	"LicenseSummary":           {no, ok, ok, ok, ok, ok, nf, no},
	"ExportLicenses":           {no, ok, ok, ok, ok, ok, nf, no},
	"ListOrders":               {ok, ok, ok, ok, ok, ok, nf, no},
	"ListActivity":             {no, ok, ok, ok, ok, ok, nf, no},
	"ListInvoices":             {ok, ok, ok, ok, ok, ok, nf, no},
	"GetInvoice":               {nf, ok, ok, ok, ok, ok, nf, no}, // the tenant's own invoice: not the user's
	"GetInvoicePdf":            {nf, ok, ok, ok, ok, ok, nf, no},
	"ListPartnerInvoices":      {nf, nf, nf, ok, ok, no, no, no}, // /v1/partners/partner-a: its selling agents
	"GetCustomerPermissions":   {no, ok, ok, ok, ok, ok, nf, no},
	"SetReservationPermission": {no, no, no, ok, no, no, nf, no},
	"CreateWebhookEndpoint":    {ok, ok, ok, ok, ok, ok, nf, no},
	"ListWebhookEndpoints":     {ok, ok, ok, ok, ok, ok, nf, no},
	"DeleteWebhookEndpoint":    {nf, ok, ok, nf, nf, nf, nf, no},
	"RotateWebhookSecret":      {nf, no, no, nf, nf, nf, nf, no},
	"TestWebhookEndpoint":      {nf, ok, ok, nf, nf, nf, nf, no},
	"ListDeliveries":           {nf, ok, ok, nf, nf, nf, nf, no},
	"RetryDelivery":            {nf, ok, ok, nf, nf, nf, nf, no},

	// Subscriptions. A user sees only their own (404 for the others); a
	// change needs the manager of it: the purchaser of a self-service one
	// until a take-over (an admin gets 403 takeover_required; its cancel
	// implies the take-over), the admins for central ones, the partner's
	// AdminAgent/SalesAgent and the admins for partner ones.
	//                                     U   GA  BA  AA  SA  HA  PU  Op
	"GetSubscription selfService":        {ok, ok, ok, ok, ok, ok, nf, no},
	"GetSubscription central":            {nf, ok, ok, ok, ok, ok, nf, no},
	"GetSubscription partner":            {nf, ok, ok, ok, ok, ok, nf, no},
	"UpdateSubscription selfService":     {ok, no, no, no, no, no, nf, no},
	"UpdateSubscription central":         {nf, ok, ok, no, no, no, nf, no},
	"UpdateSubscription partner":         {nf, ok, ok, ok, ok, no, nf, no},
	"UpdatePaymentMethod selfService":    {ok, no, no, no, no, no, nf, no},
	"UpdatePaymentMethod central":        {nf, ok, ok, no, no, no, nf, no},
	"UpdatePaymentMethod partner":        {nf, ok, ok, ok, ok, no, nf, no},
	"CancelSubscription selfService":     {ok, ok, ok, no, no, no, nf, no},
	"CancelSubscription central":         {nf, ok, ok, no, no, no, nf, no},
	"CancelSubscription partner":         {nf, ok, ok, ok, ok, no, nf, no},
	"SuspendSubscription selfService":    {no, no, no, no, no, no, nf, no}, // admins, once taken over
	"SuspendSubscription central":        {nf, ok, ok, no, no, no, nf, no},
	"SuspendSubscription partner":        {nf, no, no, ok, ok, no, nf, no},
	"ReactivateSubscription selfService": {no, no, no, no, no, no, nf, no},
	"ReactivateSubscription central":     {nf, ok, ok, no, no, no, nf, no},
	"ReactivateSubscription partner":     {nf, no, no, ok, ok, no, nf, no},
	"TakeOverSubscription selfService":   {no, ok, ok, no, no, no, nf, no},
	"TakeOverSubscription central":       {nf, ok, ok, no, no, no, nf, no},
	"TakeOverSubscription partner":       {nf, ok, ok, no, no, no, nf, no},
	"MoveUsers selfService":              {no, ok, ok, no, no, no, nf, no}, // admins: the move takes it over (spec §15)
	"MoveUsers central":                  {nf, ok, ok, no, no, no, nf, no},
	"MoveUsers partner":                  {nf, ok, ok, no, no, no, nf, no},
	"CreateAddOn selfService":            {ok, no, no, no, no, no, nf, no},
	"CreateAddOn central":                {nf, ok, ok, no, no, no, nf, no},
	"CreateAddOn partner":                {nf, ok, ok, ok, ok, no, nf, no},
	"ListLicenses selfService":           {ok, ok, ok, ok, ok, ok, nf, no},
	"ListLicenses central":               {nf, ok, ok, ok, ok, ok, nf, no},
	"ListLicenses partner":               {nf, ok, ok, ok, ok, ok, nf, no},
	"AssignLicenses selfService":         {ok, no, no, no, no, no, nf, no},
	"AssignLicenses central":             {nf, ok, ok, no, no, no, nf, no},
	"AssignLicenses partner":             {nf, ok, ok, ok, ok, no, nf, no},
	"AssignLicensesBulk selfService":     {ok, no, no, no, no, no, nf, no},
	"AssignLicensesBulk central":         {nf, ok, ok, no, no, no, nf, no},
	"AssignLicensesBulk partner":         {nf, ok, ok, ok, ok, no, nf, no},
	"UnassignLicense selfService":        {ok, no, no, no, no, no, nf, no},
	"UnassignLicense central":            {nf, ok, ok, no, no, no, nf, no},
	"UnassignLicense partner":            {nf, ok, ok, ok, ok, no, nf, no},
	"AssignSubscriptionRole selfService": {no, ok, ok, ok, no, no, nf, no},
	"AssignSubscriptionRole central":     {nf, ok, ok, ok, no, no, nf, no},
	"AssignSubscriptionRole partner":     {nf, ok, ok, ok, no, no, nf, no},
}

// wantFabrikam is for another tenant, fabrikam (partner-b), that none of
// the principals belongs to or is an agent of: only the Operator reaches it,
// and the catalog is anyone's. Its subscription routes name a contoso
// subscription: 404 to everyone, the Operator included (no such
// subscription there).
var wantFabrikam = map[string]expect{
	//                           U   GA  BA  AA  SA  HA  PU  Op
	"ListProducts":             {ok, ok, ok, ok, ok, ok, ok, ok},
	"GetProduct":               {ok, ok, ok, ok, ok, ok, ok, ok},
	"PutTenant":                {nf, nf, nf, nf, nf, nf, nf, ok},
	"GetTenant":                {nf, nf, nf, nf, nf, nf, nf, ok},
	"ListCustomers":            {nf, nf, nf, nf, nf, nf, nf, no}, // /v1/partners/partner-b
	"GetPolicy":                {nf, nf, nf, nf, nf, nf, nf, no},
	"ListProductPolicies":      {nf, nf, nf, nf, nf, nf, nf, no},
	"GetProductPolicy":         {nf, nf, nf, nf, nf, nf, nf, no},
	"UpdateProductPolicy":      {nf, nf, nf, nf, nf, nf, nf, no},
	"CreateSubscription":       {nf, nf, nf, nf, nf, nf, nf, no},
	"ListSubscriptions":        {nf, nf, nf, nf, nf, nf, nf, no},
	"GetSubscription":          {nf, nf, nf, nf, nf, nf, nf, nf},
	"UpdateSubscription":       {nf, nf, nf, nf, nf, nf, nf, nf},
	"UpdatePaymentMethod":      {nf, nf, nf, nf, nf, nf, nf, nf},
	"CancelSubscription":       {nf, nf, nf, nf, nf, nf, nf, nf},
	"SuspendSubscription":      {nf, nf, nf, nf, nf, nf, nf, nf},
	"ReactivateSubscription":   {nf, nf, nf, nf, nf, nf, nf, nf},
	"TakeOverSubscription":     {nf, nf, nf, nf, nf, nf, nf, nf},
	"MoveUsers":                {nf, nf, nf, nf, nf, nf, nf, nf},
	"CreateAddOn":              {nf, nf, nf, nf, nf, nf, nf, nf},
	"ListLicenses":             {nf, nf, nf, nf, nf, nf, nf, nf},
	"AssignLicenses":           {nf, nf, nf, nf, nf, nf, nf, nf},
	"AssignLicensesBulk":       {nf, nf, nf, nf, nf, nf, nf, nf},
	"UnassignLicense":          {nf, nf, nf, nf, nf, nf, nf, nf},
	"AssignSubscriptionRole":   {nf, nf, nf, nf, nf, nf, nf, nf},
	"LicenseSummary":           {nf, nf, nf, nf, nf, nf, nf, no},
	"ExportLicenses":           {nf, nf, nf, nf, nf, nf, nf, no},
	"ListOrders":               {nf, nf, nf, nf, nf, nf, nf, no},
	"ListActivity":             {nf, nf, nf, nf, nf, nf, nf, no},
	"ListInvoices":             {nf, nf, nf, nf, nf, nf, nf, no},
	"GetInvoice":               {nf, nf, nf, nf, nf, nf, nf, no},
	"GetInvoicePdf":            {nf, nf, nf, nf, nf, nf, nf, no},
	"ListPartnerInvoices":      {nf, nf, nf, nf, nf, nf, nf, no}, // /v1/partners/partner-b
	"GetCustomerPermissions":   {nf, nf, nf, nf, nf, nf, nf, no},
	"SetReservationPermission": {nf, nf, nf, nf, nf, nf, nf, no},
	"CreateWebhookEndpoint":    {nf, nf, nf, nf, nf, nf, nf, no},
	"ListWebhookEndpoints":     {nf, nf, nf, nf, nf, nf, nf, no},
	"DeleteWebhookEndpoint":    {nf, nf, nf, nf, nf, nf, nf, no},
	"RotateWebhookSecret":      {nf, nf, nf, nf, nf, nf, nf, no},
	"TestWebhookEndpoint":      {nf, nf, nf, nf, nf, nf, nf, no},
	"ListDeliveries":           {nf, nf, nf, nf, nf, nf, nf, no},
	"RetryDelivery":            {nf, nf, nf, nf, nf, nf, nf, no},
}

// wantAuthz looks up the expected outcome of a route for the i-th principal
// on a target tenant and, for subscription routes, channel.
func wantAuthz(t *testing.T, rt httpapi.Route, i int, tenant string, ch domain.Channel) outcome {
	t.Helper()
	table, key := wantFabrikam, rt.Name
	if tenant == "contoso" {
		table = wantContoso
		if ch != "" {
			key += " " + string(ch)
		}
	}
	line, found := table[key]
	if !found {
		t.Fatalf("the matrix has no line %q for %s", key, tenant)
	}
	return line[i]
}

// TestAuthorizationMatrix sends every route × every principal × own and
// other tenant (× each channel's subscription for subscription routes) over
// HTTP and checks the authorization outcome against wantContoso and
// wantFabrikam: 404 when not reached, 403 when refused, otherwise anything
// but 401/403/404/5xx (the domain may still refuse, e.g. 409 invalid_status).
func TestAuthorizationMatrix(t *testing.T) {
	env := setupMatrix(t)
	targets := []struct{ tenant, partner string }{{"contoso", "partner-a"}, {"fabrikam", "partner-b"}}
	n := 0
	for _, rt := range httpapi.Routes {
		subRoute := strings.Contains(rt.Path, "{subscriptionId}")
		for i, p := range principals {
			for _, tg := range targets {
				channels := []domain.Channel{""}
				if subRoute {
					channels = []domain.Channel{domain.ChannelSelfService, domain.ChannelCentral, domain.ChannelPartner}
				}
				for _, ch := range channels {
					name := fmt.Sprintf("%s/%s/%s/%s", rt.Name, p.name, tg.tenant, ch)
					t.Run(name, func(t *testing.T) {
						n++
						subID := env.subs[domain.ChannelCentral]
						if subRoute {
							subID = env.subs[ch]
							// The lines of wantContoso assume who bought each
							// subscription and that none is taken over.
							f, err := env.Store.GetFamily(context.Background(), "contoso", subID)
							if err != nil {
								t.Fatal(err)
							}
							if f.Base.TakenOver != nil || f.Base.Channel != ch {
								t.Fatalf("the %s subscription is %s, taken over %v: the matrix expects it not taken over", ch, f.Base.Channel, f.Base.TakenOver)
							}
						}
						endpoint := env.endpoint
						if rt.Name == "DeleteWebhookEndpoint" { // each call deletes one
							endpoint = mustEndpoint(t, env.Env)
						}
						want := wantAuthz(t, rt, i, tg.tenant, ch)
						req := request(rt, tg.tenant, tg.partner, subID, endpoint, env.delivery, fmt.Sprintf("k-%d", n))
						req.Token = env.Token(t, p.tenant, userID(p), p.roles...)
						r := env.Do(t, req)
						switch {
						case want == ok && (r.Status == 401 || r.Status == 403 || r.Status == 404 || r.Status >= 500):
							t.Errorf("status %d %s, want authorized", r.Status, r.Body)
						case want != ok && r.Status != int(want):
							t.Errorf("status %d %s, want %d", r.Status, r.Body, want)
						}
					})
				}
			}
		}
	}
}

func TestAgentsManageOnlyTheirPartnersSubscriptions(t *testing.T) {
	env := setup(t)
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	s := buy(t, env, agent, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`)
	// contoso moves to partner-b: partner-b's agents reach it, but the
	// subscription stays partner-a's (billed to it).
	env.MustPutTenant(t, "contoso", "partner-b")
	newAgent := env.Token(t, "partner-b", "pia", domain.RoleAdminAgent)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: newAgent, Body: `{"reason":"x"}`}); r.Status != http.StatusForbidden {
		t.Errorf("the new partner's agent cancels the old partner's subscription: %d %s, want 403", r.Status, r.Body)
	}
}

// TestMatrixCoversEveryRoute: the expected outcomes have a line for every
// route (per channel for subscription routes in contoso) and no other.
func TestMatrixCoversEveryRoute(t *testing.T) {
	contoso, fabrikam := map[string]bool{}, map[string]bool{}
	for _, rt := range httpapi.Routes {
		fabrikam[rt.Name] = true
		if strings.Contains(rt.Path, "{subscriptionId}") {
			for _, ch := range []domain.Channel{domain.ChannelSelfService, domain.ChannelCentral, domain.ChannelPartner} {
				contoso[rt.Name+" "+string(ch)] = true
			}
		} else {
			contoso[rt.Name] = true
		}
	}
	for _, c := range []struct {
		tenant string
		keys   map[string]bool
		table  map[string]expect
	}{{"contoso", contoso, wantContoso}, {"fabrikam", fabrikam, wantFabrikam}} {
		for k := range c.keys {
			if _, found := c.table[k]; !found {
				t.Errorf("%s: no expected line for %q", c.tenant, k)
			}
		}
		for k := range c.table {
			if !c.keys[k] {
				t.Errorf("%s: expected line %q names no route", c.tenant, k)
			}
		}
	}
}

// TestRoleTableCoversEveryRoute: every route has a row, every row a route.
func TestRoleTableCoversEveryRoute(t *testing.T) {
	routes := map[string]bool{}
	for _, rt := range httpapi.Routes {
		routes[rt.Name] = true
		if _, found := access.Table[access.Operation(rt.Name)]; !found {
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

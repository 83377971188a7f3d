package client_test

import (
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/client"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
)

// These tests run the client against the real API: the route handlers
// behind the local API Gateway on DynamoDB Local (shared/apitest).

func TestMain(m *testing.M) { ddbtest.Main(m) }

const (
	powerAutomate = "CFQ7TTC0KP0N"
	powerBIPro    = "CFQ7TTC0L3PB"
	m365E3        = "CFQ7TTC0LFLX"
	azurePlan     = "DZH318Z0BPS6"
	// teamsAudioConferencing is an add-on of Microsoft 365 E3.
	teamsAudioConferencing = "CFQ7TTC0LH05"
)

// setup starts the API with tenant contoso (partner partner-a).
func setup(t *testing.T) *apitest.Env {
	t.Helper()
	env := apitest.New(t)
	env.MustPutTenant(t, "contoso", "partner-a")
	return env
}

// as is a client of env signed in as user of tenant with roles. It decodes
// strictly (an answer field its types lack is an error) and fails the test
// if it ever waits to retry.
func as(t *testing.T, env *apitest.Env, tenant, user string, roles ...domain.Role) *client.Client {
	t.Helper()
	c, err := client.New(env.URL, client.WithToken(env.Token(t, tenant, user, roles...)), client.StrictDecoding(),
		client.WithSleep(func(context.Context, time.Duration) error {
			t.Error("the client retried against the real API")
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestPolicyRoundTrip lists the policy of every self-service product, sets
// Power Automate through each form and reads it back (seed 004).
func TestPolicyRoundTrip(t *testing.T) {
	env := setup(t)
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	ctx := context.Background()

	pol := must[*client.Policy](t)(admin.GetPolicy(ctx, "contoso", client.AllowSelfServicePurchase))
	if got, want := len(pol.Values), 3; got != want {
		t.Errorf("policy values = %d, want %d", got, want)
	}
	list := must[*client.ProductPolicyList](t)(admin.ListProductPolicies(ctx, "contoso", client.AllowSelfServicePurchase))
	if got, want := len(list.Items), 12; got != want {
		t.Fatalf("ListProductPolicies: %d items, want %d", got, want)
	}
	for _, p := range list.Items {
		if p.PolicyValue != client.Enabled || !p.IsDefault {
			t.Errorf("%s = %s (default %v), want the default Enabled", p.ProductID, p.PolicyValue, p.IsDefault)
		}
	}

	yes, no := true, false
	steps := []struct {
		name string
		body client.ProductPolicyUpdate
		want client.PolicyValue
	}{
		{"Disabled", client.ProductPolicyUpdate{PolicyValue: client.Disabled}, client.Disabled},
		{"trials only", client.ProductPolicyUpdate{PolicyValue: client.OnlyTrialsWithoutPaymentMethod}, client.OnlyTrialsWithoutPaymentMethod},
		{"legacy enabled", client.ProductPolicyUpdate{Enabled: &yes}, client.Enabled},
		{"legacy disabled", client.ProductPolicyUpdate{Enabled: &no}, client.Disabled},
	}
	for _, s := range steps {
		var meta client.Meta
		got := must[*client.ProductPolicy](t)(admin.UpdateProductPolicy(ctx, "contoso", client.AllowSelfServicePurchase, powerAutomate, s.body, client.ResponseMeta(&meta)))
		if got.PolicyValue != s.want || got.IsDefault {
			t.Errorf("%s: UpdateProductPolicy = %s (default %v), want %s", s.name, got.PolicyValue, got.IsDefault, s.want)
		}
		if meta.Status != 200 || meta.IdempotencyKey == "" || meta.Replayed {
			t.Errorf("%s: meta %+v, want 200 with a generated key, not replayed", s.name, meta)
		}
		read := must[*client.ProductPolicy](t)(admin.GetProductPolicy(ctx, "contoso", client.AllowSelfServicePurchase, powerAutomate))
		if read.PolicyValue != s.want {
			t.Errorf("%s: GetProductPolicy = %s, want %s", s.name, read.PolicyValue, s.want)
		}
	}
}

// TestCreateSubscriptionIdempotency: the same key replays the first answer;
// each call without one gets a key of its own; the key with another body is
// refused.
func TestCreateSubscriptionIdempotency(t *testing.T) {
	env := setup(t)
	bob := as(t, env, "contoso", "bob")
	ctx := context.Background()
	body := client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", Quantity: 2, PaymentMethodID: "pm_1"}

	var first, again, other client.Meta
	s1 := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso", body, client.IdempotencyKey("buy-1"), client.ResponseMeta(&first)))
	s2 := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso", body, client.IdempotencyKey("buy-1"), client.ResponseMeta(&again)))
	s3 := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso", body, client.ResponseMeta(&other)))

	tests := []struct {
		name     string
		sub      *client.SubscriptionView
		meta     client.Meta
		wantID   string
		replayed bool
	}{
		{"first", s1, first, s1.ID, false},
		{"same key", s2, again, s1.ID, true},
		{"generated key", s3, other, s3.ID, false},
	}
	for _, tt := range tests {
		if got, want := tt.sub.ID, tt.wantID; got != want {
			t.Errorf("%s: id = %s, want %s", tt.name, got, want)
		}
		if got, want := tt.meta.Replayed, tt.replayed; got != want {
			t.Errorf("%s: Replayed = %v, want %v", tt.name, got, want)
		}
		if got, want := tt.meta.Status, 201; got != want {
			t.Errorf("%s: status = %d, want %d", tt.name, got, want)
		}
		if got, want := tt.meta.Location, "/v1/tenants/contoso/subscriptions/"+tt.wantID; got != want {
			t.Errorf("%s: Location = %q, want %q", tt.name, got, want)
		}
	}
	if s3.ID == s1.ID || other.IdempotencyKey == "buy-1" || len(other.IdempotencyKey) != 32 {
		t.Errorf("without a key: id %s, key %q; want a new subscription under a generated key", s3.ID, other.IdempotencyKey)
	}
	if got, want := first.ETag, s1.ETag(); got != want {
		t.Errorf("ETag header %s, Subscription.ETag() %s", got, want)
	}

	body.Quantity = 3
	_, err := bob.CreateSubscription(ctx, "contoso", body, client.IdempotencyKey("buy-1"))
	if p, ok := client.AsProblem(err); !ok || p.Status != 422 || p.Code != "idempotency_key_mismatch" {
		t.Errorf("same key, another body: %v, want 422 idempotency_key_mismatch", err)
	}
}

// TestIfMatch: a change with the subscription's ETag goes through; with a
// stale one it is refused with 412.
func TestIfMatch(t *testing.T) {
	env := setup(t)
	bob := as(t, env, "contoso", "bob")
	ctx := context.Background()
	s := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso",
		client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", PaymentMethodID: "pm_1"}))
	stale := s.ETag()

	var meta client.Meta
	off := false
	u := must[*client.SubscriptionView](t)(bob.UpdateSubscription(ctx, "contoso", s.ID, client.SubscriptionUpdate{Quantity: 4, AutoRenew: &off},
		client.IfMatch(stale), client.ResponseMeta(&meta)))
	if u.Quantity != 4 || u.AutoRenew || meta.ETag != u.ETag() || meta.ETag == stale {
		t.Errorf("update: quantity %d, autoRenew %v, ETag %s (was %s); want 4, false and a new ETag", u.Quantity, u.AutoRenew, meta.ETag, stale)
	}
	_, err := bob.UpdateSubscription(ctx, "contoso", s.ID, client.SubscriptionUpdate{Quantity: 5}, client.IfMatch(stale))
	if p, ok := client.AsProblem(err); !ok || p.Status != 412 || p.Code != "precondition_failed" {
		t.Errorf("stale If-Match: %v, want 412 precondition_failed", err)
	}
}

// TestPagination lists 5 subscriptions 2 a page, one page and all of them.
func TestPagination(t *testing.T) {
	env := setup(t)
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	ctx := context.Background()
	var want []string
	for range 5 {
		s := must[*client.SubscriptionView](t)(admin.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly"}))
		want = append(want, s.ID)
	}
	slices.Sort(want)

	params := &client.ListSubscriptionsParams{Channel: "central", Limit: 2}
	page := must[*client.Page[client.SubscriptionView]](t)(admin.ListSubscriptions(ctx, "contoso", params))
	if len(page.Items) != 2 || page.NextCursor == "" {
		t.Fatalf("first page: %d items, next cursor %q; want 2 and a cursor", len(page.Items), page.NextCursor)
	}

	var all []string
	for s, err := range admin.AllSubscriptions(ctx, "contoso", params) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, s.ID)
	}
	if got := slices.Sorted(slices.Values(all)); !slices.Equal(got, want) {
		t.Errorf("AllSubscriptions = %v, want %v", got, want)
	}
	if params.Cursor != "" {
		t.Errorf("AllSubscriptions changed the caller's params: cursor %q", params.Cursor)
	}

	var got []string
	for s, err := range admin.AllSubscriptions(ctx, "contoso", params) {
		if err != nil {
			t.Fatal(err)
		}
		if got = append(got, s.ID); len(got) == 3 {
			break
		}
	}
	if !slices.Equal(got, all[:3]) {
		t.Errorf("breaking after 3: %v, want %v", got, all[:3])
	}

	bad := &client.ListSubscriptionsParams{Cursor: "forged"}
	for _, err := range admin.AllSubscriptions(ctx, "contoso", bad) {
		if p, ok := client.AsProblem(err); !ok || p.Code != "invalid_request" {
			t.Errorf("forged cursor: %v, want invalid_request", err)
		}
	}
}

// TestLicensesAndExport assigns licenses and exports them as CSV.
func TestLicensesAndExport(t *testing.T) {
	env := setup(t)
	bob := as(t, env, "contoso", "bob")
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	ctx := context.Background()
	s := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso",
		client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", Quantity: 3, PaymentMethodID: "pm_1"}))
	users := []client.LicenseUser{{ID: "dana", Name: "Dana", Email: "dana@contoso.example"}, {ID: "bob", Name: "Bob", Email: "bob@contoso.example"}}

	a := must[*client.LicenseAssignment](t)(bob.AssignLicenses(ctx, "contoso", s.ID, client.AssignLicensesRequest{Users: users}, client.IfMatch(s.ETag())))
	if !slices.Equal(a.Assigned, []string{"dana", "bob"}) || a.Subscription.AssignedLicenses != 2 {
		t.Errorf("AssignLicenses: assigned %v, %d licenses", a.Assigned, a.Subscription.AssignedLicenses)
	}
	var ids []string
	for l, err := range bob.AllLicenses(ctx, "contoso", s.ID, &client.ListLicensesParams{Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.UserID)
	}
	if got, want := ids, []string{"bob", "dana"}; !slices.Equal(got, want) {
		t.Errorf("AllLicenses = %v, want %v", got, want)
	}
	sum := must[*client.LicenseSummary](t)(admin.LicenseSummary(ctx, "contoso", &client.LicenseSummaryParams{Channel: "selfService"}))
	if len(sum.Items) != 1 || sum.Items[0].Available != 1 {
		t.Errorf("LicenseSummary = %+v, want one product with 1 available", sum.Items)
	}

	csvBytes := must[[]byte](t)(admin.ExportLicenses(ctx, "contoso", &client.ExportLicensesParams{SubscriptionIDs: []string{s.ID}}))
	rows, err := csv.NewReader(strings.NewReader(string(csvBytes))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"subscriptionId", "userId"}, {s.ID, "bob"}, {s.ID, "dana"}}
	if len(rows) != len(want) {
		t.Fatalf("CSV rows = %q, want %d", rows, len(want))
	}
	for i, w := range want {
		if got := [2]string{rows[i][0], rows[i][3]}; got != w {
			t.Errorf("CSV row %d = %q, want %q", i, got, w)
		}
	}
	// AssignLicensesBulk: the same key answers the finished request again.
	more := []client.LicenseUser{{ID: "erin", Name: "Erin", Email: "erin@contoso.example"}, {ID: "bob", Name: "Bob", Email: "bob@contoso.example"}}
	for i, wantReplayed := range []bool{false, true} {
		var meta client.Meta
		b := must[*client.BulkLicenseAssignment](t)(bob.AssignLicensesBulk(ctx, "contoso", s.ID, client.AssignLicensesBulkRequest{Users: more},
			client.IdempotencyKey("bulk-1"), client.ResponseMeta(&meta)))
		if got, want := [4]any{b.Requested, b.Assigned, b.Unchanged, meta.Replayed}, [4]any{2, 1, 1, wantReplayed}; got != want {
			t.Errorf("AssignLicensesBulk %d: requested, assigned, unchanged, replayed = %v, want %v", i+1, got, want)
		}
	}
	v := must[*client.SubscriptionView](t)(bob.UnassignLicense(ctx, "contoso", s.ID, "dana"))
	if got, want := v.AssignedLicenses, 2; got != want {
		t.Errorf("after UnassignLicense: %d licenses, want %d", got, want)
	}
}

// TestProblems decodes the API's errors: problem+json with its extension
// members, and API Gateway's {"message"}.
func TestProblems(t *testing.T) {
	env := setup(t)
	bob := as(t, env, "contoso", "bob")
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	ctx := context.Background()
	s := must[*client.SubscriptionView](t)(bob.CreateSubscription(ctx, "contoso",
		client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", PaymentMethodID: "pm_1"}))
	anonymous, err := client.New(env.URL)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		call       func() error
		wantStatus int
		wantCode   string
		wantTitle  string
		wantExtra  map[string]int64
		wantError  string
	}{
		{"insufficient licenses", func() error {
			_, err := bob.AssignLicenses(ctx, "contoso", s.ID, client.AssignLicensesRequest{Users: []client.LicenseUser{
				{ID: "u1", Name: "U1", Email: "u1@contoso.example"}, {ID: "u2", Name: "U2", Email: "u2@contoso.example"}}})
			return err
		}, 409, "insufficient_licenses", "Conflict", map[string]int64{"available": 1, "requested": 2}, "409 insufficient_licenses: "},
		{"not found", func() error { _, err := bob.GetSubscription(ctx, "contoso", "sub_nope"); return err },
			404, "not_found", "Not Found", nil, "404 not_found: "},
		{"policy not found", func() error { _, err := admin.GetPolicy(ctx, "contoso", "NoSuchPolicy"); return err },
			404, "policy_not_found", "Not Found", nil, "404 policy_not_found: "},
		{"gateway 401", func() error { _, err := anonymous.GetTenant(ctx, "contoso"); return err },
			401, "", "Unauthorized", nil, "401 Unauthorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			p, ok := client.AsProblem(err)
			if !ok {
				t.Fatalf("error %v (%T), want a *client.Problem", err, err)
			}
			if client.IsNetwork(err) {
				t.Error("IsNetwork = true for an answer")
			}
			if got, want := [3]any{p.Status, p.Code, p.Title}, [3]any{tt.wantStatus, tt.wantCode, tt.wantTitle}; got != want {
				t.Errorf("status, code, title = %v, want %v", got, want)
			}
			if tt.wantCode != "" && (p.Detail == "" || p.Type != "urn:selfserve:problem:"+tt.wantCode) {
				t.Errorf("detail %q, type %q; want a detail and the code's type", p.Detail, p.Type)
			}
			if tt.wantCode == "" && p.Detail != "Unauthorized" {
				t.Errorf("detail %q, want the gateway's message", p.Detail)
			}
			for name, want := range tt.wantExtra {
				if got, ok := p.Int(name); !ok || got != want {
					t.Errorf("extension %s = %d (%v), want %d", name, got, ok, want)
				}
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.wantError) {
				t.Errorf("Error() = %q, want it to start %q", got, tt.wantError)
			}
		})
	}
}

// TestWebhookEndpointRoundTrip registers, lists, tests and deletes an
// endpoint (DeleteWebhookEndpoint's 204 has no body).
func TestWebhookEndpointRoundTrip(t *testing.T) {
	env := setup(t)
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	ctx := context.Background()
	ep := must[*client.WebhookEndpointWithSecret](t)(admin.CreateWebhookEndpoint(ctx, "contoso",
		client.WebhookEndpointCreate{URL: "http://127.0.0.1:9/hooks", EventTypes: []string{"subscription.created"}}))
	if !strings.HasPrefix(ep.Secret, "whsec_") || ep.Owner.Scope != "tenant" {
		t.Errorf("CreateWebhookEndpoint: secret %q, scope %q", ep.Secret, ep.Owner.Scope)
	}
	var listed []string
	for e, err := range admin.AllWebhookEndpoints(ctx, "contoso", nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, e.ID)
	}
	if got, want := listed, []string{ep.ID}; !slices.Equal(got, want) {
		t.Errorf("AllWebhookEndpoints = %v, want %v", got, want)
	}
	tr := must[*client.WebhookTestResult](t)(admin.TestWebhookEndpoint(ctx, "contoso", ep.ID))
	if tr.EventID == "" || tr.DeliveryID == "" {
		t.Errorf("TestWebhookEndpoint = %+v", tr)
	}
	rotated := must[*client.WebhookEndpointWithSecret](t)(admin.RotateWebhookSecret(ctx, "contoso", ep.ID))
	if rotated.Secret == ep.Secret || rotated.SecretRotatedAt.IsZero() {
		t.Errorf("RotateWebhookSecret: secret unchanged or no secretRotatedAt: %+v", rotated.WebhookEndpoint)
	}
	for _, err := range admin.AllDeliveries(ctx, "contoso", ep.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	var meta client.Meta
	if err := admin.DeleteWebhookEndpoint(ctx, "contoso", ep.ID, client.ResponseMeta(&meta)); err != nil || meta.Status != 204 {
		t.Errorf("DeleteWebhookEndpoint: %v, status %d; want 204", err, meta.Status)
	}
	err := admin.DeleteWebhookEndpoint(ctx, "contoso", ep.ID)
	if p, ok := client.AsProblem(err); !ok || p.Status != 404 {
		t.Errorf("deleting again: %v, want 404", err)
	}
}

// TestOtherOperations runs the operations the tests above leave out (but
// RetryDelivery, which needs a recorded delivery) through the strictly
// decoding client, so an answer field the types lack fails.
func TestOtherOperations(t *testing.T) {
	env := setup(t)
	ctx := context.Background()
	admin := as(t, env, "contoso", "alice", domain.RoleGlobalAdmin)
	agent := as(t, env, "partner-a", "pat", domain.RoleAdminAgent)
	ops := as(t, env, apitest.Operator, "op", domain.RoleOperator)
	central := must[*client.SubscriptionView](t)(admin.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "monthly", Quantity: 5}))
	self := must[*client.SubscriptionView](t)(as(t, env, "contoso", "bob").CreateSubscription(ctx, "contoso",
		client.SubscriptionCreate{ProductID: powerBIPro, BillingFrequency: "annual", PaymentMethodID: "pm_1"}))

	steps := []struct {
		name string
		call func() error
	}{
		{"ListProducts", func() error { _, err := admin.ListProducts(ctx, nil); return err }},
		{"GetProduct", func() error { _, err := admin.GetProduct(ctx, powerBIPro); return err }},
		{"PutTenant", func() error {
			_, err := ops.PutTenant(ctx, "fabrikam", client.TenantInput{Name: "Fabrikam", Country: "US", BillingEmail: "billing@fabrikam.example"})
			return err
		}},
		{"GetTenant", func() error { _, err := admin.GetTenant(ctx, "contoso"); return err }},
		{"ListCustomers", func() error { _, err := agent.ListCustomers(ctx, "partner-a", nil); return err }},
		{"GetCustomerPermissions", func() error { _, err := agent.GetCustomerPermissions(ctx, "contoso"); return err }},
		{"SetReservationPermission", func() error {
			_, err := agent.SetReservationPermission(ctx, "contoso", client.ReservationPermissionUpdate{Enabled: false})
			return err
		}},
		{"GetSubscription", func() error { _, err := admin.GetSubscription(ctx, "contoso", central.ID); return err }},
		{"SuspendSubscription", func() error {
			_, err := admin.SuspendSubscription(ctx, "contoso", central.ID, client.SuspendRequest{Reason: "customerRequest"})
			return err
		}},
		{"ReactivateSubscription", func() error { _, err := admin.ReactivateSubscription(ctx, "contoso", central.ID); return err }},
		{"TakeOverSubscription", func() error { _, err := admin.TakeOverSubscription(ctx, "contoso", self.ID); return err }},
		{"MoveUsers", func() error {
			_, err := admin.MoveUsers(ctx, "contoso", self.ID, client.MoveUsersRequest{TargetSubscriptionID: central.ID})
			return err
		}},
		{"CancelSubscription", func() error {
			_, err := admin.CancelSubscription(ctx, "contoso", central.ID, client.CancelRequest{ReasonCode: "noLongerNeeded"})
			return err
		}},
		{"CreateAddOn", func() error {
			base := must[*client.SubscriptionView](t)(admin.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: m365E3, BillingFrequency: "monthly", Quantity: 2}))
			_, err := admin.CreateAddOn(ctx, "contoso", base.ID, client.AddOnCreate{ProductID: teamsAudioConferencing}, client.IfMatch(base.ETag()))
			return err
		}},
		{"AssignSubscriptionRole and SetReservationPermission", func() error {
			plan := must[*client.SubscriptionView](t)(agent.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{ProductID: azurePlan, BillingFrequency: "monthly"}))
			if _, err := agent.AssignSubscriptionRole(ctx, "contoso", plan.ID, "kim", client.SubscriptionRoleUpdate{Role: "Owner"}); err != nil {
				return err
			}
			p, err := agent.SetReservationPermission(ctx, "contoso", client.ReservationPermissionUpdate{Enabled: true})
			if err == nil && (!p.Reservations.Enabled || p.Reservations.UpdatedBy != "pat") {
				t.Errorf("SetReservationPermission = %+v, want enabled by pat", p.Reservations)
			}
			return err
		}},
		{"ListOrders", func() error {
			_, err := admin.ListOrders(ctx, "contoso", &client.ListOrdersParams{Limit: 50})
			return err
		}},
		{"ListActivity", func() error {
			_, err := admin.ListActivity(ctx, "contoso", &client.ListActivityParams{From: apitest.T0.Add(-time.Hour), To: apitest.T0.Add(time.Hour)})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
}

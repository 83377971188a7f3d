package httpapi_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
	"selfserve/shared/webhooks"
)

// hookView is a webhook endpoint as the API shows it (secret only in the
// answers of create and rotate).
type hookView struct {
	ID          string   `json:"id"`
	TenantID    string   `json:"tenantId"`
	URL         string   `json:"url"`
	EventTypes  []string `json:"eventTypes"`
	Description string   `json:"description"`
	Owner       struct {
		TenantID string `json:"tenantId"`
		UserID   string `json:"userId"`
		Scope    string `json:"scope"`
	} `json:"owner"`
	Status          string     `json:"status"`
	FailingSince    *time.Time `json:"failingSince"`
	SecretRotatedAt *time.Time `json:"secretRotatedAt"`
	CreatedAt       time.Time  `json:"createdAt"`
	Secret          string     `json:"secret"`
}

// hookDelivery is a delivery as ListDeliveries and RetryDelivery show it.
type hookDelivery struct {
	ID         string `json:"id"`
	EndpointID string `json:"endpointId"`
	EventID    string `json:"eventId"`
	EventType  string `json:"eventType"`
	Status     string `json:"status"`
	Attempts   []struct {
		At         time.Time `json:"at"`
		HTTPStatus int       `json:"httpStatus"`
		Error      string    `json:"error"`
		Manual     bool      `json:"manual"`
	} `json:"attempts"`
	NextAttemptAt *time.Time `json:"nextAttemptAt"`
	Payload       string     `json:"payload"`
}

const hookBody = `{"url":"http://127.0.0.1:9/hook"}`

func hooksPath(tenantID string) string { return "/v1/tenants/" + tenantID + "/webhooks" }

func hookPath(tenantID, endpointID string) string { return hooksPath(tenantID) + "/" + endpointID }

// createHook registers an endpoint with body as token's principal on
// contoso and returns the 201 answer.
func createHook(t *testing.T, env *apitest.Env, token, body string) (hookView, *apitest.Response) {
	t.Helper()
	r := env.Do(t, apitest.Request{Method: "POST", Path: hooksPath("contoso"), Token: token, Body: body})
	if got, want := r.Status, http.StatusCreated; got != want {
		t.Fatalf("CreateWebhookEndpoint: status %d %s, want %d", got, r.Body, want)
	}
	var v hookView
	r.Decode(t, &v)
	return v, r
}

// listHookIDs lists the endpoints of tenantID token's principal sees (one
// page of the default size) and returns their ids and the raw answer.
func listHookIDs(t *testing.T, env *apitest.Env, token, tenantID string) ([]string, *apitest.Response) {
	t.Helper()
	r := env.Do(t, apitest.Request{Method: "GET", Path: hooksPath(tenantID), Token: token})
	if got, want := r.Status, http.StatusOK; got != want {
		t.Fatalf("ListWebhookEndpoints: status %d %s, want %d", got, r.Body, want)
	}
	var l struct {
		Items      []hookView
		NextCursor string
	}
	r.Decode(t, &l)
	if l.NextCursor != "" {
		t.Fatalf("ListWebhookEndpoints: nextCursor %q on a page of the default size, want none", l.NextCursor)
	}
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.ID
	}
	slices.Sort(out)
	return out, r
}

func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// itemCount counts the table's items of a kind.
func itemCount(t *testing.T, env *apitest.Env, kind string) int {
	t.Helper()
	return len(env.Items(t, kind))
}

// seedDelivery records a delivery of a fresh webhook.test event with payload
// to the endpoint, after one failed scheduled attempt at T0 (so pending,
// next attempt at T0+5s).
func seedDelivery(t *testing.T, env *apitest.Env, tenantID, endpointID string, payload []byte) domain.Delivery {
	t.Helper()
	ev := domain.Event{ID: ids.New("evt", apitest.T0), Type: domain.EventWebhookTest, TenantID: tenantID, EndpointID: endpointID, OccurredAt: apitest.T0}
	d := domain.NewDelivery(ev, payload, endpointID, apitest.T0)
	d.Record(domain.Attempt{At: apitest.T0, HTTPStatus: 500}, false)
	if err := env.Store.RecordDelivery(context.Background(), store.DeliveryWrite{Delivery: d}, apitest.T0, store.Effects{}); err != nil {
		t.Fatal(err)
	}
	d.Version = 1
	return d
}

// disableHook disables an endpoint directly in the store, as a 410 would.
func disableHook(t *testing.T, env *apitest.Env, tenantID, endpointID string) {
	t.Helper()
	ctx := context.Background()
	before, err := env.Store.GetEndpoint(ctx, tenantID, endpointID)
	if err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	after := before
	after.Status, after.DisabledReason, after.DisabledAt = domain.EndpointDisabled, domain.DisabledGone, now
	if err := env.Store.SaveEndpoint(ctx, before, after, now, store.Effects{}); err != nil {
		t.Fatal(err)
	}
}

// assertSecretHidden fails when secret shows in a list answer or in any
// stored activity record.
func assertSecretHidden(t *testing.T, env *apitest.Env, secret string, lists ...*apitest.Response) {
	t.Helper()
	for i, r := range lists {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("list answer %d carries the secret: %s", i, r.Body)
		}
		if strings.Contains(string(r.Body), `"secret"`) {
			t.Errorf("list answer %d has a \"secret\" key: %s", i, r.Body)
		}
	}
	for _, a := range env.Items(t, "activity") {
		if s := fmt.Sprint(a); strings.Contains(s, secret) {
			t.Errorf("activity record carries the secret: %s", s)
		}
	}
}

// TestCreateWebhookEndpoint: 201 with Location, an ep_ id, a whsec_ secret
// of at least 24 random bytes and the owner with the scope the caller's
// roles give; the secret is never shown again, nor logged.
func TestCreateWebhookEndpoint(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	tests := []struct {
		name                     string
		token                    string
		ownerTenant, ownerUser   string
		wantScope                domain.EndpointScope
		body, wantURL, wantDescr string
		wantTypes                []string
	}{
		{name: "GlobalAdmin", token: admin, ownerTenant: "contoso", ownerUser: "alice", wantScope: domain.ScopeTenant,
			body: `{"url":"http://127.0.0.1:9/admin?token=abc","description":"all of it"}`, wantURL: "http://127.0.0.1:9/admin?token=abc", wantDescr: "all of it", wantTypes: []string{}},
		{name: "BillingAdmin", token: env.Token(t, "contoso", "bill", domain.RoleBillingAdmin), ownerTenant: "contoso", ownerUser: "bill", wantScope: domain.ScopeTenant,
			body: hookBody, wantURL: "http://127.0.0.1:9/hook", wantTypes: []string{}},
		{name: "plain user", token: env.Token(t, "contoso", "bob"), ownerTenant: "contoso", ownerUser: "bob", wantScope: domain.ScopePurchaser,
			body:    `{"url":"http://127.0.0.1:9/bob","eventTypes":["subscription.created","subscription.renewed"]}`,
			wantURL: "http://127.0.0.1:9/bob", wantTypes: []string{"subscription.created", "subscription.renewed"}},
		{name: "AdminAgent of partner-a", token: env.Token(t, "partner-a", "ada", domain.RoleAdminAgent), ownerTenant: "partner-a", ownerUser: "ada",
			wantScope: domain.ScopePartner, body: hookBody, wantURL: "http://127.0.0.1:9/hook", wantTypes: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, r := createHook(t, env, tt.token, tt.body)
			if !strings.HasPrefix(v.ID, "ep_") {
				t.Errorf("id = %q, want the ep_ prefix", v.ID)
			}
			if got, want := r.Header.Get("Location"), "/v1/tenants/contoso/webhooks/"+v.ID; got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
			raw, ok := strings.CutPrefix(v.Secret, "whsec_")
			if !ok {
				t.Fatalf("secret = %q, want the whsec_ prefix", v.Secret)
			}
			if key, err := base64.StdEncoding.DecodeString(raw); err != nil || len(key) < 24 {
				t.Errorf("secret key = %d bytes (err %v), want base64 of at least 24", len(key), err)
			}
			if got, want := v.Owner.TenantID+"/"+v.Owner.UserID+"/"+v.Owner.Scope, tt.ownerTenant+"/"+tt.ownerUser+"/"+string(tt.wantScope); got != want {
				t.Errorf("owner = %s, want %s", got, want)
			}
			if v.TenantID != "contoso" || v.URL != tt.wantURL || v.Description != tt.wantDescr || v.Status != "enabled" {
				t.Errorf("endpoint = %+v, want contoso's, url %q, description %q, enabled", v, tt.wantURL, tt.wantDescr)
			}
			if !slices.Equal(v.EventTypes, tt.wantTypes) || v.EventTypes == nil {
				t.Errorf("eventTypes = %#v, want %#v", v.EventTypes, tt.wantTypes)
			}
			if v.SecretRotatedAt != nil || !v.CreatedAt.Equal(apitest.T0) {
				t.Errorf("secretRotatedAt = %v, createdAt = %v, want none and %v", v.SecretRotatedAt, v.CreatedAt, apitest.T0)
			}

			// Listed (by its owner and by the tenant's admin) without the secret.
			ownIDs, own := listHookIDs(t, env, tt.token, "contoso")
			allIDs, all := listHookIDs(t, env, admin, "contoso")
			if !slices.Contains(ownIDs, v.ID) || !slices.Contains(allIDs, v.ID) {
				t.Errorf("owner's list %v, admin's list %v, want both to hold %s", ownIDs, allIDs, v.ID)
			}
			assertSecretHidden(t, env, v.Secret, own, all)
			logged := false
			for _, a := range env.Items(t, "activity") {
				logged = logged || (a["operation"] == "CreateWebhookEndpoint" && a["targetId"] == v.ID)
			}
			if !logged {
				t.Errorf("no CreateWebhookEndpoint activity record for %s", v.ID)
			}
		})
	}
}

// TestCreateWebhookEndpointRefusesBadInput: 400 invalid_request, and
// nothing written.
func TestCreateWebhookEndpointRefusesBadInput(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	long := "http://127.0.0.1/" + strings.Repeat("a", domain.MaxEndpointURL-len("http://127.0.0.1/")+1)
	tests := []struct {
		name string
		body string
	}{
		{"missing url", `{"eventTypes":["subscription.created"]}`},
		{"empty url", `{"url":""}`},
		{"unknown event type", `{"url":"http://127.0.0.1:9/x","eventTypes":["subscription.exploded"]}`},
		{"duplicated event type", `{"url":"http://127.0.0.1:9/x","eventTypes":["subscription.created","subscription.created"]}`},
		{"description of 257 characters", `{"url":"http://127.0.0.1:9/x","description":"` + strings.Repeat("d", 257) + `"}`},
		{"unknown field", `{"url":"http://127.0.0.1:9/x","secret":"whsec_mine"}`},
		{"url with credentials", `{"url":"http://user:pass@127.0.0.1:9/x"}`},
		{"ftp url", `{"url":"ftp://127.0.0.1/x"}`},
		{"url over 2048 characters", `{"url":"` + long + `"}`},
		{"private address (even locally)", `{"url":"http://10.0.0.1/x"}`},
		{"metadata service", `{"url":"https://169.254.169.254/latest/meta-data"}`},
		{"relative url", `{"url":"/hook"}`},
		{"url with a fragment", `{"url":"http://127.0.0.1:9/x#frag"}`},
	}
	activity := itemCount(t, env, "activity")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := env.Do(t, apitest.Request{Method: "POST", Path: hooksPath("contoso"), Token: bob, Body: tt.body})
			if got, want := r.Status, http.StatusBadRequest; got != want {
				t.Errorf("status = %d %s, want %d", got, r.Body, want)
			}
			if got, want := r.Code(), "invalid_request"; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got := itemCount(t, env, "webhookEndpoint"); got != 0 {
				t.Errorf("webhookEndpoint items = %d, want 0", got)
			}
			if got, want := itemCount(t, env, "activity"), activity; got != want {
				t.Errorf("activity items = %d, want %d", got, want)
			}
		})
	}
}

// TestCreateWebhookEndpointLimits: a url of exactly 2048 characters and a
// description of exactly 256 are accepted.
func TestCreateWebhookEndpointLimits(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	url := "http://127.0.0.1/" + strings.Repeat("a", domain.MaxEndpointURL-len("http://127.0.0.1/"))
	descr := strings.Repeat("d", domain.MaxEndpointDescription)
	v, _ := createHook(t, env, bob, `{"url":"`+url+`","description":"`+descr+`"}`)
	if got, want := len(v.URL), 2048; got != want {
		t.Errorf("len(url) = %d, want %d", got, want)
	}
	if got, want := v.Description, descr; got != want {
		t.Errorf("description = %q, want %q", got, want)
	}
}

// TestCreateWebhookEndpointDescriptionCountsCharacters: the 256 limit is in
// characters (as the message, the OpenAPI maxLength and every other text
// limit of the API say), not bytes: 256 "é" (512 bytes) are accepted and 257
// refused.
func TestCreateWebhookEndpointDescriptionCountsCharacters(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	tests := []struct {
		n    int
		want int
	}{
		{256, http.StatusCreated},
		{257, http.StatusBadRequest},
	}
	for _, tt := range tests {
		r := env.Do(t, apitest.Request{Method: "POST", Path: hooksPath("contoso"), Token: bob,
			Body: `{"url":"http://127.0.0.1:9/x","description":"` + strings.Repeat("é", tt.n) + `"}`})
		if got := r.Status; got != tt.want {
			t.Errorf("description of %d \"é\": status %d %s, want %d", tt.n, got, r.Body, tt.want)
		}
	}
}

// TestCreateWebhookEndpointIdempotency: the same key and body replay the
// first 201 (same id and secret) and write one endpoint; another body with
// the key is refused with 422.
func TestCreateWebhookEndpointIdempotency(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	req := apitest.Request{Method: "POST", Path: hooksPath("contoso"), Token: bob, Body: hookBody,
		Header: map[string]string{"Idempotency-Key": "hook-1"}}
	first := env.Do(t, req)
	if got, want := first.Status, http.StatusCreated; got != want {
		t.Fatalf("first: status %d %s, want %d", got, first.Body, want)
	}
	env.Clock.Advance(time.Minute)
	again := env.Do(t, req)
	if got, want := again.Status, http.StatusCreated; got != want {
		t.Fatalf("replay: status %d %s, want %d", got, again.Body, want)
	}
	var a, b hookView
	first.Decode(t, &a)
	again.Decode(t, &b)
	if a.ID == "" || a.Secret == "" || b.ID != a.ID || b.Secret != a.Secret {
		t.Errorf("replay id/secret = %q/%q, want %q/%q", b.ID, b.Secret, a.ID, a.Secret)
	}
	if got, want := string(again.Body), string(first.Body); got != want {
		t.Errorf("replay body = %s, want %s", got, want)
	}
	if got, want := again.Header.Get("Idempotent-Replayed"), "true"; got != want {
		t.Errorf("Idempotent-Replayed = %q, want %q", got, want)
	}
	if got, want := again.Header.Get("Location"), first.Header.Get("Location"); got != want || got == "" {
		t.Errorf("replay Location = %q, want %q", got, want)
	}
	if got, want := itemCount(t, env, "webhookEndpoint"), 1; got != want {
		t.Errorf("webhookEndpoint items = %d, want %d", got, want)
	}

	req.Body = `{"url":"http://127.0.0.1:9/other"}`
	r := env.Do(t, req)
	if got, want := r.Status, http.StatusUnprocessableEntity; got != want {
		t.Errorf("other body: status %d %s, want %d", got, r.Body, want)
	}
	if got, want := r.Code(), "idempotency_key_mismatch"; got != want {
		t.Errorf("other body: code %q, want %q", got, want)
	}
	if got, want := itemCount(t, env, "webhookEndpoint"), 1; got != want {
		t.Errorf("after the mismatch: webhookEndpoint items = %d, want %d", got, want)
	}
}

// TestWebhookEndpointVisibility: admins see and reach every endpoint of the
// tenant, everyone else only their own (others' are 404), and other
// tenants' principals reach none.
func TestWebhookEndpointVisibility(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	bob := env.Token(t, "contoso", "bob")
	carol := env.Token(t, "contoso", "carol")
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	a1, _ := createHook(t, env, admin, hookBody)
	b1, _ := createHook(t, env, bob, hookBody)
	b2, _ := createHook(t, env, bob, hookBody)
	c1, _ := createHook(t, env, carol, hookBody)
	g1, _ := createHook(t, env, agent, hookBody)
	dlv := seedDelivery(t, env, "contoso", b1.ID, []byte(`{"type":"webhook.test"}`))

	lists := []struct {
		name  string
		token string
		want  []string
	}{
		{"admin", admin, sorted(a1.ID, b1.ID, b2.ID, c1.ID, g1.ID)},
		{"bob", bob, sorted(b1.ID, b2.ID)},
		{"carol", carol, sorted(c1.ID)},
		{"agent", agent, sorted(g1.ID)},
		{"user without endpoints", env.Token(t, "contoso", "dave"), []string{}},
	}
	for _, l := range lists {
		if got, _ := listHookIDs(t, env, l.token, "contoso"); !slices.Equal(got, l.want) {
			t.Errorf("%s lists %v, want %v", l.name, got, l.want)
		}
	}

	// Bob's endpoint, for other non-admins of the tenant, does not exist.
	p := hookPath("contoso", b1.ID)
	others := []struct {
		method, path string
	}{
		{"DELETE", p},
		{"POST", p + "/rotate-secret"},
		{"POST", p + "/test"},
		{"GET", p + "/deliveries"},
		{"POST", p + "/deliveries/" + dlv.ID + "/retry"},
	}
	for _, who := range []struct{ name, token string }{{"carol", carol}, {"agent", agent}} {
		for _, o := range others {
			r := env.Do(t, apitest.Request{Method: o.method, Path: o.path, Token: who.token})
			if r.Status != http.StatusNotFound || r.Code() != "not_found" {
				t.Errorf("%s: %s %s = %d %s, want 404 not_found", who.name, o.method, o.path, r.Status, r.Body)
			}
		}
	}
	stored, err := env.Store.GetEndpoint(context.Background(), "contoso", b1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Version != 1 || len(stored.Secrets) != 1 || stored.Secrets[0].Value != b1.Secret {
		t.Errorf("bob's endpoint after the refusals: version %d, %d secrets, want untouched", stored.Version, len(stored.Secrets))
	}
	if got := itemCount(t, env, "event"); got != 0 {
		t.Errorf("event items after the refusals = %d, want 0", got)
	}
	d, err := env.Store.GetDelivery(context.Background(), b1.ID, dlv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(d.Attempts), 1; got != want {
		t.Errorf("delivery attempts after the refusals = %d, want %d", got, want)
	}

	// The tenant's admin deletes bob's endpoint.
	r := env.Do(t, apitest.Request{Method: "DELETE", Path: p, Token: admin})
	if got, want := r.Status, http.StatusNoContent; got != want {
		t.Fatalf("admin deletes bob's endpoint: status %d %s, want %d", got, r.Body, want)
	}
	if len(r.Body) != 0 {
		t.Errorf("204 body = %q, want none", r.Body)
	}
	if got, want := listIDsOf(t, env, bob), sorted(b2.ID); !slices.Equal(got, want) {
		t.Errorf("bob lists %v after the delete, want %v", got, want)
	}
	if got, want := listIDsOf(t, env, admin), sorted(a1.ID, b2.ID, c1.ID, g1.ID); !slices.Equal(got, want) {
		t.Errorf("admin lists %v after the delete, want %v", got, want)
	}
	if r := env.Do(t, apitest.Request{Method: "DELETE", Path: p, Token: admin}); r.Status != http.StatusNotFound {
		t.Errorf("deleting it again: status %d %s, want 404", r.Status, r.Body)
	}

	// Tenant isolation: fabrikam's principals and partner-b's agents reach
	// none of contoso's routes, whatever their roles.
	q := hookPath("contoso", b2.ID)
	routes := []struct {
		method, path, body string
	}{
		{"POST", hooksPath("contoso"), hookBody},
		{"GET", hooksPath("contoso"), ""},
		{"DELETE", q, ""},
		{"POST", q + "/rotate-secret", ""},
		{"POST", q + "/test", ""},
		{"GET", q + "/deliveries", ""},
		{"POST", q + "/deliveries/" + dlv.ID + "/retry", ""},
	}
	strangers := []struct{ name, token string }{
		{"GlobalAdmin of fabrikam", env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin)},
		{"user of fabrikam", env.Token(t, "fabrikam", "bob")},
		{"AdminAgent of partner-b", env.Token(t, "partner-b", "pia", domain.RoleAdminAgent)},
	}
	endpoints := itemCount(t, env, "webhookEndpoint")
	for _, s := range strangers {
		for _, rt := range routes {
			req := apitest.Request{Method: rt.method, Path: rt.path, Token: s.token}
			if rt.body != "" {
				req.Body = rt.body
			}
			r := env.Do(t, req)
			if r.Status != http.StatusNotFound || r.Code() != "not_found" {
				t.Errorf("%s: %s %s = %d %s, want 404 not_found", s.name, rt.method, rt.path, r.Status, r.Body)
			}
		}
	}
	if got, want := itemCount(t, env, "webhookEndpoint"), endpoints; got != want {
		t.Errorf("webhookEndpoint items after the strangers = %d, want %d", got, want)
	}
	if got, want := itemCount(t, env, "event"), 0; got != want {
		t.Errorf("event items after the strangers = %d, want %d", got, want)
	}
}

func listIDsOf(t *testing.T, env *apitest.Env, token string) []string {
	t.Helper()
	got, _ := listHookIDs(t, env, token, "contoso")
	return got
}

// TestListWebhookEndpointsPages: following nextCursor at limit=2 yields
// every endpoint exactly once; a cursor is good only for its own list.
func TestListWebhookEndpointsPages(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	bob := env.Token(t, "contoso", "bob")
	var want []string
	for i := range 5 {
		tok := admin
		if i%2 == 1 {
			tok = bob
		}
		v, _ := createHook(t, env, tok, hookBody)
		want = append(want, v.ID)
	}
	slices.Sort(want)

	var got []string
	cursor, first := "", ""
	pages := 0
	for {
		path := hooksPath("contoso") + "?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		r := env.Do(t, apitest.Request{Method: "GET", Path: path, Token: admin})
		if r.Status != http.StatusOK {
			t.Fatalf("page %d: status %d %s", pages, r.Status, r.Body)
		}
		var l struct {
			Items      []hookView
			NextCursor string
		}
		r.Decode(t, &l)
		if len(l.Items) > 2 {
			t.Errorf("page %d has %d items, want at most 2", pages, len(l.Items))
		}
		for _, it := range l.Items {
			got = append(got, it.ID)
		}
		pages++
		if first == "" {
			first = l.NextCursor
		}
		if cursor = l.NextCursor; cursor == "" || pages > 10 {
			break
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("pages yield %v, want each of %v once", got, want)
	}
	if pages < 3 {
		t.Errorf("pages = %d, want at least 3 for 5 endpoints at limit=2", pages)
	}
	if first == "" {
		t.Fatal("no nextCursor on the first page")
	}

	foreign := []struct {
		name, tenant, token string
	}{
		{"fabrikam's admin on fabrikam", "fabrikam", env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin)},
		{"a user of contoso (own list)", "contoso", bob},
	}
	for _, f := range foreign {
		r := env.Do(t, apitest.Request{Method: "GET", Path: hooksPath(f.tenant) + "?limit=2&cursor=" + first, Token: f.token})
		if r.Status != http.StatusBadRequest || r.Code() != "invalid_request" {
			t.Errorf("%s with contoso admin's cursor: %d %s, want 400 invalid_request", f.name, r.Status, r.Body)
		}
	}
}

// TestRotateWebhookSecret: a new secret (the old one signing 24 h more),
// shown once; someone else of the tenant gets 404 and changes nothing.
func TestRotateWebhookSecret(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	carol := env.Token(t, "contoso", "carol")
	v, _ := createHook(t, env, bob, hookBody)
	now := env.Clock.Advance(time.Hour)

	r := env.Do(t, apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/rotate-secret", Token: bob})
	if got, want := r.Status, http.StatusOK; got != want {
		t.Fatalf("rotate: status %d %s, want %d", got, r.Body, want)
	}
	var rot hookView
	r.Decode(t, &rot)
	if rot.ID != v.ID || !strings.HasPrefix(rot.Secret, "whsec_") || rot.Secret == v.Secret {
		t.Errorf("rotate answer id %q secret %q, want %q and a new whsec_ secret (old %q)", rot.ID, rot.Secret, v.ID, v.Secret)
	}
	if rot.SecretRotatedAt == nil || !rot.SecretRotatedAt.Equal(now) {
		t.Errorf("secretRotatedAt = %v, want %v", rot.SecretRotatedAt, now)
	}
	e, err := env.Store.GetEndpoint(context.Background(), "contoso", v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Secrets) != 2 || e.Secrets[0].Value != rot.Secret || e.Secrets[1].Value != v.Secret ||
		!e.Secrets[1].ExpiresAt.Equal(now.Add(domain.RotationOverlap)) {
		t.Errorf("stored secrets = %+v, want the new one then the old one expiring at %v", e.Secrets, now.Add(domain.RotationOverlap))
	}

	r = env.Do(t, apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/rotate-secret", Token: carol})
	if r.Status != http.StatusNotFound || r.Code() != "not_found" {
		t.Errorf("rotate by another user: %d %s, want 404 not_found", r.Status, r.Body)
	}
	after, err := env.Store.GetEndpoint(context.Background(), "contoso", v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != e.Version || after.Secrets[0].Value != rot.Secret {
		t.Errorf("after the refused rotation: version %d, current secret changed: %v; want version %d", after.Version, after.Secrets[0].Value != rot.Secret, e.Version)
	}

	_, own := listHookIDs(t, env, bob, "contoso")
	_, all := listHookIDs(t, env, env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin), "contoso")
	if !strings.Contains(string(own.Body), `"secretRotatedAt"`) {
		t.Errorf("list = %s, want secretRotatedAt", own.Body)
	}
	assertSecretHidden(t, env, rot.Secret, own, all)
	assertSecretHidden(t, env, v.Secret, own, all)
}

// TestTestWebhookEndpoint: 202 with the event and its delivery id, a
// webhook.test outbox event for the endpoint; 409 on a disabled endpoint.
func TestTestWebhookEndpoint(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	v, _ := createHook(t, env, bob, `{"url":"http://127.0.0.1:9/x","eventTypes":["subscription.created"]}`)
	path := hookPath("contoso", v.ID) + "/test"

	r := env.Do(t, apitest.Request{Method: "POST", Path: path, Token: bob})
	if got, want := r.Status, http.StatusAccepted; got != want {
		t.Fatalf("test: status %d %s, want %d", got, r.Body, want)
	}
	var out struct {
		EventID    string `json:"eventId"`
		DeliveryID string `json:"deliveryId"`
	}
	r.Decode(t, &out)
	if !strings.HasPrefix(out.EventID, "evt_") || len(out.EventID) != len("evt_")+26 {
		t.Fatalf("eventId = %q, want evt_ and 26 characters", out.EventID)
	}
	if got, want := out.DeliveryID, "dlv_"+out.EventID[len(out.EventID)-26:]; got != want {
		t.Errorf("deliveryId = %q, want %q", got, want)
	}
	evs := env.Items(t, "event")
	if len(evs) != 1 {
		t.Fatalf("event items = %d, want 1", len(evs))
	}
	ev := evs[0]
	if ev["id"] != out.EventID || ev["type"] != domain.EventWebhookTest || ev["endpointId"] != v.ID || ev["tenantId"] != "contoso" {
		t.Errorf("outbox event = %v, want %s of type webhook.test for %s of contoso", ev, out.EventID, v.ID)
	}
	if p, _ := ev["payload"].(string); !strings.Contains(p, v.ID) {
		t.Errorf("outbox payload = %q, want it to name the endpoint %s", p, v.ID)
	}

	disableHook(t, env, "contoso", v.ID)
	r = env.Do(t, apitest.Request{Method: "POST", Path: path, Token: bob})
	if r.Status != http.StatusConflict || r.Code() != "invalid_status" {
		t.Errorf("test of a disabled endpoint: %d %s, want 409 invalid_status", r.Status, r.Body)
	}
	dlv := seedDelivery(t, env, "contoso", v.ID, []byte(`{"type":"webhook.test"}`))
	r = env.Do(t, apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/deliveries/" + dlv.ID + "/retry", Token: bob})
	if r.Status != http.StatusConflict || r.Code() != "invalid_status" {
		t.Errorf("retry on a disabled endpoint: %d %s, want 409 invalid_status", r.Status, r.Body)
	}
	if got, want := itemCount(t, env, "event"), 1; got != want {
		t.Errorf("event items after the refusal = %d, want %d", got, want)
	}
}

// hookReceiver is a webhook receiver answering statuses in turn (the last
// one thereafter) and keeping what it got.
type hookReceiver struct {
	mu       sync.Mutex
	statuses []int
	got      []receivedHook
}

type receivedHook struct {
	header http.Header
	body   []byte
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.got = append(h.got, receivedHook{r.Header.Clone(), body})
	status := h.statuses[min(len(h.got), len(h.statuses))-1]
	h.mu.Unlock()
	w.WriteHeader(status)
}

func (h *hookReceiver) received() []receivedHook {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.got)
}

// TestRetryDelivery: a manual attempt reaches the receiver with the
// delivery's webhook-id and exact payload, signed; a failed one leaves the
// delivery as it was, a successful one makes it succeeded; both are listed
// with manual: true.
func TestRetryDelivery(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	recv := &hookReceiver{statuses: []int{500, 204}}
	srv := httptest.NewServer(recv)
	t.Cleanup(srv.Close)
	v, _ := createHook(t, env, bob, `{"url":"`+srv.URL+`/hook"}`)
	payload := []byte(`{"type":"webhook.test",  "data":{"note":"exact bytes: é \u00e9 \"q\""}}` + "\n")
	dlv := seedDelivery(t, env, "contoso", v.ID, payload)
	retry := apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/deliveries/" + dlv.ID + "/retry", Token: bob}

	// A failing manual attempt: recorded, the delivery otherwise as it was.
	env.Clock.Advance(time.Minute)
	r := env.Do(t, retry)
	if got, want := r.Status, http.StatusOK; got != want {
		t.Fatalf("first retry: status %d %s, want %d", got, r.Body, want)
	}
	var d hookDelivery
	r.Decode(t, &d)
	if d.ID != dlv.ID || d.EventID != dlv.EventID || d.Status != "pending" || d.Payload != string(payload) {
		t.Errorf("after a failing manual attempt: %+v, want %s (event %s) still pending with its payload", d, dlv.ID, dlv.EventID)
	}
	if d.NextAttemptAt == nil || !d.NextAttemptAt.Equal(dlv.NextAttemptAt) {
		t.Errorf("nextAttemptAt = %v, want the schedule's %v unchanged", d.NextAttemptAt, dlv.NextAttemptAt)
	}
	if got, want := len(d.Attempts), 2; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
	if a := d.Attempts[1]; !a.Manual || a.HTTPStatus != 500 || !a.At.Equal(env.Clock.Now()) {
		t.Errorf("manual attempt = %+v, want manual, 500, at %v", a, env.Clock.Now())
	}
	if d.Attempts[0].Manual {
		t.Errorf("scheduled attempt = %+v, want not manual", d.Attempts[0])
	}
	if !strings.Contains(string(r.Body), `"manual":true`) {
		t.Errorf("body = %s, want \"manual\":true", r.Body)
	}

	// A successful one.
	r = env.Do(t, retry)
	if got, want := r.Status, http.StatusOK; got != want {
		t.Fatalf("second retry: status %d %s, want %d", got, r.Body, want)
	}
	d = hookDelivery{} // absent fields must not keep the first answer's values
	r.Decode(t, &d)
	if d.Status != "succeeded" || d.NextAttemptAt != nil {
		t.Errorf("after a successful manual attempt: status %q, nextAttemptAt %v, want succeeded and none", d.Status, d.NextAttemptAt)
	}
	if got, want := len(d.Attempts), 3; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
	if a := d.Attempts[2]; !a.Manual || a.HTTPStatus != 204 {
		t.Errorf("manual attempt = %+v, want manual, 204", a)
	}

	// What the receiver got: the delivery's webhook-id, its exact payload,
	// signed with the endpoint's secret.
	got := recv.received()
	if len(got) != 2 {
		t.Fatalf("receiver got %d requests, want 2", len(got))
	}
	for i, h := range got {
		if got, want := h.header.Get("webhook-id"), dlv.EventID; got != want {
			t.Errorf("request %d: webhook-id = %q, want %q", i, got, want)
		}
		if got, want := string(h.body), string(payload); got != want {
			t.Errorf("request %d: body = %q, want %q", i, got, want)
		}
		ts, err := strconv.ParseInt(h.header.Get("webhook-timestamp"), 10, 64)
		if err != nil {
			t.Fatalf("request %d: webhook-timestamp %q: %v", i, h.header.Get("webhook-timestamp"), err)
		}
		sig, err := webhooks.Sign(dlv.EventID, time.Unix(ts, 0), payload, []string{v.Secret})
		if err != nil {
			t.Fatal(err)
		}
		if got := h.header.Get("webhook-signature"); got != sig {
			t.Errorf("request %d: webhook-signature = %q, want %q", i, got, sig)
		}
	}

	// Listed with its attempts.
	r = env.Do(t, apitest.Request{Method: "GET", Path: hookPath("contoso", v.ID) + "/deliveries", Token: bob})
	if r.Status != http.StatusOK {
		t.Fatalf("ListDeliveries: %d %s", r.Status, r.Body)
	}
	var l struct{ Items []hookDelivery }
	r.Decode(t, &l)
	if len(l.Items) != 1 {
		t.Fatalf("deliveries = %d, want 1", len(l.Items))
	}
	if it := l.Items[0]; it.ID != dlv.ID || it.EndpointID != v.ID || it.EventType != domain.EventWebhookTest || it.Status != "succeeded" ||
		len(it.Attempts) != 3 || it.Payload != string(payload) {
		t.Errorf("listed delivery = %+v, want %s succeeded with 3 attempts and its payload", it, dlv.ID)
	}

	// An unknown delivery of the endpoint.
	unknown := domain.DeliveryID(ids.New("evt", apitest.T0))
	r = env.Do(t, apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/deliveries/" + unknown + "/retry", Token: bob})
	if r.Status != http.StatusNotFound || r.Code() != "not_found" {
		t.Errorf("retry of an unknown delivery: %d %s, want 404 not_found", r.Status, r.Body)
	}
	if got, want := len(recv.received()), 2; got != want {
		t.Errorf("receiver requests after the unknown retry = %d, want %d", got, want)
	}
}

// TestWebhookEndpointRoundTrips pins the DynamoDB round trips of the
// endpoint routes: create by a member 1 (its transaction: a member's reach
// needs no tenant read), a list page 1 (admins the tenant partition, others
// gsi1), and delete, rotate and test 2 (the endpoint read, then the
// transaction conditioned on its version).
func TestWebhookEndpointRoundTrips(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	bob := env.Token(t, "contoso", "bob")
	createHook(t, env, admin, hookBody)

	env.DB.Counter.Reset()
	v, _ := createHook(t, env, bob, hookBody)
	if got, want := env.DB.Counter.Operations(), []string{"TransactWriteItems"}; !slices.Equal(got, want) {
		t.Errorf("create by a member: round trips %v, want %v", got, want)
	}
	p := hookPath("contoso", v.ID)
	tests := []struct {
		name string
		req  apitest.Request
		want []string
	}{
		{"list page (admin)", apitest.Request{Method: "GET", Path: hooksPath("contoso"), Token: admin}, []string{"Query"}},
		{"list page (user, gsi1)", apitest.Request{Method: "GET", Path: hooksPath("contoso"), Token: bob}, []string{"Query"}},
		{"rotate", apitest.Request{Method: "POST", Path: p + "/rotate-secret", Token: bob}, []string{"GetItem", "TransactWriteItems"}},
		{"test", apitest.Request{Method: "POST", Path: p + "/test", Token: bob}, []string{"GetItem", "TransactWriteItems"}},
		{"delete", apitest.Request{Method: "DELETE", Path: p, Token: bob}, []string{"GetItem", "TransactWriteItems"}},
	}
	for _, tt := range tests {
		env.DB.Counter.Reset()
		r := env.Do(t, tt.req)
		if r.Status >= 300 {
			t.Fatalf("%s: %d %s", tt.name, r.Status, r.Body)
		}
		if got := env.DB.Counter.Operations(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: round trips %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRetryDeliveryCapped: a delivery takes at most MaxManualAttempts
// manual retries (its record stays small), then 409 invalid_status.
func TestRetryDeliveryCapped(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	recv := &hookReceiver{statuses: []int{500}}
	srv := httptest.NewServer(recv)
	t.Cleanup(srv.Close)
	v, _ := createHook(t, env, bob, `{"url":"`+srv.URL+`/hook"}`)
	dlv := seedDelivery(t, env, "contoso", v.ID, []byte(`{"type":"webhook.test"}`))
	retry := apitest.Request{Method: "POST", Path: hookPath("contoso", v.ID) + "/deliveries/" + dlv.ID + "/retry", Token: bob}
	for i := range domain.MaxManualAttempts {
		if r := env.Do(t, retry); r.Status != http.StatusOK {
			t.Fatalf("manual retry %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := env.Do(t, retry)
	if got, want := r.Code(), "invalid_status"; r.Status != http.StatusConflict || got != want {
		t.Errorf("retry %d: %d %s, want 409 %s", domain.MaxManualAttempts+1, r.Status, got, want)
	}
	if got, want := len(recv.received()), domain.MaxManualAttempts; got != want {
		t.Errorf("receiver got %d attempts, want %d", got, want)
	}
}

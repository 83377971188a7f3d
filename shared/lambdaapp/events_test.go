package lambdaapp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/catalog"
	"selfserve/shared/console"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/template"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

// wantStatus is what each function's sample event must answer on a table
// holding tenant contoso (partner partner-a).
var wantStatus = map[string]int{
	"ListProducts": 200, "GetProduct": 200, "PutTenant": 200, "GetTenant": 200, "ListCustomers": 200,
	"GetPolicy": 200, "ListProductPolicies": 200, "GetProductPolicy": 200, "UpdateProductPolicy": 200,
	"CreateSubscription": 201, "ListSubscriptions": 200, "GetSubscription": 200, "UpdateSubscription": 200,
	"CancelSubscription": 200, "SuspendSubscription": 200, "ReactivateSubscription": 200, "TakeOverSubscription": 200,
	"CreateAddOn": 201, "UpdatePaymentMethod": 200, "ListOrders": 200, "ListActivity": 200,
	"MoveUsers": 200, "AssignSubscriptionRole": 200, "ListLicenses": 200, "AssignLicenses": 200, "AssignLicensesBulk": 200, "UnassignLicense": 200, "LicenseSummary": 200, "ExportLicenses": 200,
	"CreateWebhookEndpoint": 201, "ListWebhookEndpoints": 200, "DeleteWebhookEndpoint": 204, "RotateWebhookSecret": 200,
	"TestWebhookEndpoint": 202, "ListDeliveries": 200, "RetryDelivery": 200,
	"GetCustomerPermissions": 200, "SetReservationPermission": 200,
	"ListInvoices": 200, "GetInvoice": 200, "GetInvoicePdf": 200, "ListPartnerInvoices": 200,
	"NotFound": 405, // the $default route, sent a known path with another method
}

// Seeded webhook records: bob's endpoint, on an address deliveries may
// not reach (so attempts fail at once), with one delivery due for retry.
const (
	sampleEndpoint = "ep_01kr0000000000000000000000"
	sampleDelivery = "dlv_01kr0000000000000000000000"
)

// TestSampleEvents runs every function's handler on its sample event in
// events/: the sample is a real API Gateway v2 event (it round-trips
// through aws-lambda-go's type unchanged), names the function's route, and
// gets the expected answer.
func TestSampleEvents(t *testing.T) {
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fns := ddbtest.Template(t).Functions
	if len(fns) == 0 {
		t.Fatal("template has no functions")
	}
	for _, f := range fns {
		t.Run(f.Name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(root, "events", f.Name+".json"))
			if err != nil {
				t.Fatalf("no sample event: %v", err)
			}
			if f.Schedule != "" {
				runSweepSample(t, f.Name, raw)
				return
			}
			if f.Stream {
				runStreamSample(t, raw)
				return
			}
			if len(f.Public) > 0 {
				runConsoleSample(t, f, raw)
				return
			}
			if f.Route == nil {
				t.Fatalf("%s has no sample runner for its trigger", f.Name)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(raw, &ev); err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, raw, ev)
			wantKey := f.Route.Pattern()
			if f.Route.Method == "" && f.Route.Path == "" { // the $default route
				wantKey = httpapi.DefaultRouteKey
			}
			if got, want := ev.RouteKey, wantKey; got != want || ev.RequestContext.RouteKey != want {
				t.Errorf("routeKey = %q, want %q", got, want)
			}
			if ev.RequestContext.Authorizer == nil || ev.RequestContext.Authorizer.JWT == nil {
				t.Fatal("sample has no JWT authorizer context")
			}
			db := ddbtest.New(t) // each sample on its own seeded table
			st := store.New(db.Client, db.Table)
			mustSeed(t, st)
			if strings.Contains(f.Name, "Invoice") {
				mustSeedInvoices(t, st)
			}
			api, err := lambdaapp.NewAPI(lambdaapp.Deps{Store: st, CursorKey: key, Now: func() time.Time { return now },
				Log: ddbtest.Logger(t)})
			if err != nil {
				t.Fatal(err)
			}
			h, err := lambdaapp.RouteHandler(api, f.Name)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := h(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := resp.StatusCode, wantStatus[f.Name]; got != want {
				t.Errorf("status = %d %s, want %d", got, resp.Body, want)
			}
			if resp.StatusCode < 300 && resp.StatusCode != 204 && f.Name != "ExportLicenses" && f.Name != "GetInvoicePdf" && !json.Valid([]byte(resp.Body)) {
				t.Errorf("body is not JSON: %s", resp.Body)
			}
			if f.Name == "GetInvoicePdf" {
				pdf, err := base64.StdEncoding.DecodeString(resp.Body)
				if !resp.IsBase64Encoded || err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("the PDF's answer: base64 %v, %v, starts %.10q", resp.IsBase64Encoded, err, pdf)
				}
			}
			if f.Name == httpapi.DefaultRoute.Name && (resp.Headers["Allow"] != "GET, POST" || resp.Headers["Content-Type"] != "application/problem+json") {
				t.Errorf("$default answer headers = %v, want Allow GET, POST and problem+json", resp.Headers)
			}
			if resp.StatusCode == 204 {
				for k, v := range resp.Headers {
					if strings.EqualFold(k, "Content-Type") {
						t.Errorf("204 has Content-Type %q, want none", v)
					}
				}
				if resp.Body != "" {
					t.Errorf("204 has body %q, want none", resp.Body)
				}
			}
		})
	}
}

// runConsoleSample: the console's sample is an unauthorized request of one
// of its routes, and the function answers it with the page.
func runConsoleSample(t *testing.T, f template.Function, raw []byte) {
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, raw, ev)
	if !slices.ContainsFunc(f.Public, func(r template.Route) bool { return r.Pattern() == ev.RouteKey }) {
		t.Errorf("routeKey %q is none of %s's routes %v", ev.RouteKey, f.Name, f.Public)
	}
	if ev.RequestContext.Authorizer != nil {
		t.Error("a public route's sample has an authorizer context")
	}
	dist := fstest.MapFS{"index.html": {Data: []byte("<html><head><!--selfserve-config--></head></html>")}}
	site, err := console.Load(dist, console.Config{Auth: "oidc", Issuer: "https://login.example.com/", ClientID: "selfserve"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := site.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resp.StatusCode, 200; got != want {
		t.Errorf("status = %d, want %d", got, want)
	}
	if got, want := resp.Headers["Content-Type"], "text/html; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
}

// assertRoundTrip: every field of the sample is a field of the aws-lambda-go
// type, and encoding then decoding the event gives it back unchanged.
func assertRoundTrip(t *testing.T, raw []byte, ev events.APIGatewayV2HTTPRequest) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var strict events.APIGatewayV2HTTPRequest
	if err := dec.Decode(&strict); err != nil {
		t.Errorf("sample has a field the event type doesn't: %v", err)
	}
	again, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var back events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ev) {
		t.Errorf("event changed in a round trip:\n got %+v\nwant %+v", back, ev)
	}
}

// mustSeed creates what the samples name: tenant contoso (partner
// partner-a) and three subscriptions — bob's self-service Power BI Pro
// (…0), a central Microsoft 365 E3 (…1) and a suspended one (…2).
func mustSeed(tb testing.TB, st *store.Store) {
	tb.Helper()
	ctx := context.Background()
	name, country, partner, yes := "Contoso", "US", "partner-a", true
	created := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	tn, err := domain.NewTenant("contoso", domain.TenantInput{Name: &name, Country: &country, PartnerID: &partner, CreatedAt: &created, HasAgreement: &yes}, nil, created)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.PutTenant(ctx, tn.TenantID, created, func(*domain.Tenant) (domain.Tenant, store.Effects, bool, error) {
		return tn, store.Effects{}, true, nil
	}); err != nil {
		tb.Fatal(err)
	}
	bought := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	seeds := []struct {
		id, product, user string
		channel           domain.Channel
		suspend           bool
	}{
		{"sub_01kr0000000000000000000000", "CFQ7TTC0L3PB", "bob", domain.ChannelSelfService, false},
		{"sub_01kr0000000000000000000001", "CFQ7TTC0LFLX", "alice", domain.ChannelCentral, false},
		{"sub_01kr0000000000000000000002", "CFQ7TTC0LFLX", "alice", domain.ChannelCentral, true},
		{"sub_01kr0000000000000000000003", "CFQ7TTC0L3PB", "alice", domain.ChannelCentral, false},
		{"sub_01kr0000000000000000000004", "CFQ7TTC0L3PB", "dave", domain.ChannelSelfService, false},
		{"sub_01kr0000000000000000000005", "DZH318Z0BPS6", "ada", domain.ChannelCentral, false},
	}
	for _, sd := range seeds {
		p, err := catalog.Default().Get(sd.product)
		if err != nil {
			tb.Fatal(err)
		}
		s, orders, err := domain.CreateSubscription(domain.Purchase{ID: sd.id, Tenant: tn, Product: p, BillingFrequency: domain.FrequencyMonthly,
			Quantity: 3, PaymentMethodID: "pm_1", Channel: sd.channel, Purchaser: domain.Purchaser{UserID: sd.user}, Now: bought})
		if err != nil {
			tb.Fatal(err)
		}
		for i := range orders {
			orders[i].ID = sd.id + "-order"
		}
		if err := st.CreateSubscription(ctx, s, store.Markers{}, store.Effects{At: bought, Orders: orders}); err != nil {
			tb.Fatal(err)
		}
		if sd.id == "sub_01kr0000000000000000000004" { // dave's purchase, taken over by alice, licenses dave
			after, _, _ := s.TakeOverBy("alice", bought)
			after, ls, err := after.AssignLicenses([]domain.LicenseUser{{ID: "dave", Name: "Dave", Email: "dave@contoso.example.com"}}, nil, "dave", bought)
			if err != nil {
				tb.Fatal(err)
			}
			if err := st.UpdateFamily(ctx, after.TenantID, after.ID, func(f *store.Family) (store.Effects, error) {
				f.Put(after)
				return store.Effects{At: bought, AddLicenses: ls}, nil
			}); err != nil {
				tb.Fatal(err)
			}
		}
		if sd.id == "sub_01kr0000000000000000000001" { // erin holds a license of the central E3
			after, ls, err := s.AssignLicenses([]domain.LicenseUser{{ID: "erin", Name: "Erin", Email: "erin@contoso.example.com"}}, nil, "alice", bought)
			if err != nil {
				tb.Fatal(err)
			}
			after.Version = s.Version
			if err := st.UpdateFamily(ctx, after.TenantID, after.ID, func(f *store.Family) (store.Effects, error) {
				f.Put(after)
				return store.Effects{At: bought, AddLicenses: ls}, nil
			}); err != nil {
				tb.Fatal(err)
			}
		}
		if sd.suspend {
			after, err := s.Suspend(bought, "nonPayment", domain.Retention(tn))
			if err != nil {
				tb.Fatal(err)
			}
			if err := st.UpdateFamily(ctx, after.TenantID, after.ID, func(f *store.Family) (store.Effects, error) { f.Put(after); return store.Effects{At: bought}, nil }); err != nil {
				tb.Fatal(err)
			}
		}
	}
	mustSeedWebhooks(tb, st, bought)
}

// mustSeedWebhooks adds bob's endpoint and its delivery that failed once.
// mustSeedInvoices finalizes the seeded March orders' invoices.
func mustSeedInvoices(tb testing.TB, st *store.Store) {
	tb.Helper()
	r, err := (&sweeps.Sweeper{Store: st, Log: ddbtest.Logger(tb)}).Run(context.Background(), domain.SweepInvoices, time.Date(2026, 4, 1, 1, 0, 0, 0, time.UTC))
	if err != nil || r.Processed != 3 {
		tb.Fatalf("invoices: %+v %v, want 3", r, err)
	}
}

func mustSeedWebhooks(tb testing.TB, st *store.Store, at time.Time) {
	tb.Helper()
	ctx := context.Background()
	e := domain.Endpoint{ID: sampleEndpoint, TenantID: "contoso", URL: "https://192.0.2.10/hooks", Status: domain.EndpointEnabled, CreatedAt: at,
		Owner: domain.EndpointOwner{TenantID: "contoso", UserID: "bob", Scope: domain.ScopePurchaser}}
	e.Rotate("whsec_"+base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)), at)
	if err := st.CreateEndpoint(ctx, e, at, store.Effects{}); err != nil {
		tb.Fatal(err)
	}
	d := domain.Delivery{ID: sampleDelivery, EndpointID: sampleEndpoint, TenantID: "contoso", EventID: "evt_01kr0000000000000000000000",
		EventType: domain.EventWebhookTest, Payload: []byte(`{"type":"webhook.test","timestamp":"2026-03-01T12:00:00Z","data":{}}`),
		Status: domain.DeliveryPending, CreatedAt: at}
	d.Record(domain.Attempt{At: at, HTTPStatus: 503}, false)
	if err := st.RecordDelivery(ctx, store.DeliveryWrite{Delivery: d}, at, store.Effects{}); err != nil {
		tb.Fatal(err)
	}
}

// runStreamSample runs WebhookDispatch on its sample batch: the outbox
// insert (a webhook.test for bob's endpoint) is delivered — the attempt is
// refused and scheduled for retry — and the other record is skipped.
func runStreamSample(t *testing.T, raw []byte) {
	t.Helper()
	var ev events.DynamoDBEvent
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil || len(ev.Records) == 0 {
		t.Fatalf("sample is not a DynamoDB stream event: %v", err)
	}
	db := ddbtest.New(t)
	st := store.New(db.Client, db.Table)
	mustSeed(t, st)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	dl := lambdaapp.NewDeliverer(st, false, func() time.Time { return now }, ddbtest.Logger(t))
	resp, err := dl.HandleStream(context.Background(), ev)
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("HandleStream = %+v, %v; want no failures", resp, err)
	}
	ds, _, err := st.ListDeliveries(context.Background(), sampleEndpoint, store.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s %s %d", d.EventID, d.Status, len(d.Attempts)))
	}
	if want := []string{"evt_01kr0000000000000000000009 pending 1", "evt_01kr0000000000000000000000 pending 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deliveries = %q, want %q", got, want)
	}
}

func TestFromEnvRefusesMissingSettings(t *testing.T) {
	tests := []struct {
		name       string
		table, key string
	}{
		{"no table", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
		{"no cursor key", "t", ""},
		{"short cursor key", "t", "AAAA"},
	}
	for _, tt := range tests {
		t.Setenv(lambdaapp.EnvTable, tt.table)
		t.Setenv(lambdaapp.EnvCursorKey, tt.key)
		if _, err := lambdaapp.FromEnv(context.Background()); err == nil {
			t.Errorf("%s: FromEnv succeeded, want an error", tt.name)
		}
	}
}

// runSweepSample runs a scheduled function on its sample input: the
// scheduled time is the sweep's now, and a seeded subscription whose
// refund window closed by then is processed by RefundWindowsSweep.
func runSweepSample(t *testing.T, name string, raw []byte) {
	t.Helper()
	var in lambdaapp.ScheduledInput
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.ScheduledTime.IsZero() {
		t.Fatalf("sample is not a scheduled input: %v", err)
	}
	db := ddbtest.New(t)
	st := store.New(db.Client, db.Table)
	mustSeed(t, st)
	log := ddbtest.Logger(t)
	h := lambdaapp.SweepHandler(&sweeps.Sweeper{Store: st, Log: log, Retrier: lambdaapp.NewDeliverer(st, false, time.Now, log)}, name, time.Now)
	r, err := h(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	// Seeded Mar 1 12:00: four license subscriptions' refund windows are due;
	// the usage-billed Azure plan has none, so its term end (Apr 1) is; the
	// suspension's first warning is due only on Apr 30.
	// The seeded delivery's retry is due 5 s after its first attempt.
	// March's orders make three invoices on Apr 1: bob's, dave's and the tenant's.
	want := map[string]int{"RefundWindowsSweep": 4, "RenewalsSweep": 1, "TrialsSweep": 0, "SuspensionsSweep": 0, "WebhookRetrySweep": 1,
		"InvoicesSweep": 3}[name]
	if r.Processed != want {
		t.Errorf("%s processed %d on the seeded table at %s, want %d", name, r.Processed, in.ScheduledTime, want)
	}
}

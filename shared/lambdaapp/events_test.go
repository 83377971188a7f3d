package lambdaapp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

// wantStatus is what each function's sample event must answer on a table
// holding tenant contoso (partner partner-a).
var wantStatus = map[string]int{
	"ListProducts": 200, "GetProduct": 200, "PutTenant": 200, "GetTenant": 200, "ListCustomers": 200,
	"GetPolicy": 200, "ListProductPolicies": 200, "GetProductPolicy": 200, "UpdateProductPolicy": 200,
}

// TestSampleEvents runs every function's handler on its sample event in
// events/: the sample is a real API Gateway v2 event (it round-trips
// through aws-lambda-go's type unchanged), names the function's route, and
// gets the expected answer.
func TestSampleEvents(t *testing.T) {
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	db := ddbtest.New(t)
	st := store.New(db.Client, db.Table)
	mustSeedContoso(t, st)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	api, err := lambdaapp.NewAPI(lambdaapp.Deps{Store: st, CursorKey: key, Now: func() time.Time { return now },
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
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
			if f.Route == nil {
				t.Skipf("%s is not an HttpApi function", f.Name)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(raw, &ev); err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, raw, ev)
			if got, want := ev.RouteKey, f.Route.Pattern(); got != want {
				t.Errorf("routeKey = %q, want %q", got, want)
			}
			if ev.RequestContext.Authorizer == nil || ev.RequestContext.Authorizer.JWT == nil {
				t.Fatal("sample has no JWT authorizer context")
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
			if resp.StatusCode < 300 && !json.Valid([]byte(resp.Body)) {
				t.Errorf("body is not JSON: %s", resp.Body)
			}
		})
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

func mustSeedContoso(tb testing.TB, st *store.Store) {
	tb.Helper()
	name, country, partner := "Contoso", "US", "partner-a"
	created := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	tn, err := domain.NewTenant("contoso", domain.TenantInput{Name: &name, Country: &country, PartnerID: &partner, CreatedAt: &created})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.PutTenant(context.Background(), tn, created, func(*domain.Tenant) (store.Effects, bool) { return store.Effects{}, true }); err != nil {
		tb.Fatal(err)
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

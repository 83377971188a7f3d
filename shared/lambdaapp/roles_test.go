package lambdaapp_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/ddbtest"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// sampleEvent reads the sample event of the named function from events/.
func sampleEvent(t *testing.T, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "events", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// seededAPI is the API over a fresh table holding the samples' data.
func seededAPI(t *testing.T, d lambdaapp.Deps) func(name string) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	t.Helper()
	db := ddbtest.New(t)
	st := store.New(db.Client, db.Table)
	mustSeed(t, st)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	d.Store, d.CursorKey, d.Log = st, key, ddbtest.Logger(t)
	if d.Now == nil {
		d.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	}
	api, err := lambdaapp.NewAPI(d)
	if err != nil {
		t.Fatal(err)
	}
	return func(name string) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		h, err := lambdaapp.RouteHandler(api, name)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
}

// TestRolesClaimInAPIGatewayEvents: the roles claim as API Gateway's JWT
// authorizer puts it in the event (LicenseSummary's sample: alice of
// contoso, tenant admins only). An array claim arrives as "[a b]"; a
// string claim as is, and one value is never split into two (docs/spec.md
// §15): "Reader,GlobalAdmin" or "Reader GlobalAdmin" is no admin.
func TestRolesClaimInAPIGatewayEvents(t *testing.T) {
	handler := seededAPI(t, lambdaapp.Deps{})("LicenseSummary")
	tests := []struct {
		roles string
		want  int
	}{
		{"[GlobalAdmin]", 200},
		{"[Reader GlobalAdmin]", 200},
		{"GlobalAdmin", 200},
		{"[]", 403},
		{"Reader,GlobalAdmin", 403},
		{"Reader GlobalAdmin", 403},
		{"[Reader,GlobalAdmin]", 403},
		{"Reader, GlobalAdmin", 403},
		{`["Reader","GlobalAdmin"]`, 403},
	}
	for _, tt := range tests {
		ev := sampleEvent(t, "LicenseSummary")
		ev.RequestContext.Authorizer.JWT.Claims["roles"] = tt.roles
		resp, err := handler(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.want {
			t.Errorf("roles claim %q: %d %s, want %d", tt.roles, resp.StatusCode, resp.Body, tt.want)
		}
	}
}

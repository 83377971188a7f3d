package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// withSweep is the real template plus one ScheduleV2 function, to exercise
// the runner's generic handling of schedules.
func withSweep(t *testing.T) *template.Template {
	tmpl := *ddbtest.Template(t)
	tmpl.Functions = append(append([]template.Function(nil), tmpl.Functions...), template.Function{Name: "CountingSweep", Schedule: "rate(1 minute)"})
	return &tmpl
}

type sweepCall struct{ at time.Time }

func startRunner(t *testing.T, tmpl *template.Template, scheduled map[string]Scheduled) (*httptest.Server, *clock.Adjustable) {
	t.Helper()
	db := ddbtest.New(t)
	clk := clock.Frozen(t0)
	log := ddbtest.Logger(t)
	st := store.New(db.Client, db.Table)
	all := scheduledHandlers(st, clk.Now, log, nil, nil) // the template's sweeps
	for name, h := range scheduled {
		all[name] = h
	}
	rn, err := newRunner(config{Template: tmpl, DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clk, Scheduled: all, Stream: streamHandlers(st, clk.Now, log, nil), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	t.Cleanup(srv.Close)
	return srv, clk
}

func call(t *testing.T, srv *httptest.Server, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	return callKey(t, srv, method, path, token, body, "")
}

// countingNothing is a scheduled handler with no work.
func countingNothing(context.Context, time.Time) (any, error) { return map[string]int{}, nil }

func callKey(t *testing.T, srv *httptest.Server, method, path, token, body, key string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestLocalTokensServeTheAPI(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), map[string]Scheduled{})
	status, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","name":"Alice","roles":["GlobalAdmin"]}`)
	if status != 200 || out["token"] == nil {
		t.Fatalf("mint: %d %v", status, out)
	}
	token := out["token"].(string)
	if status, out := call(t, srv, "GET", "/v1/products?selfService=true", token, ""); status != 200 || len(out["items"].([]any)) != 12 {
		t.Errorf("ListProducts: %d, want 200 with the 12 self-service products", status)
	}
	if status, _ := call(t, srv, "GET", "/v1/products", "", ""); status != 401 {
		t.Errorf("no token: %d, want 401", status)
	}
	if status, _ := call(t, srv, "GET", "/v2/nothing", token, ""); status != 404 {
		t.Errorf("unknown route: %d, want 404", status)
	}
	bad := []string{
		`{"tenantId":"contoso","userId":"alice","roles":["Root"]}`,
		`{"tenantId":"con#toso","userId":"alice"}`,
		`{"tenantId":"contoso"}`,
		`{"tenantId":"contoso","userId":"alice","admin":true}`,
	}
	for _, b := range bad {
		if status, out := call(t, srv, "POST", "/_local/tokens", "", b); status != 400 || out["code"] != "invalid_request" {
			t.Errorf("mint %s: %d %v, want 400 invalid_request", b, status, out)
		}
	}
}

func TestLocalClockRunsDueSweeps(t *testing.T) {
	var calls []sweepCall
	srv, _ := startRunner(t, withSweep(t), map[string]Scheduled{
		"CountingSweep": func(_ context.Context, at time.Time) (any, error) {
			calls = append(calls, sweepCall{at})
			return map[string]int{"processed": len(calls)}, nil
		},
	})
	status, out := call(t, srv, "GET", "/_local/clock", "", "")
	if status != 200 || out["now"] != t0.Format(time.RFC3339) {
		t.Fatalf("GET clock: %d %v, want now %s", status, out, t0.Format(time.RFC3339))
	}
	status, out = call(t, srv, "POST", "/_local/clock", "", `{"advance":"744h"}`)
	want := t0.Add(744 * time.Hour)
	if status != 200 || out["now"] != want.Format(time.RFC3339) {
		t.Fatalf("advance: %d %v, want now %s", status, out, want)
	}
	if len(calls) != 1 || !calls[0].at.Equal(want) {
		t.Errorf("sweep calls %v, want one at the new now %s", calls, want)
	}
	if sweeps, _ := out["sweeps"].(map[string]any); sweeps["CountingSweep"] == nil {
		t.Errorf("advance answer %v does not report the sweep", out)
	}
	status, out = call(t, srv, "POST", "/_local/clock", "", `{"set":"2027-01-01T00:00:00Z"}`)
	if status != 200 || out["now"] != "2027-01-01T00:00:00Z" || len(calls) != 2 {
		t.Errorf("set: %d %v (%d calls), want 2027-01-01 and a second sweep run", status, out, len(calls))
	}
	status, out = call(t, srv, "POST", "/_local/sweeps/CountingSweep", "", "")
	if status != 200 || out["processed"] != float64(3) {
		t.Errorf("run sweep: %d %v, want processed 3", status, out)
	}
	bad := []struct{ method, path, body string }{
		{"POST", "/_local/clock", `{"set":"2026-01-01T00:00:00Z"}`},
		{"POST", "/_local/clock", `{"advance":"-5h"}`},
		{"POST", "/_local/clock", `{"advance":"a month"}`},
		{"POST", "/_local/clock", `{"advance":"1h","set":"2028-01-01T00:00:00Z"}`},
		{"POST", "/_local/clock", `{}`},
	}
	for _, b := range bad {
		if status, out := call(t, srv, b.method, b.path, "", b.body); status != 400 {
			t.Errorf("%s %s %s: %d %v, want 400", b.method, b.path, b.body, status, out)
		}
	}
	if status, _ := call(t, srv, "POST", "/_local/sweeps/NotASweep", "", ""); status != 404 {
		t.Errorf("unknown sweep: %d, want 404", status)
	}
	if got := len(calls); got != 3 {
		t.Errorf("refused requests ran sweeps: %d calls, want 3", got)
	}
}

func TestRunnerRefusesScheduleWithoutHandler(t *testing.T) {
	db := ddbtest.New(t)
	_, err := newRunner(config{Template: withSweep(t), DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clock.Frozen(t0), Scheduled: map[string]Scheduled{}, Log: ddbtest.Logger(t)})
	if err == nil {
		t.Error("newRunner accepted a ScheduleV2 function without a handler")
	}
}

func TestRateOf(t *testing.T) {
	tests := []struct {
		expr string
		want time.Duration
		ok   bool
	}{
		{"rate(1 minute)", time.Minute, true},
		{"rate(5 minutes)", 5 * time.Minute, true},
		{"rate(2 hours)", 2 * time.Hour, true},
		{"rate(0 minutes)", 0, false},
		{"cron(0 * * * ? *)", 0, false},
	}
	for _, tt := range tests {
		got, err := rateOf(tt.expr)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("rateOf(%q) = %v, %v; want %v, ok %v", tt.expr, got, err, tt.want, tt.ok)
		}
	}
}

// TestRunnerAnswersAsDeployed: unclean paths reach the gateway as sent
// (its $default answers 404 problem+json, no redirect), and a local
// endpoint with another method is 405 with Allow.
func TestRunnerAnswersAsDeployed(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), nil)
	tok := mintFor(t, srv)
	for _, tt := range []struct {
		method, path string
		want         int
		allow        string
	}{
		{"GET", "//v1/products", 404, ""},
		{"GET", "/v1/./products", 404, ""},
		{"GET", "/v1/tenants/x/../contoso", 404, ""},
		{"GET", "/_local//clock", 404, ""},
		{"DELETE", "/_local/clock", 405, "GET, POST"},
		{"GET", "/_local/tokens", 405, "POST"},
		{"GET", "/_local/nothing", 404, ""},
	} {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		req.URL.Opaque = tt.path // as written
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want || resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d %s Allow %q, want %d problem+json Allow %q", tt.method, tt.path, resp.StatusCode,
				resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), tt.want, tt.allow)
		}
	}
}

func mintFor(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	_, body := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":[]}`)
	tok, _ := body["token"].(string)
	return tok
}

// Package apitest serves the API over real HTTP for tests: a fresh table on
// DynamoDB Local, the route handlers behind the local API Gateway, a frozen
// clock and locally minted tokens. Packages using it call ddbtest.Main.
package apitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"selfserve/shared/app"
	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/localgw"
	"selfserve/shared/payments/localpay"
	"selfserve/shared/store"
)

// T0 is the frozen clock's start.
var T0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Env is a running API.
type Env struct {
	DB    *ddbtest.DB
	Store *store.Store
	// App is the API's use cases: tests set its Hooks before a request.
	App *app.App
	// Payments is the local test provider the API charges and refunds.
	Payments *localpay.Provider
	Clock    *clock.Adjustable
	URL      string
	tokens   *localgw.Tokens
}

// New starts the API for the test and stops it when the test ends.
func New(tb testing.TB) *Env {
	tb.Helper()
	return NewOn(tb, ddbtest.New(tb))
}

// NewOn starts the API on db.
func NewOn(tb testing.TB, db *ddbtest.DB) *Env {
	tb.Helper()
	log := ddbtest.Logger(tb) // before the server's cleanup: its last requests may still log
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	tokens, err := localgw.NewTokens(key)
	if err != nil {
		tb.Fatal(err)
	}
	clk := clock.Frozen(T0)
	st := store.New(db.Client, db.Table)
	// The provider keeps its records beside the application's, through a
	// client of its own: budgets count the application's round trips.
	pay := localpay.New(db.Uncounted(tb), db.Table, clk.Now)
	api, err := lambdaapp.NewAPI(lambdaapp.Deps{Store: st, CursorKey: key, Now: clk.Now, Local: true,
		Log: log, Payments: pay})
	if err != nil {
		tb.Fatal(err)
	}
	gw, err := localgw.ForAPI(ddbtest.Template(tb).Routes(), api, tokens, clk.Now)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	tb.Cleanup(srv.Close)
	db.Counter.Reset()
	return &Env{DB: db, Store: st, App: api.App, Clock: clk, URL: srv.URL, tokens: tokens, Payments: pay}
}

// Token mints a token for a user of tenantID with roles.
func (e *Env) Token(tb testing.TB, tenantID, userID string, roles ...domain.Role) string {
	tb.Helper()
	rs := make([]string, len(roles))
	for i, r := range roles {
		rs[i] = string(r)
	}
	tok, err := e.tokens.Mint(localgw.Claims{Subject: userID, TenantID: tenantID, Roles: rs, Name: userID, Email: userID + "@example.com"}, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// Response is a finished HTTP exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Decode unmarshals the body into v.
func (r *Response) Decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// Code is the problem code of an error response, "" otherwise.
func (r *Response) Code() string {
	var p struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(r.Body, &p)
	return p.Code
}

// Request is one call; Body is JSON-encoded unless it is a []byte or string.
type Request struct {
	Method, Path, Token string
	Body                any
	Header              map[string]string
}

// Do sends req and reads the whole response.
func (e *Env) Do(tb testing.TB, req Request) *Response {
	tb.Helper()
	r, err := e.DoContext(context.Background(), req)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// DoContext sends req under ctx; it fails when ctx ends first.
func (e *Env) DoContext(ctx context.Context, req Request) (*Response, error) {
	var body io.Reader
	switch b := req.Body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case string:
		body = bytes.NewReader([]byte(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(j)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, e.URL+req.Path, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if req.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+req.Token)
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// Operator is the principal tests use to create tenants.
const Operator = "ops"

// MustPutTenant creates a tenant through the API as an Operator.
func (e *Env) MustPutTenant(tb testing.TB, id, partnerID string) {
	tb.Helper()
	body := map[string]any{"name": "Tenant " + id, "country": "US", "createdAt": T0.AddDate(-1, 0, 0), "hasAgreement": true}
	if partnerID != "" {
		body["partnerId"] = partnerID
	}
	r := e.Do(tb, Request{Method: "PUT", Path: "/v1/tenants/" + id, Token: e.Token(tb, Operator, "op", domain.RoleOperator), Body: body})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		tb.Fatalf("PutTenant %s: %d %s", id, r.Status, r.Body)
	}
	e.DB.Counter.Reset()
}

// Items returns every item of the table of a kind (activity, event, …),
// read directly so tests see exactly what was committed.
func (e *Env) Items(tb testing.TB, kind string) []map[string]any {
	tb.Helper()
	return e.DB.Items(tb, kind)
}

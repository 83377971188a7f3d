package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// smoke is one run: where, as whom, and what is still to be put back.
type smoke struct {
	api    string
	client *http.Client
	out    io.Writer
	wait   time.Duration
	// run names this run in Idempotency-Keys and descriptions.
	run string

	tenant      string
	admin, user principal
	webhookURL  string
	local       bool

	// undo is what to put back, run in reverse after the checks.
	undo []*undo
	// Learnt by the checks, used by later ones.
	catalog []product
}

// principal is a bearer token and the claims smoke needs from it.
type principal struct {
	token string
	sub   string
	tid   string
}

// undo puts back one change; done is set once the checks put it back
// themselves.
type undo struct {
	what string
	put  func(ctx context.Context) error
	done bool
}

func newSmoke(api string, out io.Writer, wait time.Duration) *smoke {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return &smoke{
		api: strings.TrimRight(api, "/"), out: out, wait: wait, run: "smoke-" + hex.EncodeToString(b),
		client: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // the API's own answer, not where it points
		}},
	}
}

// usageError is a setup error that is the caller's (exit code 2).
type usageError struct{ error }

// step is one part of the tour.
type step struct {
	name string
	run  func(ctx context.Context) error
}

// runAll runs the steps until the first failure, then puts back whatever
// is still changed; it reports whether everything passed.
func (s *smoke) runAll(ctx context.Context) bool {
	steps := []step{
		{"the API's edges", s.edges},
		{"the catalog", s.catalogChecks},
		{"the tenant", s.tenantChecks},
		{"the AllowSelfServicePurchase policy", s.policy},
		{"subscriptions, licenses, orders, activity, invoices", s.lists},
		{"errors are problem+json", s.problems},
		{"webhooks", s.webhooks},
	}
	ok := true
	for _, st := range steps {
		if err := st.run(ctx); err != nil {
			ok = false
			if !errors.Is(err, errFailed) {
				fmt.Fprintf(s.out, "✗ %s: %v\n", st.name, err)
			}
			break
		}
	}
	// Put back with a context of its own: an interrupt stops the checks,
	// not the putting back.
	back, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	for i := len(s.undo) - 1; i >= 0; i-- {
		u := s.undo[i]
		if u.done {
			continue
		}
		fmt.Fprintf(s.out, "· putting back: %s\n", u.what)
		if err := u.put(back); err != nil {
			ok = false
			fmt.Fprintf(s.out, "✗ could not put back %s: %v — do it by hand\n", u.what, err)
		}
	}
	if ok {
		fmt.Fprintln(s.out, "smoke: every check passed")
	} else {
		fmt.Fprintln(s.out, "smoke: FAILED")
	}
	return ok
}

// toUndo registers a change to put back; call done on the result once the
// checks have put it back.
func (s *smoke) toUndo(what string, put func(ctx context.Context) error) *undo {
	u := &undo{what: what, put: put}
	s.undo = append(s.undo, u)
	return u
}

// note prints a line that is not a check.
func (s *smoke) note(format string, args ...any) {
	fmt.Fprintf(s.out, "· "+format+"\n", args...)
}

// errFailed is returned once a failing check has printed its line.
var errFailed = errors.New("a check failed")

// A check is one request and what its answer must be.
type check struct {
	method string
	path   string // under the API, with its query
	as     *principal
	header map[string]string
	body   string
	// status is the status wanted; code the problem's code for an error.
	status int
	code   string
	// ctype overrides the Content-Type wanted: by default
	// application/problem+json for an error, none for 204, else
	// application/json.
	ctype string
	// what says what is expected, printed after the status.
	what string
	// test checks the answer further (nil: the status and the content type
	// suffice).
	test func(a *answer) error
}

// answer is what the API answered.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// request sends c without checking the answer.
func (s *smoke) request(ctx context.Context, c check) (*answer, error) {
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, s.api+c.path, body)
	if err != nil {
		return nil, err
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.as != nil {
		req.Header.Set("Authorization", "Bearer "+c.as.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, err
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// do sends c, checks its answer and prints the check's line. It returns
// errFailed after printing a failure.
func (s *smoke) do(ctx context.Context, c check) (*answer, error) {
	a, err := s.request(ctx, c)
	if err == nil {
		err = c.verify(a)
	}
	s.print(c, a, err)
	if err != nil {
		return a, errFailed
	}
	return a, nil
}

// poll repeats c until it passes or s.wait has passed, then prints the last
// try's line.
func (s *smoke) poll(ctx context.Context, c check) (*answer, error) {
	deadline := time.Now().Add(s.wait)
	for {
		a, err := s.request(ctx, c)
		if err == nil {
			err = c.verify(a)
		}
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			s.print(c, a, err)
			if err != nil {
				return a, errFailed
			}
			return a, nil
		}
		select {
		case <-ctx.Done():
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (s *smoke) print(c check, a *answer, err error) {
	status := "no answer"
	if a != nil {
		status = fmt.Sprint(a.status)
	}
	if err == nil {
		fmt.Fprintf(s.out, "✓ %s %s → %s: %s\n", c.method, c.path, status, c.what)
		return
	}
	fmt.Fprintf(s.out, "✗ %s %s → %s: want %d %s; %v\n", c.method, c.path, status, c.status, c.what, err)
}

// verify checks the status, the content type, an error's problem body
// and then c.test.
func (c check) verify(a *answer) error {
	if a.status != c.status {
		return fmt.Errorf("got %d %s", a.status, snippet(a))
	}
	want := c.ctype
	if want == "" {
		switch {
		case c.status >= 400:
			want = "application/problem+json"
		case c.status == http.StatusNoContent:
		default:
			want = "application/json"
		}
	}
	got, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	if a.header.Get("Content-Type") == "" {
		got = ""
	}
	if got != want {
		return fmt.Errorf("got Content-Type %q, want %q: %s", a.header.Get("Content-Type"), want, snippet(a))
	}
	if want == "application/problem+json" {
		var p struct {
			Code   string `json:"code"`
			Status int    `json:"status"`
		}
		if err := json.Unmarshal(a.body, &p); err != nil || p.Code == "" {
			return fmt.Errorf("got no problem code: %s", snippet(a))
		}
		if p.Status != a.status {
			return fmt.Errorf("problem status %d in a %d answer", p.Status, a.status)
		}
		if c.code != "" && p.Code != c.code {
			return fmt.Errorf("got code %s, want %s: %s", p.Code, c.code, snippet(a))
		}
	}
	if c.test != nil {
		if err := c.test(a); err != nil {
			return fmt.Errorf("%v: %s", err, snippet(a))
		}
	}
	return nil
}

// snippet is the start of an answer's body, for a failure's line.
func snippet(a *answer) string {
	b := bytes.Join(bytes.Fields(a.body), []byte(" "))
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	if len(b) == 0 {
		return "(no body)"
	}
	return string(b)
}

// decode reads a JSON answer into v.
func decode(a *answer, v any) error {
	if err := json.Unmarshal(a.body, v); err != nil {
		return fmt.Errorf("the body is not the JSON expected: %v", err)
	}
	return nil
}

// setUp finds the tenant and the tokens: from the environment, or minted by
// a local runner.
func (s *smoke) setUp(ctx context.Context, getenv func(string) string) error {
	s.webhookURL = getenv(envWebhookURL)
	// A local runner answers POST /_local/tokens; a deployed stack sends
	// it to $default, whose authorizer answers 401.
	op, err := s.mint(ctx, "operations", "smoke-operator", "Operator")
	switch {
	case err == nil:
		s.local = true
	case errors.Is(err, errNotLocal):
	default:
		return fmt.Errorf("%s does not answer: %v", s.api, err)
	}
	adminToken, userToken := getenv(envAdminToken), getenv(envUserToken)
	if adminToken != "" && userToken != "" {
		if s.admin, err = readToken(envAdminToken, adminToken); err != nil {
			return err
		}
		if s.user, err = readToken(envUserToken, userToken); err != nil {
			return err
		}
		s.tenant = getenv(envTenant)
		if s.tenant == "" {
			s.tenant = s.admin.tid
		}
		if s.admin.tid != s.tenant || s.user.tid != s.tenant {
			return usageError{fmt.Errorf("%s (tid %q) and %s (tid %q) must both be of the tenant %q", envAdminToken, s.admin.tid, envUserToken, s.user.tid, s.tenant)}
		}
		s.note("%s: tenant %s, admin %s, user %s (tokens from %s and %s)", s.where(), s.tenant, s.admin.sub, s.user.sub, envAdminToken, envUserToken)
		return nil
	}
	if !s.local {
		return usageError{fmt.Errorf("%s is not a local runner (POST /_local/tokens is refused), so it needs tokens: set %s (a GlobalAdmin of the test tenant) and %s (a user without roles of the same tenant); see README.md, Deploy", s.api, envAdminToken, envUserToken)}
	}
	s.tenant = getenv(envTenant)
	if s.tenant == "" {
		s.tenant = "smoke"
	}
	if err := s.ensureTenant(ctx, op); err != nil {
		return err
	}
	if s.admin, err = s.mint(ctx, s.tenant, "smoke-admin", "GlobalAdmin"); err != nil {
		return err
	}
	if s.user, err = s.mint(ctx, s.tenant, "smoke-user"); err != nil {
		return err
	}
	s.note("%s: tenant %s, admin %s, user %s (tokens minted by POST /_local/tokens)", s.where(), s.tenant, s.admin.sub, s.user.sub)
	return nil
}

func (s *smoke) where() string {
	if s.local {
		return "local runner at " + s.api
	}
	return "deployed stack at " + s.api
}

var errNotLocal = errors.New("not a local runner")

// mint asks a local runner for a token; errNotLocal when the API refuses.
func (s *smoke) mint(ctx context.Context, tenant, user string, roles ...string) (principal, error) {
	if roles == nil {
		roles = []string{}
	}
	b, _ := json.Marshal(map[string]any{"tenantId": tenant, "userId": user, "name": user, "email": user + "@smoke.example", "roles": roles})
	a, err := s.request(ctx, check{method: http.MethodPost, path: "/_local/tokens", body: string(b)})
	if err != nil {
		return principal{}, err
	}
	var out struct{ Token string }
	if a.status != http.StatusOK || json.Unmarshal(a.body, &out) != nil || out.Token == "" {
		return principal{}, errNotLocal
	}
	return principal{token: out.Token, sub: user, tid: tenant}, nil
}

// ensureTenant creates the local tenant when it is missing.
func (s *smoke) ensureTenant(ctx context.Context, op principal) error {
	a, err := s.request(ctx, check{method: http.MethodGet, path: "/v1/tenants/" + s.tenant, as: &op})
	if err != nil {
		return err
	}
	switch a.status {
	case http.StatusOK:
		return nil
	case http.StatusNotFound:
	default:
		return fmt.Errorf("reading the tenant %s: %d %s", s.tenant, a.status, snippet(a))
	}
	a, err = s.request(ctx, check{method: http.MethodPut, path: "/v1/tenants/" + s.tenant, as: &op,
		body: `{"name":"Smoke test","country":"US","hasAgreement":true}`})
	if err != nil {
		return err
	}
	if a.status != http.StatusCreated {
		return fmt.Errorf("creating the tenant %s: %d %s", s.tenant, a.status, snippet(a))
	}
	s.note("created the tenant %s on the local runner", s.tenant)
	return nil
}

// readToken reads the claims smoke needs from a JWT's payload (the API
// verifies it; smoke only needs to know whose it is).
func readToken(name, token string) (principal, error) {
	parts := strings.Split(strings.TrimPrefix(token, "Bearer "), ".")
	if len(parts) != 3 {
		return principal{}, usageError{fmt.Errorf("%s is not a JWT (header.payload.signature)", name)}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return principal{}, usageError{fmt.Errorf("%s: its payload is not base64url: %v", name, err)}
	}
	var claims struct {
		Sub string `json:"sub"`
		Tid string `json:"tid"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return principal{}, usageError{fmt.Errorf("%s: its payload is not JSON: %v", name, err)}
	}
	if claims.Sub == "" || claims.Tid == "" {
		return principal{}, usageError{fmt.Errorf("%s has no sub or no tid claim (README.md, Deploy, lists the claims the API reads)", name)}
	}
	return principal{token: strings.TrimPrefix(token, "Bearer "), sub: claims.Sub, tid: claims.Tid}, nil
}

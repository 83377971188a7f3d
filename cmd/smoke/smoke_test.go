package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"selfserve/shared/ddblocal"
	"selfserve/shared/dynamo"
	"selfserve/shared/runnertest"
	"selfserve/shared/template"
)

// The tests run smoke against the real local runner (cmd/local, built and
// started once on DynamoDB Local: DYNAMODB_ENDPOINT under cmd/withddb, else
// one started here), each in a tenant of its own.
var runnerURL string

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "selfserve-smoke-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	endpoint := os.Getenv(dynamo.EndpointEnv)
	if endpoint == "" {
		srv, err := ddblocal.StartInMemory(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer srv.Stop()
		endpoint = srv.Endpoint
	}
	stop, err := startRunner(dir, endpoint)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	return m.Run()
}

// startRunner builds cmd/local and starts it on an unused port with a
// table of its own. It runs in a folder of its own holding template.yaml
// and a stand-in console, so / answers a page whether or not console/dist
// is built.
func startRunner(dir, endpoint string) (func(), error) {
	root, err := template.Root()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "local")
	build := exec.Command("go", "build", "-o", bin, "./cmd/local")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/local: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "root")
	tmpl, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(work, "console", "dist"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(work, "template.yaml"), tmpl, 0o644); err != nil {
		return nil, err
	}
	page := `<!doctype html><html><head><!--selfserve-config--></head><body>console</body></html>`
	if err := os.WriteFile(filepath.Join(work, "console", "dist", "index.html"), []byte(page), 0o644); err != nil {
		return nil, err
	}
	url, stop, err := runnertest.Start(bin, work, "-addr", "127.0.0.1:0", "-in-memory", "-dynamodb-endpoint", endpoint, "-table", "smoke_"+randomHex(4),
		"-log-level", "ERROR", "-mail", "off")
	runnerURL = url
	return stop, err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// result is one run of smoke.
type result struct {
	code           int
	stdout, stderr string
}

// smokeRun runs the command against api with env as its environment.
func smokeRun(t *testing.T, api string, env map[string]string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-api", api, "-wait", "15s"}, func(k string) string { return env[k] }, &out, &errOut)
	t.Logf("smoke -api %s: exit %d\n%s%s", api, code, out.String(), errOut.String())
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// get calls the runner directly as a GlobalAdmin of tenant, minted for the
// test, and decodes the JSON answer into v.
func get(t *testing.T, tenant, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, runnerURL+path, nil)
	req.Header.Set("Authorization", "Bearer "+mint(t, tenant, "checker", "GlobalAdmin"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func mint(t *testing.T, tenant, user string, roles ...string) string {
	t.Helper()
	if roles == nil {
		roles = []string{}
	}
	b, _ := json.Marshal(map[string]any{"tenantId": tenant, "userId": user, "roles": roles})
	resp, err := http.Post(runnerURL+"/_local/tokens", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("minting a token: %d %v", resp.StatusCode, err)
	}
	return out.Token
}

// changedPolicies lists the tenant's products whose AllowSelfServicePurchase
// value is not the product's default (every test tenant starts with none).
func changedPolicies(t *testing.T, tenant string) []string {
	t.Helper()
	var l items[struct{ ProductID, PolicyValue, DefaultValue string }]
	get(t, tenant, "/v1/tenants/"+tenant+"/policies/AllowSelfServicePurchase/products", &l)
	var out []string
	for _, p := range l.Items {
		if p.PolicyValue != p.DefaultValue {
			out = append(out, p.ProductID+": "+p.PolicyValue)
		}
	}
	return out
}

// endpoints is how many webhook endpoints the tenant has.
func endpoints(t *testing.T, tenant string) int {
	t.Helper()
	var l items[any]
	get(t, tenant, "/v1/tenants/"+tenant+"/webhooks", &l)
	return len(l.Items)
}

// receiver is a webhook receiver on this machine (the runner allows http
// to loopback); it counts the events by type.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	events map[string]int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{events: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var ev struct{ Type string }
		_ = json.NewDecoder(req.Body).Decode(&ev)
		r.mu.Lock()
		r.events[ev.Type]++
		r.mu.Unlock()
	}))
	t.Cleanup(r.Close)
	return r
}

// got is the events received so far, by type.
func (r *receiver) got() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.events)
}

// TestSmokePasses: a full run passes against the local runner, leaves the
// policy values as they were and no webhook endpoint, and sends the
// receiver exactly one test event.
func TestSmokePasses(t *testing.T) {
	for _, tc := range []struct {
		name string
		// tokens: given in the environment (without SMOKE_TENANT: the
		// admin token's tid), rather than minted by smoke.
		tokens   bool
		webhooks bool
		runs     int
		want     []string // in the last run's output, in this order
	}{
		{name: "minted tokens, with webhooks", webhooks: true, runs: 1, want: []string{
			"· created the tenant ", "tokens minted by POST /_local/tokens",
			"✓ GET / → 200", "✓ GET /v1/products → 401", "✓ GET /v1/smoke-no-such-route → 404", "✓ DELETE /v1/products → 405",
			"✓ GET /v1/products?selfService=true → 200", "/policies/AllowSelfServicePurchase/products → 200",
			"→ 403: a plain user may not change it", "→ 200: the admin changes it to OnlyTrialsWithoutPaymentMethod",
			"→ 200: the admin sets it back to Enabled", "Idempotent-Replayed: true", "/activity?limit=20&from=",
			"/licenses → 200", "/orders?limit=5 → 200", "/invoices?limit=5 → 200", "purchaserId=smoke-user → 200",
			"→ 404: another tenant is invisible: not_found", "policy_not_applicable",
			"/webhooks → 201", "/test → 202", "/deliveries?limit=10 → 200: its delivery", "→ 204: the endpoint deleted",
			"smoke: every check passed"}},
		{name: "minted tokens, no webhook URL", runs: 1, want: []string{
			"✓ GET / → 200", "· webhooks skipped: set SMOKE_WEBHOOK_URL", "smoke: every check passed"}},
		// The second run changes the product the first left explicit, so
		// it says nothing about isDefault.
		{name: "tokens from the environment, twice", tokens: true, webhooks: true, runs: 2, want: []string{
			"tokens from SMOKE_ADMIN_TOKEN and SMOKE_USER_TOKEN", "✓ GET / → 200", "→ 403: a plain user may not change it",
			"→ 200: the admin changes it", "→ 204: the endpoint deleted", "smoke: every check passed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tenant := "smoke-" + randomHex(3)
			env := map[string]string{envTenant: tenant}
			if tc.tokens {
				env = map[string]string{envAdminToken: mint(t, tenant, "ada", "GlobalAdmin"), envUserToken: mint(t, tenant, "ulla")}
				createTenant(t, tenant)
			}
			rcv := newReceiver(t)
			if tc.webhooks {
				env[envWebhookURL] = rcv.URL + "/hooks"
			}
			var res result
			for range tc.runs {
				res = smokeRun(t, runnerURL, env)
				if res.code != 0 || strings.Contains(res.stdout, "✗") {
					t.Fatalf("exit %d, want 0 and no ✗:\n%s%s", res.code, res.stdout, res.stderr)
				}
			}
			rest := res.stdout // the last run's
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("the output has no %q (in this order):\n%s", w, res.stdout)
				}
				rest = rest[i+len(w):]
			}
			if tc.runs > 1 && strings.Contains(res.stdout, "has the default value") {
				t.Errorf("the second run changed a product with the default value:\n%s", res.stdout)
			}
			if changed := changedPolicies(t, tenant); changed != nil {
				t.Errorf("policy values changed by the run: %v", changed)
			}
			if n := endpoints(t, tenant); n != 0 {
				t.Errorf("%d webhook endpoints left, want 0", n)
			}
			want := map[string]int{}
			if tc.webhooks {
				want["webhook.test"] = tc.runs
			}
			if got := rcv.got(); !maps.Equal(got, want) {
				t.Errorf("the receiver got %v, want %v", got, want)
			}
		})
	}
}

// createTenant creates a tenant as an Operator.
func createTenant(t *testing.T, id string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, runnerURL+"/v1/tenants/"+id, strings.NewReader(`{"name":"Test","country":"US","hasAgreement":true}`))
	req.Header.Set("Authorization", "Bearer "+mint(t, "operations", "op", "Operator"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating tenant %s: %d", id, resp.StatusCode)
	}
}

// fakeToken is a JWT-shaped token with sub and tid (nothing verifies it).
func fakeToken(sub, tid string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"sub":"`+sub+`","tid":"`+tid+`"}`)) + ".sig"
}

// gatewayError answers as API Gateway does when a function fails.
func gatewayError(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(`{"message":"Internal Server Error"}`))
}

// afterPolicySet breaks reading the policy back once the admin changed it
// (and until it is set back): the put back must still happen.
func afterPolicySet() func(w http.ResponseWriter, r *http.Request) bool {
	var changed atomic.Bool
	return func(w http.ResponseWriter, r *http.Request) bool {
		key := r.Header.Get("Idempotency-Key")
		switch {
		case r.Method == http.MethodPut && strings.HasSuffix(key, "-policy-set"):
			changed.Store(true)
		case r.Method == http.MethodPut && strings.HasSuffix(key, "-policy-restore"):
			changed.Store(false)
		case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/policies/AllowSelfServicePurchase/products/") && changed.Load():
			gatewayError(w)
			return true
		}
		return false
	}
}

// TestSmokeFails: smoke exits non-zero at the first failing check, names
// it, runs no later check, and still puts back what it changed. Each case
// breaks some answers of the real runner behind a proxy, or is a plain
// server that answers 500 to everything.
func TestSmokeFails(t *testing.T) {
	// as reads the token's sub, to break one principal's requests.
	as := func(r *http.Request) string {
		p, err := readToken("", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		if err != nil {
			return ""
		}
		return p.sub
	}
	for _, tc := range []struct {
		name string
		// breaks answers a request itself (true) or lets the runner answer
		// it; nil: no runner behind, a server answering 500 to everything.
		breaks func(w http.ResponseWriter, r *http.Request) bool
		// tokens: JWT-shaped tokens in the environment (nothing verifies
		// them) rather than tokens minted by smoke.
		tokens bool
		code   int
		stderr string
		// fails is in the first ✗ line; then, in order, the lines that must
		// follow it (the putting back).
		fails string
		then  []string
		// notRun: later checks, which must not have run.
		notRun []string
	}{
		{name: "a server answering 500 to everything", tokens: true, code: 1,
			fails: "✗ GET / → 500: want 200 the admin console's page (text/html), without a token; got 500 {\"message\":\"Internal Server Error\"}",
			then:  []string{"smoke: FAILED"}, notRun: []string{"/v1/products"}},
		{name: "a deployed stack without tokens", code: 2, stderr: "set SMOKE_ADMIN_TOKEN (a GlobalAdmin of the test tenant) and SMOKE_USER_TOKEN"},
		{name: "a 404 that is not problem+json", code: 1,
			breaks: func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/v1/smoke-no-such-route" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"message":"Not Found"}`))
				return true
			},
			fails:  `✗ GET /v1/smoke-no-such-route → 404: want 404 a path no route has: problem+json not_found; got Content-Type "application/json", want "application/problem+json"`,
			notRun: []string{"DELETE /v1/products", "/policies"}},
		{name: "the plain user may change the policy", code: 1,
			breaks: func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodPut || as(r) != "smoke-user" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{}`))
				return true
			},
			fails: "/products/CFQ7TTC0KP0P → 200: want 403 a plain user may not change it: forbidden; got 200 {}", notRun: []string{"the admin changes it"}},
		{name: "the changed policy can't be read back", code: 1, breaks: afterPolicySet(),
			fails: "/products/CFQ7TTC0KP0P → 500: want 200 it reads OnlyTrialsWithoutPaymentMethod",
			then: []string{"· putting back: AllowSelfServicePurchase of CFQ7TTC0KP0P to Enabled",
				"✓ PUT /v1/tenants/", "/products/CFQ7TTC0KP0P → 200: the admin sets it back to Enabled", "smoke: FAILED"},
			notRun: []string{"/activity", "/licenses"}},
		{name: "the license summary fails", code: 1,
			breaks: func(w http.ResponseWriter, r *http.Request) bool {
				if !strings.HasSuffix(r.URL.Path, "/licenses") || as(r) != "smoke-admin" {
					return false
				}
				gatewayError(w)
				return true
			},
			fails: "/licenses → 500: want 200 the license summary; got 500", then: []string{"smoke: FAILED"}, notRun: []string{"/orders", "/webhooks"}},
		{name: "the test event fails", code: 1,
			breaks: func(w http.ResponseWriter, r *http.Request) bool {
				if !strings.HasSuffix(r.URL.Path, "/test") {
					return false
				}
				gatewayError(w)
				return true
			},
			fails: "/test → 500: want 202 a test event sent", then: []string{"· putting back: the webhook endpoint ep_",
				"✓ DELETE /v1/tenants/", "→ 204: the endpoint deleted", "smoke: FAILED"},
			notRun: []string{"/deliveries"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tenant := "smoke-" + randomHex(3)
			env := map[string]string{envTenant: tenant, envWebhookURL: newReceiver(t).URL + "/hooks"}
			if tc.tokens {
				env[envAdminToken], env[envUserToken] = fakeToken("ada", tenant), fakeToken("ulla", tenant)
			}
			handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { gatewayError(w) })
			if tc.breaks != nil {
				target, _ := url.Parse(runnerURL)
				proxy := httputil.NewSingleHostReverseProxy(target)
				handler = func(w http.ResponseWriter, r *http.Request) {
					if !tc.breaks(w, r) {
						proxy.ServeHTTP(w, r)
					}
				}
			}
			srv := httptest.NewServer(handler)
			defer srv.Close()

			res := smokeRun(t, srv.URL, env)
			if res.code != tc.code {
				t.Fatalf("exit %d, want %d:\n%s%s", res.code, tc.code, res.stdout, res.stderr)
			}
			if !strings.Contains(res.stderr, tc.stderr) {
				t.Errorf("stderr %q, want %q in it", res.stderr, tc.stderr)
			}
			if tc.fails == "" {
				return
			}
			i := strings.Index(res.stdout, "✗")
			if i < 0 {
				t.Fatalf("no ✗ line:\n%s", res.stdout)
			}
			line, after, _ := strings.Cut(res.stdout[i:], "\n")
			if !strings.Contains(line, tc.fails) {
				t.Errorf("the failing line is\n%s\nwant it to show\n%s", line, tc.fails)
			}
			rest := after
			for _, w := range tc.then {
				j := strings.Index(rest, w)
				if j < 0 {
					t.Fatalf("after the failure, no %q (in this order):\n%s", w, res.stdout)
				}
				rest = rest[j+len(w):]
			}
			for _, n := range tc.notRun {
				if strings.Contains(after, n) {
					t.Errorf("%q ran after the failure:\n%s", n, res.stdout)
				}
			}
			if tc.breaks != nil {
				if changed := changedPolicies(t, tenant); changed != nil {
					t.Errorf("policy values changed by the run: %v", changed)
				}
				if n := endpoints(t, tenant); n != 0 {
					t.Errorf("%d webhook endpoints left, want 0", n)
				}
			}
		})
	}
}

// TestSmokeInterruptedPutsBack: interrupted (Ctrl-C) right after it changed
// the policy, smoke stops the checks but still sets the value back.
func TestSmokeInterruptedPutsBack(t *testing.T) {
	ctx, interrupt := context.WithCancel(t.Context())
	defer interrupt()
	target, _ := url.Parse(runnerURL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxy.ServeHTTP(w, r)
		if strings.HasSuffix(r.Header.Get("Idempotency-Key"), "-policy-set") {
			interrupt()
		}
	}))
	defer srv.Close()
	tenant := "smoke-" + randomHex(3)
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"-api", srv.URL}, func(k string) string { return map[string]string{envTenant: tenant}[k] }, &out, &errOut)
	t.Logf("exit %d\n%s%s", code, out.String(), errOut.String())
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "context canceled\n· putting back: AllowSelfServicePurchase of CFQ7TTC0KP0P to Enabled\n✓ PUT ") {
		t.Errorf("the output doesn't show the interrupted check, then the value set back:\n%s", out.String())
	}
	if changed := changedPolicies(t, tenant); changed != nil {
		t.Errorf("policy values changed by the run: %v", changed)
	}
}

// TestUsage: no API, or one that isn't an http(s) URL, is a usage error
// (exit 2) saying what to give, before anything is called.
func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-api", "127.0.0.1:3500"}, {"-api", "ftp://example.com"}, {"-api", "https://"}} {
		var out, errOut bytes.Buffer
		if got, want := run(t.Context(), args, func(string) string { return "" }, &out, &errOut), 2; got != want {
			t.Errorf("smoke %q exits %d, want %d (%s)", args, got, want, errOut.String())
		}
		if errOut.Len() == 0 || out.Len() != 0 {
			t.Errorf("smoke %q: stderr %q, stdout %q; want the usage on stderr only", args, errOut.String(), out.String())
		}
	}
}

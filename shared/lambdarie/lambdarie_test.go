package lambdarie_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/catalog"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/lambdarie"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

// lambdaFlags are the Makefile's LAMBDA_FLAGS (checked below), as
// arguments: the bootstraps are built as `make build-<Function>` builds
// them, for this machine's architecture instead of arm64.
var lambdaFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w"}

const makefileFlags = `LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags="-s -w"`

// functions are those built: routes (one reading, one writing), a sweep
// and the stream function.
var functions = []string{"ListProducts", "CreateSubscription", "RenewalsSweep", "WebhookDispatch"}

// Seeded webhook records (as shared/lambdaapp's sample test seeds them):
// bob's endpoint, which the stream sample's outbox event is for, on an
// address deliveries may not reach (so its attempt fails at once).
const sampleEndpoint = "ep_01kr0000000000000000000000"

// TestBootstrapsUnderEmulator builds real bootstraps (linux, this machine's
// architecture, the Makefile's flags) of a function of each kind and
// invokes each with its sample event (events/) under the Lambda Runtime
// Interface Emulator against DynamoDB Local, on a seeded table of its own:
// the cold start reads the deployed environment, the runtime client speaks
// the emulator's Runtime API, and the answers are Lambda's.
func TestBootstrapsUnderEmulator(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Fatal("the emulator and the bootstraps run on Linux only (Lambda's OS): run make test on Linux")
	}
	root := repoRoot(t)
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(strings.Split(string(mk), "\n"), makefileFlags) {
		t.Fatalf("the Makefile has no line %q: keep lambdaFlags here as its LAMBDA_FLAGS", makefileFlags)
	}
	if _, err := lambdarie.Install(root); err != nil {
		t.Fatal(err)
	}
	boots := buildBootstraps(t, root, functions)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	cursorKey := base64.StdEncoding.EncodeToString(key)

	t.Run("ListProducts", func(t *testing.T) {
		t.Parallel()
		db := seeded(t)
		raw := sample(t, root, "ListProducts")
		var ev events.APIGatewayV2HTTPRequest
		mustUnmarshal(t, raw, &ev)
		e := start(t, root, boots["ListProducts"], functionEnv(db, cursorKey))
		resp := routeAnswer(t, invoke(t, e, raw))
		if resp.StatusCode != 200 || resp.Headers["Content-Type"] != "application/json" {
			t.Fatalf("statusCode %d, Content-Type %q, body %s; want 200 application/json", resp.StatusCode, resp.Headers["Content-Type"], resp.Body)
		}
		// The products the sample's query selects, in the catalog's order.
		q := ev.QueryStringParameters
		self := q["selfService"] == "true"
		var want []string
		for _, p := range catalog.Default().List(domain.ProductFilter{Publisher: q["publisher"], SelfService: &self}) {
			want = append(want, p.ProductID)
		}
		var body struct {
			Items []domain.Product `json:"items"`
		}
		mustUnmarshal(t, []byte(resp.Body), &body)
		var got []string
		for _, p := range body.Items {
			got = append(got, p.ProductID)
			if p.Publisher != q["publisher"] || p.Name == "" {
				t.Errorf("product %s: publisher %q, name %q; want publisher %q and a name", p.ProductID, p.Publisher, p.Name, q["publisher"])
			}
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("products %q, want %q (the catalog's for %v)", got, want, q)
		}
		// The function stays warm: its runtime, the bootstrap, waits for the
		// next event (and is gone once the emulator stops: start's cleanup).
		if pids := processesOf(boots["ListProducts"]); len(pids) != 1 {
			t.Errorf("processes running the bootstrap after an invocation: %v, want one", pids)
		}
	})

	t.Run("CreateSubscription", func(t *testing.T) {
		t.Parallel()
		db := seeded(t)
		raw := sample(t, root, "CreateSubscription")
		var ev events.APIGatewayV2HTTPRequest
		mustUnmarshal(t, raw, &ev)
		var in struct {
			ProductID        string `json:"productId"`
			BillingFrequency string `json:"billingFrequency"`
			Quantity         int    `json:"quantity"`
		}
		mustUnmarshal(t, []byte(ev.Body), &in)
		tenant, user := ev.PathParameters["tenantId"], ev.RequestContext.Authorizer.JWT.Claims["sub"]
		e := start(t, root, boots["CreateSubscription"], functionEnv(db, cursorKey))

		resp := routeAnswer(t, invoke(t, e, raw))
		if resp.StatusCode != 201 {
			t.Fatalf("statusCode %d, body %s; want 201", resp.StatusCode, resp.Body)
		}
		var sub domain.Subscription
		mustUnmarshal(t, []byte(resp.Body), &sub)
		if sub.ID == "" || sub.TenantID != tenant || sub.ProductID != in.ProductID || sub.Quantity != in.Quantity ||
			sub.BillingFrequency != in.BillingFrequency || sub.Purchaser.UserID != user || sub.Channel != domain.ChannelSelfService {
			t.Errorf("answered %s; want %s's self-service %s ×%d %s for %s", resp.Body, user, in.ProductID, in.Quantity, in.BillingFrequency, tenant)
		}
		if loc := resp.Headers["Location"]; !strings.HasSuffix(loc, "/v1/tenants/"+tenant+"/subscriptions/"+sub.ID) {
			t.Errorf("Location %q, want the new subscription's", loc)
		}
		// The write is in the table.
		st := store.New(db.Client, db.Table)
		stored, _, err := st.GetSubscription(context.Background(), tenant, sub.ID)
		if err != nil {
			t.Fatalf("the answered subscription is not in the table: %v", err)
		}
		if stored.ProductID != in.ProductID || stored.Quantity != in.Quantity || stored.Purchaser.UserID != user || stored.Status != sub.Status {
			t.Errorf("stored %+v, want what was answered: %s", stored, resp.Body)
		}
		// The same request again, on the warm function: the stored answer,
		// replayed, and no second subscription.
		again := routeAnswer(t, invoke(t, e, raw))
		if again.StatusCode != 201 || again.Headers["Idempotent-Replayed"] != "true" || again.Body != resp.Body {
			t.Errorf("the retried request answered %d %v %s; want the first answer replayed", again.StatusCode, again.Headers, again.Body)
		}
		subs, _, err := st.ListSubscriptions(context.Background(), tenant, store.SubscriptionFilter{ProductID: in.ProductID}, store.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(subs); n != 1 {
			t.Errorf("%d subscriptions of %s in the table, want 1", n, in.ProductID)
		}
	})

	t.Run("RenewalsSweep", func(t *testing.T) {
		t.Parallel()
		db := seeded(t)
		raw := sample(t, root, "RenewalsSweep")
		e := start(t, root, boots["RenewalsSweep"], functionEnv(db, cursorKey))
		out := invoke(t, e, raw)
		if out.Status != 200 {
			t.Fatalf("emulator answered %d %s, want 200", out.Status, out.Body)
		}
		// The report, exactly: the seeded Azure plan's term ended on Apr 1,
		// before the sample's scheduled time.
		var r sweeps.Report
		dec := json.NewDecoder(bytes.NewReader(out.Body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("the answer %s is not a sweep report: %v", out.Body, err)
		}
		if want := (sweeps.Report{Processed: 1}); r != want {
			t.Errorf("report %+v, want %+v", r, want)
		}
	})

	t.Run("WebhookDispatch", func(t *testing.T) {
		t.Parallel()
		db := seeded(t)
		raw := sample(t, root, "WebhookDispatch")
		e := start(t, root, boots["WebhookDispatch"], functionEnv(db, cursorKey))
		out := invoke(t, e, raw)
		if out.Status != 200 {
			t.Fatalf("emulator answered %d %s, want 200", out.Status, out.Body)
		}
		// A partial batch response failing no record.
		var resp map[string][]events.DynamoDBBatchItemFailure
		mustUnmarshal(t, out.Body, &resp)
		if f, ok := resp["batchItemFailures"]; !ok || len(f) != 0 || len(resp) != 1 {
			t.Errorf("answer %s, want batchItemFailures and no failure", out.Body)
		}
		// The outbox insert became a delivery to bob's endpoint, its first
		// attempt refused (a documentation address), due for retry.
		st := store.New(db.Client, db.Table)
		ds, _, err := st.ListDeliveries(context.Background(), sampleEndpoint, store.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			got = append(got, fmt.Sprintf("%s %s %s %d", d.EventID, d.EventType, d.Status, len(d.Attempts)))
		}
		if want := []string{"evt_01kr0000000000000000000009 webhook.test pending 1"}; !reflect.DeepEqual(got, want) {
			t.Errorf("deliveries %q, want %q", got, want)
		}
	})

	// A route whose CURSOR_KEY is malformed fails its cold start: the
	// runtime exits, the invocation fails (502, Runtime.ExitError, what API
	// Gateway turns into a 502), and its one log line names CURSOR_KEY,
	// not the value.
	t.Run("CursorKeyMalformed", func(t *testing.T) {
		t.Parallel()
		db := ddbtest.New(t)
		env := functionEnv(db, cursorKey)
		env["CURSOR_KEY"] = "nope"
		// A copy of the bootstrap, so no two emulators run one file (see
		// stopped).
		boot := filepath.Join(t.TempDir(), "ListProducts", "bootstrap")
		copyFile(t, boots["ListProducts"], boot)
		e := start(t, root, boot, env)
		out := invoke(t, e, sample(t, root, "ListProducts"))
		if out.Status != 502 {
			t.Errorf("emulator answered %d %s, want 502", out.Status, out.Body)
		}
		// The emulator logs the runtime's exit just after it answers: read
		// its output once it has stopped, whole.
		e.Stop()
		var found bool
		for _, rec := range logRecords(e.Output()) {
			if rec["msg"] != "cold start failed" {
				continue
			}
			found = true
			msg, _ := rec["err"].(string)
			if rec["level"] != "ERROR" || rec["function"] != "ListProducts" || !strings.HasPrefix(msg, "CURSOR_KEY ") || strings.Contains(msg, "nope") {
				t.Errorf("cold start log line %v: want an ERROR of ListProducts whose err names CURSOR_KEY, not its value", rec)
			}
		}
		if !found {
			t.Errorf("no cold start failure logged:\n%s", e.Output())
		}
		if !strings.Contains(e.Output(), "Runtime.ExitError") {
			t.Errorf("the emulator reported no Runtime.ExitError:\n%s", e.Output())
		}
	})
}

// buildBootstraps builds each named function's bootstrap, in one go build,
// into a folder of its own named after it (as Lambda's /var/task).
func buildBootstraps(t *testing.T, root string, names []string) map[string]string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"build"}, lambdaFlags...)
	args = append(args, "-o", out+string(filepath.Separator))
	for _, n := range names {
		args = append(args, "./functions/"+n)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	boots := map[string]string{}
	for _, n := range names {
		dir := filepath.Join(out, n)
		if err := os.Mkdir(dir+".d", 0o755); err != nil {
			t.Fatal(err)
		}
		// The built executable is out/<Name>; it becomes out/<Name>/bootstrap.
		if err := os.Rename(dir, filepath.Join(dir+".d", "bootstrap")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(dir+".d", dir); err != nil {
			t.Fatal(err)
		}
		boots[n] = filepath.Join(dir, "bootstrap")
	}
	return boots
}

// functionEnv is a deployed function's environment (template.yaml's
// Globals), on the test's DynamoDB Local table.
func functionEnv(db *ddbtest.DB, cursorKey string) map[string]string {
	return map[string]string{
		"TABLE_NAME":            db.Table,
		"DYNAMODB_ENDPOINT":     db.Endpoint,
		"CURSOR_KEY":            cursorKey,
		"LOG_LEVEL":             "INFO",
		"AWS_REGION":            "us-east-1",
		"AWS_ACCESS_KEY_ID":     "AKIDLOCAL",
		"AWS_SECRET_ACCESS_KEY": "local",
		"PAYMENTS":              "local",
		"MAIL":                  "off",
	}
}

// start runs boot under the emulator until the test ends; what they print
// goes to the test's log. Stopped, neither is left running.
func start(t *testing.T, root, boot string, env map[string]string) *lambdarie.Emulator {
	t.Helper()
	e, err := lambdarie.Start(context.Background(), root, lambdarie.Config{Bootstrap: boot, Env: env, Output: ddbtest.LogWriter(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("emulator: %s", strings.Join(e.Args, " "))
	t.Cleanup(func() { stopped(t, e, boot) })
	return e
}

// stopped stops e and checks that neither the emulator nor its function's
// runtime (a process of its own group) is left.
func stopped(t *testing.T, e *lambdarie.Emulator, boot string) {
	t.Helper()
	pid := e.Pid()
	e.Stop()
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the emulator's process group %d after Stop: %v, want ESRCH", pid, err)
	}
	// The runtime is reaped by the emulator before it exits; allow the
	// kernel a moment to drop the process.
	for i := 0; ; i++ {
		left := processesOf(boot)
		if len(left) == 0 {
			return
		}
		if i == 50 {
			t.Errorf("processes %v still run %s after the emulator stopped", left, boot)
			for _, p := range left {
				_ = syscall.Kill(p, syscall.SIGKILL)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// processesOf lists the processes whose executable is exe.
func processesOf(exe string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, en := range entries {
		var pid int
		if _, err := fmt.Sscanf(en.Name(), "%d", &pid); err != nil {
			continue
		}
		if p, err := os.Readlink(filepath.Join("/proc", en.Name(), "exe")); err == nil && p == exe {
			pids = append(pids, pid)
		}
	}
	return pids
}

func invoke(t *testing.T, e *lambdarie.Emulator, payload []byte) lambdarie.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	r, err := e.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("%v\n%s", err, e.Output())
	}
	return r
}

// routeAnswer decodes a route's answer: the emulator's 200 carrying an API
// Gateway v2 response.
func routeAnswer(t *testing.T, r lambdarie.Response) events.APIGatewayV2HTTPResponse {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("emulator answered %d %s, want 200", r.Status, r.Body)
	}
	var resp events.APIGatewayV2HTTPResponse
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil || resp.StatusCode == 0 {
		t.Fatalf("the answer %s is not an API Gateway v2 response: %v", r.Body, err)
	}
	if resp.IsBase64Encoded || !json.Valid([]byte(resp.Body)) {
		t.Fatalf("the response body is not JSON text: %s", r.Body)
	}
	return resp
}

// logRecords are the JSON lines (the function's log records) of output.
func logRecords(output string) []map[string]any {
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(output))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			recs = append(recs, m)
		}
	}
	return recs
}

func sample(t *testing.T, root, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "events", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// seeded is a table of the test's own holding what the samples name
// (a smaller seed than shared/lambdaapp's sample test): tenant contoso
// (partner partner-a, with an agreement); ada's central Azure plan, bought
// Mar 1 2026, whose term ends Apr 1; bob's webhook endpoint.
func seeded(t *testing.T) *ddbtest.DB {
	t.Helper()
	db := ddbtest.New(t)
	st := store.New(db.Client, db.Table)
	ctx := context.Background()
	name, country, partner, yes := "Contoso", "US", "partner-a", true
	created := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	tn, err := domain.NewTenant("contoso", domain.TenantInput{Name: &name, Country: &country, PartnerID: &partner, CreatedAt: &created, HasAgreement: &yes}, nil, created)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutTenant(ctx, tn.TenantID, created, func(*domain.Tenant) (domain.Tenant, store.Effects, bool, error) {
		return tn, store.Effects{}, true, nil
	}); err != nil {
		t.Fatal(err)
	}
	bought := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	p, err := catalog.Default().Get("DZH318Z0BPS6")
	if err != nil {
		t.Fatal(err)
	}
	s, orders, err := domain.CreateSubscription(domain.Purchase{ID: "sub_01kr0000000000000000000005", Tenant: tn, Product: p,
		BillingFrequency: domain.FrequencyMonthly, Quantity: 3, PaymentMethodID: "pm_card_visa", Channel: domain.ChannelCentral,
		Purchaser: domain.Purchaser{UserID: "ada"}, Now: bought})
	if err != nil {
		t.Fatal(err)
	}
	for i := range orders {
		orders[i].ID = s.ID + "-order"
	}
	if err := st.CreateSubscription(ctx, s, store.Markers{}, store.Effects{At: bought, Orders: orders}); err != nil {
		t.Fatal(err)
	}
	e := domain.Endpoint{ID: sampleEndpoint, TenantID: "contoso", URL: "https://192.0.2.10/hooks", Status: domain.EndpointEnabled, CreatedAt: bought,
		Owner: domain.EndpointOwner{TenantID: "contoso", UserID: "bob", Scope: domain.ScopePurchaser}}
	e.Rotate("whsec_"+base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)), bought)
	if err := st.CreateEndpoint(ctx, e, bought, store.Effects{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

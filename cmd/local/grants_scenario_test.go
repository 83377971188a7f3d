package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/mail"
	"selfserve/shared/notify"
	"selfserve/shared/payments"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// grantRig is the whole local system on a recording DynamoDB client, with
// mails on (to a mailbox that can be taken down) and a webhook receiver
// that can be made to fail.
type grantRig struct {
	t    *testing.T
	srv  *httptest.Server
	rec  *grantRecorder
	tmpl *template.Template
	// pay is the local payment provider the runner uses, on a client that
	// doesn't record (what the test does itself is no function's).
	pay   payments.Provider
	mails *mailbox
	// raw is a client that doesn't record, on the table.
	raw   *dynamodb.Client
	table string
	hooks *receiver
	// hooksURL is the receiver's base URL.
	hooksURL string
	keys     int

	// Tokens, and what the scenario made.
	ops, alice, bob, grace, agent, pat string
	endpoint, bobEndpoint, central     string
	e3, audio, azure                   string

	mu         sync.Mutex
	dispatched map[string]bool // events WebhookDispatch handled
	inflight   int
}

// mailbox is the mail server: it keeps what it is sent, or fails while down.
type mailbox struct {
	mu   sync.Mutex
	sent []mail.Message
	down bool
}

func (m *mailbox) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errors.New("421 the mail server is down")
	}
	m.sent = append(m.sent, msg)
	return nil
}

func (m *mailbox) setDown(down bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = down
}

// subjects are the subjects of the mails sent to address, in order.
func (m *mailbox) subjects(address string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, msg := range m.sent {
		if msg.To.Email == address {
			out = append(out, msg.Subject)
		}
	}
	return out
}

// texts are the text parts of the mails sent to address, in order.
func (m *mailbox) texts(address string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, msg := range m.sent {
		if msg.To.Email == address {
			out = append(out, msg.Text)
		}
	}
	return out
}

// receiver is a webhook endpoint's server: it answers 204, or 500 while
// failing.
type receiver struct {
	mu      sync.Mutex
	got     int
	failing bool
}

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	rv.got++
	if rv.failing {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rv *receiver) setFailing(f bool) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	rv.failing = f
}

func startGrantRig(t *testing.T) *grantRig {
	t.Helper()
	ctx := context.Background()
	db := ddbtest.New(t)
	rec := newGrantRecorder()
	recorded := dynamodb.New(db.Client.Options(), func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, rec.install) })
	cfg, err := dynamo.Config(ctx, dynamo.Options{Endpoint: db.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.Frozen(t0)
	log := ddbtest.Logger(t)
	st := store.New(recorded, db.Table)
	pay, err := lambdaapp.NewPayments("local", st, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	own, err := lambdaapp.NewPayments("local", store.New(db.Client, db.Table), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	r := &grantRig{t: t, rec: rec, tmpl: ddbtest.Template(t), pay: own, raw: db.Client, table: db.Table, mails: &mailbox{}, hooks: &receiver{}, dispatched: map[string]bool{}}
	mailer := &notify.Mailer{Store: st, Sender: r.mails, From: mail.Address{Name: "Contoso billing", Email: "billing@contoso.example"}, Now: clk.Now, Log: log}
	streams := streamHandlers(st, clk.Now, log, mailer)
	dispatch := streams["WebhookDispatch"]
	streams["WebhookDispatch"] = func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		r.mu.Lock()
		r.inflight++
		r.mu.Unlock()
		resp, err := dispatch(ctx, ev)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.inflight--
		failed := map[string]bool{}
		for _, f := range resp.BatchItemFailures {
			failed[f.ItemIdentifier] = true
		}
		for _, rc := range ev.Records {
			img := rc.Change.NewImage
			if err == nil && !failed[rc.Change.SequenceNumber] && rc.EventName == "INSERT" && img["kind"].DataType() == events.DataTypeString && img["kind"].String() == "event" {
				r.dispatched[img["pk"].String()+"|"+img["sk"].String()] = true
			}
		}
		return resp, err
	}
	rn, err := newRunner(config{Template: r.tmpl, DB: recorded, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clk, Scheduled: scheduledHandlers(st, clk.Now, log, pay, mailer),
		Stream: streams, Streams: dynamodbstreams.NewFromConfig(cfg), Log: log, Payments: pay, OnInvoke: rec.invoke})
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewServer(rn.Handler())
	mailer.ConsoleURL = r.srv.URL
	hooks := httptest.NewServer(r.hooks)
	runCtx, cancel := context.WithCancel(ctx)
	t.Cleanup(func() { cancel(); r.srv.Close(); hooks.Close() })
	rn.runStreams(runCtx)
	r.hooksURL = hooks.URL
	return r
}

// key is a fresh Idempotency-Key.
func (r *grantRig) key() string {
	r.keys++
	return fmt.Sprintf("grants-%d", r.keys)
}

// token mints a token with claims (JSON members).
func (r *grantRig) token(claims string) string {
	r.t.Helper()
	status, out := call(r.t, r.srv, "POST", "/_local/tokens", "", "{"+claims+"}")
	if status != http.StatusOK {
		r.t.Fatalf("token %s: %d %v", claims, status, out)
	}
	return out["token"].(string)
}

// api sends a request with headers ("Name: value") and fails the test
// unless it answers want (0: any 2xx); it returns the JSON answer (nil
// for another content).
func (r *grantRig) api(method, path, token, body string, want int, headers ...string) map[string]any {
	r.t.Helper()
	status, out, _ := r.send(context.Background(), method, path, token, body, headers...)
	if status != want && (want != 0 || status < 200 || status > 299) {
		r.t.Fatalf("%s %s %s: %d %v, want %d", method, path, body, status, out, want)
	}
	return out
}

func (r *grantRig) send(ctx context.Context, method, path, token, body string, headers ...string) (int, map[string]any, error) {
	r.t.Helper()
	req, _ := http.NewRequestWithContext(ctx, method, r.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out, nil
}

// advance moves the local clock by d; the due sweeps have run when it
// answers, and what they committed has been dispatched when it returns.
func (r *grantRig) advance(d time.Duration) map[string]any {
	r.t.Helper()
	out := r.api("POST", "/_local/clock", "", fmt.Sprintf(`{"advance":%q}`, d.String()), http.StatusOK)
	r.settle()
	return out
}

// advanceTo moves the clock to at (forward).
func (r *grantRig) advanceTo(at time.Time) {
	r.t.Helper()
	r.api("POST", "/_local/clock", "", fmt.Sprintf(`{"set":%q}`, at.UTC().Format(time.RFC3339)), http.StatusOK)
	r.settle()
}

// settle waits until WebhookDispatch has handled every event committed
// so far (its webhooks and mails sent or scheduled for retry).
func (r *grantRig) settle() {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		committed := r.rec.committedEvents()
		r.mu.Lock()
		left := 0
		for _, k := range committed {
			if !r.dispatched[k] {
				left++
			}
		}
		idle := r.inflight == 0
		r.mu.Unlock()
		if left == 0 && idle {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d of %d events not dispatched after 60 s", left, len(committed))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// answerID is the "id" of an answer.
func answerID(out map[string]any) string {
	s, _ := out["id"].(string)
	return s
}

// listItems are the "items" of a list answer.
func listItems(out map[string]any) []map[string]any {
	var res []map[string]any
	for _, it := range out["items"].([]any) {
		res = append(res, it.(map[string]any))
	}
	return res
}

// runGrantScenario drives every function of the template through the
// runner, each down the paths that need its widest DynamoDB permissions,
// and returns the rig with what was recorded.
func runGrantScenario(t *testing.T) *grantRig {
	r := startGrantRig(t)
	r.tenants()
	r.webhooks()
	r.licensesAndMoves()
	r.addOns()
	r.reservations()
	r.edges()
	r.lifecycle()
	r.endpointGone()
	return r
}

const (
	powerBIPro    = "CFQ7TTC0L3PB"
	powerAutomate = "CFQ7TTC0KP0N"
	visioPlan2    = "CFQ7TTC0KXN8"
	m365E3        = "CFQ7TTC0LFLX"
	teamsAudio    = "CFQ7TTC0LH05" // an add-on of Microsoft 365 E3
	azurePlan     = "DZH318Z0BPS6" // one per tenant
	reservedVM    = "DZH318Z08M9Z"
)

// tenants: an operator creates and replaces tenants (replays and no-op
// replacements included); the catalog, the policy and the partner's
// customers are read; a policy value is set, replayed and changed; an
// unknown route and the console are served.
func (r *grantRig) tenants() {
	ops := r.token(`"tenantId":"operations","userId":"op","roles":["Operator"]`)
	r.ops = ops
	r.api("PUT", "/v1/tenants/fabrikam-partners", ops, `{"name":"Fabrikam Partners","country":"US","billingEmail":"billing@fabrikam.example"}`, 201)
	contoso := `{"name":"Contoso","country":"US","hasAgreement":true,"partnerId":"fabrikam-partners","createdAt":"2025-01-15T00:00:00Z","billingEmail":"ap@contoso.example"}`
	k := "Idempotency-Key: " + r.key()
	r.api("PUT", "/v1/tenants/contoso", ops, contoso, 201, k)
	r.api("PUT", "/v1/tenants/contoso", ops, contoso, 201, k)                           // replayed
	r.api("PUT", "/v1/tenants/contoso", ops, contoso, 200)                              // nothing changes
	r.api("PUT", "/v1/tenants/contoso", ops, contoso, 200, "Idempotency-Key: "+r.key()) // nothing changes, the answer kept
	r.api("PUT", "/v1/tenants/northwind", ops, `{"name":"Northwind","country":"US","createdAt":"2025-01-01T00:00:00Z"}`, 201)
	r.api("PUT", "/v1/tenants/northwind", ops, `{"name":"Northwind Traders","country":"US","createdAt":"2025-01-01T00:00:00Z"}`, 200)

	alice := r.token(`"tenantId":"contoso","userId":"alice","name":"Alice","email":"alice@contoso.example","roles":["GlobalAdmin"]`)
	agent := r.token(`"tenantId":"fabrikam-partners","userId":"sam","roles":["SalesAgent"]`)
	r.alice, r.agent = alice, agent
	r.bob = r.token(`"tenantId":"contoso","userId":"bob","name":"Bob","email":"bob@contoso.example","locale":"fr"`)
	r.grace = r.token(`"tenantId":"contoso","userId":"grace","name":"Grace","email":"grace@contoso.example"`)
	r.pat = r.token(`"tenantId":"fabrikam-partners","userId":"pat","roles":["AdminAgent"]`)
	r.api("GET", "/v1/tenants/contoso", alice, "", 200)
	r.api("GET", "/v1/partners/fabrikam-partners/customers", agent, "", 200)
	r.api("GET", "/v1/products?selfService=true", alice, "", 200)
	r.api("GET", "/v1/products/"+powerBIPro, alice, "", 200)
	P := "/v1/tenants/contoso/policies/AllowSelfServicePurchase"
	r.api("GET", P, alice, "", 200)
	r.api("GET", P+"/products", alice, "", 200)
	r.api("GET", P+"/products/"+powerAutomate, agent, "", 200)
	k = "Idempotency-Key: " + r.key()
	r.api("PUT", P+"/products/"+powerAutomate, alice, `{"policyValue":"Disabled"}`, 200, k)
	r.api("PUT", P+"/products/"+powerAutomate, alice, `{"policyValue":"Disabled"}`, 200, k)
	r.api("PUT", P+"/products/"+powerAutomate, alice, `{"policyValue":"OnlyTrialsWithoutPaymentMethod"}`, 200)
	r.api("PUT", P+"/products/"+powerAutomate, alice, `{"enabled":true}`, 200)
	nobody := r.token(`"tenantId":"nobody","userId":"nemo","roles":["GlobalAdmin"]`)
	r.api("PUT", "/v1/tenants/nobody/policies/AllowSelfServicePurchase/products/"+powerAutomate, nobody, `{"enabled":true}`, 404)
	r.api("GET", "/v1/nothing", alice, "", 404)
	status, _, err := r.send(context.Background(), "GET", "/", "", "")
	if err != nil || (status != 200 && status != 503) {
		r.t.Fatalf("console: %d %v", status, err)
	}
	r.settle()
}

// Paths of contoso.
const (
	subs      = "/v1/tenants/contoso/subscriptions"
	hooksPath = "/v1/tenants/contoso/webhooks"
)

// licenseUsers is a body of n license users u<from>…
func licenseUsers(from, n int) string {
	var us []string
	for i := from; i < from+n; i++ {
		us = append(us, fmt.Sprintf(`{"id":"u%d","name":"User %d","email":"u%d@contoso.example"}`, i, i, i))
	}
	return `{"users":[` + strings.Join(us, ",") + `]}`
}

// interrupted sends a request whose function stops (its DynamoDB call
// fails) at the nth transaction it commits, as a crash or a timeout would
// stop it there, and returns the answer's status.
func (r *grantRig) interrupted(function string, nth int, method, path, token, body string, headers ...string) int {
	r.t.Helper()
	var n atomic.Int32
	r.rec.failWith(func(_ context.Context, fn string, params any) error {
		if _, ok := params.(*dynamodb.TransactWriteItemsInput); ok && fn == function && int(n.Add(1)) == nth {
			return errors.New("injected: the function stops here")
		}
		return nil
	})
	defer r.rec.failWith(nil)
	status, out, err := r.send(context.Background(), method, path, token, body, headers...)
	if err != nil || status < 500 {
		r.t.Fatalf("%s %s interrupted at its transaction %d: %d %v %v, want a 5xx", method, path, nth, status, out, err)
	}
	return status
}

// contendedBy runs run while, just before the first transaction function
// commits, race(its input) changes what the function read: it loses,
// reads again and decides anew.
func (r *grantRig) contendedBy(function string, race func(params any), run func()) {
	r.t.Helper()
	var raced atomic.Bool
	r.rec.failWith(func(_ context.Context, fn string, params any) error {
		if _, ok := params.(*dynamodb.TransactWriteItemsInput); ok && fn == function && raced.CompareAndSwap(false, true) {
			race(params) // a commit of its own passes: raced is set
		}
		return nil
	})
	defer r.rec.failWith(nil)
	run()
	if !raced.Load() {
		r.t.Fatalf("%s committed no transaction: no race", function)
	}
}

// webhooks: endpoints are registered (one replayed), listed by an admin
// and by their owner, tested; a failed delivery is retried by the sweep
// and by hand; a secret is rotated.
func (r *grantRig) webhooks() {
	k := "Idempotency-Key: " + r.key()
	ep := r.api("POST", hooksPath, r.alice, `{"url":"`+r.hooksURL+`/hooks"}`, 201, k)
	r.api("POST", hooksPath, r.alice, `{"url":"`+r.hooksURL+`/hooks"}`, 201, k)
	r.endpoint = answerID(ep)
	r.bobEndpoint = answerID(r.api("POST", hooksPath, r.bob, `{"url":"`+r.hooksURL+`/bob","eventTypes":["subscription.cancelled","subscription.renewed","subscription.created"]}`, 201))
	r.api("GET", hooksPath, r.alice, "", 200)
	r.api("GET", hooksPath, r.bob, "", 200)
	k = "Idempotency-Key: " + r.key()
	r.api("POST", hooksPath+"/"+r.endpoint+"/test", r.alice, "", 0, k)
	r.api("POST", hooksPath+"/"+r.endpoint+"/test", r.alice, "", 0, k)
	r.settle()
	r.hooks.setFailing(true)
	r.api("POST", hooksPath+"/"+r.endpoint+"/test", r.alice, "", 0)
	r.settle()
	r.advance(5 * time.Second) // the retry fails too
	r.hooks.setFailing(false)
	r.advance(time.Minute) // and the next one goes through
	ds := listItems(r.api("GET", hooksPath+"/"+r.endpoint+"/deliveries?limit=10", r.alice, "", 200))
	if len(ds) == 0 {
		r.t.Fatal("no deliveries")
	}
	k = "Idempotency-Key: " + r.key()
	r.api("POST", hooksPath+"/"+r.endpoint+"/deliveries/"+answerID(ds[0])+"/retry", r.alice, "", 0, k)
	r.api("POST", hooksPath+"/"+r.endpoint+"/deliveries/"+answerID(ds[0])+"/retry", r.alice, "", 0, k)
	r.api("POST", hooksPath+"/"+r.bobEndpoint+"/rotate-secret", r.bob, "", 200)
	r.settle()
}

// licensesAndMoves: Bob buys for himself (replayed); a declined card and a
// disabled policy refuse purchases; Bob's users are licensed in bulk, the
// admin's central subscription in bulk too, interrupted and resumed;
// licenses are listed, summed up, exported, unassigned; the admin takes
// Bob's subscription over and moves its users to hers, interrupted and
// resumed (Bob hears in his mails where they went).
func (r *grantRig) licensesAndMoves() {
	k := "Idempotency-Key: " + r.key()
	buy := `{"productId":"` + powerBIPro + `","billingFrequency":"monthly","quantity":50,"paymentMethodId":"pm_card_visa"}`
	bobs := answerID(r.api("POST", subs, r.bob, buy, 201, k))
	r.api("POST", subs, r.bob, buy, 201, k)
	r.api("POST", subs, r.grace, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","paymentMethodId":"pm_card_chargeDeclinedInsufficientFunds"}`, 402, "Idempotency-Key: "+r.key())
	P := "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products/" + powerAutomate
	r.api("PUT", P, r.alice, `{"policyValue":"Disabled"}`, 200)
	r.api("POST", subs, r.bob, `{"productId":"`+powerAutomate+`","billingFrequency":"monthly","paymentMethodId":"pm_card_visa"}`, 403, "Idempotency-Key: "+r.key())
	r.api("PUT", P, r.alice, `{"policyValue":"Enabled"}`, 200)

	k = "Idempotency-Key: " + r.key()
	r.api("POST", subs+"/"+bobs+"/licenses/bulk", r.bob, licenseUsers(1, 50), 200, k)
	r.api("POST", subs+"/"+bobs+"/licenses/bulk", r.bob, licenseUsers(1, 50), 200, k)
	central := answerID(r.api("POST", subs, r.alice, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","quantity":300}`, 201, "Idempotency-Key: "+r.key()))
	r.central = central
	k = "Idempotency-Key: " + r.key()
	r.interrupted("AssignLicensesBulk", 2, "POST", subs+"/"+central+"/licenses/bulk", r.alice, licenseUsers(101, 200), k)
	if got := r.api("POST", subs+"/"+central+"/licenses/bulk", r.alice, licenseUsers(101, 200), 200, k); got["assigned"] != float64(200) {
		r.t.Fatalf("the resumed bulk assignment: %v, want 200 assigned", got)
	}
	k = "Idempotency-Key: " + r.key()
	r.api("POST", subs+"/"+central+"/licenses", r.alice, licenseUsers(1, 2), 0, k)
	r.api("POST", subs+"/"+central+"/licenses", r.alice, licenseUsers(1, 2), 0, k)
	r.api("POST", subs+"/"+central+"/licenses", r.alice, licenseUsers(1, 3), 0)
	r.api("DELETE", subs+"/"+central+"/licenses/u3", r.alice, "", 0)
	r.api("DELETE", subs+"/"+central+"/licenses/u3", r.alice, "", 404)
	r.api("GET", subs+"/"+central+"/licenses?limit=5", r.alice, "", 200)
	r.api("GET", "/v1/tenants/contoso/licenses", r.alice, "", 200)
	r.api("GET", "/v1/tenants/contoso/licenses?channel=selfService", r.alice, "", 200)
	status, _, _ := r.send(context.Background(), "GET", "/v1/tenants/contoso/licenses/export?subscriptionId="+bobs+"&subscriptionId="+central, r.alice, "")
	if status != 200 {
		r.t.Fatalf("export: %d", status)
	}
	r.api("GET", subs+"?channel=selfService", r.alice, "", 200)
	r.api("GET", subs, r.bob, "", 200)
	r.api("GET", subs+"/"+bobs, r.bob, "", 200)

	r.api("POST", subs+"/"+bobs+"/takeover", r.alice, "", 200)
	k = "Idempotency-Key: " + r.key()
	move := `{"targetSubscriptionId":"` + central + `"}`
	r.interrupted("MoveUsers", 2, "POST", subs+"/"+bobs+"/move-users", r.alice, move, k)
	if got := r.api("POST", subs+"/"+bobs+"/move-users", r.alice, move, 200, k); got["moved"] != float64(50) {
		r.t.Fatalf("the resumed move: %v, want 50 users moved", got)
	}
	r.api("POST", subs+"/"+bobs+"/move-users", r.alice, move, 200, k)
	r.settle()
	if got := r.mails.subjects("bob@contoso.example"); len(got) < 3 {
		r.t.Fatalf("Bob's mails: %q, want his purchase, the take-over and the move", got)
	}
}

// addOns: a central Microsoft 365 E3 gets add-ons (the second guarded by
// its base, which doesn't change); an add-on alone is updated, suspended,
// reactivated and cancelled (its base only checked); the base is
// suspended and reactivated with them; one add-on is left suspended on
// its own (its data is deleted on its own clock, in lifecycle); a change
// that loses a race to another reads again; a self-service
// subscription's users move to an add-on, whose product the purchaser's
// mail names (it reads the add-on with its base).
func (r *grantRig) addOns() {
	e3 := answerID(r.api("POST", subs, r.alice, `{"productId":"`+m365E3+`","billingFrequency":"monthly","quantity":10}`, 201, "Idempotency-Key: "+r.key()))
	r.e3 = e3
	k := "Idempotency-Key: " + r.key()
	audio := answerID(r.api("POST", subs+"/"+e3+"/addons", r.alice, `{"productId":"`+teamsAudio+`","quantity":5}`, 201, k))
	r.audio = audio
	r.api("POST", subs+"/"+e3+"/addons", r.alice, `{"productId":"`+teamsAudio+`","quantity":5}`, 201, k)
	audio2 := answerID(r.api("POST", subs+"/"+e3+"/addons", r.alice, `{"productId":"`+teamsAudio+`","quantity":1}`, 201, "Idempotency-Key: "+r.key()))
	r.api("GET", subs+"/"+audio, r.alice, "", 200)
	r.api("PATCH", subs+"/"+audio, r.alice, `{"quantity":6}`, 200, "Idempotency-Key: "+r.key())
	r.api("PATCH", subs+"/"+audio, r.alice, `{"quantity":6}`, 200) // nothing to change
	r.api("PATCH", subs+"/"+e3, r.alice, `{"autoRenew":false}`, 200, "If-Match: *")
	r.api("PATCH", subs+"/"+e3, r.alice, `{"autoRenew":true}`, 412, `If-Match: "1"`)
	r.api("PATCH", subs+"/"+e3, r.alice, `{"autoRenew":true}`, 200)
	r.api("POST", subs+"/"+audio2+"/suspend", r.alice, `{"reason":"other"}`, 200)
	r.api("POST", subs+"/"+audio2+"/reactivate", r.alice, "", 200)
	r.api("POST", subs+"/"+audio2+"/cancel", r.alice, `{"reasonCode":"other","reason":"not needed"}`, 0)
	r.api("POST", subs+"/"+e3+"/suspend", r.alice, `{"reason":"other"}`, 200)
	r.api("POST", subs+"/"+e3+"/reactivate", r.alice, "", 200, "Idempotency-Key: "+r.key())
	// An add-on suspended on its own: warned and deleted on its own clock.
	audio3 := answerID(r.api("POST", subs+"/"+e3+"/addons", r.alice, `{"productId":"`+teamsAudio+`","quantity":1}`, 201, "Idempotency-Key: "+r.key()))
	r.api("POST", subs+"/"+audio3+"/suspend", r.alice, `{"reason":"other"}`, 200)
	// A change that loses a race reads again and decides anew.
	r.contendedBy("UpdateSubscription", func(any) {
		r.api("PATCH", subs+"/"+e3, r.alice, `{"quantity":11}`, 200)
	}, func() {
		r.api("PATCH", subs+"/"+e3, r.alice, `{"quantity":12}`, 200)
	})

	// Dana's self-service Power BI Pro, taken over, moves to the add-on.
	dana := r.token(`"tenantId":"contoso","userId":"dana","name":"Dana","email":"dana@contoso.example"`)
	ds := answerID(r.api("POST", subs, dana, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`, 201, "Idempotency-Key: "+r.key()))
	r.api("POST", subs+"/"+ds+"/licenses", dana, `{"users":[{"id":"dana","name":"Dana","email":"dana@contoso.example"}]}`, 0)
	r.api("POST", subs+"/"+ds+"/move-users", r.alice, `{"targetSubscriptionId":"`+audio+`"}`, 200, "Idempotency-Key: "+r.key())
	r.settle()
	if got := r.mails.texts("dana@contoso.example"); len(got) != 2 || !strings.Contains(got[1], "Teams Audio") {
		r.t.Fatalf("Dana's mails: %q, want her purchase and the move to the add-on, named", got)
	}
}

// reservations (seed 002): the partner's AdminAgent can't allow its
// customer's reservations before Contoso has an Active Azure plan (a
// second one is refused: one per tenant) with an Owner; then does (a
// replay included); Kim, its Owner, buys a reservation, Bob may not; the
// permission is read, and turned off again: Kim is refused.
func (r *grantRig) reservations() {
	CP := "/v1/tenants/contoso/customer-permissions"
	kim := r.token(`"tenantId":"contoso","userId":"kim"`)
	r.api("PUT", CP+"/reservations", r.pat, `{"enabled":true}`, 409)
	az := answerID(r.api("POST", subs, r.pat, `{"productId":"`+azurePlan+`","billingFrequency":"monthly"}`, 201, "Idempotency-Key: "+r.key()))
	r.azure = az
	r.api("POST", subs, r.pat, `{"productId":"`+azurePlan+`","billingFrequency":"monthly"}`, 409, "Idempotency-Key: "+r.key())
	r.api("PUT", CP+"/reservations", r.pat, `{"enabled":true}`, 409)
	k := "Idempotency-Key: " + r.key()
	r.api("PUT", subs+"/"+az+"/roles/kim", r.pat, `{"role":"Owner"}`, 0, k)
	r.api("PUT", subs+"/"+az+"/roles/kim", r.pat, `{"role":"Owner"}`, 0, k)
	k = "Idempotency-Key: " + r.key()
	r.api("PUT", CP+"/reservations", r.pat, `{"enabled":true}`, 200, k)
	r.api("PUT", CP+"/reservations", r.pat, `{"enabled":true}`, 200, k)
	res := `{"productId":"` + reservedVM + `","billingFrequency":"annual","azureSubscriptionId":"` + az + `"}`
	r.api("POST", subs, kim, res, 201, "Idempotency-Key: "+r.key())
	r.api("POST", subs, r.bob, res, 403, "Idempotency-Key: "+r.key())
	r.api("GET", CP, r.agent, "", 200)
	r.api("PUT", CP+"/reservations", r.pat, `{"enabled":false}`, 200)
	r.api("POST", subs, kim, res, 403, "Idempotency-Key: "+r.key())
	r.api("GET", "/v1/partners/fabrikam-partners/customers", r.pat, "", 200)
}

// raceCommit runs run while the first transaction function commits is
// raced by another writer: the version of the first subscription it
// writes moves on just before, so it loses, reads again and decides anew.
func (r *grantRig) raceCommit(function string, run func()) {
	r.t.Helper()
	r.contendedBy(function, func(params any) {
		for _, it := range params.(*dynamodb.TransactWriteItemsInput).TransactItems {
			if it.Put != nil && str(it.Put.Item["kind"]) == "subscription" {
				_, err := r.raw.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(r.table),
					Key:                       map[string]types.AttributeValue{"pk": it.Put.Item["pk"], "sk": it.Put.Item["sk"]},
					UpdateExpression:          aws.String("SET #v = #v + :one"),
					ExpressionAttributeNames:  map[string]string{"#v": "version"},
					ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}}})
				if err != nil {
					r.t.Error(err)
				}
				return
			}
		}
	}, run)
}

// lifecycle: purchases of the first day (a cancellation inside the
// refund window with its card refund, a scheduled one, trials with and
// without a payment method, cards that will fail), then the clock: refund
// windows close, trials warn, convert and expire, invoices are final on
// the 1st (one order too late for its month moves to the next), renewals
// (one racing a manager's change, one declined and paid with a new card,
// one whose retries run out into a suspension, an Azure plan without
// auto-renew expiring), a line paid after its invoice was final, a charge
// no order claims refunded by reconciliation, mails retried after an
// outage, deletion warnings and the deletion of data with its licenses.
func (r *grantRig) lifecycle() {
	buyer := func(user string) string {
		return r.token(`"tenantId":"contoso","userId":"` + user + `","name":"` + user + `","email":"` + user + `@contoso.example"`)
	}
	buy := func(tok, body string, want int) string {
		return answerID(r.api("POST", subs, tok, body, want, "Idempotency-Key: "+r.key()))
	}
	card := func(pm string) string {
		return `{"productId":"` + powerBIPro + `","billingFrequency":"monthly","paymentMethodId":"` + pm + `"}`
	}
	carol, dave, erin, frank, heidi, ivan := buyer("carol"), buyer("dave"), buyer("erin"), buyer("frank"), buyer("heidi"), buyer("ivan")

	// Day one.
	c := buy(carol, card("pm_card_visa"), 201)
	r.api("POST", subs+"/"+c+"/cancel", carol, `{"reasonCode":"boughtByMistake"}`, 200, "Idempotency-Key: "+r.key())
	d := buy(dave, card("pm_card_visa"), 201)
	trial := buy(erin, `{"productId":"`+visioPlan2+`","billingFrequency":"monthly","trial":true,"paymentMethodId":"pm_card_visa"}`, 201)
	buy(frank, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","trial":true}`, 201)
	fay := buyer("fay")
	ft := buy(fay, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","trial":true}`, 201)
	r.api("PUT", subs+"/"+ft+"/payment-method", fay, `{"paymentMethodId":"pm_card_visa"}`, 200)
	g := buy(r.grace, card("pm_card_visa"), 201)
	r.api("PUT", subs+"/"+g+"/payment-method", r.grace, `{"paymentMethodId":"pm_card_chargeDeclined"}`, 200)
	h := buy(heidi, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`, 201)
	r.api("POST", subs+"/"+h+"/licenses", heidi, `{"users":[{"id":"heidi","name":"Heidi","email":"heidi@contoso.example"},{"id":"hal","name":"Hal","email":"hal@contoso.example"}]}`, 0)
	r.api("PUT", subs+"/"+h+"/payment-method", heidi, `{"paymentMethodId":"pm_card_chargeDeclined"}`, 200)
	r.api("PATCH", subs+"/"+r.azure, r.pat, `{"autoRenew":false}`, 200)
	partner := buy(r.pat, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","quantity":3}`, 201)
	r.api("PATCH", subs+"/"+partner, r.pat, `{"quantity":4}`, 200)
	r.settle()

	// Refund windows close; Dave's cancellation waits for the term's end.
	r.advance(25 * time.Hour)
	r.api("POST", subs+"/"+d+"/cancel", dave, `{"reasonCode":"other","reason":"switching plans"}`, 202)
	r.api("GET", "/v1/tenants/contoso/orders", r.alice, "", 200)
	r.api("GET", "/v1/tenants/contoso/orders?subscriptionId="+g, r.grace, "", 200)
	r.api("GET", "/v1/tenants/contoso/activity?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", r.alice, "", 200)

	// Ivan's card will fail at his renewal on April 28th; a central
	// subscription bought on March 30th renews on April 30th.
	r.advanceTo(time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC))
	iv := buy(ivan, card("pm_card_visa"), 201)
	r.api("PUT", subs+"/"+iv+"/payment-method", ivan, `{"paymentMethodId":"pm_card_chargeDeclined"}`, 200)
	r.advanceTo(time.Date(2026, 3, 30, 10, 0, 0, 0, time.UTC))
	buy(r.alice, `{"productId":"`+powerBIPro+`","billingFrequency":"monthly","quantity":2}`, 201)

	// March's invoices, final on April 1st at 01:00.
	r.advanceTo(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
	invs := listItems(r.api("GET", "/v1/tenants/contoso/invoices?billTo=tenant", r.alice, "", 200))
	if len(invs) == 0 {
		r.t.Fatal("no tenant invoice for March")
	}
	r.api("GET", "/v1/tenants/contoso/invoices", r.grace, "", 200)
	r.api("GET", "/v1/tenants/contoso/invoices/"+answerID(invs[0]), r.alice, "", 200)
	if status, _, _ := r.send(context.Background(), "GET", "/v1/tenants/contoso/invoices/"+answerID(invs[0])+"/pdf", r.alice, ""); status != 200 {
		r.t.Fatalf("invoice pdf: %d", status)
	}
	r.api("GET", "/v1/partners/fabrikam-partners/invoices?status=open", r.pat, "", 200)

	// Trials end; renewals on April 2nd, one of them raced.
	r.advanceTo(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	r.raceCommit("RenewalsSweep", func() { r.advanceTo(time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)) })
	if got := r.api("GET", subs+"/"+g, r.grace, "", 200); got["status"] != "PastDue" {
		r.t.Fatalf("Grace's renewal with a failing card: %v, want PastDue", got["status"])
	}
	k := "Idempotency-Key: " + r.key()
	r.api("PUT", subs+"/"+g+"/payment-method", r.grace, `{"paymentMethodId":"pm_card_mastercard"}`, 200, k)
	r.api("PUT", subs+"/"+g+"/payment-method", r.grace, `{"paymentMethodId":"pm_card_mastercard"}`, 200, k)
	r.api("PUT", subs+"/"+h+"/payment-method", heidi, `{"paymentMethodId":"pm_card_chargeDeclinedExpiredCard"}`, 402, "Idempotency-Key: "+r.key())

	// A charge no order claims (its function crashed before its commit):
	// reconciliation refunds it once it is an hour old.
	if _, err := r.pay.Charge(context.Background(), payments.ChargeRequest{Key: "orphan-1", PaymentMethodID: "pm_card_visa",
		Amount: domainMoney(1000), OrderID: "ord_orphan", TenantID: "contoso", SubscriptionID: g}); err != nil {
		r.t.Fatal(err)
	}
	ran, _ := r.advance(2 * time.Hour)["sweeps"].(map[string]any)
	if rc, _ := ran["PaymentReconcileSweep"].(map[string]any); rc == nil || rc["processed"] != float64(1) {
		r.t.Fatalf("reconciliation: %v, want the orphan charge refunded", ran["PaymentReconcileSweep"])
	}
	// Heidi's retries run out: suspended for non-payment on April 9th;
	// the mails of the last retry wait for the mail server.
	r.advanceTo(time.Date(2026, 4, 8, 10, 0, 0, 0, time.UTC))
	r.mails.setDown(true)
	r.advanceTo(time.Date(2026, 4, 9, 10, 0, 0, 0, time.UTC))
	r.mails.setDown(false)
	r.advance(time.Hour)
	if got := r.api("GET", subs+"/"+h, heidi, "", 200); got["status"] != "Suspended" {
		r.t.Fatalf("Heidi's subscription after its retries: %v, want Suspended", got["status"])
	}
	if got := r.mails.subjects("heidi@contoso.example"); !strings.Contains(got[len(got)-1], "suspended") {
		r.t.Fatalf("Heidi's mails: %q, want the suspension's last, sent once the server was back", got)
	}

	// Ivan's renewal fails on April 28th; April's invoices are final on
	// May 1st with his line unpaid, and the subscription renewed on
	// April 30th — after its invoice was final in the same clock move —
	// goes on May's. Ivan pays: his line is marked paid.
	r.advanceTo(time.Date(2026, 4, 28, 10, 0, 0, 0, time.UTC))
	r.advanceTo(time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC))
	r.api("PUT", subs+"/"+iv+"/payment-method", ivan, `{"paymentMethodId":"pm_card_visa"}`, 200, "Idempotency-Key: "+r.key())
	r.advance(time.Hour)

	// Heidi's data: warned 30, 7 and 1 days before, then deleted with her
	// licenses. The Azure plan of before expired at its term's end; a new
	// one, suspended by the partner, is deleted too.
	az := answerID(r.api("POST", subs, r.pat, `{"productId":"`+azurePlan+`","billingFrequency":"monthly"}`, 201, "Idempotency-Key: "+r.key()))
	r.api("POST", subs+"/"+az+"/suspend", r.pat, `{"reason":"other"}`, 200)
	r.advanceTo(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	if got := r.api("GET", subs+"/"+h, heidi, "", 200); got["status"] != "Deleted" {
		r.t.Fatalf("Heidi's subscription: %v, want Deleted", got["status"])
	}
	if got := r.api("GET", subs+"/"+az, r.pat, "", 200); got["status"] != "Deleted" {
		r.t.Fatalf("the suspended Azure plan: %v, want Deleted", got["status"])
	}
	for id, want := range map[string]string{trial: "Active", ft: "Active", c: "Deleted", d: "Deleted", g: "Active", iv: "Active"} {
		if got := r.api("GET", subs+"/"+id, r.alice, "", 200); got["status"] != want {
			r.t.Errorf("subscription %s: %v, want %s", id, got["status"], want)
		}
	}
}

// domainMoney is amount cents of USD.
func domainMoney(amount int64) domain.Money { return domain.Money{Amount: amount, Currency: "USD"} }

// answer sends a request and returns its status, whatever it is.
func (r *grantRig) answer(method, path, token, body string, headers ...string) int {
	r.t.Helper()
	status, _, err := r.send(context.Background(), method, path, token, body, headers...)
	if err != nil {
		r.t.Fatal(err)
	}
	return status
}

// edges: the paths that read more than the common ones — a partner's
// agents reading their customer (the tenant is read to reach it), add-ons
// (read with their base; their changes guarded by it), refusals of
// requests with an Idempotency-Key (the key's first answer is read, so a
// replay never turns into a refusal), a limit-one product ended at once.
func (r *grantRig) edges() {
	// The partner's agents read the customer's data.
	for _, path := range []string{subs, subs + "/" + r.azure, "/v1/tenants/contoso/orders", "/v1/tenants/contoso/activity?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z",
		"/v1/tenants/contoso/invoices", "/v1/tenants/contoso/licenses", "/v1/tenants/contoso/licenses/export?subscriptionId=" + r.azure, hooksPath,
		subs + "/" + r.azure + "/licenses", "/v1/tenants/contoso/customer-permissions", "/v1/tenants/contoso"} {
		if status := r.answer("GET", path, r.pat, ""); status != 200 && status != 403 {
			r.t.Fatalf("GET %s by the partner's agent: %d", path, status)
		}
	}
	// Add-ons: read with their base, licensed and unlicensed under its guard.
	r.api("GET", subs+"/"+r.audio+"/licenses", r.alice, "", 200)
	r.api("POST", subs+"/"+r.audio+"/licenses", r.alice, licenseUsers(900, 2), 0)
	r.api("DELETE", subs+"/"+r.audio+"/licenses/u900", r.alice, "", 0)
	r.api("PUT", subs+"/"+r.audio+"/roles/kim", r.alice, `{"role":"Owner"}`, 400)
	// Refusals of requests with a key.
	refused := func(method, path, token, body string, want int) {
		r.t.Helper()
		r.api(method, path, token, body, want, "Idempotency-Key: "+r.key())
	}
	refused("POST", subs+"/"+r.e3+"/licenses", r.alice, licenseUsers(1000, 20), 409)
	refused("DELETE", subs+"/"+r.e3+"/licenses/nobody", r.alice, "", 404)
	refused("POST", subs+"/"+r.e3+"/cancel", r.bob, `{"reasonCode":"other"}`, 404)
	refused("POST", subs+"/"+r.e3+"/reactivate", r.alice, "", 409)
	refused("POST", subs+"/"+r.e3+"/takeover", r.alice, "", 400)
	refused("POST", subs+"/"+r.e3+"/addons", r.alice, `{"productId":"`+powerBIPro+`","quantity":1}`, 422)
	refused("POST", hooksPath, r.alice, `{"url":"ftp://example.com/hooks"}`, 400)
	refused("PUT", "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products/"+powerAutomate, r.agent, `{"enabled":false}`, 403)
	// Another customer's Azure plan, one per tenant, ended at once.
	r.api("PUT", "/v1/tenants/adatum", r.ops, `{"name":"Adatum","country":"US","partnerId":"fabrikam-partners","createdAt":"2025-01-01T00:00:00Z"}`, 201)
	AS := "/v1/tenants/adatum/subscriptions"
	az := answerID(r.api("POST", AS, r.pat, `{"productId":"`+azurePlan+`","billingFrequency":"monthly"}`, 201, "Idempotency-Key: "+r.key()))
	if got := r.api("POST", AS+"/"+az+"/cancel", r.pat, `{"reasonCode":"boughtByMistake"}`, 200); got["status"] != "Deleted" {
		r.t.Fatalf("the Azure plan cancelled at once: %v, want Deleted", got["status"])
	}
	r.api("POST", AS, r.pat, `{"productId":"`+azurePlan+`","billingFrequency":"monthly"}`, 201, "Idempotency-Key: "+r.key())
}

// endpointGone: Bob's endpoint is deleted (a replay, and a refusal, with
// keys) while a delivery to it waits for its retry: the retry sweep
// cancels it.
func (r *grantRig) endpointGone() {
	r.hooks.setFailing(true)
	r.api("POST", hooksPath+"/"+r.bobEndpoint+"/test", r.bob, "", 0)
	r.settle()
	k := "Idempotency-Key: " + r.key()
	r.api("DELETE", hooksPath+"/"+r.bobEndpoint, r.alice, "", 204, k)
	r.api("DELETE", hooksPath+"/"+r.bobEndpoint, r.alice, "", 204, k)
	r.api("DELETE", hooksPath+"/"+r.bobEndpoint, r.alice, "", 404, "Idempotency-Key: "+r.key())
	r.hooks.setFailing(false)
	r.advance(time.Hour)
}

package webhooks_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/apitest"
	"selfserve/shared/ddbstream"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/webhooks"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

// env is the API over HTTP plus the delivery side on the same table and
// clock: the dispatcher fed from the table's real stream, and the retry
// sweep.
type env struct {
	*apitest.Env
	dl     *webhooks.Deliverer
	sweep  *sweeps.Sweeper
	stream *ddbstream.Reader
}

func newEnv(t *testing.T) env {
	t.Helper()
	api := apitest.New(t)
	api.MustPutTenant(t, "contoso", "partner-a")
	api.MustPutTenant(t, "fabrikam", "partner-b")
	log := ddbtest.Logger(t)
	sender := webhooks.NewSender(webhooks.Guard{AllowLoopback: true})
	sender.Wall = api.Clock.Now // webhook-timestamp follows the test's clock
	dl := &webhooks.Deliverer{Store: api.Store, Sender: sender, Now: api.Clock.Now, Log: log}
	cfg, err := dynamo.Config(context.Background(), dynamo.Options{Endpoint: api.DB.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	arn, err := ddbstream.ARN(context.Background(), api.DB.Client, api.DB.Table)
	if err != nil {
		t.Fatal(err)
	}
	return env{Env: api, dl: dl, sweep: &sweeps.Sweeper{Store: api.Store, Log: log, Retrier: dl},
		stream: ddbstream.NewReader(dynamodbstreams.NewFromConfig(cfg), arn)}
}

// dispatch feeds what the stream carries now to WebhookDispatch, retrying
// reported records the way the event source mapping does; it returns how
// many outbox inserts the batches held.
func (e env) dispatch(t *testing.T) int {
	t.Helper()
	batches, err := e.stream.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range batches {
		n += outboxInserts(b)
		for attempt := 0; len(b.Records) > 0; attempt++ {
			if attempt == 3 {
				t.Fatalf("records still failing after 3 attempts")
			}
			resp, err := e.dl.HandleStream(context.Background(), b)
			if err != nil {
				t.Fatal(err)
			}
			b.Records = fromFirstFailure(b.Records, resp)
		}
	}
	return n
}

func outboxInserts(b events.DynamoDBEvent) int {
	n := 0
	for _, r := range b.Records {
		if r.EventName == "INSERT" && r.Change.NewImage["kind"].String() == "event" {
			n++
		}
	}
	return n
}

// fromFirstFailure is what Lambda sends again after a partial batch
// response: the first reported record and every one after it.
func fromFirstFailure(recs []events.DynamoDBEventRecord, resp events.DynamoDBEventResponse) []events.DynamoDBEventRecord {
	for i, r := range recs {
		for _, f := range resp.BatchItemFailures {
			if f.ItemIdentifier == r.Change.SequenceNumber {
				return recs[i:]
			}
		}
	}
	return nil
}

// retrySweep runs WebhookRetrySweep at the clock's now.
func (e env) retrySweep(t *testing.T) sweeps.Report {
	t.Helper()
	r, err := e.sweep.Run(context.Background(), store.SweepWebhookRetries, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a real HTTP server on 127.0.0.1 that records every request
// and answers with the next scripted status (then 204).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	script []int
	header http.Header // extra answer headers
	// hook, if set, is called with the request and how many have come (it
	// included) before the answer: the attempt is in flight until it returns.
	hook func(n int, r *http.Request)
}

func newReceiver(t *testing.T, script ...int) *receiver {
	t.Helper()
	rc := &receiver{script: script, header: http.Header{}}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{r.Header.Clone(), body})
		status := http.StatusNoContent
		if len(rc.script) > 0 {
			status, rc.script = rc.script[0], rc.script[1:]
		}
		for k, v := range rc.header {
			w.Header()[k] = v
		}
		n, hook := len(rc.got), rc.hook
		rc.mu.Unlock()
		if hook != nil {
			hook(n, r)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// onRequest sets the receiver's hook (nil: none).
func (rc *receiver) onRequest(hook func(n int, r *http.Request)) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.hook = hook
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// types are the event types the receiver got, sorted.
func (rc *receiver) types(t *testing.T) []string {
	t.Helper()
	var got []string
	for _, rq := range rc.requests() {
		var p struct{ Type string }
		if err := json.Unmarshal(rq.body, &p); err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Type)
	}
	slices.Sort(got)
	return got
}

// endpoint registers an endpoint over HTTP as the token's principal and
// returns its id and secret.
func (e env) endpoint(t *testing.T, tenantID, token, url string, eventTypes ...string) (string, string) {
	t.Helper()
	body := map[string]any{"url": url}
	if len(eventTypes) > 0 {
		body["eventTypes"] = eventTypes
	}
	r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/" + tenantID + "/webhooks", Token: token, Body: body})
	if r.Status != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", r.Status, r.Body)
	}
	var out struct{ ID, Secret string }
	r.Decode(t, &out)
	return out.ID, out.Secret
}

// buy makes a purchase over HTTP and returns the subscription's id.
func (e env) buy(t *testing.T, tenantID, token, productID, key string) string {
	t.Helper()
	r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/" + tenantID + "/subscriptions", Token: token,
		Body:   map[string]any{"productId": productID, "billingFrequency": "monthly", "quantity": 2, "paymentMethodId": "pm_1"},
		Header: map[string]string{"Idempotency-Key": key}})
	if r.Status != http.StatusCreated {
		t.Fatalf("purchase of %s: %d %s", productID, r.Status, r.Body)
	}
	var s struct{ ID string }
	r.Decode(t, &s)
	return s.ID
}

// deliveries lists an endpoint's deliveries from the store.
func (e env) deliveries(t *testing.T, endpointID string) []domain.Delivery {
	t.Helper()
	ds, _, err := e.Store.ListDeliveries(context.Background(), endpointID, store.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// Products of the tests.
const (
	powerBIPro = "CFQ7TTC0L3PB" // self-service
	e3         = "CFQ7TTC0LFLX" // central and partner
)

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/dynamo"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// startStreaming starts a runner on tmpl whose stream is polled into the
// real stream handlers plus extra (by function name) until the test ends.
func startStreaming(t *testing.T, tmpl *template.Template, extra map[string]StreamHandler) *httptest.Server {
	t.Helper()
	db := ddbtest.New(t)
	cfg, err := dynamo.Config(context.Background(), dynamo.Options{Endpoint: db.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.Frozen(t0)
	log := ddbtest.Logger(t)
	st := store.New(db.Client, db.Table)
	streams := streamHandlers(st, clk.Now, log, nil)
	for name, h := range extra {
		streams[name] = h
	}
	rn, err := newRunner(config{Template: tmpl, DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clk, Scheduled: scheduledHandlers(st, clk.Now, log, nil, nil),
		Stream: streams, Streams: dynamodbstreams.NewFromConfig(cfg), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); srv.Close() })
	rn.runStreams(ctx)
	return srv
}

// TestWebhookThroughTheRunner: the whole local system — API, the table's
// stream polled into WebhookDispatch, and WebhookRetrySweep run by a clock
// advance — delivers a purchase to a receiver on 127.0.0.1, signed so that
// the Standard Webhooks library verifies it (timestamp window included),
// and retries it with the same webhook-id after a failure.
func TestWebhookThroughTheRunner(t *testing.T) {
	srv := startStreaming(t, ddbtest.Template(t), nil)

	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got, bodies = append(got, r), append(bodies, b)
		if len(got) == 1 {
			w.WriteHeader(http.StatusInternalServerError) // the first attempt fails
		}
	}))
	defer recv.Close()
	requests := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(got)
	}

	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	admin := out["token"].(string)
	status, ep := call(t, srv, "POST", "/v1/tenants/contoso/webhooks", admin, `{"url":"`+recv.URL+`/hooks"}`)
	if status != http.StatusCreated {
		t.Fatalf("create endpoint: %d %v", status, ep)
	}
	if status, out := callKey(t, srv, "POST", "/v1/tenants/contoso/subscriptions", admin,
		`{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_1"}`, "buy-1"); status != http.StatusCreated {
		t.Fatalf("purchase: %d %v", status, out)
	}
	// The stream poller delivers the first attempt in the background: wait
	// until its failure is recorded (retry due in 5 s), not merely received —
	// until then the delivery is claimed and the retry sweep leaves it.
	deliveries := "/v1/tenants/contoso/webhooks/" + ep["id"].(string) + "/deliveries"
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, out := call(t, srv, "GET", deliveries, admin, "")
		items, _ := out["items"].([]any)
		if status == http.StatusOK && len(items) == 1 {
			d := items[0].(map[string]any)
			if as, _ := d["attempts"].([]any); len(as) == 1 && d["status"] == "pending" {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("first attempt not recorded: receiver got %d requests, deliveries %d %v", requests(), status, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The clock answers once the due sweeps have run: the retry is sent.
	if status, out := call(t, srv, "POST", "/_local/clock", "", `{"advance":"5s"}`); status != http.StatusOK {
		t.Fatalf("clock: %d %v", status, out)
	}
	if n := requests(); n != 2 {
		t.Fatalf("receiver got %d requests after the retry was due, want 2", n)
	}

	wh, err := standardwebhooks.NewWebhook(ep["secret"].(string))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for i, r := range got {
		if err := wh.Verify(bodies[i], r.Header); err != nil {
			t.Errorf("attempt %d does not verify: %v", i+1, err)
		}
	}
	if got[0].Header.Get("webhook-id") != got[1].Header.Get("webhook-id") || !bytes.Equal(bodies[0], bodies[1]) {
		t.Errorf("the retry differs from the first attempt: ids %s, %s", got[0].Header.Get("webhook-id"), got[1].Header.Get("webhook-id"))
	}
	if !bytes.Contains(bodies[0], []byte(`"type":"subscription.created"`)) {
		t.Errorf("payload: %s", bodies[0])
	}
}

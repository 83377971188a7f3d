package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/dynamo"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// noEndpoints stands in for WebhookDispatch where no endpoint exists.
func noEndpoints(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return events.DynamoDBEventResponse{}, nil
}

// TestStreamReachesStreamFunctions: outbox inserts committed through the API
// reach a stream-triggered function as Lambda would deliver them, and a
// record the function reports as failed is delivered again, with the ones
// after it, until it succeeds.
func TestStreamReachesStreamFunctions(t *testing.T) {
	tmpl := *ddbtest.Template(t)
	tmpl.Functions = append(append([]template.Function(nil), tmpl.Functions...), template.Function{Name: "RecordingDispatch", Stream: true})
	db := ddbtest.New(t)
	cfg, err := dynamo.Config(context.Background(), dynamo.Options{Endpoint: db.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string // event types, in delivery order, one per delivery
	failedOnce := false
	handler := func(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		var resp events.DynamoDBEventResponse
		for _, r := range ev.Records {
			img := r.Change.NewImage
			if r.EventName != "INSERT" || img["kind"].String() != "event" {
				continue
			}
			seen = append(seen, img["payload"].String())
			if !failedOnce {
				failedOnce = true
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
				break
			}
		}
		return resp, nil
	}
	rn, err := newRunner(config{Template: &tmpl, DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clock.Frozen(t0), Scheduled: scheduledHandlers(store.New(db.Client, db.Table), clock.Frozen(t0).Now, slog.Default()),
		Stream: map[string]StreamHandler{"RecordingDispatch": handler, "WebhookDispatch": noEndpoints}, Streams: dynamodbstreams.NewFromConfig(cfg),
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rn.runStreams(ctx)

	_, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	call(t, srv, "PUT", "/v1/tenants/contoso", out["token"].(string), `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`)
	_, out = call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	admin := out["token"].(string)
	for _, body := range []string{`{"policyValue":"Disabled"}`, `{"policyValue":"OnlyTrialsWithoutPaymentMethod"}`} {
		if status, out := call(t, srv, "PUT", "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products/CFQ7TTC0KP0N", admin, body); status != 200 {
			t.Fatalf("policy update: %d %v", status, out)
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n := len(seen)
		mu.Unlock()
		if n >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	// The first event is delivered, reported failed, and delivered again
	// with the second: three deliveries, in commit order.
	if len(seen) != 3 || seen[0] != seen[1] || seen[1] == seen[2] {
		t.Fatalf("deliveries = %d %q, want the first event twice then the second", len(seen), seen)
	}
	if !bytes.Contains([]byte(seen[0]), []byte(`"policyValue":"Disabled"`)) || !bytes.Contains([]byte(seen[2]), []byte(`"policyValue":"OnlyTrialsWithoutPaymentMethod"`)) {
		t.Errorf("deliveries out of order: %q", seen)
	}
}

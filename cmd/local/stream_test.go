package main

import (
	"bytes"
	"compress/flate"
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/ddbtest"
	"selfserve/shared/template"
)

// TestStreamReachesStreamFunctions: outbox inserts committed through the API
// reach a stream-triggered function as Lambda would deliver them, and a
// record the function reports as failed is delivered again, with the ones
// after it, until it succeeds.
func TestStreamReachesStreamFunctions(t *testing.T) {
	tmpl := *ddbtest.Template(t)
	tmpl.Functions = append(append([]template.Function(nil), tmpl.Functions...), template.Function{Name: "RecordingDispatch", Stream: true})
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
			payload, err := io.ReadAll(flate.NewReader(bytes.NewReader(img["payloadZ"].Binary()))) // stored deflated
			if err != nil {
				t.Error(err)
			}
			seen = append(seen, string(payload))
			if !failedOnce {
				failedOnce = true
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
				break
			}
		}
		return resp, nil
	}
	srv := startStreaming(t, &tmpl, map[string]StreamHandler{"RecordingDispatch": handler})

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

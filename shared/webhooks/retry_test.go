package webhooks_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

// TestRetrySchedule: a receiver that fails N times and then succeeds gets
// attempts at once, +5 s, +5 min, +30 min, +2 h, +5 h, +10 h, +10 h (as
// far as N needs), each with the same webhook-id and byte-identical body,
// and none before it is due. A receiver that never succeeds gets 8
// attempts and the delivery ends failed.
func TestRetrySchedule(t *testing.T) {
	offsets := []time.Duration{0}
	for _, d := range domain.RetryDelays {
		offsets = append(offsets, offsets[len(offsets)-1]+d)
	}
	tests := []struct {
		name     string
		failures int
		want     domain.DeliveryStatus
	}{
		{"fails once", 1, domain.DeliverySucceeded},
		{"fails 5 times", 5, domain.DeliverySucceeded},
		{"fails 7 times, the 8th succeeds", 7, domain.DeliverySucceeded},
		{"never succeeds", 8, domain.DeliveryFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			script := make([]int, tt.failures)
			for i := range script {
				script[i] = []int{500, 502, 503, 404, 400}[i%5]
			}
			rc := newReceiver(t, script...)
			admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
			id, _ := e.endpoint(t, "contoso", admin, rc.URL)
			e.buy(t, "contoso", admin, e3, "k")
			e.dispatch(t)
			attempts := min(tt.failures+1, domain.MaxAttempts)
			for i := 1; i < attempts; i++ {
				e.Clock.Set(apitest.T0.Add(offsets[i] - time.Millisecond))
				if r := e.retrySweep(t); r.Processed != 0 {
					t.Fatalf("attempt %d ran %s early", i+1, time.Millisecond)
				}
				e.Clock.Set(apitest.T0.Add(offsets[i]))
				if r := e.retrySweep(t); r.Processed != 1 {
					t.Fatalf("retry sweep at +%s processed %d, want 1", offsets[i], r.Processed)
				}
			}
			e.Clock.Advance(30 * time.Hour)
			if r := e.retrySweep(t); r.Processed != 0 {
				t.Errorf("a finished delivery was attempted again")
			}
			got := rc.requests()
			if len(got) != attempts {
				t.Fatalf("receiver got %d attempts, want %d", len(got), attempts)
			}
			for i, rq := range got {
				if want := strconv.FormatInt(apitest.T0.Add(offsets[i]).Unix(), 10); rq.header.Get("webhook-timestamp") != want {
					t.Errorf("attempt %d at %s, want %s (+%s)", i+1, rq.header.Get("webhook-timestamp"), want, offsets[i])
				}
				if rq.header.Get("webhook-id") != got[0].header.Get("webhook-id") || !bytes.Equal(rq.body, got[0].body) {
					t.Errorf("attempt %d: webhook-id %s and body differ from the first attempt's", i+1, rq.header.Get("webhook-id"))
				}
			}
			ds := e.deliveries(t, id)
			if len(ds) != 1 || ds[0].Status != tt.want || len(ds[0].Attempts) != attempts || !ds[0].NextAttemptAt.IsZero() {
				t.Fatalf("delivery = %+v, want one %s with %d attempts", ds, tt.want, attempts)
			}
			if ds[0].EventID != got[0].header.Get("webhook-id") {
				t.Errorf("delivery event %s, webhook-id %s", ds[0].EventID, got[0].header.Get("webhook-id"))
			}
		})
	}
}

// TestRetryAfterAndGone: a 503 with Retry-After: 3600 waits an hour, not
// 5 s; a 410 disables the endpoint at once, fails the delivery, and later
// events are not sent to it.
func TestRetryAfterAndGone(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, 503, 410)
	rc.header.Set("Retry-After", "3600")
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	id, _ := e.endpoint(t, "contoso", admin, rc.URL)
	e.buy(t, "contoso", admin, e3, "k1")
	e.dispatch(t)
	ds := e.deliveries(t, id)
	if want := apitest.T0.Add(time.Hour); len(ds) != 1 || !ds[0].NextAttemptAt.Equal(want) {
		t.Fatalf("after 503 with Retry-After: next attempt %v, want %s", ds, want)
	}
	e.Clock.Advance(time.Minute)
	if r := e.retrySweep(t); r.Processed != 0 {
		t.Fatal("retried before Retry-After")
	}
	e.Clock.Set(apitest.T0.Add(time.Hour))
	e.retrySweep(t) // 410
	ep, err := e.Store.GetEndpoint(context.Background(), "contoso", id)
	if err != nil {
		t.Fatal(err)
	}
	if ep.Status != domain.EndpointDisabled || ep.DisabledReason != domain.DisabledGone {
		t.Errorf("after 410: endpoint %s (%s), want disabled (gone)", ep.Status, ep.DisabledReason)
	}
	if ds := e.deliveries(t, id); ds[0].Status != domain.DeliveryFailed {
		t.Errorf("after 410: delivery %s, want failed", ds[0].Status)
	}
	e.buy(t, "contoso", admin, e3, "k2")
	e.dispatch(t)
	if n := len(rc.requests()); n != 2 {
		t.Errorf("a disabled endpoint got a delivery (%d requests, want 2)", n)
	}
	r := e.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity", Token: admin})
	if !bytes.Contains(r.Body, []byte(`"operation":"DisableWebhookEndpoint"`)) {
		t.Errorf("no activity record of the disabling: %s", r.Body)
	}
}

// TestFailingFiveDaysDisables: an endpoint failing every attempt of
// deliveries spread over 5 days is disabled at the first failure 5 days
// after its first; a success before that clears the count.
func TestFailingFiveDaysDisables(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	rc.script = make([]int, 1000)
	for i := range rc.script {
		rc.script[i] = 500
	}
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	id, _ := e.endpoint(t, "contoso", admin, rc.URL)
	for day := 0; day <= 5; day++ {
		e.Clock.Set(apitest.T0.Add(time.Duration(day) * 24 * time.Hour))
		e.buy(t, "contoso", admin, e3, "k"+strconv.Itoa(day))
		e.dispatch(t)
		ep, err := e.Store.GetEndpoint(context.Background(), "contoso", id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ep.Status == domain.EndpointDisabled, day == 5; got != want {
			t.Fatalf("day %d: disabled = %v, want %v", day, got, want)
		}
		if !ep.FailingSince.Equal(apitest.T0) {
			t.Fatalf("day %d: failingSince = %s, want the first failure %s", day, ep.FailingSince, apitest.T0)
		}
	}
	// Pending retries of a disabled endpoint are cancelled when due.
	e.Clock.Advance(time.Minute)
	e.retrySweep(t)
	for _, d := range e.deliveries(t, id) {
		if d.Status == domain.DeliveryPending {
			t.Errorf("delivery %s still pending on a disabled endpoint", d.ID)
		}
	}
}

// TestDispatcherKilledMidBatch: WebhookDispatch cut off in the middle of
// a batch (its context cancelled) reports the records it did not start;
// processing the batch again from the first of them, and the retry sweep
// taking over the attempts cut off in flight, deliver every event; events
// delivered twice carry the same webhook-id and body.
func TestDispatcherKilledMidBatch(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	id, _ := e.endpoint(t, "contoso", admin, rc.URL)
	const n = 40
	for i := range n {
		e.buy(t, "contoso", admin, e3, "k"+strconv.Itoa(i))
	}
	// One batch of the outbox inserts, as the deployed event source's
	// filter hands them over.
	var batch events.DynamoDBEvent
	for {
		batches, err := e.stream.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(batches) == 0 {
			break
		}
		for _, b := range batches {
			for _, r := range b.Records {
				if r.EventName == "INSERT" && r.Change.NewImage["kind"].String() == "event" {
					batch.Records = append(batch.Records, r)
				}
			}
		}
	}
	if len(batch.Records) != n {
		t.Fatalf("stream carried %d outbox inserts, want %d", len(batch.Records), n)
	}
	e.dl.Workers = 4
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Killed when the (n/3)-th request arrives, that attempt in flight: the
	// receiver answers it only once the dispatcher has given it up.
	rc.onRequest(func(k int, r *http.Request) {
		if k == n/3 {
			cancel()
			<-r.Context().Done()
		}
	})
	resp, err := e.dl.HandleStream(ctx, batch)
	rc.onRequest(nil)
	if err != nil {
		t.Fatal(err)
	}
	first := len(rc.requests())
	if len(resp.BatchItemFailures) == 0 || first >= n {
		t.Fatalf("killed run delivered %d of %d and reported %d failures; want it cut off", first, n, len(resp.BatchItemFailures))
	}
	again := fromFirstFailure(batch.Records, resp)
	resp, err = e.dl.HandleStream(context.Background(), events.DynamoDBEvent{Records: again})
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("second run: %+v, %v", resp, err)
	}
	// Attempts cut off in flight were claimed: the retry sweep sends them
	// when their claims end.
	e.Clock.Advance(domain.ClaimLease)
	e.retrySweep(t)
	bodies := map[string][]byte{}
	for _, rq := range rc.requests() {
		wid := rq.header.Get("webhook-id")
		if b, seen := bodies[wid]; seen && !bytes.Equal(b, rq.body) {
			t.Errorf("webhook-id %s delivered with two bodies", wid)
		}
		bodies[wid] = rq.body
	}
	if len(bodies) != n {
		t.Errorf("%d distinct events delivered, want all %d", len(bodies), n)
	}
	ds := e.deliveries(t, id)
	if len(ds) != n {
		t.Errorf("%d delivery records, want %d", len(ds), n)
	}
	for _, d := range ds {
		if d.Status != domain.DeliverySucceeded {
			t.Errorf("delivery %s is %s", d.ID, d.Status)
		}
	}
	t.Logf("killed after %d deliveries; %d requests in all for %d events", first, len(rc.requests()), n)
}

// TestConcurrentRetrySweepsSendOnce: overlapping runs of the retry sweep
// send a due delivery once — the first run claims it before sending.
func TestConcurrentRetrySweepsSendOnce(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, 500)
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	e.endpoint(t, "contoso", admin, rc.URL)
	e.buy(t, "contoso", admin, e3, "k")
	e.dispatch(t) // the first attempt fails
	e.Clock.Advance(5 * time.Second)
	var wg sync.WaitGroup
	processed := make([]int, 4)
	// The run that sends the retry holds it in flight until the three
	// others have ended: they all run while it is claimed.
	ended := make(chan struct{}, len(processed))
	rc.onRequest(func(k int, _ *http.Request) {
		if k == 2 {
			for range len(processed) - 1 {
				<-ended
			}
		}
	})
	for i := range processed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.sweep.Run(context.Background(), "WebhookRetrySweep", e.Clock.Now())
			if err != nil {
				t.Error(err)
			}
			processed[i] = r.Processed
			ended <- struct{}{}
		}()
	}
	wg.Wait()
	if got := len(rc.requests()); got != 2 {
		t.Errorf("receiver got %d requests, want 2 (the first attempt and one retry)", got)
	}
	if total := processed[0] + processed[1] + processed[2] + processed[3]; total != 1 {
		t.Errorf("runs processed %v, want one retry in all", processed)
	}
}

package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
)

// bulkAssign posts us to the bulk route with key, as a client does: sent
// again with the key while the API stops it before its time limit (503).
func bulkAssign(t *testing.T, env *apitest.Env, token, subID, key string, us []domain.LicenseUser) *apitest.Response {
	t.Helper()
	return untilAnswered(t, env, apitest.Request{Method: "POST", Path: subPath(subID) + "/licenses/bulk", Token: token, Body: map[string]any{"users": us},
		Header: map[string]string{"Idempotency-Key": key}})
}

// untilAnswered sends req (a request committed in steps, with its key)
// again while it answers 503 unavailable: each run goes further, so it
// ends however slow the machine.
func untilAnswered(t *testing.T, env *apitest.Env, req apitest.Request) *apitest.Response {
	t.Helper()
	for range 100 {
		if r := env.Do(t, req); r.Status != http.StatusServiceUnavailable {
			return r
		}
	}
	t.Fatalf("%s %s: still 503 after 100 runs", req.Method, req.Path)
	return nil
}

type bulkResult struct {
	Subscription                   subView
	Requested, Assigned, Unchanged int
}

// addedByEvents counts, per user, the licenses.changed events of subID
// that name it as added.
func addedByEvents(t *testing.T, env *apitest.Env, subID string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range env.Items(t, "event") {
		if e["type"] != domain.EventLicensesChanged || e["subscriptionId"] != subID {
			continue
		}
		var p struct {
			Data struct{ Added []string }
		}
		if err := json.Unmarshal([]byte(e["payload"].(string)), &p); err != nil {
			t.Fatal(err)
		}
		for _, id := range p.Data.Added {
			out[id]++
		}
	}
	return out
}

// TestBulkAssignTenThousandUsersSurvivesACrash: 10,000 users in one
// request (a body far over 64 KiB), cut off half way as a crash would cut
// it: the seats of the rest stay reserved (no one else can take them), a
// retry with the same key completes it and answers as an uninterrupted
// request would have, every user is licensed once and named in one event.
func TestBulkAssignTenThousandUsersSurvivesACrash(t *testing.T) {
	env := apitest.NewOn(t, ddbtest.NewDedicated(t)) // heavy: its own DynamoDB Local
	env.MustPutTenant(t, "contoso", "")
	ctx := context.Background()
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	const n = 10000
	s := buy(t, env, admin, fmt.Sprintf(`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":%d}`, n))
	all := users("b", n)
	if r := assign(t, env, admin, s.ID, all[:5]); r.Status != 200 { // 5 hold one already
		t.Fatal(r.Status, string(r.Body))
	}
	var cutting atomic.Bool
	cutting.Store(true)
	env.App.Hooks.AfterAssignChunk = func(assigned int) error {
		if cutting.Load() && assigned >= n/2 {
			return errors.New("cut off half way")
		}
		return nil
	}
	if r := bulkAssign(t, env, admin, s.ID, "bulk-1", all); r.Status != 500 {
		t.Fatalf("the cut request answered %d %s, want 500", r.Status, r.Body)
	}
	cutting.Store(false)
	ls, err := env.Store.AllLicenses(ctx, "contoso", s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < n/2 || len(ls) >= n {
		t.Fatalf("after the cut: %d licensed, want a request cut half way", len(ls))
	}
	// The seats of the users still waiting are held for them.
	if r := assign(t, env, admin, s.ID, users("other", 1)); r.Status != 409 || !strings.Contains(string(r.Body), "insufficient_licenses") {
		t.Errorf("another user during the cut request: %d %s, want 409 insufficient_licenses", r.Status, r.Body)
	}

	r := bulkAssign(t, env, admin, s.ID, "bulk-1", all)
	if r.Status != 200 {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	var got bulkResult
	r.Decode(t, &got)
	if got.Requested != n || got.Assigned != n-5 || got.Unchanged != 5 || got.Subscription.AssignedLicenses != n {
		t.Errorf("answer = requested %d assigned %d unchanged %d (subscription %d assigned), want %d, %d, 5 (%d)",
			got.Requested, got.Assigned, got.Unchanged, got.Subscription.AssignedLicenses, n, n-5, n)
	}
	replay := bulkAssign(t, env, admin, s.ID, "bulk-1", all)
	if replay.Status != 200 || string(replay.Body) != string(r.Body) || replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s, want the same answer replayed", replay.Status, replay.Header)
	}
	f, err := env.Store.GetFamily(ctx, "contoso", s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Base.AssignedLicenses != n || f.Base.ReservedLicenses != 0 {
		t.Errorf("subscription assigned %d reserved %d, want %d and 0", f.Base.AssignedLicenses, f.Base.ReservedLicenses, n)
	}
	if ls, _ = env.Store.AllLicenses(ctx, "contoso", s.ID); len(ls) != n {
		t.Errorf("%d licenses, want %d", len(ls), n)
	}
	events := addedByEvents(t, env, s.ID)
	for _, u := range all[5:] {
		if events[u.ID] != 1 {
			t.Fatalf("user %s is named in %d licenses.changed events, want 1", u.ID, events[u.ID])
		}
	}
}

// TestBulkAssignRefusals: the bulk route's bad requests change nothing.
func TestBulkAssignRefusals(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":300}`)
	big := users("x", 300) // ~25 KiB of JSON with names padded below: over 64 KiB
	for i := range big {
		big[i].Name = strings.Repeat("n", 250)
	}
	if r := bulkAssign(t, env, admin, s.ID, "big", big); r.Status != 200 {
		t.Fatalf("300 users in a %d-byte body: %d %s, want 200", len(mustJSON(t, map[string]any{"users": big})), r.Status, r.Body)
	}
	for _, c := range []struct {
		name   string
		req    apitest.Request
		status int
		code   string
	}{
		{"no key", apitest.Request{Body: map[string]any{"users": users("y", 1)}}, 400, "invalid_request"},
		{"too many", apitest.Request{Body: map[string]any{"users": users("y", domain.MaxUsersPerBulkAssignment+1)}, Header: map[string]string{"Idempotency-Key": "k1"}}, 400, "invalid_request"},
		{"over 4 MiB", apitest.Request{Body: `{"users":[` + strings.Repeat(" ", 4<<20) + `]}`, Header: map[string]string{"Idempotency-Key": "k2"}}, 413, "payload_too_large"},
		{"more than available", apitest.Request{Body: map[string]any{"users": users("y", 1)}, Header: map[string]string{"Idempotency-Key": "k3"}}, 409, "insufficient_licenses"},
		{"same key, other users", apitest.Request{Body: map[string]any{"users": users("z", 1)}, Header: map[string]string{"Idempotency-Key": "big"}}, 422, "idempotency_key_mismatch"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(env.Items(t, "license"))
			c.req.Method, c.req.Path, c.req.Token = "POST", subPath(s.ID)+"/licenses/bulk", admin
			r := env.Do(t, c.req)
			if r.Status != c.status || !strings.Contains(string(r.Body), c.code) {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, c.status, c.code)
			}
			if got := len(env.Items(t, "license")); got != before {
				t.Errorf("licenses %d → %d: a refused request changed something", before, got)
			}
		})
	}
	if got := len(env.Items(t, "progress")); got != 1 {
		t.Errorf("%d progress records, want only the first request's", got)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBulkAssignDuplicateWhileRunning: when another run of the same
// request (same key) has moved it on, a run stops at once with 409
// idempotency_key_in_use instead of racing it for eight retries; sent again
// with the key, it finishes, every user licensed once.
func TestBulkAssignDuplicateWhileRunning(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":500}`)
	all := users("d", 400)
	req := apitest.Request{Method: "POST", Path: subPath(s.ID) + "/licenses/bulk", Token: admin, Body: map[string]any{"users": all},
		Header: map[string]string{"Idempotency-Key": "dup"}}
	calls := 0
	var second *apitest.Response
	env.App.Hooks.AfterAssignChunk = func(int) error {
		switch calls++; calls {
		case 1: // the first run did a step: its duplicate runs now…
			second = env.Do(t, req)
		case 2: // …does a step of its own, and is cut off
			return errors.New("cut off")
		}
		return nil
	}
	first := env.Do(t, req)
	env.App.Hooks.AfterAssignChunk = nil
	if second.Status != 500 {
		t.Fatalf("the duplicate answered %d %s, want the cut's 500", second.Status, second.Body)
	}
	if first.Status != 409 || first.Code() != "idempotency_key_in_use" {
		t.Errorf("the first run, overtaken, answered %d %s; want 409 idempotency_key_in_use", first.Status, first.Body)
	}
	if r := untilAnswered(t, env, req); r.Status != 200 {
		t.Fatalf("sent again: %d %s", r.Status, r.Body)
	}
	if got := len(env.Items(t, "license")); got != len(all) {
		t.Errorf("%d licenses, want %d", got, len(all))
	}
	for id, n := range addedByEvents(t, env, s.ID) {
		if n != 1 {
			t.Errorf("user %s named in %d events, want 1", id, n)
		}
	}
}

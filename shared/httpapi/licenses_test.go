package httpapi_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
)

func users(prefix string, n int) []domain.LicenseUser {
	out := make([]domain.LicenseUser, n)
	for i := range out {
		id := fmt.Sprintf("%s%05d", prefix, i)
		out[i] = domain.LicenseUser{ID: id, Name: "User " + id, Email: id + "@contoso.example.com"}
	}
	return out
}

func assign(t *testing.T, env *apitest.Env, token, subID string, us []domain.LicenseUser) *apitest.Response {
	t.Helper()
	return env.Do(t, apitest.Request{Method: "POST", Path: subPath(subID) + "/licenses", Token: token, Body: map[string]any{"users": us}})
}

func TestLicenses(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_1"}`)

	r := assign(t, env, bob, s.ID, users("u", 2))
	var res struct {
		Subscription subView
		Assigned     []string
		Unchanged    []string
	}
	r.Decode(t, &res)
	if r.Status != 200 || len(res.Assigned) != 2 || res.Subscription.AssignedLicenses != 2 {
		t.Fatalf("assign 2: %d %s", r.Status, r.Body)
	}
	// Assigning an assigned user is a no-op; capacity counts only new ones.
	r = assign(t, env, bob, s.ID, users("u", 3))
	r.Decode(t, &res)
	if r.Status != 200 || len(res.Assigned) != 1 || len(res.Unchanged) != 2 || res.Subscription.AssignedLicenses != 3 {
		t.Errorf("assign 3 (2 already): %d %s", r.Status, r.Body)
	}
	r = assign(t, env, bob, s.ID, users("v", 1))
	if r.Status != 409 || r.Code() != "insufficient_licenses" || !strings.Contains(string(r.Body), `"available":0`) || !strings.Contains(string(r.Body), `"requested":1`) {
		t.Errorf("over capacity: %d %s, want 409 insufficient_licenses with available 0 and requested 1", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"quantity":2}`}); r.Status != 409 || r.Code() != "quantity_below_assigned" {
		t.Errorf("quantity below assigned: %d %s", r.Status, r.Body)
	}
	// The admin can't touch the licenses of a self-service subscription
	// before taking it over.
	if r := assign(t, env, admin, s.ID, users("w", 1)); r.Status != 403 || r.Code() != "takeover_required" {
		t.Errorf("admin assign before take-over: %d %s, want 403 takeover_required", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "DELETE", Path: subPath(s.ID) + "/licenses/u00000", Token: bob}); r.Status != 200 {
		t.Errorf("unassign: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "DELETE", Path: subPath(s.ID) + "/licenses/u00000", Token: bob}); r.Status != 404 {
		t.Errorf("unassign again: %d %s, want 404", r.Status, r.Body)
	}
	var l struct{ Items []domain.License }
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(s.ID) + "/licenses", Token: bob}).Decode(t, &l)
	if len(l.Items) != 2 || l.Items[0].UserID != "u00001" {
		t.Errorf("licenses = %+v, want u00001 and u00002", l.Items)
	}

	// A second subscription of the same product by another purchaser: the
	// summary lists the product once, totals its quantity, groups users.
	carol := env.Token(t, "contoso", "carol")
	s2 := buy(t, env, carol, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"annual","quantity":4,"paymentMethodId":"pm_2"}`)
	assign(t, env, carol, s2.ID, users("c", 1))
	var sum struct {
		Items []struct {
			ProductID                     string
			Quantity, Assigned, Available int
			SubscriptionIDs               []string
			Purchasers                    []struct {
				Purchaser domain.Purchaser
				Users     []domain.LicenseUser
			}
		}
	}
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/licenses", Token: admin}).Decode(t, &sum)
	if len(sum.Items) != 1 {
		t.Fatalf("summary items = %+v, want Power BI Pro once", sum.Items)
	}
	it := sum.Items[0]
	if it.Quantity != 7 || it.Assigned != 3 || it.Available != 4 || len(it.SubscriptionIDs) != 2 || len(it.Purchasers) != 2 {
		t.Errorf("summary = %+v, want quantity 7, assigned 3, available 4, two purchasers", it)
	}
	if it.Purchasers[0].Purchaser.UserID != "bob" || len(it.Purchasers[0].Users) != 2 || len(it.Purchasers[1].Users) != 1 {
		t.Errorf("grouping = %+v", it.Purchasers)
	}
	if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/licenses", Token: bob}); r.Status != 403 {
		t.Errorf("user summary: %d, want 403", r.Status)
	}

	// CSV export of chosen subscriptions (RFC 4180, header row).
	r = env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/licenses/export?subscriptionId=" + s.ID + "&subscriptionId=" + s2.ID, Token: admin})
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(r.Body), "\r\n") {
		t.Fatalf("export: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "subscriptionId" || rows[0][3] != "userId" {
		t.Errorf("csv rows = %q, want a header and 3 users", rows)
	}
}

// TestSeedTakeOverAndMoveUsers: an admin takes over a self-service
// subscription and moves its 3 users to a central subscription with 2 free
// licenses (409, nothing changed), then with 5 (done, source Deleted, the
// purchaser's event written).
func TestSeedTakeOverAndMoveUsers(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	src := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_1"}`)
	if r := assign(t, env, bob, src.ID, users("m", 3)); r.Status != 200 {
		t.Fatalf("assign: %d %s", r.Status, r.Body)
	}
	target := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2}`)
	move := func(key string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin,
			Body: `{"targetSubscriptionId":"` + target.ID + `"}`, Header: map[string]string{"Idempotency-Key": key}})
	}
	// A move before the take-over would take it over (spec §15), but this
	// one is refused — the target is too small — and changes nothing.
	if r := move("m-0"); r.Status != 409 || r.Code() != "insufficient_licenses" {
		t.Fatalf("move before take-over into 2 licenses: %d %s", r.Status, r.Body)
	}
	var still subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(src.ID), Token: admin}).Decode(t, &still)
	if still.TakenOver != nil {
		t.Errorf("a refused move took the subscription over: %+v", still.TakenOver)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/takeover", Token: admin}); r.Status != 200 {
		t.Fatalf("take over: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/takeover", Token: admin}); r.Status != 200 {
		t.Errorf("take over again (idempotent): %d %s", r.Status, r.Body)
	}
	// Now the purchaser no longer manages it; the admin does.
	if r := assign(t, env, bob, src.ID, users("x", 1)); r.Status != 403 {
		t.Errorf("purchaser after take-over: %d, want 403", r.Status)
	}
	before := len(env.Items(t, "license"))
	if r := move("m-1"); r.Status != 409 || r.Code() != "insufficient_licenses" {
		t.Fatalf("move to 2 free licenses: %d %s", r.Status, r.Body)
	}
	if got := len(env.Items(t, "license")); got != before {
		t.Errorf("licenses %d → %d after a refused move, want unchanged", before, got)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(target.ID), Token: admin, Body: `{"quantity":5}`}); r.Status != 200 {
		t.Fatalf("grow target: %d %s", r.Status, r.Body)
	}
	r := move("m-2")
	if r.Status != 200 {
		t.Fatalf("move to 5: %d %s", r.Status, r.Body)
	}
	var got subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(src.ID), Token: admin}).Decode(t, &got)
	if got.Status != domain.StatusDeleted || got.CancellationReason != "usersMoved" {
		t.Errorf("source = %s (%s), want Deleted usersMoved", got.Status, got.CancellationReason)
	}
	var tl struct{ Items []domain.License }
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(target.ID) + "/licenses", Token: admin}).Decode(t, &tl)
	if len(tl.Items) != 3 {
		t.Errorf("target licenses = %d, want 3", len(tl.Items))
	}
	notified := false
	for _, e := range env.Items(t, "event") {
		if e["type"] == domain.EventSubscriptionCancelled && e["subscriptionId"] == src.ID && e["purchaserId"] == "bob" &&
			strings.Contains(e["payload"].(string), `"reason":"usersMoved"`) {
			notified = true
		}
	}
	if !notified {
		t.Error("no subscription.cancelled event with reason usersMoved for the purchaser")
	}
	if again := move("m-2"); again.Status != 200 || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d replayed=%q", again.Status, again.Header.Get("Idempotent-Replayed"))
	}
}

// TestAdminCancelOfSelfServiceImpliesTakeOver: immediate, whatever the
// window; credit only inside it; the purchaser gets the reason.
func TestAdminCancelOfSelfServiceImpliesTakeOver(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleBillingAdmin)
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	assign(t, env, bob, s.ID, users("z", 1))
	env.Clock.Advance(3 * 24 * time.Hour)
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: admin, Body: `{"reason":"policy: unapproved tool"}`})
	var got subView
	r.Decode(t, &got)
	if r.Status != 200 || got.Status != domain.StatusDeleted || got.TakenOver == nil || got.Credit.Amount != 0 {
		t.Fatalf("admin cancel after the window: %d %s", r.Status, r.Body)
	}
	var l struct{ Items []domain.License }
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(s.ID) + "/licenses", Token: admin}).Decode(t, &l)
	if len(l.Items) != 0 {
		t.Errorf("users still licensed: %+v", l.Items)
	}
	found := false
	for _, e := range env.Items(t, "event") {
		found = found || (e["type"] == domain.EventSubscriptionCancelled && strings.Contains(e["payload"].(string), "unapproved tool"))
	}
	if !found {
		t.Error("the purchaser's subscription.cancelled event with the reason is missing")
	}
}

// TestMoveTenThousandUsersSurvivesACrash: a move of 10,000 users killed half
// way (the client disconnects) is completed by a retry with the same
// Idempotency-Key; no user is ever without a license, none is licensed
// twice, and the source ends Deleted once.
func TestMoveTenThousandUsersSurvivesACrash(t *testing.T) {
	env := apitest.NewOn(t, ddbtest.NewDedicated(t)) // heavy: its own DynamoDB Local
	env.MustPutTenant(t, "contoso", "")
	ctx := context.Background()
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	const n = 10000
	src := buy(t, env, admin, fmt.Sprintf(`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":%d}`, n))
	target := buy(t, env, admin, fmt.Sprintf(`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":%d}`, n))
	all := users("p", n)
	if r := bulkAssign(t, env, admin, src.ID, "setup", all); r.Status != 200 {
		t.Fatalf("assign: %d %s", r.Status, r.Body)
	}
	// 5 users already hold a target license: they need none.
	if r := assign(t, env, admin, target.ID, all[:5]); r.Status != 200 {
		t.Fatal(r.Status)
	}
	// countAll returns how many users hold a source license, a target one,
	// and either.
	countAll := func() (inSrc, inTarget, licensed int) {
		ls, err := env.Store.AllLicenses(ctx, "contoso", src.ID)
		if err != nil {
			t.Fatal(err)
		}
		lt, err := env.Store.AllLicenses(ctx, "contoso", target.ID)
		if err != nil {
			t.Fatal(err)
		}
		users := map[string]bool{}
		for _, l := range append(ls, lt...) {
			users[l.UserID] = true
		}
		return len(ls), len(lt), len(users)
	}
	body := `{"targetSubscriptionId":"` + target.ID + `"}`
	// Sent with the source's ETag as read before the move (as the console
	// sends it): the move changes the source, and a retry resumes anyway.
	etag := env.Do(t, apitest.Request{Method: "GET", Path: subPath(src.ID), Token: admin}).Header.Get("ETag")
	key := map[string]string{"Idempotency-Key": "big-move", "If-Match": etag}
	// The move is cut off half way, right after a chunk committed, as a
	// crash of the function would cut it.
	var cutting atomic.Bool
	cutting.Store(true)
	env.App.Hooks.AfterMoveChunk = func(moved int) error {
		if cutting.Load() && moved >= n/2 {
			return errors.New("cut off half way")
		}
		return nil
	}
	if r := untilAnswered(t, env, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin, Body: body, Header: key}); r.Status != 500 {
		t.Fatalf("the cut move answered %d %s, want 500", r.Status, r.Body)
	}
	cutting.Store(false)
	inSrc, inTarget, licensed := countAll()
	// Every user holds a license in the source or the target: nobody is
	// unlicensed half way.
	if licensed != n {
		t.Fatalf("after the cut: %d users licensed (%d in source, %d in target), want all %d", licensed, inSrc, inTarget, n)
	}
	if inSrc == 0 || inTarget <= 5 {
		t.Fatalf("after the cut: %d left in the source, %d in the target; want a move cut half way", inSrc, inTarget)
	}
	r := untilAnswered(t, env, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin, Body: body, Header: key})
	if r.Status != 200 {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	if again := env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin, Body: body, Header: key}); again.Status != 200 || string(again.Body) != string(r.Body) {
		t.Errorf("the finished move sent again: %d %s, want its answer replayed", again.Status, again.Body)
	}
	inSrc, inTarget, _ = countAll()
	if inSrc != 0 || inTarget != n {
		t.Errorf("after the retry: %d in source, %d in target; want 0 and %d", inSrc, inTarget, n)
	}
	f, err := env.Store.GetFamily(ctx, "contoso", target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Base.AssignedLicenses != n || f.Base.ReservedLicenses != 0 {
		t.Errorf("target assigned %d reserved %d, want %d and 0", f.Base.AssignedLicenses, f.Base.ReservedLicenses, n)
	}
	cancelled := 0
	for _, e := range env.Items(t, "event") {
		if e["type"] == domain.EventSubscriptionCancelled && e["subscriptionId"] == src.ID {
			cancelled++
		}
	}
	if cancelled != 1 {
		t.Errorf("source cancelled events = %d, want 1", cancelled)
	}
}

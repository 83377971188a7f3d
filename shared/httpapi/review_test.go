package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/store"
)

// Regressions found by review, each pinned over HTTP.

func TestMoveUsersGuards(t *testing.T) {
	env := setup(t)
	ctx := context.Background()
	bob, ivy := env.Token(t, "contoso", "bob"), env.Token(t, "contoso", "ivy")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	src := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_1"}`)
	assign(t, env, bob, src.ID, users("g", 3))
	env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/takeover", Token: admin, Header: map[string]string{"Idempotency-Key": "K"}})
	ivys := buy(t, env, ivy, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5,"paymentMethodId":"pm_2"}`)
	target := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5}`)
	move := func(key, to string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin,
			Body: `{"targetSubscriptionId":"` + to + `"}`, Header: map[string]string{"Idempotency-Key": key}})
	}
	licensed := func(id string) int {
		ls, err := env.Store.AllLicenses(ctx, "contoso", id)
		if err != nil {
			t.Fatal(err)
		}
		return len(ls)
	}
	if r := move("K", target.ID); r.Status != 422 || r.Code() != "idempotency_key_mismatch" || licensed(target.ID) != 0 {
		t.Errorf("key of another request: %d %s, %d moved; want 422 and nothing moved", r.Status, r.Body, licensed(target.ID))
	}
	if r := move("to-ivy", ivys.ID); r.Status != 403 || r.Code() != "takeover_required" || licensed(ivys.ID) != 0 {
		t.Errorf("into another user's self-service subscription: %d %s", r.Status, r.Body)
	}

	// A move cut off after its first transaction: source marked, target reserved.
	f, _ := env.Store.GetFamily(ctx, "contoso", src.ID)
	tf, _ := env.Store.GetFamily(ctx, "contoso", target.ID)
	s, tg := f.Base, tf.Base
	moving, reserved := s, tg
	moving.MovingTo, reserved.ReservedLicenses = tg.ID, 3
	hash := httpapi.IdempotencyHash("contoso", "alice", "M")
	if err := env.Store.StartMove(ctx, hash, store.Move{SourceID: s.ID, TargetID: tg.ID, Total: 3, Needed: 3, Reserved: 3},
		store.Change{After: moving, BeforeVersion: s.Version}, store.Change{After: reserved, BeforeVersion: tg.Version}, apitest.T0, store.Effects{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		req  apitest.Request
	}{
		{"unassign on the source", apitest.Request{Method: "DELETE", Path: subPath(src.ID) + "/licenses/g00000", Token: admin}},
		{"assign on the source", apitest.Request{Method: "POST", Path: subPath(src.ID) + "/licenses", Token: admin, Body: map[string]any{"users": users("h", 1)}}},
		{"cancel the source", apitest.Request{Method: "POST", Path: subPath(src.ID) + "/cancel", Token: admin, Body: `{"reason":"x"}`}},
		{"cancel the target", apitest.Request{Method: "POST", Path: subPath(target.ID) + "/cancel", Token: admin, Body: `{"reason":"x"}`}},
		{"suspend the target", apitest.Request{Method: "POST", Path: subPath(target.ID) + "/suspend", Token: admin, Body: `{"reason":"other"}`}},
		{"another key", apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin, Body: `{"targetSubscriptionId":"` + target.ID + `"}`,
			Header: map[string]string{"Idempotency-Key": "other"}}},
	} {
		if r := env.Do(t, c.req); r.Status != 409 || r.Code() != "invalid_status" {
			t.Errorf("%s mid-move: %d %s, want 409 invalid_status", c.name, r.Status, r.Body)
		}
	}
	if r := move("M", target.ID); r.Status != 200 {
		t.Fatalf("resume: %d %s", r.Status, r.Body)
	}
	tf, _ = env.Store.GetFamily(ctx, "contoso", target.ID)
	if tf.Base.ReservedLicenses != 0 || tf.Base.AssignedLicenses != 3 || licensed(target.ID) != 3 || licensed(src.ID) != 0 {
		t.Errorf("after resume: target assigned %d reserved %d", tf.Base.AssignedLicenses, tf.Base.ReservedLicenses)
	}
	moveActs := 0
	for _, a := range env.Items(t, "activity") {
		if a["operation"] == "MoveUsers" {
			moveActs++
		}
	}
	if moveActs < 2 {
		t.Errorf("MoveUsers activity records = %d, want the chunk's and the end's", moveActs)
	}
}

func TestAddOnsFollowTheirBase(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	base := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":3}`)
	addOn := func(key string) subView {
		r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
			Header: map[string]string{"Idempotency-Key": key}})
		var a subView
		r.Decode(t, &a)
		return a
	}
	a1 := addOn("a1")
	get := func(id string) subView {
		var s subView
		env.Do(t, apitest.Request{Method: "GET", Path: subPath(id), Token: admin}).Decode(t, &s)
		return s
	}
	env.Clock.Advance(3 * 24 * time.Hour)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/cancel", Token: admin, Body: `{"reason":"later"}`}); r.Status != 202 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); !got.CancelAtTermEnd || got.Status != domain.StatusActive {
		t.Errorf("add-on after its base was scheduled: %+v", got.Subscription)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(a1.ID), Token: admin, Body: `{"autoRenew":true}`}); r.Status != 409 {
		t.Errorf("add-on renewing on its own: %d %s, want 409", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(base.ID), Token: admin, Body: `{"autoRenew":true}`}); r.Status != 200 {
		t.Fatalf("undo: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); got.CancelAtTermEnd || !got.AutoRenew {
		t.Errorf("add-on after its base's undo: cancelAtTermEnd %v autoRenew %v", got.CancelAtTermEnd, got.AutoRenew)
	}
	// A suspended add-on goes when its base is deleted.
	env.Do(t, apitest.Request{Method: "POST", Path: subPath(a1.ID) + "/suspend", Token: admin, Body: `{"reason":"other"}`})
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(a1.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
		Header: map[string]string{"Idempotency-Key": "a-of-a"}}); r.Status != 422 || r.Code() != "not_an_addon_of_base" {
		t.Errorf("add-on of an add-on: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/suspend", Token: admin, Body: `{"reason":"other"}`}); r.Status != 200 {
		t.Fatalf("suspend base: %d %s", r.Status, r.Body)
	}
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/reactivate", Token: admin})
	if r.Status != 200 {
		t.Fatalf("reactivate base: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); got.Status != domain.StatusActive {
		t.Errorf("add-on after its base's reactivation: %s, want Active", got.Status)
	}
}

func TestIfMatchListAndNoOpPatch(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"autoRenew":true}`}); r.Status != 200 || r.Header.Get("ETag") != `"1"` {
		t.Errorf("no-op PATCH: %d ETag %s, want 200 and the version unchanged", r.Status, r.Header.Get("ETag"))
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"quantity":2}`, Header: map[string]string{"If-Match": `"7", "1"`}}); r.Status != 200 {
		t.Errorf("If-Match list naming the current tag: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob,
		Body: `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"   "}`, Header: map[string]string{"Idempotency-Key": "blank"}}); r.Status != 400 {
		t.Errorf("blank payment method: %d, want 400", r.Status)
	}
}

func TestActivityCursorWithDefaultRange(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	for i := range 3 {
		env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"enabled":false}`})
		env.Clock.Advance(time.Duration(i+1) * time.Minute)
	}
	var l struct {
		Items      []domain.Activity
		NextCursor string
	}
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?limit=2", Token: admin}).Decode(t, &l)
	env.Clock.Advance(time.Minute) // "now" moves between pages
	r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?limit=2&cursor=" + l.NextCursor, Token: admin})
	var l2 struct{ Items []domain.Activity }
	r.Decode(t, &l2)
	if r.Status != 200 || len(l2.Items) != 2 {
		t.Errorf("second page: %d with %d items, want 200 with the remaining 2", r.Status, len(l2.Items))
	}
}

func TestAgentsManageOnlyTheirPartnersSubscriptions(t *testing.T) {
	env := setup(t)
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	s := buy(t, env, agent, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`)
	// contoso moves to partner-b: partner-b's agents reach it, but the
	// subscription stays partner-a's (billed to it).
	env.MustPutTenant(t, "contoso", "partner-b")
	newAgent := env.Token(t, "partner-b", "pia", domain.RoleAdminAgent)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: newAgent, Body: `{"reason":"x"}`}); r.Status != http.StatusForbidden {
		t.Errorf("the new partner's agent cancels the old partner's subscription: %d %s, want 403", r.Status, r.Body)
	}
}

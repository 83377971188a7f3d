package httpapi_test

import (
	"context"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/store"
)

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
	if _, _, err := env.Store.SaveProgress(ctx, hash, store.Progress{Kind: store.ProgressMove, SourceID: s.ID, TargetID: tg.ID, Total: 3, Needed: 3, Reserved: 3},
		[]store.Update{{Read: s, After: moving}, {Read: tg, After: reserved}}, store.Effects{At: apitest.T0}); err != nil {
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

// TestMoveUsersToAnotherProductTakesOver: seeds 000/001 ("select the
// product you want to move users to") — an admin moves a purchaser's users
// to a subscription of another product; the move takes the self-service
// subscription over (spec §15) and licenses them in the target's product.
func TestMoveUsersToAnotherProductTakesOver(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	src := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_1"}`)
	assign(t, env, bob, src.ID, users("o", 2))
	target := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5}`)
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin,
		Body: `{"targetSubscriptionId":"` + target.ID + `"}`, Header: map[string]string{"Idempotency-Key": "other-product"}})
	if r.Status != 200 {
		t.Fatalf("move to another product: %d %s", r.Status, r.Body)
	}
	var got subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(src.ID), Token: admin}).Decode(t, &got)
	if got.Status != domain.StatusDeleted || got.TakenOver == nil || got.TakenOver.By != "alice" {
		t.Errorf("source: %s, taken over %+v; want Deleted, taken over by alice", got.Status, got.TakenOver)
	}
	var tl struct{ Items []domain.License }
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(target.ID) + "/licenses", Token: admin}).Decode(t, &tl)
	if len(tl.Items) != 2 || tl.Items[0].ProductID != "CFQ7TTC0LFLX" {
		t.Errorf("target licenses: %+v, want the 2 users licensed in the target's product", tl.Items)
	}
}

// TestMoveUsersBadBodyBeforeState: a malformed move is 400 whatever the
// source's state — bad input is refused before anything is read.
func TestMoveUsersBadBodyBeforeState(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":1}`)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: admin, Body: `{"reasonCode":"other"}`}); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	for _, body := range []string{`{}`, `{"targetSubscriptionId":""}`, `{"targetSubscriptionId":"` + s.ID + `"}`} {
		r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/move-users", Token: admin, Body: body,
			Header: map[string]string{"Idempotency-Key": "bad-" + body}})
		if r.Status != 400 || r.Code() != "invalid_request" {
			t.Errorf("move %s from a Deleted source: %d %s, want 400", body, r.Status, r.Body)
		}
	}
}

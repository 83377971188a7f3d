package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/store"
)

// startMove writes the first transaction of a move of n users from src to
// tgt with key (as alice): the source marked moving, n licenses reserved
// on the target — a move cut off there.
func startMove(t *testing.T, env payEnv, key, srcID, tgtID string, n int) {
	t.Helper()
	ctx := context.Background()
	f, err := env.Store.GetFamily(ctx, "contoso", srcID)
	if err != nil {
		t.Fatal(err)
	}
	tf, err := env.Store.GetFamily(ctx, "contoso", tgtID)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.Get(srcID)
	tg, _ := tf.Get(tgtID)
	moving, reserved := s, tg
	moving.MovingTo, reserved.ReservedLicenses = tg.ID, tg.ReservedLicenses+n
	hash := httpapi.IdempotencyHash("contoso", "alice", key)
	if _, _, err := env.Store.SaveProgress(ctx, hash, store.Progress{Kind: store.ProgressMove, SourceID: s.ID, TargetID: tg.ID, Total: n, Needed: n, Reserved: n},
		[]store.Update{{Read: s, After: moving}, {Read: tg, After: reserved}}, store.Effects{At: env.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
}

// dunToSuspension runs the renewal of the subscription renewing at
// termEnd (declined) and its four declined retries.
func dunToSuspension(t *testing.T, env payEnv, s subView) {
	t.Helper()
	env.Clock.Set(s.TermEnd)
	env.lifecycle(t)
	for i, days := range domain.PaymentRetryDays {
		env.Clock.Set(s.TermEnd.AddDate(0, 0, days))
		if rep := env.sweep(t, "PaymentRetrySweep"); rep.Processed != 1 || rep.Failed != 0 {
			t.Fatalf("retry %d: %+v, want 1 processed and none failed", i+1, rep)
		}
	}
}

func (e payEnv) licensed(t *testing.T, id string) int {
	t.Helper()
	ls, err := e.Store.AllLicenses(context.Background(), "contoso", id)
	if err != nil {
		t.Fatal(err)
	}
	return len(ls)
}

// TestDunningSuspendsAMovingSource (docs/decisions.md "Payments": the
// suspension for nonPayment is never held up by a move): a PastDue base
// whose users an admin is moving out is suspended after its last declined
// retry; retried with its key, the move still finishes — its users go to
// the target and the source ends — while a new move from it is refused.
func TestDunningSuspendsAMovingSource(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	src := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_card_visa"}`)
	assign(t, env.Env, bob, src.ID, users("m", 3))
	if r := env.setPaymentMethod(t, bob, src.ID, "pm_card_chargeDeclined", "switch"); r.Status != 200 {
		t.Fatalf("switch card: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/takeover", Token: admin, Header: map[string]string{"Idempotency-Key": "take"}}); r.Status != 200 {
		t.Fatalf("takeover: %d %s", r.Status, r.Body)
	}
	target := buy(t, env.Env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5}`)
	startMove(t, env, "M", src.ID, target.ID, 3)

	dunToSuspension(t, env, src)
	got := env.get(t, admin, src.ID)
	if got.Status != domain.StatusSuspended || got.SuspensionReason != domain.SuspensionNonPayment || got.MovingTo != target.ID {
		t.Fatalf("after the last retry: %s %q moving to %q; want Suspended for nonPayment, still moving to %s", got.Status, got.SuspensionReason, got.MovingTo, target.ID)
	}
	if rep := env.sweep(t, "PaymentRetrySweep"); rep.Failed != 0 {
		t.Errorf("a later retry sweep: %+v, want nothing failing", rep)
	}

	move := func(key string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin,
			Body: `{"targetSubscriptionId":"` + target.ID + `"}`, Header: map[string]string{"Idempotency-Key": key}})
	}
	if r := move("another"); r.Status != 409 || r.Code() != "invalid_status" {
		t.Errorf("a new move from the Suspended source: %d %s, want 409 invalid_status", r.Status, r.Body)
	}
	r := move("M")
	if r.Status != 200 {
		t.Fatalf("resume: %d %s", r.Status, r.Body)
	}
	got = env.get(t, admin, src.ID)
	if got.Status != domain.StatusDeleted || got.CancellationReason != "usersMoved" || got.MovingTo != "" {
		t.Errorf("source after the move: %s %q moving to %q; want Deleted for usersMoved", got.Status, got.CancellationReason, got.MovingTo)
	}
	tg := env.get(t, admin, target.ID)
	if tg.Status != domain.StatusActive || tg.AssignedLicenses != 3 || tg.ReservedLicenses != 0 || env.licensed(t, target.ID) != 3 || env.licensed(t, src.ID) != 0 {
		t.Errorf("target after the move: %s, %d assigned, %d reserved, %d licensed; source %d licensed", tg.Status, tg.AssignedLicenses, tg.ReservedLicenses,
			env.licensed(t, target.ID), env.licensed(t, src.ID))
	}
	if again := move("M"); again.Status != 200 || string(again.Body) != string(r.Body) {
		t.Errorf("replay: %d %s, want the first answer", again.Status, again.Body)
	}
}

// TestDunningSuspendsAMoveTarget: an Active base an admin started moving
// users into becomes PastDue, and after its last declined retry is
// suspended for nonPayment all the same; retried with its key, the move
// is aborted — 409 invalid_status, kept with the key — the source is free
// again and the target's reservation is given back.
func TestDunningSuspendsAMoveTarget(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	target := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":5,"paymentMethodId":"pm_card_visa"}`)
	if r := env.setPaymentMethod(t, bob, target.ID, "pm_card_chargeDeclinedExpiredCard", "switch"); r.Status != 200 {
		t.Fatalf("switch card: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(target.ID) + "/takeover", Token: admin, Header: map[string]string{"Idempotency-Key": "take"}}); r.Status != 200 {
		t.Fatalf("takeover: %d %s", r.Status, r.Body)
	}
	src := buy(t, env.Env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2}`)
	if r := assign(t, env.Env, admin, src.ID, users("n", 2)); r.Status != 200 {
		t.Fatalf("assign: %d %s", r.Status, r.Body)
	}
	startMove(t, env, "M", src.ID, target.ID, 2)

	dunToSuspension(t, env, target)
	got := env.get(t, admin, target.ID)
	if got.Status != domain.StatusSuspended || got.SuspensionReason != domain.SuspensionNonPayment || got.ReservedLicenses != 2 {
		t.Fatalf("after the last retry: %s %q, %d reserved; want Suspended for nonPayment, the move's 2 still reserved", got.Status, got.SuspensionReason, got.ReservedLicenses)
	}

	move := func(key string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: subPath(src.ID) + "/move-users", Token: admin,
			Body: `{"targetSubscriptionId":"` + target.ID + `"}`, Header: map[string]string{"Idempotency-Key": key}})
	}
	r := move("M")
	var p struct{ Detail string }
	r.Decode(t, &p)
	if r.Status != 409 || r.Code() != "invalid_status" || !strings.Contains(p.Detail, "stopped") || !strings.Contains(p.Detail, string(domain.StatusSuspended)) ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("resume into a Suspended target: %d %s %s, want 409 invalid_status saying the move stopped", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	s, tg := env.get(t, admin, src.ID), env.get(t, admin, target.ID)
	if s.Status != domain.StatusActive || s.MovingTo != "" || env.licensed(t, src.ID) != 2 {
		t.Errorf("source after the abort: %s moving to %q, %d licensed; want Active, not moving, its 2 users", s.Status, s.MovingTo, env.licensed(t, src.ID))
	}
	if tg.Status != domain.StatusSuspended || tg.ReservedLicenses != 0 || env.licensed(t, target.ID) != 0 {
		t.Errorf("target after the abort: %s, %d reserved, %d licensed; want Suspended, nothing reserved", tg.Status, tg.ReservedLicenses, env.licensed(t, target.ID))
	}
	again := move("M")
	if again.Status != 409 || string(again.Body) != string(r.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s, want the first answer replayed", again.Status, again.Body)
	}
	// The source is the admin's to manage again.
	if r := env.Do(t, apitest.Request{Method: "DELETE", Path: subPath(src.ID) + "/licenses/n00000", Token: admin}); r.Status/100 != 2 {
		t.Errorf("unassign on the freed source: %d %s", r.Status, r.Body)
	}
	if r := move("new"); r.Status != 409 || r.Code() != "invalid_status" {
		t.Errorf("a new move into the Suspended target: %d %s, want 409 invalid_status", r.Status, r.Body)
	}
	if rep := env.sweep(t, "PaymentRetrySweep"); rep.Failed != 0 {
		t.Errorf("a later retry sweep: %+v, want nothing failing", rep)
	}
}

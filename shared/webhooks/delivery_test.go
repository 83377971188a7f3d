package webhooks_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

// verifyAt checks a delivery with the Standard Webhooks library as a
// receiver whose clock reads the delivery's own timestamp would (the
// test's clock is not the wall clock); the timestamp window itself is
// checked in TestStaleTimestampFails.
func verifyAt(secret string, rq received) error {
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return err
	}
	return wh.VerifyIgnoringTimestamp(rq.body, rq.header)
}

// TestSignedDeliveriesVerify: a purchase reaches the admin's endpoint on a
// real HTTP server, and the Standard Webhooks library verifies it with the
// endpoint's secret; a tampered body, another secret or another id fail.
func TestSignedDeliveriesVerify(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	_, secret := e.endpoint(t, "contoso", admin, rc.URL+"/hooks?token=abc")
	subID := e.buy(t, "contoso", admin, e3, "k1")
	if n := e.dispatch(t); n != 1 {
		t.Fatalf("stream carried %d outbox inserts, want 1", n)
	}
	got := rc.requests()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	rq := got[0]
	if err := verifyAt(secret, rq); err != nil {
		t.Fatalf("delivery does not verify: %v", err)
	}
	var payload struct {
		Type      string
		Timestamp time.Time
		Data      struct {
			Subscription struct{ ID string }
			Sequence     int64
		}
	}
	if err := json.Unmarshal(rq.body, &payload); err != nil {
		t.Fatal(err)
	}
	if payload.Type != domain.EventSubscriptionCreated || payload.Data.Subscription.ID != subID || payload.Data.Sequence != 1 {
		t.Errorf("payload = %+v, want subscription.created of %s with sequence 1", payload, subID)
	}
	if got, want := rq.header.Get("webhook-timestamp"), strconv.FormatInt(apitest.T0.Unix(), 10); got != want {
		t.Errorf("webhook-timestamp = %s, want %s", got, want)
	}

	other, err := standardwebhooks.NewWebhook("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	tampered := received{header: rq.header, body: bytes.Replace(rq.body, []byte(subID), []byte("sub_other"), 1)}
	otherID := received{header: rq.header.Clone(), body: rq.body}
	otherID.header.Set("webhook-id", "evt_someoneelse")
	tests := []struct {
		name string
		err  error
	}{
		{"tampered body", verifyAt(secret, tampered)},
		{"wrong secret", other.VerifyIgnoringTimestamp(rq.body, rq.header)},
		{"another webhook-id", verifyAt(secret, otherID)},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, standardwebhooks.ErrNoMatchingSignature) {
			t.Errorf("%s: err = %v, want ErrNoMatchingSignature", tt.name, tt.err)
		}
	}
}

// TestStaleTimestampFails: the library's own timestamp check (against the
// wall clock) accepts a fresh delivery and refuses one signed 10 minutes
// ago.
func TestStaleTimestampFails(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	admin := e.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	_, secret := e.endpoint(t, "contoso", admin, rc.URL)
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	for i, wall := range []time.Time{time.Now(), time.Now().Add(-10 * time.Minute)} {
		e.dl.Sender.Wall = func() time.Time { return wall }
		e.buy(t, "contoso", admin, e3, "k"+strconv.Itoa(i))
		e.dispatch(t)
	}
	got := rc.requests()
	if len(got) != 2 {
		t.Fatalf("receiver got %d requests, want 2", len(got))
	}
	if err := wh.Verify(got[0].body, got[0].header); err != nil {
		t.Errorf("fresh delivery: %v", err)
	}
	if err := wh.Verify(got[1].body, got[1].header); !errors.Is(err, standardwebhooks.ErrMessageTooOld) {
		t.Errorf("delivery signed 10 minutes ago: err = %v, want ErrMessageTooOld", err)
	}
}

// TestRotationSignsWithBothSecrets: for 24 h after a rotation deliveries
// carry two signatures and verify with the old and the new secret; after
// that only with the new one.
func TestRotationSignsWithBothSecrets(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	user := e.Token(t, "contoso", "bob")
	id, old := e.endpoint(t, "contoso", user, rc.URL)
	r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/webhooks/" + id + "/rotate-secret", Token: user})
	if r.Status != http.StatusOK {
		t.Fatalf("rotate: %d %s", r.Status, r.Body)
	}
	var rot struct{ Secret string }
	r.Decode(t, &rot)
	if rot.Secret == old || len(rot.Secret) < len("whsec_")+32 {
		t.Fatalf("rotated secret %q is not a new secret", rot.Secret)
	}
	test := func() received {
		t.Helper()
		r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/webhooks/" + id + "/test", Token: user})
		if r.Status != http.StatusAccepted {
			t.Fatalf("test event: %d %s", r.Status, r.Body)
		}
		e.dispatch(t)
		got := rc.requests()
		return got[len(got)-1]
	}
	during := test()
	for _, s := range []string{old, rot.Secret} {
		if err := verifyAt(s, during); err != nil {
			t.Errorf("during the overlap, secret %s…: %v", s[:10], err)
		}
	}
	e.Clock.Advance(domain.RotationOverlap)
	after := test()
	if err := verifyAt(rot.Secret, after); err != nil {
		t.Errorf("after the overlap, the new secret: %v", err)
	}
	if err := verifyAt(old, after); !errors.Is(err, standardwebhooks.ErrNoMatchingSignature) {
		t.Errorf("after the overlap, the old secret: err = %v, want ErrNoMatchingSignature", err)
	}
}

// TestAddressingOverHTTP: endpoints registered over HTTP by an admin, two
// users and the partner's agent get exactly the events docs/spec.md §8 addresses
// to them, through the real stream; an agent of another partner can't
// register on the tenant.
func TestAddressingOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin := e.Token(t, "contoso", "root", domain.RoleGlobalAdmin)
	alice, bob := e.Token(t, "contoso", "alice"), e.Token(t, "contoso", "bob")
	agent := e.Token(t, "partner-a", "agent", domain.RoleSalesAgent)
	receivers := map[string]*receiver{}
	for name, tok := range map[string]string{"admin": admin, "alice": alice, "bob": bob, "agent": agent} {
		receivers[name] = newReceiver(t)
		types := []string(nil)
		if name == "bob" {
			types = []string{domain.EventSubscriptionCancelled}
		}
		e.endpoint(t, "contoso", tok, receivers[name].URL, types...)
	}
	stranger := e.Token(t, "partner-b", "agent", domain.RoleAdminAgent)
	if r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/webhooks", Token: stranger,
		Body: map[string]any{"url": "http://127.0.0.1:9/x"}}); r.Status != http.StatusNotFound {
		t.Errorf("another partner's agent registering: %d, want 404", r.Status)
	}

	e.buy(t, "contoso", alice, powerBIPro, "alice-buys")
	e.buy(t, "contoso", admin, e3, "admin-buys")
	e.buy(t, "contoso", agent, e3, "agent-buys")
	bobs := e.buy(t, "contoso", bob, powerBIPro, "bob-buys")
	if r := e.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions/" + bobs + "/cancel", Token: bob,
		Body: map[string]any{"reason": "mistake"}}); r.Status != http.StatusOK {
		t.Fatalf("bob's cancel: %d %s", r.Status, r.Body)
	}
	if r := e.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products/" + powerBIPro,
		Token: admin, Body: map[string]any{"policyValue": "Disabled"}}); r.Status != http.StatusOK {
		t.Fatalf("policy update: %d %s", r.Status, r.Body)
	}
	e.dispatch(t)

	want := map[string][]string{
		"admin": {"policy.updated", "subscription.cancelled", "subscription.created", "subscription.created", "subscription.created", "subscription.created"},
		"alice": {"subscription.created"},
		"bob":   {"subscription.cancelled"},
		"agent": {"subscription.created"},
	}
	for name, rc := range receivers {
		if got := rc.types(t); !slices.Equal(got, want[name]) {
			t.Errorf("%s's endpoint got %q, want %q", name, got, want[name])
		}
	}
	// The sequence numbers the events of one subscription: bob's
	// cancellation follows its creation (1) as 2.
	var cancelled struct {
		Data struct {
			Sequence     int64
			Subscription struct{ ID string }
		}
	}
	if err := json.Unmarshal(receivers["bob"].requests()[0].body, &cancelled); err != nil {
		t.Fatal(err)
	}
	if cancelled.Data.Subscription.ID != bobs || cancelled.Data.Sequence != 2 {
		t.Errorf("bob's cancellation: subscription %s sequence %d, want %s sequence 2", cancelled.Data.Subscription.ID, cancelled.Data.Sequence, bobs)
	}
}

// TestCustomerReservationNotifiesNoPartner: the partner's agent endpoint
// gets customer_permission.updated and its own purchases, but never the
// customer's own reservation purchase, which the customer's endpoints get.
func TestCustomerReservationNotifiesNoPartner(t *testing.T) {
	e := newEnv(t)
	agent := e.Token(t, "partner-a", "pat", domain.RoleAdminAgent)
	admin := e.Token(t, "contoso", "root", domain.RoleGlobalAdmin)
	kim := e.Token(t, "contoso", "kim")
	receivers := map[string]*receiver{"agent": newReceiver(t), "admin": newReceiver(t), "kim": newReceiver(t)}
	e.endpoint(t, "contoso", agent, receivers["agent"].URL)
	e.endpoint(t, "contoso", admin, receivers["admin"].URL)
	e.endpoint(t, "contoso", kim, receivers["kim"].URL)
	subs := "/v1/tenants/contoso/subscriptions"
	azure := e.buy(t, "contoso", agent, "DZH318Z0BPS6", "azure")
	for _, rq := range []apitest.Request{
		{Method: "PUT", Path: subs + "/" + azure + "/roles/kim", Token: agent, Body: map[string]any{"role": "Owner"}},
		{Method: "PUT", Path: "/v1/tenants/contoso/customer-permissions/reservations", Token: agent, Body: map[string]any{"enabled": true}},
		{Method: "POST", Path: subs, Token: kim, Header: map[string]string{"Idempotency-Key": "res"},
			Body: map[string]any{"productId": "DZH318Z08M9Z", "billingFrequency": "annual", "azureSubscriptionId": azure}},
	} {
		if r := e.Do(t, rq); r.Status >= 300 {
			t.Fatalf("%s %s: %d %s", rq.Method, rq.Path, r.Status, r.Body)
		}
	}
	e.dispatch(t)
	want := map[string][]string{
		"agent": {"customer_permission.updated", "subscription.created"}, // the Azure plan it bought
		"admin": {"customer_permission.updated", "subscription.created", "subscription.created"},
		"kim":   {"subscription.created"}, // the reservation
	}
	for name, rc := range receivers {
		if got := rc.types(t); !slices.Equal(got, want[name]) {
			t.Errorf("%s's endpoint got %q, want %q", name, got, want[name])
		}
	}
}

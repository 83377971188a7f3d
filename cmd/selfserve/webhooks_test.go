package main

import (
	"strings"
	"testing"

	"selfserve/shared/client"
)

// receiver is where the tests' endpoints point: loopback, which the local
// runner allows, on the discard port, where nothing answers.
const receiver = "http://127.0.0.1:9/hooks"

// TestWebhookCommands: an admin registers, lists and deletes endpoints,
// golden; a test event's delivery fails (nothing listens) and a manual
// retry is recorded; rotating makes a new secret; a user sees only their
// own endpoints.
func TestWebhookCommands(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	bob := newShell(t, tenant, "bob")
	names := map[string]string{tenant: "TENANT"}

	created := alice.must("webhooks", "create", "--url", receiver, "--event-types", "subscription.created,subscription.cancelled", "-o", "table")
	ep := strings.Fields(linesWith(created, receiver))[0]
	names[ep] = "EP_ALICE"
	goldenTable(t, "webhooks-create", created, names)
	mine := decodeStrict[client.WebhookEndpointWithSecret](t, bob.must("webhooks", "create", "--url", receiver+"/bob", "--description", "my purchases", "-o", "json"))
	names[mine.ID] = "EP_BOB"
	if mine.Owner.Scope != "purchaser" || !strings.HasPrefix(mine.Secret, "whsec_") || len(mine.EventTypes) != 0 {
		t.Errorf("bob's endpoint: %+v", mine)
	}
	goldenTable(t, "webhooks-list", alice.must("webhooks", "list", "-o", "table"), names)
	if eps := decodeStrict[[]client.WebhookEndpoint](t, bob.must("webhooks", "list", "-o", "json")); len(eps) != 1 || eps[0].ID != mine.ID {
		t.Errorf("bob's list: %+v", eps)
	}

	sent := decodeStrict[client.WebhookTestResult](t, alice.must("webhooks", "test", ep, "-o", "json"))
	// The delivery appears once the dispatcher has taken the event from the
	// stream and made its first attempt: run the command until then.
	var first client.Delivery
	for i := 0; first.ID == "" || len(first.Attempts) == 0; i++ {
		if i == 1000 {
			t.Fatalf("no attempt of delivery %s recorded", sent.DeliveryID)
		}
		if ds := decodeStrict[[]client.Delivery](t, alice.must("webhooks", "deliveries", ep, "-o", "json")); len(ds) == 1 {
			first = ds[0]
		}
	}
	if first.ID != sent.DeliveryID || first.EventType != "webhook.test" || first.Attempts[0].Error == "" {
		t.Errorf("the test delivery: %+v", first)
	}
	retried := decodeStrict[client.Delivery](t, alice.must("webhooks", "retry", ep, sent.DeliveryID, "-o", "json"))
	if last := retried.Attempts[len(retried.Attempts)-1]; len(retried.Attempts) != len(first.Attempts)+1 || !last.Manual || last.Error == "" || retried.Status == "succeeded" {
		t.Errorf("the retried delivery: %+v", retried)
	}
	if got := alice.must("webhooks", "deliveries", ep, "-o", "csv"); !strings.Contains(got, sent.DeliveryID+",webhook.test,") || !strings.Contains(got, "(manual)") {
		t.Errorf("deliveries after the retry:\n%s", got)
	}

	rotated := decodeStrict[client.WebhookEndpointWithSecret](t, bob.must("webhooks", "rotate", mine.ID, "-o", "json"))
	if rotated.ID != mine.ID || !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == mine.Secret {
		t.Errorf("rotated: %+v, secret was %s", rotated, mine.Secret)
	}
	goldenTable(t, "webhooks-delete", alice.must("webhooks", "delete", ep, "-o", "table"), names)
	goldenTable(t, "webhooks-list-after", alice.must("webhooks", "list", "-o", "table"), names)

	for _, tc := range []struct {
		name string
		sh   *shell
		args []string
		code int
		want string
	}{
		{"create without --url", alice, []string{"webhooks", "create"}, exitUsage, "missing --url"},
		{"create for an unknown event", alice, []string{"webhooks", "create", "--url", receiver, "--event-types", "subscription.created,subscription.bought"}, exitUsage, `--event-types: unknown event type "subscription.bought"`},
		{"delete without ENDPOINT_ID", alice, []string{"webhooks", "delete"}, exitUsage, "missing ENDPOINT_ID"},
		{"retry without DELIVERY_ID", alice, []string{"webhooks", "retry", ep}, exitUsage, "missing DELIVERY_ID"},
		{"list with an argument", alice, []string{"webhooks", "list", ep}, exitUsage, "list takes no arguments"},
		{"create to a file", alice, []string{"webhooks", "create", "--url", "file:///etc/passwd"}, exitRefused, "400 invalid_request"},
		{"delete the deleted", alice, []string{"webhooks", "delete", ep}, exitRefused, "404 not_found"},
		{"bob tests alice's", bob, []string{"webhooks", "test", ep}, exitRefused, "404 not_found"},
		{"alice rotates bob's", alice, []string{"webhooks", "rotate", mine.ID}, exitRefused, "403 forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantFailure(t, tc.sh.run(tc.args...), tc.code, tc.want) })
	}
	if eps := decodeStrict[[]client.WebhookEndpoint](t, alice.must("webhooks", "list", "-o", "json")); len(eps) != 1 || eps[0].ID != mine.ID {
		t.Errorf("the failed commands changed the endpoints: %+v", eps)
	}
}

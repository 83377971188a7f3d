package main

import (
	"strings"
	"testing"

	"selfserve/shared/client"
)

// TestHistoryCommands: the order history of a purchase and its refund,
// golden, filtered by subscription and as the client's type; the activity
// log as the admin sees it; bad ranges and readers are refused.
func TestHistoryCommands(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	bob := newShell(t, tenant, "bob")
	names := map[string]string{tenant: "TENANT"}
	sub := tableField(t, bob.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "3", "--payment-method", "pm_card_visa", "-o", "table"), "Id")
	names[sub] = "SUB_BOB"
	bob.must("subscriptions", "cancel", sub, "--reason-code", "boughtByMistake")
	other := tableField(t, alice.must("subscriptions", "buy", "CFQ7TTC0LFLX", "--frequency", "monthly", "-o", "table"), "Id")
	names[other] = "SUB_ALICE"

	goldenTable(t, "orders-list", alice.must("orders", "list", "-o", "table"), names)
	if got := alice.must("orders", "list", "--subscription", sub, "-o", "table"); got != bob.must("orders", "list", "-o", "table") {
		t.Errorf("alice's orders of bob's subscription differ from bob's orders:\n%s", got)
	}
	orders := decodeStrict[[]client.Order](t, alice.must("orders", "list", "-o", "json"))
	if len(orders) != 3 || orders[0].SubscriptionID != other || orders[1].Type != "credit" || orders[2].Type != "purchase" || orders[2].Amount != (client.Money{Amount: 3000, Currency: "USD"}) {
		t.Errorf("orders -o json: %+v", orders)
	}

	log := alice.must("activity", "list", "-o", "table")
	goldenTable(t, "activity-list", log, names)
	records := decodeStrict[[]client.Activity](t, alice.must("activity", "list", "--from", "2000-01-01", "-o", "json"))
	if len(records) != strings.Count(log, "\n")-1 || records[0].TargetID != other {
		t.Errorf("activity -o json has %d records, the table %d lines: %+v", len(records), strings.Count(log, "\n"), records)
	}
	if got := alice.must("activity", "list", "--to", "2000-01-01T00:00:00Z", "-o", "csv"); got != "At,Actor,Operation,TargetType,TargetId\n" {
		t.Errorf("activity before 2000 = %q, want only the header", got)
	}

	for _, tc := range []struct {
		name string
		sh   *shell
		args []string
		code int
		want string
	}{
		{"orders with an argument", alice, []string{"orders", "list", sub}, exitUsage, `list takes no arguments, only flags: "` + sub + `"`},
		{"activity from yesterday", alice, []string{"activity", "list", "--from", "yesterday"}, exitUsage, `--from must be an RFC 3339 time (2025-01-15T09:30:00Z) or a date (2025-01-15), not "yesterday"`},
		{"activity backwards", alice, []string{"activity", "list", "--from", "2025-02-01", "--to", "2025-01-01"}, exitUsage, "--from 2025-02-01 is after --to 2025-01-01"},
		{"activity of a user", bob, []string{"activity", "list"}, exitRefused, "403 forbidden"},
		{"orders of another tenant", alice, []string{"orders", "list", "--tenant", tenantFor(t, "northwind", "")}, exitRefused, "404 not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantFailure(t, tc.sh.run(tc.args...), tc.code, tc.want) })
	}
}

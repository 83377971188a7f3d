package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"selfserve/shared/client"
)

// TestSubscriptionCommands: the seeds' story, golden. Bob, a plain user,
// buys Power BI Pro for himself and licenses two users; Alice, a
// GlobalAdmin, takes it over, buys a central subscription of the product
// and moves Bob's users to it (again: the same answer, the move's key being
// the same), and Bob's subscription is Deleted; then she cancels hers.
func TestSubscriptionCommands(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	bob := newShell(t, tenant, "bob")
	names := map[string]string{tenant: "TENANT"}

	bought := bob.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "3", "--payment-method", "pm_card_visa", "-o", "table")
	bobSub := tableField(t, bought, "Id")
	names[bobSub] = "SUB_BOB"
	goldenTable(t, "subscriptions-buy", bought, names)
	licenseUsers(t, tenant, "bob", bobSub, "bob", "carol")
	goldenTable(t, "subscriptions-list-bob", bob.must("subscriptions", "list", "-o", "table"), names)
	goldenTable(t, "subscriptions-show", alice.must("subscriptions", "show", bobSub, "-o", "table"), names)
	goldenTable(t, "subscriptions-takeover", alice.must("subscriptions", "takeover", bobSub, "-o", "table"), names)

	central := alice.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "5", "-o", "table")
	centralSub := tableField(t, central, "Id")
	names[centralSub] = "SUB_CENTRAL"
	goldenTable(t, "subscriptions-buy-central", central, names)
	moved := alice.must("subscriptions", "move-users", bobSub, "--to", centralSub, "-o", "table")
	goldenTable(t, "subscriptions-move-users", moved, names)
	if again := alice.must("subscriptions", "move-users", bobSub, "--to", centralSub, "-o", "table"); again != moved {
		t.Errorf("move-users run again answered\n%s\nnot the first answer\n%s", again, moved)
	}
	goldenTable(t, "subscriptions-list", alice.must("subscriptions", "list", "-o", "table"), names)
	golden(t, "subscriptions-list-filtered", rename(alice.must("subscriptions", "list", "--channel", "selfService", "--status", "Deleted",
		"--product", "CFQ7TTC0L3PB", "--purchaser", "bob", "-o", "csv"), names, false), nil)

	source := decodeStrict[client.SubscriptionView](t, alice.must("subscriptions", "show", bobSub, "-o", "json"))
	if source.ID != bobSub || source.Status != "Deleted" || source.TakenOver == nil || source.TakenOver.By != "alice" || source.AssignedLicenses != 0 {
		t.Errorf("bob's subscription after the move: %+v", source)
	}
	list := decodeStrict[[]client.SubscriptionView](t, alice.must("subscriptions", "list", "-o", "json"))
	if len(list) != 2 || list[0].ID != centralSub || list[0].AssignedLicenses != 2 || list[1].ID != bobSub {
		t.Errorf("list -o json: %+v", list)
	}
	if empty := bob.must("subscriptions", "list", "--status", "Trial", "-o", "json"); strings.TrimSpace(empty) != "[]" {
		t.Errorf("an empty list -o json = %q, want []", empty)
	}

	goldenTable(t, "subscriptions-cancel", alice.must("subscriptions", "cancel", centralSub, "--reason-code", "noLongerNeeded",
		"--reason", "Bought by mistake for the wrong team", "-o", "table"), names)
}

// TestSubscriptionChangeCommands: an admin's central E3 with an add-on
// through its whole life — add-on, quantity with If-Match (a stale ETag is
// refused), auto-renew, suspend and reactivate — in one golden transcript.
func TestSubscriptionChangeCommands(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	names := map[string]string{tenant: "TENANT"}
	base := tableField(t, alice.must("subscriptions", "buy", "CFQ7TTC0LFLX", "--frequency", "annual", "--quantity", "2", "-o", "table"), "Id")
	names[base] = "SUB_BASE"

	var transcript strings.Builder
	step := func(args ...string) string {
		t.Helper()
		transcript.WriteString(rename("$ selfserve "+strings.Join(args, " ")+"\n", names, false))
		out := alice.must(append(args, "-o", "table")...)
		transcript.WriteString(out)
		return out
	}
	addon := tableField(t, step("addons", "add", base, "CFQ7TTC0LH05", "--quantity", "2"), "Id")
	names[addon] = "SUB_ADDON"
	view := decodeStrict[client.SubscriptionView](t, alice.must("subscriptions", "show", base, "-o", "json"))
	etag := view.ETag()
	step("subscriptions", "update", base, "--quantity", "4", "--if-match", etag)
	if r := alice.run("subscriptions", "update", base, "--quantity", "5", "--if-match", etag); r.code != exitRefused || !strings.Contains(r.stderr, "412 precondition_failed") {
		t.Errorf("update with a stale --if-match: exit %d, stderr %q; want 1 and 412 precondition_failed", r.code, r.stderr)
	}
	step("subscriptions", "update", base, "--auto-renew=false")
	step("subscriptions", "suspend", base, "--reason", "nonPayment")
	if a := decodeStrict[client.SubscriptionView](t, alice.must("subscriptions", "show", addon, "-o", "json")); a.Status != "Suspended" {
		t.Errorf("the add-on is %s after its base was suspended, want Suspended", a.Status)
	}
	step("subscriptions", "reactivate", base)
	step("subscriptions", "list")
	goldenTable(t, "subscriptions-changes", transcript.String(), names)
}

// TestSubscriptionCommandErrors: bad command lines exit 2 with one line on
// stderr and send nothing (the subscriptions stay as they were); the API's
// refusals exit 1 with the problem's code.
func TestSubscriptionCommandErrors(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	bob := newShell(t, tenant, "bob")
	sub := tableField(t, alice.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "5", "-o", "table"), "Id")
	before := alice.must("subscriptions", "list", "-o", "json")
	unknown := "sub_00000000000000000000000000"

	for _, tc := range []struct {
		name string
		sh   *shell
		args []string
		code int
		want string
	}{
		{"show without ID", alice, []string{"subscriptions", "show"}, exitUsage, "missing ID"},
		{"show with two IDs", alice, []string{"subscriptions", "show", sub, sub}, exitUsage, "too many arguments"},
		{"buy without PRODUCT_ID", alice, []string{"subscriptions", "buy", "--frequency", "monthly"}, exitUsage, "missing PRODUCT_ID"},
		{"buy without --frequency", alice, []string{"subscriptions", "buy", "CFQ7TTC0L3PB"}, exitUsage, "missing --frequency (monthly or annual)"},
		{"buy weekly", alice, []string{"subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "weekly"}, exitUsage, `--frequency must be monthly or annual, not "weekly"`},
		{"buy 0", alice, []string{"subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "0"}, exitUsage, "--quantity must be 1 to 10000, not 0"},
		{"buy a few", alice, []string{"subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "few"}, exitUsage, `invalid argument "few" for "--quantity"`},
		{"list by web", alice, []string{"subscriptions", "list", "--channel", "web"}, exitUsage, `--channel must be selfService, central or partner, not "web"`},
		{"list active", alice, []string{"subscriptions", "list", "--status", "active"}, exitUsage, `--status must be Trial, Active, PastDue, Suspended, Expired or Deleted, not "active"`},
		{"update nothing", alice, []string{"subscriptions", "update", sub}, exitUsage, "give --quantity or --auto-renew"},
		{"update to 10001", alice, []string{"subscriptions", "update", sub, "--quantity", "10001"}, exitUsage, "--quantity must be 1 to 10000"},
		{"cancel without reason", alice, []string{"subscriptions", "cancel", sub}, exitUsage, "missing --reason-code (noLongerNeeded, tooExpensive, switchingProduct, boughtByMistake or other)"},
		{"cancel bored", alice, []string{"subscriptions", "cancel", sub, "--reason-code", "bored"}, exitUsage, `--reason-code must be noLongerNeeded, tooExpensive, switchingProduct, boughtByMistake or other, not "bored"`},
		{"suspend late", alice, []string{"subscriptions", "suspend", sub, "--reason", "late"}, exitUsage, `--reason must be customerRequest, nonPayment, fraud or other, not "late"`},
		{"suspend without reason", alice, []string{"subscriptions", "suspend", sub}, exitUsage, "missing --reason"},
		{"reactivate without ID", alice, []string{"subscriptions", "reactivate"}, exitUsage, "missing ID"},
		{"takeover without ID", alice, []string{"subscriptions", "takeover"}, exitUsage, "missing ID"},
		{"move-users without --to", alice, []string{"subscriptions", "move-users", sub}, exitUsage, "missing --to TARGET_ID"},
		{"role without USER_ID", alice, []string{"subscriptions", "role", sub}, exitUsage, "missing USER_ID"},
		{"role Reader", alice, []string{"subscriptions", "role", sub, "carol", "--role", "Reader"}, exitUsage, `--role must be Owner, not "Reader"`},
		{"addons add without PRODUCT_ID", alice, []string{"addons", "add", sub}, exitUsage, "missing PRODUCT_ID"},
		{"addons add 0", alice, []string{"addons", "add", sub, "CFQ7TTC0LH05", "--quantity", "0"}, exitUsage, "--quantity must be 1 to 10000"},
		{"unknown subcommand", alice, []string{"subscriptions", "frob", sub}, exitUsage, `unknown command "frob" for "selfserve subscriptions"`},
		{"unknown flag", alice, []string{"subscriptions", "list", "--colour", "red"}, exitUsage, "unknown flag: --colour"},

		{"bob cancels alice's", bob, []string{"subscriptions", "cancel", sub, "--reason-code", "other"}, exitRefused, "404 not_found"},
		{"bob moves alice's users", bob, []string{"subscriptions", "move-users", sub, "--to", sub}, exitRefused, "400 invalid_request"},
		{"show unknown", alice, []string{"subscriptions", "show", unknown}, exitRefused, "404 not_found"},
		{"takeover of a central one", alice, []string{"subscriptions", "takeover", sub}, exitRefused, "400 invalid_request"},
		{"reactivate an Active one", alice, []string{"subscriptions", "reactivate", sub}, exitRefused, "409 invalid_status"},
		{"buy a self-service one without payment method", bob, []string{"subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly"}, exitRefused, "422 payment_method_required"},
		{"buy an add-on directly", alice, []string{"subscriptions", "buy", "CFQ7TTC0LH05", "--frequency", "monthly"}, exitRefused, "422 addon_requires_base"},
		{"role on a license subscription", alice, []string{"subscriptions", "role", sub, "carol"}, exitRefused, "400 invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFailure(t, tc.sh.run(tc.args...), tc.code, tc.want)
		})
	}
	if after := alice.must("subscriptions", "list", "-o", "json"); after != before {
		t.Errorf("the failed commands changed the subscriptions:\n%s\nwas\n%s", after, before)
	}
}

// TestEnumCompletion: the flags that take one of a list complete with it.
func TestEnumCompletion(t *testing.T) {
	sh := newShell(t, "contoso", "alice")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"subscriptions", "list", "--channel", ""}, "selfService"},
		{[]string{"subscriptions", "list", "--status", ""}, "Suspended"},
		{[]string{"subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", ""}, "annual"},
		{[]string{"subscriptions", "cancel", "sub_x", "--reason-code", ""}, "boughtByMistake"},
		{[]string{"subscriptions", "suspend", "sub_x", "--reason", ""}, "nonPayment"},
		{[]string{"subscriptions", "role", "sub_x", "carol", "--role", ""}, "Owner"},
		{[]string{"webhooks", "create", "--event-types", ""}, "customer_permission.updated"},
	} {
		if out := sh.must(append([]string{"__complete"}, tc.args...)...); !strings.Contains(out, tc.want+"\n") {
			t.Errorf("completing %s: %q, want %s", strings.Join(tc.args, " "), out, tc.want)
		}
	}
}

// goldenTable is golden for table output: it replaces names' ids and the
// unstable values first, each padded to the width of what it replaces, so
// that the columns stay aligned (golden then has nothing left to replace).
func goldenTable(t *testing.T, name, out string, names map[string]string) {
	t.Helper()
	out = rename(out, names, true)
	for _, u := range unstable {
		out = u.re.ReplaceAllStringFunc(out, func(m string) string { return padTo(u.re.ReplaceAllString(m, u.with), len(m)) })
	}
	ls := strings.Split(out, "\n")
	for i := range ls {
		ls[i] = strings.TrimRight(ls[i], " ")
	}
	golden(t, name, strings.Join(ls, "\n"), nil)
}

// rename replaces the ids of names in s with their names, padded to the
// id's width if pad.
func rename(s string, names map[string]string, pad bool) string {
	ids := slices.Collect(maps.Keys(names))
	// Longest first: an add-on's id starts with its base's.
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	for _, id := range ids {
		as := names[id]
		if pad {
			as = padTo(as, len(id))
		}
		s = strings.ReplaceAll(s, id, as)
	}
	return s
}

// padTo is s with spaces up to width.
func padTo(s string, width int) string { return s + strings.Repeat(" ", max(width-len(s), 0)) }

// wantFailure checks that r exited code with one line on stderr that
// contains want, and wrote nothing on stdout.
func wantFailure(t *testing.T, r result, code int, want string) {
	t.Helper()
	if r.code != code || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "selfserve: ") || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and one line on stderr with %q", r.code, r.stdout, r.stderr, code, want)
	}
}

// tableField is the value of field in a Field/Value table.
func tableField(t *testing.T, out, field string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if name, value, ok := strings.Cut(line, " "); ok && name == field {
			return strings.TrimSpace(value)
		}
	}
	t.Fatalf("no %s in\n%s", field, out)
	return ""
}

// decodeStrict decodes -o json output into the client's type T, refusing
// fields T lacks.
func decodeStrict[T any](t *testing.T, out string) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, out)
	}
	if dec.More() {
		t.Fatalf("more than one %T in\n%s", v, out)
	}
	return v
}

// licenseUsers licenses users on a subscription as user of tenant, through
// the API (the licenses commands are tested elsewhere).
func licenseUsers(t *testing.T, tenant, user, subscriptionID string, users ...string) {
	t.Helper()
	cl, err := client.New(runnerURL, client.WithToken(mintToken(t, tenant, user)))
	if err != nil {
		t.Fatal(err)
	}
	var body client.AssignLicensesRequest
	for _, u := range users {
		body.Users = append(body.Users, client.LicenseUser{ID: u, Name: u, Email: u + "@contoso.example"})
	}
	if _, err := cl.AssignLicenses(context.Background(), tenant, subscriptionID, body); err != nil {
		t.Fatal(err)
	}
}

// linesWith is out's lines that contain want.
func linesWith(out, want string) string {
	var b bytes.Buffer
	for _, l := range strings.SplitAfter(out, "\n") {
		if strings.Contains(l, want) {
			b.WriteString(l)
		}
	}
	return b.String()
}

package main

import (
	"testing"

	"selfserve/shared/client"
)

// TestTenantCommands: a customer of a partner, golden — the customer's admin
// reads the tenant and its permissions; the partner's agents list their
// customers; the AdminAgent turns reservations on once the customer has an
// Azure plan with an Owner (bought and assigned by the CLI), which the
// activity log records; an Operator puts a tenant.
func TestTenantCommands(t *testing.T) {
	partner := tenantFor(t, "fabrikam", "")
	customer := tenantFor(t, "contoso", partner)
	names := map[string]string{partner: "PARTNER", customer: "CUSTOMER"}
	alice := newShell(t, customer, "alice", "GlobalAdmin")
	agent := newShell(t, partner, "sam", "AdminAgent")
	agent.env["SELFSERVE_TENANT"] = customer
	sales := newShell(t, partner, "sara", "SalesAgent")
	sales.env["SELFSERVE_TENANT"] = customer

	goldenTable(t, "tenants-show", alice.must("tenants", "show", "-o", "table"), names)
	if got := agent.must("tenants", "show", customer, "--tenant", partner, "-o", "table"); got != alice.must("tenants", "show", "-o", "table") {
		t.Errorf("tenants show CUSTOMER by the agent:\n%s", got)
	}
	goldenTable(t, "customers-list", sales.must("customers", "list", partner, "-o", "table"), names)
	goldenTable(t, "permissions-show", alice.must("permissions", "show", "-o", "table"), names)

	wantFailure(t, agent.run("permissions", "set", "--reservations=true"), exitRefused, "409 azure_subscription_required")
	plan := tableField(t, agent.must("subscriptions", "buy", "DZH318Z0BPS6", "--frequency", "monthly", "-o", "table"), "Id")
	names[plan] = "SUB_PLAN"
	goldenTable(t, "subscriptions-role", agent.must("subscriptions", "role", plan, "carol", "--role", "Owner", "-o", "table"), names)
	wantFailure(t, sales.run("permissions", "set", "--reservations=true"), exitRefused, "403 forbidden")
	goldenTable(t, "permissions-set", agent.must("permissions", "set", "--reservations=true", "-o", "table"), names)
	if p := decodeStrict[client.CustomerPermissionsView](t, alice.must("permissions", "show", "-o", "json")); !p.Reservations.Enabled || p.Reservations.UpdatedBy != "sam" {
		t.Errorf("permissions after set: %+v", p)
	}
	if got := linesWith(alice.must("activity", "list", "-o", "csv"), "customer purchase permission"); got == "" {
		t.Errorf("the activity log has no customer purchase permission record")
	}
	customers := decodeStrict[[]client.Tenant](t, agent.must("customers", "list", partner, "-o", "json"))
	if len(customers) != 1 || customers[0].TenantID != customer || !customers[0].CustomerPermissions.Reservations.Enabled {
		t.Errorf("customers -o json: %+v", customers)
	}

	op := newShell(t, "operations", "op", "Operator")
	northwind := "northwind-" + randomHex(3)
	names[northwind] = "NORTHWIND"
	goldenTable(t, "tenants-put", op.must("tenants", "put", northwind, "--name", "Northwind Traders", "--country", "GB", "--partner", partner,
		"--billing-email", "billing@northwind.example", "--has-agreement", "--created-at", "2025-01-15T00:00:00Z", "-o", "table"), names)
	if tn := decodeStrict[client.Tenant](t, op.must("tenants", "show", northwind, "-o", "json")); tn.Name != "Northwind Traders" || tn.PartnerID != partner || !tn.HasAgreement {
		t.Errorf("the tenant put: %+v", tn)
	}

	for _, tc := range []struct {
		name string
		sh   *shell
		args []string
		code int
		want string
	}{
		{"show two tenants", alice, []string{"tenants", "show", customer, partner}, exitUsage, "too many arguments"},
		{"put without TENANT", op, []string{"tenants", "put", "--name", "X", "--country", "US"}, exitUsage, "missing TENANT"},
		{"put without --name", op, []string{"tenants", "put", northwind, "--country", "US"}, exitUsage, "missing --name"},
		{"put in USA", op, []string{"tenants", "put", northwind, "--name", "X", "--country", "USA"}, exitUsage, `--country must be an ISO 3166-1 alpha-2 code such as US, not "USA"`},
		{"put created last week", op, []string{"tenants", "put", northwind, "--name", "X", "--country", "US", "--created-at", "last week"}, exitUsage, "--created-at must be an RFC 3339 time"},
		{"customers without PARTNER_ID", agent, []string{"customers", "list"}, exitUsage, "missing PARTNER_ID"},
		{"permissions set without value", agent, []string{"permissions", "set"}, exitUsage, "missing --reservations=true|false"},
		{"permissions set maybe", agent, []string{"permissions", "set", "--reservations=maybe"}, exitUsage, `invalid argument "maybe" for "--reservations"`},
		{"put by an admin", alice, []string{"tenants", "put", customer, "--name", "Contoso", "--country", "US"}, exitRefused, "403 forbidden"},
		{"customers of another partner", agent, []string{"customers", "list", customer}, exitRefused, "404 not_found"},
		{"permissions set by the customer", alice, []string{"permissions", "set", "--reservations=false"}, exitRefused, "403 forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantFailure(t, tc.sh.run(tc.args...), tc.code, tc.want) })
	}
	if tn := decodeStrict[client.Tenant](t, op.must("tenants", "show", northwind, "-o", "json")); tn.Name != "Northwind Traders" || tn.Country != "GB" {
		t.Errorf("the failed puts changed the tenant: %+v", tn)
	}
}

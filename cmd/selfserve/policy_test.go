package main

import (
	"strings"
	"testing"
)

// TestPolicyCommands: the MSCommerce cmdlets' commands, golden, on a tenant
// of the test's own — list, get, set with each value and --enabled=false,
// and the seed's pipeline as --product-name, which changes exactly the two
// Power Automate products.
func TestPolicyCommands(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "alice", "GlobalAdmin")
	names := map[string]string{tenant: "TENANT"}
	golden(t, "policy-show", sh.must("policy", "show", "-o", "table"), names)
	golden(t, "policy-list", sh.must("policy", "list", "-o", "table"), names)
	golden(t, "policy-get", sh.must("policy", "get", "CFQ7TTC0KP0N", "-o", "table"), names)
	var sets strings.Builder
	for _, args := range [][]string{
		{"--value", "Disabled"}, {"--value", "OnlyTrialsWithoutPaymentMethod"}, {"--value", "Enabled"}, {"--enabled=false"}, {"--enabled=true"},
	} {
		sets.WriteString("$ selfserve policy set CFQ7TTC0KP0N " + strings.Join(args, " ") + "\n")
		sets.WriteString(sh.must(append([]string{"policy", "set", "CFQ7TTC0KP0N", "-o", "table"}, args...)...))
	}
	golden(t, "policy-set", sets.String(), names)
	golden(t, "policy-set-product-name", sh.must("policy", "set", "--product-name", "Power Automate", "--value", "Disabled", "--yes", "-o", "table"), names)
	golden(t, "policy-list-after", sh.must("policy", "list", "-o", "csv"), names)
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfserve/shared/localgw"
)

// expiredToken is a token of the runner's own key that expired an hour ago.
func expiredToken(t *testing.T, tenant, user string, roles ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(runnerData, "local-secrets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ TokenKey []byte }
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	tokens, err := localgw.NewTokens(s.TokenKey)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokens.Mint(localgw.Claims{Subject: user, TenantID: tenant, Roles: roles}, time.Now().Add(-25*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestBadInput: each mistake is one line on stderr, the documented exit
// code, and no change (the policy is still Enabled afterwards).
func TestBadInput(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "alice", "GlobalAdmin")
	file := func(content string) string {
		path := filepath.Join(t.TempDir(), "users.csv")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	users := file("id,name,email\nu1,User 1,u1@example.com\nu1,Again,u1@example.com\n")
	badEmail := file("id,name,email\nu1,User 1,u1@example.com\nu2,User 2,not-an-address\n")
	twoIDs := file("id,id,name,email\nann,bob,Ann,a@example.com\n")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown flag", nil, []string{"policy", "list", "--colour"}, exitUsage, "unknown flag: --colour"},
		{"unknown command", nil, []string{"polcy", "list"}, exitUsage, `unknown command "polcy"`},
		{"unknown subcommand", nil, []string{"licenses", "frob"}, exitUsage, `unknown command "frob"`},
		{"an argument to a command of flags", nil, []string{"policy", "list", "extra"}, exitUsage, `list takes no arguments, only flags: "extra"`},
		{"missing argument", nil, []string{"policy", "get"}, exitUsage, "missing PRODUCT_ID"},
		{"too many arguments", nil, []string{"policy", "get", "A", "B"}, exitUsage, "too many arguments"},
		{"bad --value", nil, []string{"policy", "set", "CFQ7TTC0KP0N", "--value", "Off"}, exitUsage, `--value must be Enabled, OnlyTrialsWithoutPaymentMethod or Disabled, not "Off"`},
		{"both --value and --enabled", nil, []string{"policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled", "--enabled=false"}, exitUsage, "not both"},
		{"bad --output", nil, []string{"policy", "list", "-o", "yaml"}, exitUsage, "--output must be table, json or csv"},
		{"no --yes without a terminal", nil, []string{"policy", "set", "--product-name", "Power Automate", "--value", "Disabled"}, exitUsage, "pass --yes"},
		{"a name nothing matches", nil, []string{"policy", "set", "--product-name", "Nothing Like It", "--value", "Disabled", "--yes"}, exitUsage, "no product's name matches"},
		{"a user twice in the users file", nil, []string{"licenses", "assign", "sub_x", "--users-file", users}, exitUsage, "user u1 is on lines 2 and 3"},
		{"a bad email in the users file", nil, []string{"licenses", "assign", "sub_x", "--users-file", badEmail}, exitUsage, "user u2 needs a valid email address"},
		{"a column twice in the users file", nil, []string{"licenses", "assign", "sub_x", "--users-file", twoIDs}, exitUsage, "names the column id twice"},
		{"bad --channel", nil, []string{"licenses", "summary", "--channel", "bogus"}, exitUsage, "--channel must be"},
		{"no such profile", map[string]string{"SELFSERVE_PROFILE": "nosuch"}, []string{"policy", "list"}, exitUsage, `no profile "nosuch"`},
		{"no tenant", map[string]string{"SELFSERVE_TENANT": ""}, []string{"policy", "list"}, exitUsage, "no tenant"},
		{"refused by the API", nil, []string{"policy", "get", "NOPE"}, exitRefused, "404 not_found"},
		{"unreachable API", map[string]string{"SELFSERVE_API": "http://127.0.0.1:1"}, []string{"policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled"}, exitFailed, "could not reach the API"},
		{"expired token", map[string]string{"SELFSERVE_TOKEN": expiredToken(t, tenant, "alice", "GlobalAdmin")}, []string{"policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled"}, exitRefused, "401 Unauthorized"},
		{"a plain user", map[string]string{"SELFSERVE_TOKEN": mintToken(t, tenant, "bob")}, []string{"policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled"}, exitRefused, "403 forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &shell{t: t, env: map[string]string{}}
			for k, v := range sh.env {
				run.env[k] = v
			}
			for k, v := range tt.env {
				run.env[k] = v
			}
			r := run.run(tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if lines := strings.Count(r.stderr, "\n"); lines != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want one line saying %q", r.stderr, tt.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
	if got := sh.must("policy", "get", "CFQ7TTC0KP0N", "-o", "csv"); !strings.Contains(got, ",Enabled\n") {
		t.Errorf("after the refused commands the policy is %q, want Enabled still", got)
	}
}

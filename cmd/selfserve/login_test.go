package main

import (
	"bufio"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestLoginLocal: login --local saves a profile only its user can read,
// and later commands use it with no token in the environment.
func TestLoginLocal(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "alice")
	delete(sh.env, "SELFSERVE_TOKEN")
	delete(sh.env, "SELFSERVE_TENANT")
	if r := sh.run("policy", "list"); r.code != exitUsage || !strings.Contains(r.stderr, "no tenant") {
		t.Fatalf("before login: exit %d %q, want 2 no tenant", r.code, r.stderr)
	}
	out := sh.must("login", "--local", "--tenant", tenant, "--user", "alice", "--roles", "GlobalAdmin")
	if want := "Signed in to " + runnerURL + " as alice in tenant " + tenant; !strings.Contains(out, want) {
		t.Errorf("login says %q, want %q", out, want)
	}
	info, err := os.Stat(sh.env["SELFSERVE_CONFIG"])
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("the profiles file's mode is %v, want 0600", got)
	}
	if got := sh.must("policy", "get", "CFQ7TTC0KP0N", "-o", "csv"); !strings.Contains(got, "Power Automate per user") {
		t.Errorf("policy get with the saved profile = %q", got)
	}
	// Another profile, another user; the first is kept.
	sh.must("login", "--local", "--profile", "bob", "--tenant", tenant, "--user", "bob")
	if r := sh.run("policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled", "--profile", "bob"); r.code != exitRefused {
		t.Errorf("bob's profile setting a policy: exit %d, want 1 (403)", r.code)
	}
	sh.must("policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled")
}

var codeLine = regexp.MustCompile(`open (\S+) and enter the code (\S+)`)

// TestLoginDevice: login --issuer signs in by the device authorization
// grant against the runner's identity provider: the CLI prints where to go
// and a code, the person approves it there, the CLI saves the token — and,
// with no --api, the runner's address as the API.
func TestLoginDevice(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "nobody")
	delete(sh.env, "SELFSERVE_TOKEN")
	delete(sh.env, "SELFSERVE_API") // the local issuer's runner is the API
	cmd := exec.Command(selfserveBin, "login", "--issuer", runnerURL+"/_local", "--client-id", "selfserve")
	for k, v := range sh.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	var m []string
	for m == nil && lines.Scan() {
		m = codeLine.FindStringSubmatch(lines.Text())
	}
	if m == nil {
		t.Fatal("the CLI printed no address and code")
	}
	verify, _ := url.Parse(m[1])
	verify.RawQuery = ""
	resp, err := http.PostForm(verify.String(), url.Values{"user_code": {m[2]}, "tenantId": {tenant}, "userId": {"alice"}, "roles": {"GlobalAdmin"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("login: %v (%s)", err, stdout.String())
	}
	if !strings.Contains(stdout.String(), "as alice in tenant "+tenant) {
		t.Errorf("login says %q", stdout.String())
	}
	sh.must("policy", "set", "CFQ7TTC0KP0N", "--value", "Disabled")
}

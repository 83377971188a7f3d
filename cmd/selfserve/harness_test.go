package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"selfserve/shared/runnertest"
	"selfserve/shared/template"
)

// The tests run the real selfserve binary, built once, against the real
// local runner (cmd/local, built and started once on DynamoDB Local); each
// test works in tenants of its own.
var (
	selfserveBin string
	runnerURL    string
	// runnerData is the runner's data folder (its token key).
	runnerData string
	update     = flag.Bool("update", false, "rewrite the golden files in testdata/")
)

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	flag.Parse()
	dir, err := os.MkdirTemp("", "selfserve-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := template.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	selfserveBin = filepath.Join(dir, "selfserve")
	runnerBin := filepath.Join(dir, "local")
	for bin, pkg := range map[string]string{selfserveBin: "./cmd/selfserve", runnerBin: "./cmd/local"} {
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build %s: %v\n%s", pkg, err, out)
			return 1
		}
	}
	stop, err := startRunner(runnerBin, root, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	return m.Run()
}

// startRunner starts the local runner, with its own DynamoDB Local, on an
// unused port and returns how to stop it (the runner's whole process group).
func startRunner(bin, root, dir string) (func(), error) {
	runnerData = filepath.Join(dir, "data")
	// Its own DynamoDB Local (on files in dir): the 10,000-user tests would
	// slow the shared one down for every other package.
	url, stop, err := runnertest.Start(bin, root, "-addr", "127.0.0.1:0", "-data", runnerData, "-log-level", "ERROR", "-mail", "off")
	runnerURL = url
	return stop, err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// shell runs the binary with an environment of its own: the runner's API,
// a profiles file of its own, and the variables the test sets.
type shell struct {
	t   *testing.T
	env map[string]string
	// stdin is given to the next runs.
	stdin string
	// dir is the working directory of the next runs ("": the test's).
	dir string
}

// newShell is a shell signed in (by SELFSERVE_TOKEN) as user of tenant
// with roles; the tenant is created first when it isn't there.
func newShell(t *testing.T, tenant, user string, roles ...string) *shell {
	t.Helper()
	s := &shell{t: t, env: map[string]string{"SELFSERVE_API": runnerURL, "SELFSERVE_CONFIG": filepath.Join(t.TempDir(), "config.json"),
		"SELFSERVE_TENANT": tenant, "SELFSERVE_TOKEN": mintToken(t, tenant, user, roles...), "HOME": t.TempDir()}}
	return s
}

// tenantFor creates a tenant of its own for the test (a customer of
// partner, if given), named after prefix.
func tenantFor(t *testing.T, prefix, partner string) string {
	t.Helper()
	id := prefix + "-" + randomHex(3)
	body := map[string]any{"name": strings.ToUpper(prefix[:1]) + prefix[1:], "country": "US", "hasAgreement": true}
	if partner != "" {
		body["partnerId"] = partner
	}
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, runnerURL+"/v1/tenants/"+id, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+mintToken(t, "operations", "op", "Operator"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating tenant %s: %d", id, resp.StatusCode)
	}
	return id
}

// mintToken asks the runner for a token.
func mintToken(t *testing.T, tenant, user string, roles ...string) string {
	t.Helper()
	if roles == nil {
		roles = []string{}
	}
	b, _ := json.Marshal(map[string]any{"tenantId": tenant, "userId": user, "name": user, "roles": roles})
	resp, err := http.Post(runnerURL+"/_local/tokens", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("minting a token: %d %v", resp.StatusCode, err)
	}
	return out.Token
}

// run runs the binary with args and returns what it wrote and its exit code.
func (s *shell) run(args ...string) result {
	s.t.Helper()
	cmd := exec.Command(selfserveBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(s.stdin)
	cmd.Dir = s.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		s.t.Fatal(err)
	}
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}

// must runs args and fails the test unless it exits 0.
func (s *shell) must(args ...string) string {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 {
		s.t.Fatalf("selfserve %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// Generated values that differ from run to run, and what a golden file
// shows instead.
var unstable = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\b(sub|ord|act|evt|ep|dlv)_[0-9a-z]{26}(_[0-9a-z]{26})?\b`), "${1}_ID"},
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`), "TIME"},
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`), "DATE"},
	{regexp.MustCompile(`whsec_[A-Za-z0-9+/=]+`), "whsec_SECRET"},
}

// golden compares got, its unstable values replaced, with
// testdata/name.golden (rewritten with -update); tenant ids of the test
// become TENANT, PARTNER….
func golden(t *testing.T, name, got string, names map[string]string) {
	t.Helper()
	for id, as := range names {
		got = strings.ReplaceAll(got, id, as)
	}
	for _, u := range unstable {
		got = u.re.ReplaceAllString(got, u.with)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

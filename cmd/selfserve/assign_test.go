package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"selfserve/shared/client"
)

// TestAssignTenThousandUsersKilledAndResumed: `licenses assign` of a
// 10,000-user CSV is SIGKILLed right after the API finished its fifth
// batch (before the CLI read the answer); run again, it finishes with
// every user licensed once, in at most 10,000/batch + 2 requests in all.
func TestAssignTenThousandUsersKilledAndResumed(t *testing.T) {
	const n, batch = 10000, 1000
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "alice", "GlobalAdmin")
	ctx := context.Background()
	cl, err := client.New(runnerURL, client.WithToken(sh.env["SELFSERVE_TOKEN"]))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := cl.CreateSubscription(ctx, tenant, client.SubscriptionCreate{ProductID: "CFQ7TTC0L3PB", BillingFrequency: "monthly", Quantity: n})
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("id,name,email\n")
	for i := range n {
		fmt.Fprintf(&csv, "u%05d,User %d,u%05d@contoso.example.com\n", i, i, i)
	}
	file := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	// A proxy in front of the runner counts the bulk requests and, on the
	// fifth, lets the API finish it and then kills the CLI.
	var mu sync.Mutex
	var requests int
	var cli *exec.Cmd
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if strings.HasSuffix(r.URL.Path, "/licenses/bulk") {
			requests++
		}
		kill := requests == 5 && cli != nil
		mu.Unlock()
		up, _ := http.NewRequest(r.Method, runnerURL+r.URL.RequestURI(), r.Body)
		up.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(up)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if kill {
			_ = cli.Process.Kill()
			return
		}
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}))
	defer proxy.Close()
	sh.env["SELFSERVE_API"] = proxy.URL
	args := []string{"licenses", "assign", sub.ID, "--users-file", file, "--batch-size", fmt.Sprint(batch), "-o", "table"}

	mu.Lock()
	cli = exec.Command(selfserveBin, args...)
	for k, v := range sh.env {
		cli.Env = append(cli.Env, k+"="+v)
	}
	mu.Unlock()
	if err := cli.Run(); err == nil || cli.ProcessState.ExitCode() != -1 {
		t.Fatalf("the first run ended with %v, want killed", err)
	}
	mu.Lock()
	cli = nil
	mu.Unlock()

	out := sh.must(args...)
	golden(t, "licenses-assign", out, map[string]string{sub.ID: "sub_ID"})
	if requests > n/batch+2 {
		t.Errorf("%d bulk requests in all, want at most %d", requests, n/batch+2)
	}
	got, err := cl.GetSubscription(ctx, tenant, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]bool{}
	for l, err := range cl.AllLicenses(ctx, tenant, sub.ID, &client.ListLicensesParams{Limit: 200}) {
		if err != nil {
			t.Fatal(err)
		}
		users[l.UserID] = true
	}
	if got.AssignedLicenses != n || len(users) != n {
		t.Errorf("assigned %d, %d distinct users licensed; want %d and %d", got.AssignedLicenses, len(users), n, n)
	}
}

// TestAssignAgainAfterFinishing: a finished assign is forgotten — the same
// command run later licenses again whoever lost a license meanwhile, rather
// than replaying the first run's answer.
func TestAssignAgainAfterFinishing(t *testing.T) {
	tenant := tenantFor(t, "contoso", "")
	sh := newShell(t, tenant, "alice", "GlobalAdmin")
	cl, err := client.New(runnerURL, client.WithToken(sh.env["SELFSERVE_TOKEN"]))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := cl.CreateSubscription(context.Background(), tenant, client.SubscriptionCreate{ProductID: "CFQ7TTC0L3PB", BillingFrequency: "monthly", Quantity: 5})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(file, []byte("id,name,email\ndana,Dana,dana@contoso.example\neli,Eli,eli@contoso.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"licenses", "assign", sub.ID, "--users-file", file, "-o", "csv"}
	if got := sh.must(args...); !strings.Contains(got, ",2,2,0,2,5") {
		t.Fatalf("first run: %q", got)
	}
	sh.must("licenses", "remove", sub.ID, "eli")
	if got := sh.must(args...); !strings.Contains(got, ",2,1,1,2,5") {
		t.Errorf("second run: %q, want eli licensed again (assigned 1, unchanged 1)", got)
	}
}

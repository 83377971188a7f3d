// Command smoke runs the README tour's read-only and reversible steps
// against a deployed stack (or a local runner) and stops at the first
// failure, printing one line per check:
//
//	✓ GET /v1/products?selfService=true → 200: the self-service products: the catalog's selfServiceEligible ones, no other
//	✗ GET /v1/tenants/contoso/licenses → 500: want 200 the license summary; got 500 {"message":"Internal Server Error"}
//
// It buys, cancels and assigns nothing. What it changes it puts back: one
// product's AllowSelfServicePurchase value (changed, then set back to what
// it was) and a webhook endpoint (created, sent a test event, deleted), also
// when a check fails or it is interrupted.
//
//	make smoke API=https://abc123.execute-api.eu-west-1.amazonaws.com
//	go run ./cmd/smoke -api https://… [-wait 30s]
//
// A deployed stack can't mint tokens, so they come from the environment
// (README, "Deploy"): SMOKE_ADMIN_TOKEN (a GlobalAdmin of the test tenant),
// SMOKE_USER_TOKEN (a user without roles of the same tenant), SMOKE_TENANT
// (default: the admin token's tid) and SMOKE_WEBHOOK_URL (a public https
// receiver answering 2xx; unset, the webhook checks are skipped). Against a
// local runner (make run) without tokens it mints them with POST
// /_local/tokens, creating the tenant (SMOKE_TENANT, default "smoke") when
// it is missing.
//
// Exit codes: 0 every check passed, 1 a check failed, 2 usage (no API, no
// tokens for a deployed stack, tokens that can't be read).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The environment variables smoke reads.
const (
	envAdminToken = "SMOKE_ADMIN_TOKEN"
	envUserToken  = "SMOKE_USER_TOKEN"
	envTenant     = "SMOKE_TENANT"
	envWebhookURL = "SMOKE_WEBHOOK_URL"
)

func main() {
	// The first Ctrl-C stops the checks (what was changed is still put
	// back); a second one ends the program.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is the command: args without the program's name, getenv for the
// SMOKE_ variables; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("smoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	api := fs.String("api", "", "the API's base URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com or http://127.0.0.1:3000")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for the test event's delivery and the activity records")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: smoke -api URL [-wait 30s]\n\nenvironment: %s, %s (required for a deployed stack), %s, %s\n", envAdminToken, envUserToken, envTenant, envWebhookURL)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *api == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if u, err := url.Parse(*api); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(stderr, "smoke: API=%q is not an http(s) URL; give the stack's ApiUrl output, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com\n", *api)
		return 2
	}
	s := newSmoke(*api, stdout, *wait)
	if err := s.setUp(ctx, getenv); err != nil {
		fmt.Fprintln(stderr, "smoke:", err)
		if _, ok := err.(usageError); ok {
			return 2
		}
		return 1
	}
	if !s.runAll(ctx) {
		return 1
	}
	return 0
}

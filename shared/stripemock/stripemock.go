// Package stripemock starts stripe-mock (github.com/stripe/stripe-mock,
// installed by infra/stripe-mock.sh) as a child process on a loopback port,
// for the tests of the Stripe adapter's requests. stripe-mock checks each
// request against Stripe's OpenAPI document and answers fixtures: it keeps
// no state.
package stripemock

import (
	"context"
	"net/http"
	"os/exec"
	"time"

	"selfserve/shared/childproc"
)

// Key is a test secret key stripe-mock accepts (it takes any sk_test_ key).
const Key = "sk_test_123"

// Server is a running stripe-mock.
type Server struct {
	// URL is its HTTP base URL, http://127.0.0.1:<port>.
	URL  string
	proc *childproc.Proc
}

// Install runs infra/stripe-mock.sh (a no-op once installed) and returns
// the binary's path.
func Install(root string) (string, error) { return childproc.Install(root, "stripe-mock.sh") }

// listening is the line stripe-mock prints once its HTTP listener is open.
const listening = "Listening for HTTP at address: "

// Start installs stripe-mock if needed under root (the repository root),
// starts it and waits until it answers. It listens on loopback ports the
// system picks (HTTP, and HTTPS, which it always opens beside an
// -http-addr), read back from its output, so no port can be taken in
// between.
func Start(ctx context.Context, root string) (*Server, error) {
	bin, err := Install(root)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	proc, addr, err := childproc.StartListening(ctx, cmd, "stripe-mock", listening, 30*time.Second)
	if err != nil {
		return nil, err
	}
	s := &Server{proc: proc, URL: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	err = proc.WaitUntil(ctx, 30*time.Second, "stripe-mock", func(ctx context.Context) bool {
		return childproc.Answers(ctx, client, s.URL+"/v1/charges", http.Header{"Authorization": {"Bearer " + Key}})
	})
	if err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop ends stripe-mock's process group and waits for it.
func (s *Server) Stop() {
	if s != nil {
		s.proc.Stop()
	}
}

// Package stripemock starts stripe-mock (github.com/stripe/stripe-mock,
// installed by infra/stripe-mock.sh) as a child process on a loopback port,
// for the tests of the Stripe adapter's requests. stripe-mock checks each
// request against Stripe's OpenAPI document and answers fixtures: it keeps
// no state.
package stripemock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
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
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = w, w
	proc, err := childproc.Start(cmd)
	w.Close()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("starting stripe-mock: %w", err)
	}
	s := &Server{proc: proc}

	// Read the output to its end (so stripe-mock never blocks on a full
	// pipe), handing over the HTTP address and, should it exit first, the
	// last lines it printed.
	addr := make(chan string, 1)
	output := make(chan string, 1)
	go func() {
		defer r.Close()
		var last []string
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			if a, ok := strings.CutPrefix(line, listening); ok {
				addr <- a
			}
			if last = append(last, line); len(last) > 5 {
				last = last[1:]
			}
		}
		output <- strings.Join(last, "\n")
	}()

	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case a := <-addr:
		s.URL = "http://" + a
	case out := <-output:
		s.Stop()
		return nil, fmt.Errorf("stripe-mock exited while starting: %s", out)
	case <-ctx.Done():
		s.Stop()
		return nil, ctx.Err()
	case <-timeout.C:
		s.Stop()
		return nil, errors.New("stripe-mock printed no HTTP address within 30s")
	}
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

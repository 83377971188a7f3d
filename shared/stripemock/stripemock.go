// Package stripemock starts stripe-mock (github.com/stripe/stripe-mock,
// installed by infra/stripe-mock.sh) as a child process on a loopback port,
// for the tests of the Stripe adapter's requests. stripe-mock checks each
// request against Stripe's OpenAPI document and answers fixtures: it keeps
// no state.
package stripemock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Key is a test secret key stripe-mock accepts (it takes any sk_test_ key).
const Key = "sk_test_123"

// Server is a running stripe-mock.
type Server struct {
	// URL is its HTTP base URL, http://127.0.0.1:<port>.
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Install runs infra/stripe-mock.sh (a no-op once installed) and returns
// the binary's path.
func Install(root string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(filepath.Join(root, "infra", "stripe-mock.sh"))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("installing stripe-mock: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

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
	// Own process group, and die with the parent on Linux, so a killed test
	// binary leaves no stripe-mock behind.
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("starting stripe-mock: %w", err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()

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
	if err := s.wait(ctx, 30*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// wait polls GET /v1/charges until stripe-mock answers it, it exits or
// time runs out.
func (s *Server) wait(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return errors.New("stripe-mock exited while starting")
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/v1/charges", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+Key)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("stripe-mock did not answer on %s within %s", s.URL, limit)
}

// Stop ends stripe-mock's process group and waits for it.
func (s *Server) Stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	pid := s.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-s.done
	}
}

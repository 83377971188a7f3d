// Package childproc runs the real components the tests and the local
// runner start beside them (DynamoDB Local, stripe-mock, Mailpit, moto):
// installed by a
// script of infra/, started in a process group of their own that dies with
// its parent, waited for until they answer, and stopped.
package childproc

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Install runs the install script infra/<script> of the repository at root
// (a no-op once installed) and returns what it prints: the installed path.
func Install(root, script string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(filepath.Join(root, "infra", script))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("running infra/%s: %v: %s", script, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// Proc is a started child process.
type Proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts cmd in a process group of its own which, on Linux, dies
// with this process, so a killed test binary leaves nothing behind.
func Start(cmd *exec.Cmd) (*Proc, error) {
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	return p, nil
}

// Done is closed once the process exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// WaitUntil calls ready every 50 ms until it reports true, and fails when
// the process exits first, ctx ends or limit passes (a start-up limit).
func (p *Proc) WaitUntil(ctx context.Context, limit time.Duration, what string, ready func(context.Context) bool) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited while starting", what)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if ready(ctx) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer within %s", what, limit)
}

// Answers reports whether a GET of url with header (nil: none) answers
// 2xx: the readiness probe of WaitUntil for an HTTP server.
func Answers(ctx context.Context, client *http.Client, url string, header http.Header) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}

// Stop ends the process group (SIGTERM, then SIGKILL after 5 s) and waits
// for the process.
func (p *Proc) Stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	pid := p.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-p.done
	}
}

// Kill ends the process at once (SIGKILL, as a crash would) and waits for it.
func (p *Proc) Kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// Pid is the process's id, which is also its process group's.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

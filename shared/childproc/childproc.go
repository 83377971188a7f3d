// Package childproc runs the real components the tests and the local
// runner start beside them (DynamoDB Local, stripe-mock, Mailpit, moto):
// installed by a
// script of infra/, started in a process group of their own that dies with
// its parent, waited for until they answer, and stopped.
package childproc

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
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

// StartListening starts cmd (Start) with its output read to its end, so
// it never blocks on a full pipe, and waits — at most limit — for the line
// starting with prefix, which servers print with the address they listen
// on; it returns the rest of that line. Should the process exit first,
// the error holds the last lines it printed; on any error it is stopped.
func StartListening(ctx context.Context, cmd *exec.Cmd, what, prefix string, limit time.Duration) (*Proc, string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", err
	}
	cmd.Stdout, cmd.Stderr = w, w
	p, err := Start(cmd)
	w.Close()
	if err != nil {
		r.Close()
		return nil, "", fmt.Errorf("starting %s: %w", what, err)
	}
	found := make(chan string, 1)
	output := make(chan string, 1)
	go func() {
		defer r.Close()
		var last []string
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				select {
				case found <- strings.TrimSpace(rest):
				default:
				}
			}
			if last = append(last, line); len(last) > 5 {
				last = last[1:]
			}
		}
		output <- strings.Join(last, "\n")
	}()
	timeout := time.NewTimer(limit)
	defer timeout.Stop()
	select {
	case rest := <-found:
		return p, rest, nil
	case out := <-output:
		err = fmt.Errorf("%s exited while starting: %s", what, out)
	case <-ctx.Done():
		err = ctx.Err()
	case <-timeout.C:
		err = fmt.Errorf("%s printed no %q line within %s", what, prefix, limit)
	}
	p.Stop()
	return nil, "", err
}

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

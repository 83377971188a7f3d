package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildRunner builds cmd/local into dir and returns the binary's path.
func buildRunner(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "local")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/local")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/local: %v\n%s", err, out)
	}
	return bin, nil
}

// proc is one run of the runner binary, the leader of its own process group.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
	// DynamoDB is the endpoint of the DynamoDB Local this run started.
	DynamoDB string
	// JVMs are the runner's child processes (its DynamoDB Local).
	JVMs []int
	log  string
}

var ddbLine = regexp.MustCompile(`DynamoDB Local at (http://[0-9.:]+)`)

// startRunner starts bin on dataDir, serving addr, and waits until it
// answers. The runner leads its own process group (as under a shell), and
// dies with the soak.
func startRunner(ctx context.Context, root, bin, dataDir, addr, logPath string, limit time.Duration) (*proc, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(bin, "-data", dataDir, "-addr", addr, "-table", table, "-log-level", "ERROR", "-mail", "off")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, done: make(chan struct{}), log: logPath}
	go func() { _ = cmd.Wait(); close(p.done) }()
	if err := p.waitReady(ctx, "http://"+addr, limit); err != nil {
		p.kill()
		return nil, err
	}
	b, _ := os.ReadFile(logPath)
	if m := ddbLine.FindSubmatch(b); m != nil {
		p.DynamoDB = string(m[1])
	}
	p.JVMs = children(cmd.Process.Pid)
	return p, nil
}

// waitReady polls until the runner answers /_local/clock, it exits, or
// limit passes (a safety net: a start takes seconds).
func (p *proc) waitReady(ctx context.Context, base string, limit time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			b, _ := os.ReadFile(p.log)
			return fmt.Errorf("the runner exited while starting: %s", strings.TrimSpace(string(b)))
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if resp, err := client.Get(base + "/_local/clock"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the runner did not answer on %s within %s", base, limit)
}

// kill SIGKILLs the runner's whole process group and waits for the runner.
func (p *proc) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}

// stop asks the runner to stop (SIGTERM, as Ctrl-C) and waits; after limit
// it kills the group.
func (p *proc) stop(limit time.Duration) error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(limit):
		p.kill()
		return fmt.Errorf("the runner did not stop within %s of SIGTERM", limit)
	}
}

// children are the pids whose parent is pid (Linux /proc; none elsewhere).
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// alive reports whether pid is a running process (not gone, not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || (s[i+2] != 'Z' && s[i+2] != 'X')
}

// freeAddr is a free loopback address.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

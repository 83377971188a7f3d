// Package runnertest starts the local runner's binary (cmd/local) for the
// tests of the commands that talk to it, the CLI's and the smoke test's.
package runnertest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"syscall"
)

// runningAt is the line the runner prints once it serves.
var runningAt = regexp.MustCompile(`selfserve is running at (http://[0-9.:]+)`)

// Start runs the runner bin with args in dir, in a process group of its
// own that dies with the test process, waits for the line that says where
// it serves, and returns that URL and how to stop it (the whole group).
func Start(bin, dir string, args ...string) (url string, stop func(), err error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() }
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := runningAt.FindStringSubmatch(lines.Text()); m != nil {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return m[1], stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("the runner stopped before saying where it runs")
}

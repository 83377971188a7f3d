// Package lambdarie runs a Lambda function's bootstrap under the AWS Lambda
// Runtime Interface Emulator (github.com/aws/aws-lambda-runtime-interface-emulator,
// installed by infra/rie.sh), as a child process on loopback ports, and
// invokes it as Lambda would: the emulator serves the Lambda Runtime API the
// bootstrap polls (aws-lambda-go, built with -tags lambda.norpc) and takes
// invocations on POST /2015-03-31/functions/function/invocations. It is
// the Lambda service's side of a function in its provided.al2023 runtime,
// minus the sandbox: the test of the real bootstraps.
package lambdarie

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"selfserve/shared/childproc"
)

// InvokePath is the emulator's invocation endpoint (Lambda's Invoke API for
// the one function it runs).
const InvokePath = "/2015-03-31/functions/function/invocations"

// Install runs infra/rie.sh (a no-op once installed) under root, the
// repository root, and returns the emulator binary's path.
func Install(root string) (string, error) { return childproc.Install(root, "rie.sh") }

// Config is a function to run under the emulator.
type Config struct {
	// Bootstrap is the function's executable, a bootstrap built for this
	// machine (linux, its architecture). It runs in the folder holding it,
	// as Lambda runs it in /var/task.
	Bootstrap string
	// Env is the function's environment. The emulator hands its own
	// environment to the function, so Env is the whole of it: nothing is
	// inherited from the caller. Unless Env sets them,
	// AWS_LAMBDA_FUNCTION_NAME is the name of the bootstrap's folder and
	// AWS_LAMBDA_FUNCTION_TIMEOUT (the emulator's invocation timeout, in
	// seconds) is 30.
	Env map[string]string
	// Output also receives what the emulator and the function print (the
	// function's log lines, the emulator's START/END/REPORT lines); nil:
	// only Emulator.Output keeps it.
	Output io.Writer
}

// Emulator is a running emulator with its function.
type Emulator struct {
	// URL is the emulator's base URL, http://127.0.0.1:<port>.
	URL string
	// Args is the emulator's command line.
	Args []string
	proc *childproc.Proc
	out  *output
}

// Response is an invocation's answer.
type Response struct {
	// Status is the emulator's HTTP status: 200 when the function answered
	// (its error too, as an errorMessage/errorType body), 502 when its
	// runtime failed (a cold start that exits, a crash).
	Status int
	// Body is the function's response payload.
	Body []byte
}

// Start starts the emulator with cfg's bootstrap as its command, on two
// free loopback ports (the invocation endpoint and the Runtime API the
// bootstrap is given in AWS_LAMBDA_RUNTIME_API), and waits until it
// accepts connections. The function's cold start happens at the first
// invocation, as in Lambda. root is the repository root (for Install).
func Start(ctx context.Context, root string, cfg Config) (*Emulator, error) {
	if cfg.Bootstrap == "" {
		return nil, ErrNoBootstrap
	}
	bin, err := Install(root)
	if err != nil {
		return nil, err
	}
	boot, err := filepath.Abs(cfg.Bootstrap)
	if err != nil {
		return nil, err
	}
	env := map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME":    filepath.Base(filepath.Dir(boot)),
		"AWS_LAMBDA_FUNCTION_TIMEOUT": "30",
	}
	for k, v := range cfg.Env {
		env[k] = v
	}
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	slices.Sort(environ)

	// The emulator can't listen on port 0 (it hands the bootstrap the
	// configured Runtime API address, not the bound one), so ports are
	// picked free here; should another process take one first, the
	// emulator exits while starting and is started again on others.
	var last error
	for range 3 {
		addrs, err := freeAddrs(2)
		if err != nil {
			return nil, err
		}
		args := []string{bin,
			"--runtime-interface-emulator-address", addrs[0],
			"--runtime-api-address", addrs[1],
			"--log-level", "info",
			boot}
		e, err := start(ctx, args, environ, filepath.Dir(boot), cfg.Output)
		if err == nil {
			return e, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

func start(ctx context.Context, args, environ []string, dir string, w io.Writer) (*Emulator, error) {
	out := &output{w: w}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = environ
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	proc, err := childproc.Start(cmd)
	if err != nil {
		return nil, fmt.Errorf("starting the Lambda Runtime Interface Emulator: %w", err)
	}
	e := &Emulator{URL: "http://" + args[2], Args: args, proc: proc, out: out}
	// The invocation endpoint is probed by connecting only: any request to
	// it (whatever its method or path) is an invocation.
	err = proc.WaitUntil(ctx, 30*time.Second, "the Lambda Runtime Interface Emulator", func(ctx context.Context) bool {
		c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", args[2])
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
	if err != nil {
		e.Stop()
		return nil, fmt.Errorf("%w: %s", err, lastLines(out.String(), 5))
	}
	return e, nil
}

// freeAddrs returns n distinct loopback addresses free a moment ago.
func freeAddrs(n int) ([]string, error) {
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close() // held until all are picked, so they differ
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// Invoke sends payload (the event, JSON) to the function, as Lambda's
// synchronous Invoke does, and returns its answer. ctx bounds the call;
// the emulator itself ends an invocation after AWS_LAMBDA_FUNCTION_TIMEOUT.
func (e *Emulator) Invoke(ctx context.Context, payload []byte) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL+InvokePath, bytes.NewReader(payload))
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("invoking %s: %w", e.URL+InvokePath, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, err
	}
	return Response{Status: resp.StatusCode, Body: body}, nil
}

// Output is what the emulator and the function printed so far.
func (e *Emulator) Output() string { return e.out.String() }

// Stop ends the emulator (SIGTERM: it stops the function's runtime, then
// exits; SIGKILL after 5 s) and waits for it.
func (e *Emulator) Stop() {
	if e != nil {
		e.proc.Stop()
	}
}

// Done is closed once the emulator exited.
func (e *Emulator) Done() <-chan struct{} { return e.proc.Done() }

// Pid is the emulator's process id.
func (e *Emulator) Pid() int { return e.proc.Pid() }

// output keeps what the child printed and copies it to w.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
	w   io.Writer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	if o.w != nil {
		_, _ = o.w.Write(p)
	}
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 1 && lines[0] == "" {
		return "no output"
	}
	return strings.Join(lines, "\n")
}

// ErrNoBootstrap is returned by Start when cfg has no bootstrap.
var ErrNoBootstrap = errors.New("lambdarie: no bootstrap")

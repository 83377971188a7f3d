package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// coldStartBudget is how much later than a hello-world bootstrap a route's
// bootstrap may ask for its first event.
const coldStartBudget = 8 * time.Millisecond

// coldStartResult compares a route's bootstrap with a hello-world one.
type coldStartResult struct {
	route                string
	runs                 int
	routeP50, helloP50   time.Duration
	routeMin, routeMax   time.Duration
	helloMin, helloMax   time.Duration
	routeSize, helloSize int64
	init                 initTrace // the route's package initialisation
	helloInit            initTrace
}

// initTrace sums GODEBUG=inittrace=1 over the packages initialised.
type initTrace struct {
	packages int
	clock    time.Duration
	bytes    int64
	allocs   int64
	top      []initPkg // by clock, descending
}

type initPkg struct {
	name   string
	clock  time.Duration
	bytes  int64
	allocs int64
}

// coldStart builds the route's function and a hello-world with the
// Makefile's Lambda flags for this machine's architecture, then starts each
// `runs` times, interleaved, against a fake Lambda Runtime API and times
// exec → the first GET /runtime/invocation/next. It also reads the route's
// package initialisation from GODEBUG=inittrace=1.
func coldStart(ctx context.Context, root, route string, runs int) (coldStartResult, error) {
	res := coldStartResult{route: route, runs: runs}
	dir, err := os.MkdirTemp("", "selfserve-coldstart-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	flags, err := lambdaFlags(filepath.Join(root, "Makefile"))
	if err != nil {
		return res, err
	}
	routeBin, helloBin := filepath.Join(dir, route, "bootstrap"), filepath.Join(dir, "hello", "bootstrap")
	progress("coldstart: building %s and a hello-world (go build %s, GOARCH=%s)", route, strings.Join(flags, " "), runtime.GOARCH)
	for bin, pkg := range map[string]string{routeBin: "./functions/" + route, helloBin: "./cmd/bench/testdata/hello"} {
		if err := buildBootstrap(ctx, root, flags, pkg, bin); err != nil {
			return res, err
		}
	}
	if res.routeSize, err = fileSize(routeBin); err != nil {
		return res, err
	}
	if res.helloSize, err = fileSize(helloBin); err != nil {
		return res, err
	}
	rt, err := newFakeRuntime()
	if err != nil {
		return res, err
	}
	defer rt.close()
	env := lambdaEnv(rt.addr, route)

	// Once each first: the page cache holds both binaries from then on.
	for _, bin := range []string{routeBin, helloBin} {
		if _, _, err := rt.start(ctx, bin, env); err != nil {
			return res, err
		}
	}
	progress("coldstart: %d starts of each, interleaved", runs)
	var rs, hs []time.Duration
	for i := range runs {
		order := []string{routeBin, helloBin}
		if i%2 == 1 {
			order = []string{helloBin, routeBin}
		}
		for _, bin := range order {
			d, _, err := rt.start(ctx, bin, env)
			if err != nil {
				return res, err
			}
			if bin == routeBin {
				rs = append(rs, d)
			} else {
				hs = append(hs, d)
			}
		}
	}
	res.routeP50, res.helloP50 = median(rs), median(hs)
	res.routeMin, res.routeMax = slices.Min(rs), slices.Max(rs)
	res.helloMin, res.helloMax = slices.Min(hs), slices.Max(hs)

	// inittrace: the run with the median total of 5, per binary.
	traced := append(slices.Clone(env), "GODEBUG=inittrace=1")
	for _, t := range []struct {
		bin string
		out *initTrace
	}{{routeBin, &res.init}, {helloBin, &res.helloInit}} {
		var traces []initTrace
		for range 5 {
			_, stderr, err := rt.start(ctx, t.bin, traced)
			if err != nil {
				return res, err
			}
			traces = append(traces, parseInitTrace(stderr))
		}
		slices.SortFunc(traces, func(a, b initTrace) int { return int(a.clock - b.clock) })
		*t.out = traces[len(traces)/2]
	}
	return res, nil
}

// lambdaFlags reads LAMBDA_FLAGS from the Makefile, so the bench builds
// exactly as `make build` does.
func lambdaFlags(makefile string) ([]string, error) {
	b, err := os.ReadFile(makefile)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "LAMBDA_FLAGS"); ok {
			if v, ok = strings.CutPrefix(strings.TrimSpace(v), ":="); ok {
				return splitShell(strings.TrimSpace(v)), nil
			}
		}
	}
	return nil, errors.New("no LAMBDA_FLAGS in the Makefile")
}

// splitShell splits words the way the shell does for the Makefile's simple
// quoting (double quotes, no escapes).
func splitShell(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case (r == ' ' || r == '\t') && !inQuote:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

func buildBootstrap(ctx context.Context, root string, flags []string, pkg, out string) error {
	args := append([]string{"build"}, flags...)
	args = append(args, "-o", out, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return nil
}

func fileSize(p string) (int64, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// lambdaEnv is a deployed function's environment (the variables Lambda
// sets, fake credentials) plus what the route reads; DYNAMODB_ENDPOINT
// points at a closed port: nothing is called before the first event.
func lambdaEnv(runtimeAPI, function string) []string {
	key := make([]byte, 32)
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + runtimeAPI,
		"AWS_LAMBDA_FUNCTION_NAME=" + function,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + function,
		"AWS_LAMBDA_LOG_STREAM_NAME=bench",
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"AWS_REGION=us-east-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=AKIDBENCH",
		"AWS_SECRET_ACCESS_KEY=bench",
		"AWS_SESSION_TOKEN=bench",
		"LAMBDA_TASK_ROOT=/var/task",
		"LAMBDA_RUNTIME_DIR=/var/runtime",
		"TZ=:UTC",
		"LANG=en_US.UTF-8",
		"PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
		"TABLE_NAME=selfserve",
		"CURSOR_KEY=" + base64.StdEncoding.EncodeToString(key),
		"LOG_LEVEL=INFO",
		"DYNAMODB_ENDPOINT=http://127.0.0.1:9",
	}
}

// fakeRuntime is the Lambda Runtime API's first endpoint: it notes when
// GET /2018-06-01/runtime/invocation/next arrives and never answers.
type fakeRuntime struct {
	addr    string
	srv     *http.Server
	arrived chan time.Time
}

func newFakeRuntime() (*fakeRuntime, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	rt := &fakeRuntime{addr: ln.Addr().String(), arrived: make(chan time.Time, 1)}
	rt.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		if r.Method != http.MethodGet || r.URL.Path != "/2018-06-01/runtime/invocation/next" {
			http.NotFound(w, r)
			return
		}
		select {
		case rt.arrived <- at:
		default:
		}
		<-r.Context().Done() // until the process is killed
	})}
	go func() { _ = rt.srv.Serve(ln) }()
	return rt, nil
}

func (rt *fakeRuntime) close() { _ = rt.srv.Close() }

// start runs bin until it asks for its first event and returns how long
// that took from exec, and what it wrote on stderr meanwhile.
func (rt *fakeRuntime) start(ctx context.Context, bin string, env []string) (time.Duration, string, error) {
	select { // a stale arrival from a previous run
	case <-rt.arrived:
	default:
	}
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = env
	cmd.Dir = filepath.Dir(bin)
	var stderr lockedBuffer
	cmd.Stderr, cmd.Stdout = &stderr, &stderr
	exited := make(chan error, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, "", err
	}
	go func() { exited <- cmd.Wait() }()
	select {
	case at := <-rt.arrived:
		_ = cmd.Process.Kill()
		<-exited
		return at.Sub(start), stderr.String(), nil
	case err := <-exited:
		return 0, "", fmt.Errorf("%s exited before asking for an event (%v): %s", bin, err, stderr.String())
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		return 0, "", fmt.Errorf("%s did not ask for an event within 20s: %s", bin, stderr.String())
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// init internal/bytealg @0.004 ms, 0 ms clock, 0 bytes, 0 allocs
var initLine = regexp.MustCompile(`^init (\S+) @\S+ ms, ([0-9.]+) ms clock, ([0-9]+) bytes, ([0-9]+) allocs`)

func parseInitTrace(stderr string) initTrace {
	var t initTrace
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ms, _ := strconv.ParseFloat(m[2], 64)
		b, _ := strconv.ParseInt(m[3], 10, 64)
		a, _ := strconv.ParseInt(m[4], 10, 64)
		p := initPkg{name: m[1], clock: time.Duration(ms * float64(time.Millisecond)), bytes: b, allocs: a}
		t.packages++
		t.clock += p.clock
		t.bytes += b
		t.allocs += a
		t.top = append(t.top, p)
	}
	slices.SortStableFunc(t.top, func(a, b initPkg) int { return int(b.clock - a.clock) })
	return t
}

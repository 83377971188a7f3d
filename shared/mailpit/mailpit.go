// Package mailpit starts Mailpit (github.com/axllent/mailpit, installed by
// infra/mailpit.sh) as a child process: an SMTP server that keeps every
// mail it receives, with a web UI and a REST API beside it. The SMTP
// adapter's tests send to it and read the mails back through the API; the
// local runner starts one for `make run`.
package mailpit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"selfserve/shared/childproc"
)

// Server is a running Mailpit.
type Server struct {
	// SMTPAddr is where it takes mail, host:port.
	SMTPAddr string
	// URL is its web UI's and API's base URL, http://host:port.
	URL    string
	proc   *childproc.Proc
	dir    string
	client *http.Client
}

// Install runs infra/mailpit.sh (a no-op once installed) and returns the
// binary's path.
func Install(root string) (string, error) { return childproc.Install(root, "mailpit.sh") }

// Option configures Start.
type Option func(*options)

type options struct {
	smtp, http string
	flags      []string
}

// Addrs makes Mailpit listen on these addresses (host:port) rather than on
// free loopback ports, e.g. the local runner's 127.0.0.1:1025 and
// 127.0.0.1:8025.
func Addrs(smtp, http string) Option {
	return func(o *options) { o.smtp, o.http = smtp, http }
}

// Flags passes more flags to Mailpit, e.g.
// "--smtp-allowed-recipients", `@example\.com$`.
func Flags(flags ...string) Option {
	return func(o *options) { o.flags = append(o.flags, flags...) }
}

// errAddrInUse says Mailpit could not listen: a port was taken.
var errAddrInUse = errors.New("address already in use")

// Start installs Mailpit if needed under root (the repository root),
// starts it and waits until both its SMTP server and its API answer. Its
// database is a file in a temporary folder that Stop removes.
//
// Mailpit can listen on port 0 but only prints ":0" back, so without Addrs
// Start picks two free loopback ports itself (the system picks them, and
// they are released just before Mailpit takes them) and, in the unlikely
// event that another process took one in between, tries again with others.
// On Linux it also checks that the ports that answer are the started
// Mailpit's own, so a port taken by another server fails Start (Mailpit
// exits then, but may answer on its other port a moment before).
func Start(ctx context.Context, root string, opts ...Option) (*Server, error) {
	bin, err := Install(root)
	if err != nil {
		return nil, err
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	for attempt := 1; ; attempt++ {
		smtpAddr, httpAddr := o.smtp, o.http
		if smtpAddr == "" {
			if smtpAddr, httpAddr, err = freeAddrs(); err != nil {
				return nil, err
			}
		}
		s, err := start(ctx, bin, smtpAddr, httpAddr, o.flags)
		if err == nil || o.smtp != "" || attempt == 3 || !errors.Is(err, errAddrInUse) {
			return s, err
		}
	}
}

// freeAddrs returns two distinct loopback addresses with ports the system
// picked, free once it returns.
func freeAddrs() (string, string, error) {
	var addrs [2]string
	for i := range addrs {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", "", err
		}
		defer l.Close()
		addrs[i] = l.Addr().String()
	}
	return addrs[0], addrs[1], nil
}

func start(ctx context.Context, bin, smtpAddr, httpAddr string, flags []string) (*Server, error) {
	dir, err := os.MkdirTemp("", "mailpit-")
	if err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	args := append([]string{
		"--smtp", smtpAddr,
		"--listen", httpAddr,
		"--database", filepath.Join(dir, "mailpit.db"),
		"--disable-version-check",
		"--smtp-disable-rdns",
	}, flags...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = w, w
	proc, err := childproc.Start(cmd)
	w.Close()
	if err != nil {
		r.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting Mailpit: %w", err)
	}
	s := &Server{
		SMTPAddr: smtpAddr,
		URL:      "http://" + httpAddr,
		proc:     proc,
		dir:      dir,
		client:   &http.Client{Timeout: 10 * time.Second},
	}

	// Read the output to its end (so Mailpit never blocks on a full pipe),
	// keeping the last lines to tell why it exited, should it.
	output := make(chan string, 1)
	go func() {
		defer r.Close()
		var last []string
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if last = append(last, sc.Text()); len(last) > 5 {
				last = last[1:]
			}
		}
		output <- strings.Join(last, "\n")
	}()

	err = proc.WaitUntil(ctx, 30*time.Second, "Mailpit", s.ready)
	if err != nil {
		s.Stop()
		select {
		case out := <-output:
			if strings.Contains(out, errAddrInUse.Error()) {
				return nil, fmt.Errorf("mailpit on %s and %s: %w", smtpAddr, httpAddr, errAddrInUse)
			}
			return nil, fmt.Errorf("%w: %s", err, out)
		case <-time.After(time.Second):
			return nil, err
		}
	}
	return s, nil
}

// ready reports whether the API answers /readyz, the SMTP server greets as
// Mailpit, and both are this Mailpit's, not another process's that held
// one of the ports (Mailpit then exits, but may answer a moment before).
func (s *Server) ready(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if !childproc.Answers(ctx, s.client, s.URL+"/readyz", nil) {
		return false
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.SMTPAddr)
	if err != nil {
		return false
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return false
	}
	banner, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(banner, "220 ") || !strings.Contains(banner, "Mailpit") {
		return false
	}
	return listens(s.proc.Pid(), port(s.SMTPAddr), port(strings.TrimPrefix(s.URL, "http://")))
}

// port is the port of host:port, 0 if there is none.
func port(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Stop ends Mailpit's process group, waits for it and removes its
// database.
func (s *Server) Stop() {
	if s != nil {
		s.proc.Stop()
		os.RemoveAll(s.dir)
	}
}

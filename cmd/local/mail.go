package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"selfserve/shared/lambdaapp"
	"selfserve/shared/mailpit"
	"selfserve/shared/notify"
	"selfserve/shared/store"
)

// mailFlags are the runner's mail settings (docs/spec.md §11).
type mailFlags struct {
	Kind string // smtp, ses or off
	SMTP string // host:port of -mail smtp
	UI   string // Mailpit's web UI, when the runner starts it
	From string
}

// startMail builds the runner's mailer: for smtp, it starts Mailpit on
// the SMTP and UI addresses unless an SMTP server already answers there
// (another runner's Mailpit, or the user's own); ses reads the AWS
// environment as deployed. stop ends what it started.
func startMail(ctx context.Context, root string, mf mailFlags, st *store.Store, now func() time.Time, log *slog.Logger) (*notify.Mailer, func(), error) {
	cfg := lambdaapp.MailConfigFromEnv()
	cfg.Kind, cfg.From, cfg.SMTP = mf.Kind, mf.From, mf.SMTP
	stop := func() {}
	switch mf.Kind {
	case "off":
		fmt.Println("mails are off (-mail off): purchasers are told by webhooks only")
	case "smtp":
		switch greeting, err := smtpGreeting(mf.SMTP); {
		case err == nil && strings.HasPrefix(greeting, "220"):
			fmt.Printf("mails go to the SMTP server already answering at %s\n", mf.SMTP)
		case err == nil:
			return nil, stop, fmt.Errorf("-smtp %s: something that is not an SMTP server listens there (it said %q); give another -smtp address", mf.SMTP, greeting)
		default:
			fmt.Println("starting Mailpit…")
			srv, err := mailpit.Start(ctx, root, mailpit.Addrs(mf.SMTP, mf.UI))
			if err != nil {
				return nil, stop, fmt.Errorf("starting Mailpit (or run with -mail off): %w", err)
			}
			stop = srv.Stop
			fmt.Printf("Mailpit, the local mailbox, shows every mail sent at %s/ (SMTP %s)\n", srv.URL, srv.SMTPAddr)
		}
	}
	m, err := lambdaapp.NewMailer(cfg, st, now, log)
	if err != nil {
		stop()
		return nil, func() {}, err
	}
	return m, stop, nil
}

// smtpGreeting reads the first line a server at addr says (an SMTP server
// greets with 220); an error when nothing accepts connections there.
func smtpGreeting(addr string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line), nil
}

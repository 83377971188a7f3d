package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
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
	if mf.Kind == "smtp" {
		if answers(mf.SMTP) {
			fmt.Printf("mails go to the SMTP server already answering at %s\n", mf.SMTP)
		} else {
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

// answers reports whether something accepts connections at addr.
func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// Command local runs the whole system on one machine: DynamoDB Local, every
// HttpApi route of template.yaml behind a local API Gateway on
// 127.0.0.1:3000, every ScheduleV2 function on its rate, and the /_local
// endpoints (tokens, clock, sweeps). `make run` starts it; Ctrl-C stops all.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/clock"
	"selfserve/shared/console"
	"selfserve/shared/ddblocal"
	"selfserve/shared/dynamo"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/notify"
	"selfserve/shared/payments"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/template"
	"selfserve/shared/webhooks"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3000", "address to serve the API on")
	dataDir := flag.String("data", ".data", "folder for DynamoDB Local's files, the local secrets and the local clock")
	inMemory := flag.Bool("in-memory", false, "keep no data: DynamoDB Local in memory, fresh secrets, the clock at this machine's time")
	endpoint := flag.String("dynamodb-endpoint", "", "use this running DynamoDB Local instead of starting one")
	table := flag.String("table", "selfserve", "table name")
	logLevel := flag.String("log-level", "INFO", "DEBUG, INFO, WARN or ERROR")
	pay := flag.String("payments", "local", "payment provider: local (the test provider) or stripe (STRIPE_SECRET_KEY, and STRIPE_API_BASE for another API such as stripe-mock)")
	var m mailFlags
	flag.StringVar(&m.Kind, "mail", "smtp", "notification mails: smtp (to the -smtp server; Mailpit started there), ses (Amazon SES with the AWS environment, SES_ENDPOINT for an emulator) or off")
	flag.StringVar(&m.SMTP, "smtp", "127.0.0.1:1025", "SMTP server of -mail smtp; unless one already answers there, Mailpit is started on it")
	flag.StringVar(&m.UI, "mailpit-ui", "127.0.0.1:8025", "address of the web UI of the Mailpit -mail smtp starts")
	flag.StringVar(&m.From, "mail-from", "selfserve <no-reply@selfserve.local>", "sender of the mails")
	flag.Parse()
	if err := run(*addr, *dataDir, *inMemory, *endpoint, *table, *pay, m, lambdaapp.NewLogger(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "local:", err)
		os.Exit(1)
	}
}

func run(addr, dataDir string, inMemory bool, endpoint, table, paymentsKind string, mf mailFlags, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := template.Root()
	if err != nil {
		return err
	}
	tmpl, err := template.Load(filepath.Join(root, "template.yaml"))
	if err != nil {
		return err
	}
	if !filepath.IsAbs(dataDir) {
		dataDir = filepath.Join(root, dataDir)
	}
	sec, err := loadSecrets(dataDir, inMemory)
	if err != nil {
		return err
	}
	clk := clock.NewAdjustable()
	savedClk, err := openClock(dataDir, inMemory, clk)
	if err != nil {
		return err
	}
	if off := clk.Offset(); off > 0 {
		fmt.Printf("the local clock resumes %s ahead of this machine's, at %s (kept in %s)\n", off, clk.Now().Format(time.RFC3339), savedClk.path)
	}
	if endpoint == "" {
		opt := ddblocal.Options{Root: root}
		if !inMemory {
			opt.DBPath = filepath.Join(dataDir, "dynamodb")
		}
		fmt.Println("starting DynamoDB Local…")
		srv, err := ddblocal.Start(ctx, opt)
		if err != nil {
			return err
		}
		defer srv.Stop()
		endpoint = srv.Endpoint
	}
	cfg, err := dynamo.Config(ctx, dynamo.Options{Endpoint: endpoint})
	if err != nil {
		return err
	}
	// DynamoDB Local answers a transaction before committing it: wait for
	// the commit, so an answer the API gives survives a kill -9.
	db, streams := ddblocal.WaitForCommits(dynamo.NewClientFromConfig(cfg, endpoint)), dynamodbstreams.NewFromConfig(cfg)
	if err := ensureTable(ctx, db, tmpl.Table, table); err != nil {
		return err
	}
	site, err := console.Load(os.DirFS(filepath.Join(root, "console", "dist")), console.Config{Auth: "local"})
	switch {
	case errors.Is(err, console.ErrNotBuilt):
		fmt.Println("the console is not built: / answers 503 (make run builds it; or: make console)")
	case err != nil:
		return err
	}
	st := store.New(db, table)
	// The local provider dates its charges by the runner's clock.
	pay, err := lambdaapp.NewPayments(paymentsKind, st, clk.Now)
	if err != nil {
		return err
	}
	mailer, stopMail, err := startMail(ctx, root, mf, st, clk.Now, log)
	if err != nil {
		return err
	}
	defer stopMail()
	rn, err := newRunner(config{Console: site, Template: tmpl, DB: db, Table: table, TokenKey: sec.TokenKey, CursorKey: sec.CursorKey,
		Clock: clk, Scheduled: scheduledHandlers(st, clk.Now, log, pay, mailer), Stream: streamHandlers(st, clk.Now, log, mailer), Streams: streams, Log: log,
		SaveClock: savedClk.save, Payments: pay})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if mailer != nil { // the port chosen, for -addr :0
		mailer.ConsoleURL = "http://" + ln.Addr().String()
	}
	srv := &http.Server{Handler: rn.Handler(), ReadHeaderTimeout: 10 * time.Second}
	rn.runSchedules(ctx)
	rn.runStreams(ctx)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	base := "http://" + ln.Addr().String()
	fmt.Printf(`selfserve is running at %s (DynamoDB Local at %s, table %s)
Open the admin console at %s/ and sign in as anyone (tenant, user, roles, language).
Sign in with the CLI (make cli builds bin/selfserve) and use it:
  bin/selfserve login --local --api %s --tenant contoso --user alice --roles GlobalAdmin
  bin/selfserve products list
or through your identity provider's device sign-in, played here by the runner:
  bin/selfserve login --api %s --issuer %s/_local --client-id selfserve
Or mint a token and call the API with curl:
  TOKEN=$(curl -s -X POST %s/_local/tokens -d '{"tenantId":"contoso","userId":"alice","name":"Alice","roles":["GlobalAdmin"]}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -s -w '\n' -H "Authorization: Bearer $TOKEN" %s/v1/products
Ctrl-C stops everything.
`, base, endpoint, table, base, base, base, base, base, base)
	err = srv.Serve(ln)
	if serr := savedClk.save(); serr != nil { // the last now, so a restart resumes no earlier
		log.Error("saving the local clock", "err", serr.Error())
	}
	if !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// scheduledHandlers are the ScheduleV2 functions' handlers, by name: the
// lifecycle sweeps and webhook retries, exactly as deployed but for
// webhook URLs on this machine being allowed.
func scheduledHandlers(st *store.Store, now func() time.Time, log *slog.Logger, pay payments.Provider, mailer *notify.Mailer) map[string]Scheduled {
	sw := &sweeps.Sweeper{Store: st, Log: log, Retrier: deliverer(st, now, log, mailer), Payments: pay}
	out := map[string]Scheduled{}
	for _, name := range sweeps.Names {
		h := lambdaapp.SweepHandler(sw, name, time.Now)
		out[name] = func(ctx context.Context, at time.Time) (any, error) {
			return h(ctx, lambdaapp.ScheduledInput{ScheduledTime: at})
		}
	}
	return out
}

// streamHandlers are the stream-triggered functions' handlers, by name:
// WebhookDispatch, with webhook URLs on this machine allowed, and mails
// when mailer is set.
func streamHandlers(st *store.Store, now func() time.Time, log *slog.Logger, mailer *notify.Mailer) map[string]StreamHandler {
	return map[string]StreamHandler{"WebhookDispatch": deliverer(st, now, log, mailer).HandleStream}
}

// deliverer is the local webhook deliverer with mailer's channel (nil:
// no mail).
func deliverer(st *store.Store, now func() time.Time, log *slog.Logger, mailer *notify.Mailer) *webhooks.Deliverer {
	dl := lambdaapp.NewDeliverer(st, true, now, log)
	if mailer != nil {
		dl.Mail = mailer
	}
	return dl
}

// secrets are the local token-signing key and cursor key, kept in the data
// folder so tokens and cursors survive a restart.
type secrets struct {
	TokenKey  []byte `json:"tokenKey"`
	CursorKey []byte `json:"cursorKey"`
}

func loadSecrets(dataDir string, inMemory bool) (secrets, error) {
	fresh := func() secrets {
		s := secrets{TokenKey: make([]byte, 32), CursorKey: make([]byte, 32)}
		_, _ = rand.Read(s.TokenKey)
		_, _ = rand.Read(s.CursorKey)
		return s
	}
	if inMemory {
		return fresh(), nil
	}
	path := filepath.Join(dataDir, "local-secrets.json")
	var s secrets
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &s) == nil && len(s.TokenKey) == 32 && len(s.CursorKey) == 32 {
		return s, nil
	}
	s = fresh()
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return s, err
	}
	b, _ := json.Marshal(s)
	return s, os.WriteFile(path, b, 0o600)
}

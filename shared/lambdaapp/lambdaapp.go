// Package lambdaapp is the composition root shared by the functions' mains:
// it reads the environment and builds clients once per cold start, and
// adapts a route's handler to the Lambda runtime.
package lambdaapp

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"selfserve/shared/app"
	"selfserve/shared/catalog"
	"selfserve/shared/httpapi"
	"selfserve/shared/payments"
	"selfserve/shared/payments/localpay"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/webhooks"
)

// Env names read at cold start.
const (
	EnvTable     = "TABLE_NAME"
	EnvCursorKey = "CURSOR_KEY"
	EnvLogLevel  = "LOG_LEVEL"
	// EnvWebhookPorts is the comma-separated allow-list of webhook URL
	// ports (template parameter WebhookPorts); unset, webhooks.DefaultPorts.
	EnvWebhookPorts = "WEBHOOK_PORTS"
)

// Deps are what an API is built from.
type Deps struct {
	Store     *store.Store
	CursorKey []byte
	Now       func() time.Time
	Log       *slog.Logger
	// Local allows webhook URLs on loopback and over http (the local
	// runner); deployed functions never set it.
	Local bool
	// WebhookPorts are the ports webhook URLs may use deployed (nil:
	// webhooks.DefaultPorts); locally any port is allowed.
	WebhookPorts []uint16
	// Payments is the payment provider (nil: the local test provider
	// beside Store).
	Payments payments.Provider
}

// NewAPI returns the HTTP API over deps with the embedded catalog.
func NewAPI(d Deps) (*httpapi.API, error) {
	cur, err := httpapi.NewCursors(d.CursorKey)
	if err != nil {
		return nil, err
	}
	dl := newDeliverer(d.Store, webhooks.Guard{AllowLoopback: d.Local, Ports: d.WebhookPorts}, d.Now, d.Log)
	a := NewApp(d.Store, d.Now, dl)
	if d.Payments != nil {
		a.Payments = d.Payments
	}
	return &httpapi.API{App: a, Catalog: catalog.Default(), Cursors: cur, Now: d.Now, Log: d.Log}, nil
}

// NewApp returns the use cases over st with the embedded catalog and the
// local test payment provider (StartRoute and StartSweep put the
// configured one in its place).
func NewApp(st *store.Store, now func() time.Time, wh app.Webhooks) *app.App {
	a := &app.App{Store: st, Catalog: catalog.Default(), Now: now, Webhooks: wh}
	if st != nil {
		a.Payments = localpay.On(st, now)
	}
	return a
}

// NewDeliverer returns the webhook deliverer: deployed (local false) it
// reaches only public https addresses on the default ports
// (webhooks.DefaultPorts); locally also loopback, on any port.
func NewDeliverer(st *store.Store, local bool, now func() time.Time, log *slog.Logger) *webhooks.Deliverer {
	return newDeliverer(st, webhooks.Guard{AllowLoopback: local}, now, log)
}

func newDeliverer(st *store.Store, g webhooks.Guard, now func() time.Time, log *slog.Logger) *webhooks.Deliverer {
	return &webhooks.Deliverer{Store: st, Sender: webhooks.NewSender(g), Now: now, Log: log}
}

// WebhookPortsFromEnv reads WEBHOOK_PORTS: nil (the default ports) when
// unset or empty, an error when malformed.
func WebhookPortsFromEnv() ([]uint16, error) {
	s := strings.TrimSpace(os.Getenv(EnvWebhookPorts))
	if s == "" {
		return nil, nil
	}
	ports, err := webhooks.ParsePorts(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvWebhookPorts, err)
	}
	return ports, nil
}

// deployedDeliverer is the deliverer of a deployed function: ports from
// WEBHOOK_PORTS.
func deployedDeliverer(st *store.Store, log *slog.Logger) (*webhooks.Deliverer, error) {
	ports, err := WebhookPortsFromEnv()
	if err != nil {
		return nil, err
	}
	return newDeliverer(st, webhooks.Guard{Ports: ports}, time.Now, log), nil
}

// RouteHandler adapts the route named name to a Lambda handler of API
// Gateway v2 events.
func RouteHandler(api *httpapi.API, name string) (func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error), error) {
	h, err := api.Handler(name)
	if err != nil {
		return nil, err
	}
	return httpadapter.NewV2(h).ProxyWithContext, nil
}

// NewLogger returns the JSON logger at the level named by LOG_LEVEL.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}

// cursorKeyHelp is how to make a cursor key, and where a deployed stack
// takes it from.
const cursorKeyHelp = "it must be 32 random bytes in base64: make one with `openssl rand -base64 32` " +
	"and store it as the \"cursorKey\" of the Secrets Manager secret named by the stack parameter CursorKeySecretName"

// CursorKeyFromEnv reads CURSOR_KEY, the key that seals list cursors
// (ParseCursorKey). Every route's cold start checks it here, once.
func CursorKeyFromEnv() ([]byte, error) { return ParseCursorKey(os.Getenv(EnvCursorKey)) }

// ParseCursorKey decodes a cursor key: 32 bytes in standard base64,
// surrounding white space ignored. Its error names CURSOR_KEY, says what is
// wrong and how to make a key, and never contains the value.
func ParseCursorKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("%s is not set: %s", EnvCursorKey, cursorKeyHelp)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not base64: %s", EnvCursorKey, cursorKeyHelp)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("%s decodes to %d bytes, not 32: %s", EnvCursorKey, len(key), cursorKeyHelp)
	}
	return key, nil
}

// FromEnv builds Deps from the function's environment.
func FromEnv(ctx context.Context) (Deps, error) {
	table := os.Getenv(EnvTable)
	if table == "" {
		return Deps{}, fmt.Errorf("%s is not set", EnvTable)
	}
	key, err := CursorKeyFromEnv()
	if err != nil {
		return Deps{}, err
	}
	ports, err := WebhookPortsFromEnv()
	if err != nil {
		return Deps{}, err
	}
	db, err := NewDynamoDBClient(os.Getenv(EnvDynamoDBEndpoint))
	if err != nil {
		return Deps{}, err
	}
	st := store.New(db, table)
	pay, err := NewPayments(os.Getenv(EnvPayments), st, time.Now)
	if err != nil {
		return Deps{}, err
	}
	return Deps{Store: st, CursorKey: key, Now: time.Now, Log: NewLogger(os.Getenv(EnvLogLevel)), WebhookPorts: ports, Payments: pay}, nil
}

// StartRoute is a route function's main: build once, then serve events.
func StartRoute(name string) {
	log := NewLogger(os.Getenv(EnvLogLevel))
	deps, err := FromEnv(context.Background())
	if err != nil {
		log.Error("cold start failed", "function", name, "err", err.Error())
		os.Exit(1)
	}
	api, err := NewAPI(deps)
	if err == nil {
		var h func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
		if h, err = RouteHandler(api, name); err == nil {
			lambda.Start(h)
			return
		}
	}
	log.Error("cold start failed", "function", name, "err", err.Error())
	os.Exit(1)
}

// ScheduledInput is what EventBridge Scheduler sends a sweep (template.yaml
// sets it to the schedule's time): that time is the sweep's "now".
type ScheduledInput struct {
	ScheduledTime time.Time `json:"scheduledTime"`
}

// SweepHandler adapts the named sweep to a Lambda handler of scheduled
// events; without a scheduled time it uses now().
func SweepHandler(sw *sweeps.Sweeper, name string, now func() time.Time) func(context.Context, ScheduledInput) (sweeps.Report, error) {
	return func(ctx context.Context, in ScheduledInput) (sweeps.Report, error) {
		at := in.ScheduledTime
		if at.IsZero() {
			at = now()
		}
		return sw.Run(ctx, name, at.UTC())
	}
}

// StartSweep is a sweep function's main: build once, then run on schedule.
func StartSweep(name string) {
	log := NewLogger(os.Getenv(EnvLogLevel))
	table := os.Getenv(EnvTable)
	db, err := NewDynamoDBClient(os.Getenv(EnvDynamoDBEndpoint))
	if err != nil || table == "" {
		log.Error("cold start failed", "function", name, "table", table, "err", fmt.Sprint(err))
		os.Exit(1)
	}
	st := store.New(db, table)
	dl, err := deployedDeliverer(st, log)
	if err != nil {
		log.Error("cold start failed", "function", name, "err", err.Error())
		os.Exit(1)
	}
	pay, err := NewPayments(os.Getenv(EnvPayments), st, time.Now)
	if err != nil {
		log.Error("cold start failed", "function", name, "err", err.Error())
		os.Exit(1)
	}
	if name == store.SweepWebhookRetries { // it retries mails too
		if err := attachMailer(dl, st, log); err != nil {
			log.Error("cold start failed", "function", name, "err", err.Error())
			os.Exit(1)
		}
	}
	a := NewApp(st, time.Now, dl)
	a.Payments = pay
	sw := &sweeps.Sweeper{Store: st, App: a, Log: log, Retrier: dl}
	lambda.Start(SweepHandler(sw, name, time.Now))
}

// StartDispatch is WebhookDispatch's main: build once, then deliver the
// outbox events of each stream batch, as webhooks and mails.
func StartDispatch() {
	log := NewLogger(os.Getenv(EnvLogLevel))
	table := os.Getenv(EnvTable)
	db, err := NewDynamoDBClient(os.Getenv(EnvDynamoDBEndpoint))
	if err != nil || table == "" {
		log.Error("cold start failed", "function", "WebhookDispatch", "table", table, "err", fmt.Sprint(err))
		os.Exit(1)
	}
	st := store.New(db, table)
	dl, err := deployedDeliverer(st, log)
	if err == nil {
		err = attachMailer(dl, st, log)
	}
	if err != nil {
		log.Error("cold start failed", "function", "WebhookDispatch", "err", err.Error())
		os.Exit(1)
	}
	lambda.Start(dl.HandleStream)
}

// attachMailer gives dl the mail channel the environment configures
// (MailConfigFromEnv), if any.
func attachMailer(dl *webhooks.Deliverer, st *store.Store, log *slog.Logger) error {
	m, err := NewMailer(MailConfigFromEnv(), st, time.Now, log)
	if m != nil {
		dl.Mail = m
	}
	return err
}

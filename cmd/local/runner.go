package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/clock"
	"selfserve/shared/console"
	"selfserve/shared/ddblocal"
	"selfserve/shared/domain"
	"selfserve/shared/httpapi"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/localgw"
	"selfserve/shared/payments"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/template"
)

// Scheduled is a ScheduleV2 function's handler: it runs the work due at
// scheduledTime and returns its report.
type Scheduled func(ctx context.Context, scheduledTime time.Time) (any, error)

// runner is the whole deployed system in one process: the API routes behind
// a local API Gateway, the schedules and the /_local endpoints.
type runner struct {
	tmpl      *template.Template
	clock     *clock.Adjustable
	tokens    *localgw.Tokens
	scheduled map[string]Scheduled
	stream    map[string]StreamHandler
	db        *dynamodb.Client
	streams   *dynamodbstreams.Client
	table     string
	gateway   http.Handler
	log       *slog.Logger
	sweepMu   sync.Mutex
	saveClock func() error
	onInvoke  func(function string)
	devices   devices   // sign-ins of the device authorization grant
	codes     authCodes // codes of the authorization code grant
}

// config is what a runner is built from.
type config struct {
	Template  *template.Template
	DB        *dynamodb.Client
	Table     string
	TokenKey  []byte
	CursorKey []byte
	Clock     *clock.Adjustable
	// Scheduled maps ScheduleV2 function names to their handlers; every
	// ScheduleV2 function of the template must have one.
	Scheduled map[string]Scheduled
	// Stream maps the stream-triggered functions to their handlers, likewise.
	Stream  map[string]StreamHandler
	Streams *dynamodbstreams.Client
	Log     *slog.Logger
	// SaveClock, if set, keeps the clock after every move (the data folder's
	// local-clock.json), so a restart never takes it back.
	SaveClock func() error
	// Console is the built console, served at / and /assets/ by the Console
	// function's handler; nil answers that it isn't built.
	Console *console.Site
	// Payments is the payment provider (nil: the local test provider).
	Payments payments.Provider
	// OnInvoke, if set, is told the name of every function invoked (a
	// route's, a schedule's or the stream's), before its handler runs:
	// which functions a test reached.
	OnInvoke func(function string)
}

func newRunner(c config) (*runner, error) {
	tokens, err := localgw.NewTokens(c.TokenKey)
	if err != nil {
		return nil, err
	}
	api, err := lambdaapp.NewAPI(lambdaapp.Deps{Store: store.New(c.DB, c.Table), CursorKey: c.CursorKey, Now: c.Clock.Now, Log: c.Log, Local: true,
		Payments: c.Payments})
	if err != nil {
		return nil, err
	}
	// Each route's handler as localgw.ForAPI has it, invoked as its
	// function (functionName).
	gw, err := localgw.New(c.Template.Routes(), func(name string) (localgw.LambdaHandler, error) {
		h, err := lambdaapp.RouteHandler(api, name)
		if err != nil {
			return nil, err
		}
		return asFunction(name, c.OnInvoke, h), nil
	}, tokens, c.Clock.Now)
	if err != nil {
		return nil, err
	}
	site := localgw.LambdaHandler(console.NotBuilt)
	if c.Console != nil {
		site = c.Console.Handle
	}
	gw, err = localgw.WithPublic(c.Template.PublicRoutes(), func(name string) (localgw.LambdaHandler, error) {
		if name != console.FunctionName {
			return nil, fmt.Errorf("public function %s has no handler in the local runner", name)
		}
		return asFunction(name, c.OnInvoke, site), nil
	}, gw, c.Clock.Now)
	if err != nil {
		return nil, err
	}
	for _, f := range c.Template.Scheduled() {
		if _, ok := c.Scheduled[f.Name]; !ok {
			return nil, fmt.Errorf("ScheduleV2 function %s has no handler in the local runner", f.Name)
		}
		if _, err := rateOf(f.Schedule); err != nil {
			return nil, fmt.Errorf("function %s: %w", f.Name, err)
		}
	}
	for _, f := range c.Template.Functions {
		if _, ok := c.Stream[f.Name]; f.Stream && !ok {
			return nil, fmt.Errorf("stream function %s has no handler in the local runner", f.Name)
		}
	}
	return &runner{tmpl: c.Template, clock: c.Clock, tokens: tokens, scheduled: c.Scheduled, stream: c.Stream,
		db: c.DB, streams: c.Streams, table: c.Table, gateway: gw, log: c.Log, saveClock: c.SaveClock, onInvoke: c.OnInvoke}, nil
}

// localRoute is one endpoint of the runner's own.
type localRoute struct {
	method, path string
	handle       http.HandlerFunc
}

// Handler serves the API and the /_local endpoints.
func (rn *runner) Handler() http.Handler {
	local := []localRoute{
		{"POST", "/_local/tokens", rn.mintToken},
		{"GET", "/_local/clock", rn.getClock},
		{"POST", "/_local/clock", rn.moveClock},
		{"POST", "/_local/sweeps/{name}", rn.runSweep},
		{"GET", "/_local/.well-known/openid-configuration", rn.openIDConfiguration},
		{"POST", "/_local/oauth/device", rn.deviceAuthorization},
		{"POST", "/_local/oauth/token", rn.token},
		{"GET", "/_local/oauth/authorize", rn.authorize},
		{"POST", "/_local/oauth/authorize", rn.authorize},
		{"GET", "/_local/oauth/verify", rn.deviceVerify},
		{"POST", "/_local/oauth/verify", rn.deviceVerify},
	}
	mux := http.NewServeMux()
	allowed := map[string][]string{} // path pattern → methods
	for _, l := range local {
		mux.HandleFunc(l.method+" "+l.path, l.handle)
		allowed[l.path] = append(allowed[l.path], l.method)
	}
	// A local path with another method is 405 with Allow; any other, 404.
	for p, methods := range allowed {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			rn.problem(w, r, domain.Errorf(domain.CodeMethodNotAllowed, "%s takes %s", r.URL.Path, strings.Join(methods, " or ")))
		})
	}
	mux.HandleFunc("/_local/", func(w http.ResponseWriter, r *http.Request) {
		rn.problem(w, r, domain.Errorf(domain.CodeNotFound, "no local endpoint %s %s", r.Method, r.URL.Path))
	})
	mux.Handle("/", rn.gateway)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Paths that aren't clean go to the gateway as sent (its $default
		// route answers), not to ServeMux's redirect.
		switch p := r.URL.Path; {
		case p == path.Clean(p):
		case strings.HasPrefix(p, "/_local/"):
			rn.problem(w, r, domain.Errorf(domain.CodeNotFound, "no local endpoint %s %s", r.Method, p))
			return
		default:
			rn.gateway.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

var ratePattern = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

// rateOf parses the rate(...) expressions ScheduleV2 functions use.
func rateOf(expr string) (time.Duration, error) {
	m := ratePattern.FindStringSubmatch(expr)
	if m == nil {
		return 0, fmt.Errorf("schedule %q is not a rate(n unit) expression", expr)
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"minute": time.Minute, "minutes": time.Minute, "hour": time.Hour,
		"hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour}[m[2]]
	if n < 1 {
		return 0, fmt.Errorf("schedule %q has a zero rate", expr)
	}
	return time.Duration(n) * unit, nil
}

// runSchedules runs every ScheduleV2 function on its rate until ctx ends.
func (rn *runner) runSchedules(ctx context.Context) {
	for _, f := range rn.tmpl.Scheduled() {
		every, _ := rateOf(f.Schedule)
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if _, err := rn.sweep(ctx, f.Name); err != nil {
						rn.log.Error("scheduled run failed", "function", f.Name, "err", err.Error())
					}
				}
			}
		}()
	}
}

// runStreams polls the table's stream into every stream-triggered function
// until ctx ends.
func (rn *runner) runStreams(ctx context.Context) {
	for _, f := range rn.tmpl.Functions {
		if f.Stream {
			go rn.pollStream(ctx, f.Name, rn.stream[f.Name])
		}
	}
}

// sweep runs one scheduled function now, with the local clock's time as its
// scheduled time. Runs are serialized, as one schedule's invocations are.
func (rn *runner) sweep(ctx context.Context, name string) (any, error) {
	h, ok := rn.scheduled[name]
	if !ok {
		return nil, domain.Errorf(domain.CodeNotFound, "%q is not a ScheduleV2 function of template.yaml", name)
	}
	rn.sweepMu.Lock()
	defer rn.sweepMu.Unlock()
	return asFunction(name, rn.onInvoke, h)(ctx, rn.clock.Now())
}

// runDueSweeps runs the scheduled functions again and again until a round
// does nothing more, so every action due by now happens — in time order per
// subscription — before the clock answers (a jump of months renews term by
// term). It returns each one's report summed over the rounds (see
// addReports).
func (rn *runner) runDueSweeps(ctx context.Context) (map[string]any, error) {
	out := map[string]any{}
	for range maxSweepRounds {
		busy := false
		for _, f := range rn.tmpl.Scheduled() {
			res, err := rn.sweep(ctx, f.Name)
			if err != nil {
				return out, fmt.Errorf("%s: %w", f.Name, err)
			}
			out[f.Name] = addReports(out[f.Name], res)
			if r, ok := res.(interface{ Busy() bool }); ok && r.Busy() {
				busy = true
			}
		}
		if !busy {
			return out, nil
		}
	}
	return out, nil
}

// addReports adds a round's sweep report to the rounds before it:
// processed, skipped and failed are summed, remaining is the last round's.
// Results that are not sweeps.Report are kept as the last round gave them.
func addReports(sum, round any) any {
	r, ok := round.(sweeps.Report)
	s, ok2 := sum.(sweeps.Report)
	if !ok || !ok2 {
		return round
	}
	return sweeps.Report{Processed: s.Processed + r.Processed, Skipped: s.Skipped + r.Skipped,
		Failed: s.Failed + r.Failed, Remaining: r.Remaining}
}

// maxSweepRounds bounds runDueSweeps (a term a round at worst: years).
const maxSweepRounds = 1000

func (rn *runner) mintToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TenantID string   `json:"tenantId"`
		UserID   string   `json:"userId"`
		Name     string   `json:"name"`
		Email    string   `json:"email"`
		Roles    []string `json:"roles"`
		Locale   string   `json:"locale"`
	}
	if err := decodeLocal(r, &in); err != nil {
		rn.problem(w, r, err)
		return
	}
	claims := localgw.Claims{Subject: in.UserID, TenantID: in.TenantID, Roles: in.Roles, Name: in.Name, Email: in.Email, Locale: in.Locale}
	if err := checkSignIn(claims); err != nil {
		rn.problem(w, r, err)
		return
	}
	tok, err := rn.tokens.Mint(claims, time.Now())
	if err != nil {
		rn.problem(w, r, err)
		return
	}
	writeLocal(w, http.StatusOK, map[string]string{"token": tok})
}

func (rn *runner) getClock(w http.ResponseWriter, r *http.Request) {
	writeLocal(w, http.StatusOK, map[string]any{"now": rn.clock.Now()})
}

// moveClock advances or sets the clock (forward only), then runs the sweeps
// so work that became due is done before it answers.
func (rn *runner) moveClock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Advance string     `json:"advance"`
		Set     *time.Time `json:"set"`
	}
	if err := decodeLocal(r, &in); err != nil {
		rn.problem(w, r, err)
		return
	}
	switch {
	case in.Advance != "" && in.Set != nil, in.Advance == "" && in.Set == nil:
		rn.problem(w, r, domain.Errorf(domain.CodeInvalidRequest, `give either {"advance": "720h"} or {"set": "<RFC 3339>"}`))
		return
	case in.Advance != "":
		d, err := time.ParseDuration(in.Advance)
		if err != nil || d <= 0 {
			rn.problem(w, r, domain.Errorf(domain.CodeInvalidRequest, "advance must be a positive Go duration such as 720h"))
			return
		}
		rn.clock.Advance(d)
	default:
		if in.Set.Before(rn.clock.Now()) {
			rn.problem(w, r, domain.Errorf(domain.CodeInvalidRequest, "the clock only moves forward; now is %s", rn.clock.Now().Format(time.RFC3339)))
			return
		}
		rn.clock.Set(*in.Set)
	}
	if rn.saveClock != nil {
		if err := rn.saveClock(); err != nil {
			rn.log.Error("the local clock moved but could not be saved: a restart would take it back", "err", err.Error())
		}
	}
	ran, err := rn.runDueSweeps(r.Context())
	if err != nil {
		rn.problem(w, r, err)
		return
	}
	writeLocal(w, http.StatusOK, map[string]any{"now": rn.clock.Now(), "sweeps": ran})
}

func (rn *runner) runSweep(w http.ResponseWriter, r *http.Request) {
	res, err := rn.sweep(r.Context(), r.PathValue("name"))
	if err != nil {
		rn.problem(w, r, err)
		return
	}
	writeLocal(w, http.StatusOK, res)
}

func decodeLocal(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid JSON for this endpoint")
	}
	return nil
}

// writeLocal answers with v as JSON, formatted as the API's answers are
// (no trailing newline).
func writeLocal(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// problem answers with the API's own problem mapping.
func (rn *runner) problem(w http.ResponseWriter, r *http.Request, err error) {
	httpapi.WriteProblem(w, r, rn.log, err)
}

// ensureTable creates the template's table under name unless it exists.
func ensureTable(ctx context.Context, db *dynamodb.Client, t template.Table, name string) error {
	_, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var missing *types.ResourceNotFoundException
	if errors.As(err, &missing) {
		return ddblocal.CreateTable(ctx, db, t, name)
	}
	return err
}

// Command bench measures the API and the scheduled lifecycle on DynamoDB
// Local (`make bench`) and prints one table at the end. It asserts nothing
// (the budgets that can be asserted are in `make test`). Parts, selected
// with -only (default: all):
//
//   - api: each operation of the API through the real HTTP handler stack
//     (the local API Gateway over the route handlers) against the raw
//     DynamoDB requests it needs, interleaved over rounds; the capacity
//     units of each by AWS's rules and its cost per million.
//   - coldstart: a route's bootstrap against a hello-world one, exec → first
//     Runtime API request, and the route's package initialisation.
//   - sweeps: sweep throughput at 1 and 8 workers against raw
//     TransactWriteItems throughput in the same run, and the round trips of
//     a sweep with nothing due over 10,000 and 100,000 subscriptions.
//   - webhooks: latency from a purchase to its delivery through the local
//     runner, and WebhookDispatch's delivery rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/catalog"
	"selfserve/shared/ddblocal"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
	"selfserve/shared/template"
)

var parts = []string{"api", "coldstart", "sweeps", "webhooks"}

type options struct {
	only                       map[string]bool
	rounds, calls              int
	coldRuns                   int
	route                      string
	due, big, changes, deliver int
}

func main() {
	var o options
	only := flag.String("only", strings.Join(parts, ","), "comma-separated parts to run: "+strings.Join(parts, ", "))
	flag.IntVar(&o.rounds, "rounds", 5, "api: rounds, each running every operation's API and raw calls interleaved")
	flag.IntVar(&o.calls, "calls", 20, "api: calls per side per operation per round")
	flag.IntVar(&o.coldRuns, "coldstart-runs", 30, "coldstart: starts of each bootstrap")
	flag.StringVar(&o.route, "route", "GetSubscription", "coldstart: the route function to start")
	flag.IntVar(&o.due, "due", 400, "sweeps: due subscriptions per throughput run")
	flag.IntVar(&o.big, "big", 100000, "sweeps: largest table for the no-due sweep")
	flag.IntVar(&o.changes, "changes", 200, "webhooks: purchases whose webhook latency is measured through the local runner")
	flag.IntVar(&o.deliver, "deliveries", 1000, "webhooks: outbox events for the dispatch rate")
	flag.Parse()
	o.only = map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !contains(parts, p) {
			fmt.Fprintf(os.Stderr, "bench: unknown part %q (parts: %s)\n", p, strings.Join(parts, ", "))
			os.Exit(2)
		}
		o.only[p] = true
	}
	if o.rounds < 1 || o.calls < 1 || o.coldRuns < 1 {
		fmt.Fprintln(os.Stderr, "bench: -rounds, -calls and -coldstart-runs must be at least 1")
		os.Exit(2)
	}
	start := time.Now()
	rep, err := run(o)
	rep.took = time.Since(start)
	rep.print(os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// progress reports what the bench is doing, on stderr; the results are
// the table printed at the end.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

type bench struct {
	db      *dynamodb.Client
	counter *dynamo.Counter
	tmpl    *template.Template
	n       int
}

func run(o options) (*report, error) {
	ctx := context.Background()
	rep := &report{opts: o}
	tmpl, err := template.LoadDefault()
	if err != nil {
		return rep, err
	}
	if o.only["api"] {
		rep.api, err = apiVsRaw(ctx, tmpl, o.rounds, o.calls)
		if err != nil {
			return rep, fmt.Errorf("api: %w", err)
		}
	}
	if o.only["coldstart"] {
		root, err := template.Root()
		if err != nil {
			return rep, err
		}
		cs, err := coldStart(ctx, root, o.route, o.coldRuns)
		if err != nil {
			return rep, fmt.Errorf("coldstart: %w", err)
		}
		rep.cold = &cs
	}
	if o.only["sweeps"] {
		if err := sweepsPart(ctx, tmpl, o, rep); err != nil {
			return rep, fmt.Errorf("sweeps: %w", err)
		}
	}
	if o.only["webhooks"] {
		if err := webhooksPart(ctx, tmpl, o, rep); err != nil {
			return rep, fmt.Errorf("webhooks: %w", err)
		}
	}
	return rep, nil
}

func sweepsPart(ctx context.Context, tmpl *template.Template, o options, rep *report) error {
	srv, err := ddblocal.StartInMemory(ctx)
	if err != nil {
		return err
	}
	defer srv.Stop()
	counter := dynamo.NewCounter()
	db, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: srv.Endpoint, Counter: counter})
	if err != nil {
		return err
	}
	b := &bench{db: db, counter: counter, tmpl: tmpl}
	progress("sweeps: raw TransactWriteItems and RefundWindowsSweep, %d due subscriptions per run", o.due)
	raw, err := b.rawTransactions(ctx, o.due)
	if err != nil {
		return err
	}
	rep.add("sweeps", "raw TransactWriteItems (one item, 3 writes each)", fmt.Sprintf("%.0f /s", raw), "")
	for _, workers := range []int{1, 8} {
		rate, err := b.sweepRate(ctx, o.due, workers)
		if err != nil {
			return err
		}
		rep.add("sweeps", fmt.Sprintf("RefundWindowsSweep, %d worker(s), %d due", workers, o.due), fmt.Sprintf("%.0f due items/s", rate),
			fmt.Sprintf("%.2f × raw", rate/raw))
	}
	for _, n := range []int{10000, o.big} {
		progress("sweeps: sweep with nothing due over %d subscriptions (importing them first)", n)
		trips, took, err := b.noDueSweep(ctx, n)
		if err != nil {
			return err
		}
		rep.add("sweeps", fmt.Sprintf("sweep with nothing due, %d subscriptions", n), fmt.Sprintf("%d round trips", trips),
			fmt.Sprintf("%d shards, %s", store.DueShards, took.Round(time.Millisecond)))
	}
	return nil
}

func webhooksPart(ctx context.Context, tmpl *template.Template, o options, rep *report) error {
	whSrv, err := ddblocal.StartInMemory(ctx)
	if err != nil {
		return err
	}
	defer whSrv.Stop()
	whDB, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: whSrv.Endpoint})
	if err != nil {
		return err
	}
	b := &bench{db: whDB, counter: dynamo.NewCounter(), tmpl: tmpl}
	progress("webhooks: %d purchases through the local runner", o.changes)
	p50, p99, err := webhookLatency(ctx, whSrv.Endpoint, o.changes)
	if err != nil {
		return err
	}
	rep.add("webhooks", fmt.Sprintf("purchase committed → delivered, local runner (%d purchases)", o.changes),
		fmt.Sprintf("p50 %s, p99 %s", p50.Round(time.Millisecond), p99.Round(time.Millisecond)), "budget p50 ≤ 500ms")
	progress("webhooks: WebhookDispatch of %d events", o.deliver)
	rate, err := b.dispatchRate(ctx, whSrv.Endpoint, o.deliver)
	if err != nil {
		return err
	}
	rep.add("webhooks", fmt.Sprintf("WebhookDispatch to a local receiver (%d events)", o.deliver), fmt.Sprintf("%.0f deliveries/s", rate), "")
	return nil
}

func (b *bench) table(ctx context.Context) (*store.Store, string, error) {
	b.n++
	name := fmt.Sprintf("bench_%d", b.n)
	if err := ddblocal.CreateTable(ctx, b.db, b.tmpl.Table, name); err != nil {
		return nil, "", err
	}
	return store.New(b.db, name), name, nil
}

// subscriptions are n monthly purchases made at (their refund windows close
// 24 h later).
func subscriptions(n int, at time.Time, prefix string) ([]domain.Subscription, error) {
	p, err := catalog.Default().Get("CFQ7TTC0L3PB")
	if err != nil {
		return nil, err
	}
	tn := domain.Tenant{TenantID: "bench", Country: "US", CreatedAt: at, FirstBillingAt: at}
	out := make([]domain.Subscription, 0, n)
	for i := range n {
		s, _, err := domain.CreateSubscription(domain.Purchase{ID: fmt.Sprintf("sub_%s%022d", prefix, i), Tenant: tn, Product: p,
			BillingFrequency: domain.FrequencyMonthly, Quantity: 1, PaymentMethodID: "pm", Channel: domain.ChannelSelfService,
			Purchaser: domain.Purchaser{UserID: "u"}, Now: at})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

var t0 = time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC)

func (b *bench) sweepRate(ctx context.Context, due, workers int) (float64, error) {
	st, _, err := b.table(ctx)
	if err != nil {
		return 0, err
	}
	subs, err := subscriptions(due, t0, "1k")
	if err != nil {
		return 0, err
	}
	if err := st.ImportSubscriptions(ctx, subs); err != nil {
		return 0, err
	}
	sw := &sweeps.Sweeper{Store: st, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Workers: workers}
	start := time.Now()
	r, err := sw.Run(ctx, "RefundWindowsSweep", t0.Add(25*time.Hour))
	if err != nil {
		return 0, err
	}
	if r.Processed != due {
		return 0, fmt.Errorf("processed %d, want %d", r.Processed, due)
	}
	return float64(due) / time.Since(start).Seconds(), nil
}

// rawTransactions is the throughput of the sweep's write pattern without the
// sweep: one TransactWriteItems per item (the item, an activity record, an
// event), sequential, on a table of the same definition.
func (b *bench) rawTransactions(ctx context.Context, n int) (float64, error) {
	_, name, err := b.table(ctx)
	if err != nil {
		return 0, err
	}
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	start := time.Now()
	for i := range n {
		id := fmt.Sprintf("%06d", i)
		_, err := b.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String(name), Item: map[string]types.AttributeValue{"pk": s("T#bench"), "sk": s("SUB#" + id), "v": s(id)}}},
			{Put: &types.Put{TableName: aws.String(name), Item: map[string]types.AttributeValue{"pk": s("ACT#bench"), "sk": s(id), "v": s(id)}}},
			{Put: &types.Put{TableName: aws.String(name), Item: map[string]types.AttributeValue{"pk": s("EVT#" + id), "sk": s("E"), "v": s(id)}}},
		}})
		if err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func (b *bench) noDueSweep(ctx context.Context, n int) (int, time.Duration, error) {
	st, _, err := b.table(ctx)
	if err != nil {
		return 0, 0, err
	}
	subs, err := subscriptions(n, t0, "9z")
	if err != nil {
		return 0, 0, err
	}
	if err := st.ImportSubscriptions(ctx, subs); err != nil {
		return 0, 0, err
	}
	sw := &sweeps.Sweeper{Store: st, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	b.counter.Reset()
	start := time.Now()
	if _, err := sw.Run(ctx, "RenewalsSweep", t0.Add(time.Hour)); err != nil {
		return 0, 0, err
	}
	return b.counter.Total(), time.Since(start), nil
}

// Command bench measures the scheduled lifecycle on DynamoDB Local (`make
// bench`): sweep throughput at 1 and 8 workers against raw TransactWriteItems
// throughput in the same run, and the round trips of a sweep with nothing
// due over 10,000 and 100,000 subscriptions. It prints a report; it asserts
// nothing (the budgets that can be asserted are in `make test`). It also
// measures webhook latency from a purchase to its delivery through the
// local runner, and WebhookDispatch's delivery rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
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

func main() {
	due := flag.Int("due", 400, "due subscriptions per throughput run")
	big := flag.Int("big", 100000, "largest table for the no-due sweep")
	changes := flag.Int("changes", 200, "purchases whose webhook latency is measured through the local runner")
	deliveries := flag.Int("deliveries", 1000, "outbox events for the dispatch rate")
	flag.Parse()
	if err := run(*due, *big, *changes, *deliveries); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type bench struct {
	db      *dynamodb.Client
	counter *dynamo.Counter
	tmpl    *template.Template
	n       int
}

func run(due, big, changes, deliveries int) error {
	ctx := context.Background()
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
	tmpl, err := template.LoadDefault()
	if err != nil {
		return err
	}
	b := &bench{db: db, counter: counter, tmpl: tmpl}
	fmt.Printf("DynamoDB Local %s, %d due subscriptions per run\n\n", srv.Endpoint, due)

	raw, err := b.rawTransactions(ctx, due)
	if err != nil {
		return err
	}
	fmt.Printf("raw TransactWriteItems (same item, 3 writes each)   %8.0f /s\n", raw)
	for _, workers := range []int{1, 8} {
		rate, err := b.sweepRate(ctx, due, workers)
		if err != nil {
			return err
		}
		fmt.Printf("RefundWindowsSweep, %d worker(s)                      %8.0f due items/s  (%.2f × raw)\n", workers, rate, rate/raw)
	}
	fmt.Println()
	for _, n := range []int{10000, big} {
		trips, took, err := b.noDueSweep(ctx, n)
		if err != nil {
			return err
		}
		fmt.Printf("sweep with nothing due over %7d subscriptions: %d round trips (%d shards), %s\n", n, trips, store.DueShards, took.Round(time.Millisecond))
	}
	fmt.Println()
	// Webhooks on a fresh DynamoDB Local: the tables above would slow it.
	whSrv, err := ddblocal.StartInMemory(ctx)
	if err != nil {
		return err
	}
	defer whSrv.Stop()
	whDB, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: whSrv.Endpoint})
	if err != nil {
		return err
	}
	b = &bench{db: whDB, counter: counter, tmpl: tmpl}
	p50, p99, err := webhookLatency(ctx, whSrv.Endpoint, changes)
	if err != nil {
		return err
	}
	fmt.Printf("webhook, purchase committed → delivered through the local runner (%d purchases): p50 %s, p99 %s (budget p50 ≤ 500ms)\n",
		changes, p50.Round(time.Millisecond), p99.Round(time.Millisecond))
	rate, err := b.dispatchRate(ctx, whSrv.Endpoint, deliveries)
	if err != nil {
		return err
	}
	fmt.Printf("WebhookDispatch to a local receiver (%d events)        %8.0f deliveries/s\n", deliveries, rate)
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

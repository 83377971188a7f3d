package sweeps_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"selfserve/shared/catalog"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/store"
	"selfserve/shared/sweeps"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

var t0 = time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC)

type env struct {
	db *ddbtest.DB
	st *store.Store
	sw *sweeps.Sweeper
}

func newEnv(t *testing.T) env { return envOn(t, ddbtest.New(t)) }

func envOn(t *testing.T, db *ddbtest.DB) env {
	st := store.New(db.Client, db.Table)
	return env{db, st, &sweeps.Sweeper{Store: st, Log: ddbtest.Logger(t), PageSize: 7}}
}

// purchases are n monthly Power BI Pro purchases at t0, committed as the
// API commits them, by four purchasers (so each month's invoices have
// several orders each).
func (e env) purchases(t *testing.T, n int, at time.Time) []domain.Subscription {
	t.Helper()
	p, _ := catalog.Default().Get("CFQ7TTC0L3PB")
	tn := domain.Tenant{TenantID: "contoso", Country: "US", HasAgreement: true, CreatedAt: at, FirstBillingAt: at}
	var out []domain.Subscription
	for i := range n {
		s, orders, err := domain.CreateSubscription(domain.Purchase{ID: fmt.Sprintf("sub_01kr%022d", i), Tenant: tn, Product: p,
			BillingFrequency: domain.FrequencyMonthly, Quantity: 2, PaymentMethodID: "pm", Channel: domain.ChannelSelfService,
			Purchaser: domain.Purchaser{UserID: fmt.Sprintf("u%d", i%4)}, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		orders[0].ID = s.ID + "-p"
		if err := e.st.CreateSubscription(context.Background(), s, store.Markers{}, store.Effects{At: at, Orders: orders}); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// untilQuiet runs every sweep at now until none has work left, as the
// local runner's clock does; it returns the total report.
func (e env) untilQuiet(t *testing.T, ctx context.Context, now time.Time) sweeps.Report {
	t.Helper()
	var total sweeps.Report
	for range 200 {
		busy := false
		for _, name := range sweeps.Names {
			r, err := e.sw.Run(ctx, name, now)
			if err != nil {
				t.Fatal(err)
			}
			total.Processed += r.Processed
			busy = busy || r.Processed > 0
		}
		if !busy {
			return total
		}
	}
	t.Fatal("sweeps never went quiet")
	return total
}

// outcome is what the table holds after the sweeps: subscription states,
// orders and events (their types and sequence numbers), sorted.
func (e env) outcome(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, s := range e.db.Items(t, "subscription") {
		out = append(out, fmt.Sprintf("sub %v %v %v %v", s["id"], s["status"], s["termIndex"], s["version"]))
	}
	for _, o := range e.db.Items(t, "order") {
		out = append(out, fmt.Sprintf("order %v %v %v %v", o["subscriptionId"], o["type"], o["periodStart"], o["amount"]))
	}
	for _, ev := range e.db.Items(t, "event") {
		out = append(out, fmt.Sprintf("event %v %v %v", ev["subscriptionId"], ev["type"], ev["sequence"]))
	}
	sort.Strings(out)
	return out
}

func equalOutcomes(t *testing.T, name string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d records, want %d", name, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: record %d = %q, want %q", name, i, got[i], want[i])
		}
	}
}

// TestExactlyOnce: runs repeated, concurrent (8 at once) and killed after
// some items then re-run all end exactly as one clean run does.
func TestExactlyOnce(t *testing.T) {
	const n = 20
	now := t0.AddDate(0, 3, 0).Add(time.Hour)
	clean := newEnv(t)
	clean.purchases(t, n, t0)
	clean.untilQuiet(t, context.Background(), now)
	want := clean.outcome(t)
	renewals := 0
	for _, r := range want {
		if len(r) > 5 && r[:5] == "order" && contains(r, "renewal") {
			renewals++
		}
	}
	if renewals != 3*n {
		t.Fatalf("clean run: %d renewals, want %d", renewals, 3*n)
	}

	t.Run("twice in a row", func(t *testing.T) {
		e := newEnv(t)
		e.purchases(t, n, t0)
		e.untilQuiet(t, context.Background(), now)
		if r := e.untilQuiet(t, context.Background(), now); r.Processed != 0 {
			t.Errorf("second run processed %d, want 0", r.Processed)
		}
		equalOutcomes(t, "twice", e.outcome(t), want)
	})
	t.Run("8 concurrent runs", func(t *testing.T) {
		e := newEnv(t)
		e.purchases(t, n, t0)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e.untilQuiet(t, context.Background(), now)
			}()
		}
		wg.Wait()
		e.untilQuiet(t, context.Background(), now)
		equalOutcomes(t, "concurrent", e.outcome(t), want)
	})
	for _, k := range []int{1, 3, 7} {
		t.Run(fmt.Sprintf("killed after every %d actions, then re-run", k), func(t *testing.T) {
			e := newEnv(t)
			e.purchases(t, n, t0)
			for range 100 {
				ctx, cancel := context.WithCancel(context.Background())
				actions := 0
				var mu sync.Mutex
				e.sw.OnAction = func() {
					mu.Lock()
					defer mu.Unlock()
					if actions++; actions == k {
						cancel() // the run is killed right after its k-th action
					}
				}
				busy := false
				for _, name := range sweeps.Names {
					r, _ := e.sw.Run(ctx, name, now)
					busy = busy || r.Processed > 0
				}
				cancel()
				if !busy {
					break
				}
			}
			e.sw.OnAction = nil
			e.untilQuiet(t, context.Background(), now)
			equalOutcomes(t, "killed", e.outcome(t), want)
		})
	}
	t.Run("killed part way through, then re-run", func(t *testing.T) {
		e := newEnv(t)
		e.purchases(t, n, t0)
		for k := 1; k <= 3; k++ {
			// Pass k is killed right after its 5k-th committed action,
			// while the other shards' workers may be mid-transaction.
			ctx, cancel := context.WithCancel(context.Background())
			cut, actions := 5*k, 0
			var mu sync.Mutex
			e.sw.OnAction = func() {
				mu.Lock()
				defer mu.Unlock()
				if actions++; actions == cut {
					cancel()
				}
			}
			for _, name := range sweeps.Names {
				_, _ = e.sw.Run(ctx, name, now) // cut off part way
			}
			cancel()
			mu.Lock()
			done := actions
			mu.Unlock()
			if done < cut {
				t.Fatalf("pass %d ended after %d actions, before its cut at %d", k, done, cut)
			}
		}
		e.sw.OnAction = nil
		e.untilQuiet(t, context.Background(), now)
		equalOutcomes(t, "killed", e.outcome(t), want)
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestClockJumpFourteenMonths: 14 months at once over monthly
// subscriptions: 14 renewals each, each term charged once, in order.
func TestClockJumpFourteenMonths(t *testing.T) {
	e := newEnv(t)
	e.purchases(t, 3, t0)
	e.untilQuiet(t, context.Background(), t0.AddDate(0, 14, 0).Add(time.Hour))
	byS := map[any][]string{}
	for _, o := range e.db.Items(t, "order") {
		if o["type"] == domain.OrderRenewal {
			byS[o["subscriptionId"]] = append(byS[o["subscriptionId"]], o["periodStart"].(string))
		}
	}
	if len(byS) != 3 {
		t.Fatalf("subscriptions renewed = %d, want 3", len(byS))
	}
	for id, starts := range byS {
		sort.Strings(starts)
		if len(starts) != 14 {
			t.Errorf("%v: %d renewals, want 14", id, len(starts))
		}
		for i := 1; i < len(starts); i++ {
			if starts[i] == starts[i-1] {
				t.Errorf("%v: term %s charged twice", id, starts[i])
			}
		}
		if starts[0] != "2027-02-28T10:00:00Z" || starts[12] != "2028-02-29T10:00:00Z" {
			t.Errorf("%v: first %s, 13th %s; want Feb 28 2027 and Feb 29 2028 (Jan 31 anchor)", id, starts[0], starts[12])
		}
	}
}

// TestCostIndependentOfTableSize: 10,000 subscriptions, 50 due: one query
// per shard plus one transaction per due item; nothing due: the shard
// queries only.
func TestCostIndependentOfTableSize(t *testing.T) {
	e := envOn(t, ddbtest.NewDedicated(t)) // 10,000 items: its own DynamoDB Local
	p, _ := catalog.Default().Get("CFQ7TTC0L3PB")
	tn := domain.Tenant{TenantID: "contoso", Country: "US", CreatedAt: t0, FirstBillingAt: t0}
	var bulk []domain.Subscription
	for i := range 10000 {
		at := t0.AddDate(0, 0, 5) // refund windows close later than "now"
		if i < 50 {
			at = t0 // these are due
		}
		s, _, err := domain.CreateSubscription(domain.Purchase{ID: fmt.Sprintf("sub_01ks%022d", i), Tenant: tn, Product: p,
			BillingFrequency: domain.FrequencyMonthly, Quantity: 1, PaymentMethodID: "pm", Channel: domain.ChannelSelfService,
			Purchaser: domain.Purchaser{UserID: "u"}, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		bulk = append(bulk, s)
	}
	if err := e.st.ImportSubscriptions(context.Background(), bulk); err != nil {
		t.Fatal(err)
	}
	e.sw.PageSize = 100
	now := t0.Add(25 * time.Hour)
	e.db.Counter.Reset()
	r, err := e.sw.Run(context.Background(), "RefundWindowsSweep", now)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]int{}
	for _, op := range e.db.Counter.Operations() {
		ops[op]++
	}
	if r.Processed != 50 || ops["Query"] != store.DueShards || ops["TransactWriteItems"] != 50 || len(ops) != 2 {
		t.Errorf("50 due of 10,000: report %+v, round trips %v; want 50 processed, %d queries, 50 transactions", r, ops, store.DueShards)
	}
	e.db.Counter.Reset()
	if r, _ := e.sw.Run(context.Background(), "RenewalsSweep", now); r.Processed != 0 {
		t.Errorf("renewals processed %d, want 0", r.Processed)
	}
	if got := e.db.Counter.Operations(); len(got) != store.DueShards {
		t.Errorf("nothing due: round trips %v, want %d shard queries only", got, store.DueShards)
	}
}

// TestDataDeletionRemovesLicenses: at data deletion the license items
// (users' names and emails) are gone from the table, not just hidden.
func TestDataDeletionRemovesLicenses(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.purchases(t, 1, t0)[0]
	after, ls, err := s.AssignLicenses([]domain.LicenseUser{{ID: "u1", Name: "U", Email: "u1@x.example"}, {ID: "u2", Name: "V", Email: "u2@x.example"}}, nil, "alice", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.UpdateFamily(ctx, after.TenantID, after.ID, func(f *store.Family) (store.Effects, error) {
		f.Put(after)
		return store.Effects{At: t0, AddLicenses: ls}, nil
	}); err != nil {
		t.Fatal(err)
	}
	after.Version++
	susp, err := after.Suspend(t0.Add(time.Hour), "fraud", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.UpdateFamily(ctx, susp.TenantID, susp.ID, func(f *store.Family) (store.Effects, error) { f.Put(susp); return store.Effects{At: t0}, nil }); err != nil {
		t.Fatal(err)
	}
	e.untilQuiet(t, ctx, susp.DataDeletionAt.Add(-time.Second))
	if got := len(e.db.Items(t, "license")); got != 2 {
		t.Fatalf("before deletion: %d license items, want 2", got)
	}
	e.untilQuiet(t, ctx, *susp.DataDeletionAt)
	if got := len(e.db.Items(t, "license")); got != 0 {
		t.Errorf("after deletion: %d license items, want 0", got)
	}
}

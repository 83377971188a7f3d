// Package sweeps runs the scheduled lifecycle (docs/spec.md §7): each sweep reads
// only the due work of its shards in the due index and performs each due
// action exactly once, with one conditional transaction per action.
package sweeps

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"selfserve/shared/app"
	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/payments/localpay"
	"selfserve/shared/store"
)

// Names are the scheduled functions of template.yaml this package runs.
var Names = []string{"RefundWindowsSweep", "TrialsSweep", "RenewalsSweep", "SuspensionsSweep", store.SweepWebhookRetries,
	domain.SweepPaymentRetries, SweepPaymentReconcile, domain.SweepInvoices}

// SweepPaymentReconcile refunds provider charges no order claims
// (docs/spec.md §10); it reads the provider's recent charges, not the due
// index.
const SweepPaymentReconcile = "PaymentReconcileSweep"

// Retrier makes the next attempt of a due webhook delivery; false means
// it was not due after all (a stale index entry, or another run did it).
type Retrier interface {
	Retry(ctx context.Context, d domain.Delivery, now time.Time) (bool, error)
}

// Margin is how long before its deadline a sweep stops taking work.
const Margin = 2 * time.Second

// Report is what one run did: actions performed, due entries skipped
// (stale index entries, or work another run did first), and due entries it
// saw but left for the next run (deadline).
type Report struct {
	Processed int `json:"processed"`
	Skipped   int `json:"skipped"`
	// Failed counts items that failed (logged; retried next run).
	Failed    int `json:"failed"`
	Remaining int `json:"remaining"`
}

// Busy reports whether the run did any work (another run may find more).
func (r Report) Busy() bool { return r.Processed > 0 }

// Sweeper runs sweeps: it reads the due index and has App perform each
// subscription's due actions, the same use case whatever the clock.
type Sweeper struct {
	Store *store.Store
	// App performs the actions (default: the use cases over Store).
	App *app.App
	Log *slog.Logger
	// PageSize is the due-index page size.
	PageSize int32
	// Workers bounds how many shards are swept at once (default: all).
	Workers int
	// Retrier runs WebhookRetrySweep's due deliveries.
	Retrier Retrier
	// Payments is the provider of the default App (nil: the local test
	// provider beside Store).
	Payments payments.Provider

	defaultApp     *app.App
	defaultAppOnce sync.Once
	// OnAction, if set, is called after each committed action (progress
	// reporting; tests use it to stop a run at an exact point).
	OnAction func()
}

// Run performs the due work of sweep at now: every shard of the due index in
// parallel, page after page, until done or until ctx's deadline minus
// Margin. It is safe to run concurrently and repeatedly: every action is
// conditioned on the version it was decided on, so it happens once.
func (sw *Sweeper) Run(ctx context.Context, sweep string, now time.Time) (Report, error) {
	if sweep == SweepPaymentReconcile {
		r, err := sw.app().Reconcile(ctx, now)
		return Report{Processed: r.Refunded, Skipped: r.Checked - r.Refunded}, err
	}
	stop := time.Time{}
	if dl, ok := ctx.Deadline(); ok {
		stop = dl.Add(-Margin)
	}
	var mu sync.Mutex
	var total Report
	var firstErr error
	var wg sync.WaitGroup
	workers := sw.Workers
	if workers <= 0 || workers > store.DueShards {
		workers = store.DueShards
	}
	slots := make(chan struct{}, workers)
	for shard := range store.DueShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			r, err := sw.shard(ctx, sweep, shard, now, stop)
			mu.Lock()
			defer mu.Unlock()
			total.Processed, total.Skipped, total.Remaining = total.Processed+r.Processed, total.Skipped+r.Skipped, total.Remaining+r.Remaining
			total.Failed += r.Failed
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	return total, firstErr
}

func (sw *Sweeper) shard(ctx context.Context, sweep string, shard int, now, stop time.Time) (Report, error) {
	var r Report
	page := store.Page{Limit: sw.PageSize}
	if page.Limit == 0 {
		page.Limit = 100
	}
	for {
		work, next, err := sw.page(ctx, sweep, shard, now, page)
		if err != nil {
			return r, err
		}
		for i, do := range work {
			if ctx.Err() != nil || (!stop.IsZero() && time.Now().After(stop)) {
				r.Remaining += len(work) - i
				return r, ctx.Err()
			}
			n, err := do()
			if err != nil && ctx.Err() != nil {
				return r, ctx.Err()
			}
			if err != nil {
				// One item that can't be done must not hold up the items
				// after it (it would come first again every run).
				sw.log().Error("due item failed; moving on", "sweep", sweep, "shard", shard, "err", err.Error())
				r.Failed++
				continue
			}
			if n == 0 {
				r.Skipped++
			}
			r.Processed += n
		}
		if next == nil {
			return r, nil
		}
		page.After = next
	}
}

func (sw *Sweeper) log() *slog.Logger {
	if sw.Log == nil {
		return slog.Default()
	}
	return sw.Log
}

// page reads one page of a shard's due work: deliveries for the webhook
// retry sweep, invoices for the invoices sweep, subscriptions for the
// others.
func (sw *Sweeper) page(ctx context.Context, sweep string, shard int, now time.Time, p store.Page) ([]func() (int, error), []byte, error) {
	var work []func() (int, error)
	if sweep == store.SweepWebhookRetries {
		ds, next, err := sw.Store.DueDeliveries(ctx, shard, now, p)
		for _, d := range ds {
			work = append(work, func() (int, error) {
				ok, err := sw.Retrier.Retry(ctx, d, now)
				if ok && sw.OnAction != nil {
					sw.OnAction()
				}
				if ok {
					return 1, err
				}
				return 0, err
			})
		}
		return work, next, err
	}
	if sweep == domain.SweepInvoices {
		due, next, err := sw.Store.DueInvoices(ctx, shard, now, p)
		for _, d := range due {
			work = append(work, func() (int, error) {
				n, err := sw.app().RunInvoiceDue(ctx, d, now)
				if n > 0 && sw.OnAction != nil {
					sw.OnAction()
				}
				return n, err
			})
		}
		return work, next, err
	}
	subs, next, err := sw.Store.DueSubscriptions(ctx, sweep, shard, now, p)
	for _, s := range subs {
		work = append(work, func() (int, error) { return sw.app().RunDue(ctx, sweep, s, now, sw.OnAction) })
	}
	return work, next, err
}

func (sw *Sweeper) app() *app.App {
	if sw.App != nil {
		return sw.App
	}
	sw.defaultAppOnce.Do(func() { // once, not per due item
		pay := sw.Payments
		if pay == nil {
			pay = localpay.On(sw.Store, time.Now)
		}
		sw.defaultApp = &app.App{Store: sw.Store, Payments: pay}
	})
	return sw.defaultApp
}

// Command soak proves that the local runner keeps what it acknowledged
// through crashes. It builds cmd/local, starts it on a fresh data folder,
// drives a bounded write load (subscription creates with Idempotency-Keys
// — an admin's central purchases and a plain user's purchases charged to a
// test card — license assignments, cancellations), SIGKILLs the runner's
// whole process group at random points and restarts it on the same data
// each time; then it replays every request that got a 2xx and checks that
// each survived exactly once: the replay returns the first answer, the
// subscription is what the answers said, one purchase order per created
// subscription, and every subscription's outbox events are numbered 1..n.
// Last it moves the runner's clock 2 hours on, so reconciliation refunds
// the charges no order claimed, and checks that every provider charge is
// claimed by exactly one order or refunded in full (docs/spec.md §10).
//
//	go run ./cmd/soak -kills 5 -requests 300 -workers 8
//
// It prints one summary line and exits 1 on any violation.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	cfg := config{Log: os.Stderr}
	flag.IntVar(&cfg.Kills, "kills", 5, "SIGKILLs of the runner's process group (the last one after the load)")
	flag.IntVar(&cfg.Requests, "requests", 300, "write requests in the load (chains of create, assign, cancel or assign; half of them card purchases)")
	flag.IntVar(&cfg.Workers, "workers", 8, "concurrent clients")
	flag.Uint64Var(&cfg.Seed, "seed", 0, "random seed for the kill points and keys (0: random)")
	flag.StringVar(&cfg.Runner, "runner", "", "a built cmd/local binary (default: build one)")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the work folder (data and runner logs)")
	flag.DurationVar(&cfg.Deadline, "deadline", 20*time.Minute, "give up after this long (a safety net)")
	flag.Parse()
	if cfg.Seed == 0 {
		cfg.Seed = rand.Uint64()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	fmt.Println(res)
	if len(res.Violations) > 0 {
		os.Exit(1)
	}
}

package main

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestSoakSmall is `make soak` made small: 60 writes, half of them in card
// purchases' chains, the runner's process group SIGKILLed once at a random
// point of the load and once after it, then every acknowledged write
// replayed and checked, and every card charge claimed by one order or
// refunded. A failure names its seed: `go run ./cmd/soak -kills 2
// -requests 60 -seed N` runs it again.
func TestSoakSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the runner three times")
	}
	seed := rand.Uint64()
	res, err := run(context.Background(), config{Kills: 2, Requests: 60, Workers: 8, Seed: seed,
		Deadline: 5 * time.Minute, Log: testLog{t}})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	t.Log(res)
	if len(res.Violations) > 0 {
		t.Fatalf("seed %d: %d violations:\n%s", seed, len(res.Violations), strings.Join(res.Violations, "\n"))
	}
	if res.Kills != 2 || res.Acked != res.Requests {
		t.Errorf("seed %d: %d kills, %d of %d requests acknowledged; want 2 kills and every request acknowledged", seed, res.Kills, res.Acked, res.Requests)
	}
	// The load's only charges are the card purchases: one claimed charge
	// each (more charges would be orphans, refunded).
	if res.CardPurchases == 0 || res.Claimed != res.CardPurchases {
		t.Errorf("seed %d: %d charges claimed for %d acknowledged card purchases; want one each", seed, res.Claimed, res.CardPurchases)
	}
}

// testLog writes the soak's progress lines to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

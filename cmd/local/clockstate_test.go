package main

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"selfserve/shared/clock"
	"selfserve/shared/ddbtest"
	"selfserve/shared/store"
)

// startOnData starts a runner over db whose clock is kept in dataDir the
// way `make run` keeps it, over a machine clock that shows wall.
func startOnData(t *testing.T, db *ddbtest.DB, dataDir string, inMemory bool, wall time.Time) *httptest.Server {
	t.Helper()
	clk := clock.Frozen(wall)
	saved, err := openClock(dataDir, inMemory, clk)
	if err != nil {
		t.Fatal(err)
	}
	log := ddbtest.Logger(t)
	st := store.New(db.Client, db.Table)
	rn, err := newRunner(config{Template: ddbtest.Template(t), DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clk, Scheduled: scheduledHandlers(st, clk.Now, log, nil, nil),
		Stream: streamHandlers(st, clk.Now, log, nil), Log: log, SaveClock: saved.save})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func clockNow(t *testing.T, out map[string]any) time.Time {
	t.Helper()
	s, _ := out["now"].(string)
	now, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("clock answer %v has no now: %v", out, err)
	}
	return now
}

// TestLocalClockSurvivesRestart: a runner whose clock was moved 31 days
// forward, restarted on the same data folder, resumes no earlier: still 31
// days ahead of the machine's clock, and never before the last time it
// showed even if the machine's clock was set back meanwhile.
func TestLocalClockSurvivesRestart(t *testing.T) {
	db, dataDir := ddbtest.New(t), t.TempDir()
	srv := startOnData(t, db, dataDir, false, t0)
	status, out := call(t, srv, "POST", "/_local/clock", "", `{"advance":"744h"}`)
	if status != 200 {
		t.Fatalf("advance: %d %v", status, out)
	}
	before := clockNow(t, out)
	srv = startOnData(t, db, dataDir, false, t0.Add(time.Hour)) // restarted an hour later
	_, out = call(t, srv, "GET", "/_local/clock", "", "")
	if now, want := clockNow(t, out), before.Add(time.Hour); !now.Equal(want) {
		t.Errorf("restarted an hour later: now %s, want %s (31 days ahead still)", now, want)
	}
	for _, wall := range []time.Time{t0, t0.Add(-48 * time.Hour)} {
		srv := startOnData(t, db, dataDir, false, wall) // restarted with the machine's clock set back
		_, out := call(t, srv, "GET", "/_local/clock", "", "")
		if now := clockNow(t, out); now.Before(before) {
			t.Errorf("restarted with the machine at %s: now %s, before the %s it was", wall, now, before)
		}
	}
}

// TestInMemoryClockKeepsNothing: with -in-memory the clock is not written
// to the data folder, and a restart starts at the machine's time.
func TestInMemoryClockKeepsNothing(t *testing.T) {
	db, dataDir := ddbtest.New(t), t.TempDir()
	srv := startOnData(t, db, dataDir, true, t0)
	if status, out := call(t, srv, "POST", "/_local/clock", "", `{"advance":"744h"}`); status != 200 {
		t.Fatalf("advance: %d %v", status, out)
	}
	if _, err := os.Stat(filepath.Join(dataDir, clockFileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("in memory, %s: %v, want it absent", clockFileName, err)
	}
	srv = startOnData(t, db, dataDir, true, t0)
	if _, out := call(t, srv, "GET", "/_local/clock", "", ""); !clockNow(t, out).Equal(t0) {
		t.Errorf("in memory, restarted: now %v, want the machine's %s", out["now"], t0)
	}
}

// TestCorruptClockFileRefusesToStart: a local-clock.json that can't be read
// stops the start instead of silently taking the clock back.
func TestCorruptClockFileRefusesToStart(t *testing.T) {
	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, clockFileName), []byte(`{"now":`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openClock(dataDir, false, clock.Frozen(t0)); err == nil {
		t.Error("openClock accepted a corrupt local-clock.json")
	}
}

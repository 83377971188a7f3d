package ddbtest

import (
	"bytes"
	"io"
	"log/slog"
	"sync"
	"testing"
)

// Logger returns a logger whose records go to tb's log, one record a line,
// so `go test -v` or a failing test shows what the code under test logged
// (a 500's cause, a sweep's or a delivery's error). Records written after tb
// has ended — by a goroutine still running, say — are dropped: logging to a
// finished test panics.
func Logger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(LogWriter(tb), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// LogWriter returns a writer that logs each line written to it with tb.Log,
// until tb ends; a last line without a newline is logged when tb ends.
func LogWriter(tb testing.TB) io.Writer {
	w := &tbWriter{tb: tb}
	tb.Cleanup(w.close)
	return w
}

type tbWriter struct {
	mu   sync.Mutex
	tb   testing.TB
	buf  []byte
	done bool // tb's cleanups have run: tb.Log would panic
}

func (w *tbWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.tb.Log(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.tb.Log(string(w.buf))
		w.buf = nil
	}
	w.done = true
}

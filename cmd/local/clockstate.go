package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"selfserve/shared/clock"
)

// clockFileName is the local clock's file in the data folder.
const clockFileName = "local-clock.json"

// clockState is what local-clock.json holds: how far the local clock is
// ahead of the machine's, and the last time it showed.
type clockState struct {
	Now    time.Time `json:"now"`
	Offset string    `json:"offset"`
}

// savedClock keeps the local clock in the data folder, so a restart never
// takes it back (refund windows that closed stay closed). Its zero path
// keeps nothing (-in-memory).
type savedClock struct {
	path  string
	clock *clock.Adjustable
	mu    sync.Mutex
}

// openClock restores clk from dataDir's local-clock.json — its offset, and
// never earlier than the last now saved, even if the machine's clock went
// back — and keeps it there from now on. With inMemory nothing is read or
// kept.
func openClock(dataDir string, inMemory bool, clk *clock.Adjustable) (*savedClock, error) {
	s := &savedClock{clock: clk}
	if inMemory {
		return s, nil
	}
	s.path = filepath.Join(dataDir, clockFileName)
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, s.save()
	}
	if err != nil {
		return nil, err
	}
	var st clockState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s is not a saved local clock (%v): fix it, or remove the data folder to start over", s.path, err)
	}
	offset, err := time.ParseDuration(st.Offset)
	if err != nil {
		return nil, fmt.Errorf("%s: offset %q is not a duration: fix it, or remove the data folder to start over", s.path, st.Offset)
	}
	clk.Advance(offset)
	clk.Set(st.Now)
	return s, s.save()
}

// save writes the clock's offset and now (atomically: a crash leaves the
// previous file or the new one).
func (s *savedClock) save() error {
	if s.path == "" {
		return nil
	}
	s.mu.Lock() // the last writer reads the clock last: the file never goes back
	defer s.mu.Unlock()
	b, _ := json.Marshal(clockState{Now: s.clock.Now(), Offset: s.clock.Offset().String()})
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, clockFileName+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}

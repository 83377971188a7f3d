// Package clock provides the time sources injected everywhere: the system
// clock when deployed, and an adjustable one for the local runner and tests.
package clock

import (
	"sync"
	"time"
)

// Adjustable is the system clock shifted by an offset that can be advanced
// or set, so a local run can live "31 days later".
type Adjustable struct {
	mu     sync.Mutex
	offset time.Duration
	now    func() time.Time
}

// NewAdjustable returns an Adjustable over the system clock.
func NewAdjustable() *Adjustable { return &Adjustable{now: time.Now} }

// Frozen returns an Adjustable that stands still at t until moved.
func Frozen(t time.Time) *Adjustable {
	return &Adjustable{now: func() time.Time { return t }}
}

// Now returns the shifted time in UTC.
func (c *Adjustable) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Add(c.offset).UTC()
}

// Offset returns how far the clock is ahead of the time it is built over
// (the local runner keeps it across restarts).
func (c *Adjustable) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// Advance moves the clock forward by d (d must not be negative: time in the
// system never runs backwards).
func (c *Adjustable) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.offset += d
	}
	return c.now().Add(c.offset).UTC()
}

// Set moves the clock to t if t is later than now, and returns the new now.
func (c *Adjustable) Set(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := t.Sub(c.now().Add(c.offset)); d > 0 {
		c.offset += d
	}
	return c.now().Add(c.offset).UTC()
}

package clock

import (
	"testing"
	"time"
)

func TestAdjustableMovesOnlyForward(t *testing.T) {
	t0 := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	c := Frozen(t0)
	tests := []struct {
		name string
		move func() time.Time
		want time.Time
	}{
		{"advance 31 days", func() time.Time { return c.Advance(31 * 24 * time.Hour) }, t0.AddDate(0, 0, 31)},
		{"negative advance ignored", func() time.Time { return c.Advance(-time.Hour) }, t0.AddDate(0, 0, 31)},
		{"set later", func() time.Time { return c.Set(t0.AddDate(1, 0, 0)) }, t0.AddDate(1, 0, 0)},
		{"set earlier ignored", func() time.Time { return c.Set(t0) }, t0.AddDate(1, 0, 0)},
	}
	for _, tt := range tests {
		if got := tt.move(); !got.Equal(tt.want) || !c.Now().Equal(tt.want) {
			t.Errorf("%s: got %v (Now %v), want %v", tt.name, got, c.Now(), tt.want)
		}
	}
}

func TestOffsetFollowsMoves(t *testing.T) {
	t0 := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	c := Frozen(t0)
	c.Advance(time.Hour)
	c.Set(t0.Add(3 * time.Hour))
	if got := c.Offset(); got != 3*time.Hour {
		t.Errorf("Offset() = %v, want 3h", got)
	}
}

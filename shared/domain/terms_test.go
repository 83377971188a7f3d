package domain

import (
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 30, 0, 0, time.UTC) }

func TestTermEndClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		name   string
		anchor time.Time
		n      int
		freq   string
		want   time.Time
	}{
		{"Jan 31 + 1 month, leap year", date(2028, 1, 31), 1, FrequencyMonthly, date(2028, 2, 29)},
		{"Jan 31 + 1 month", date(2027, 1, 31), 1, FrequencyMonthly, date(2027, 2, 28)},
		{"Jan 31 + 2 months back to 31", date(2027, 1, 31), 2, FrequencyMonthly, date(2027, 3, 31)},
		{"Jan 31 + 3 months", date(2027, 1, 31), 3, FrequencyMonthly, date(2027, 4, 30)},
		{"Mar 15 + 1", date(2026, 3, 15), 1, FrequencyMonthly, date(2026, 4, 15)},
		{"Dec 31 + 2 months across the year", date(2026, 12, 31), 2, FrequencyMonthly, date(2027, 2, 28)},
		{"14 months", date(2026, 1, 31), 14, FrequencyMonthly, date(2027, 3, 31)},
		{"Feb 29 + 1 year", date(2028, 2, 29), 1, FrequencyAnnual, date(2029, 2, 28)},
		{"Feb 29 + 4 years", date(2028, 2, 29), 4, FrequencyAnnual, date(2032, 2, 29)},
		{"annual", date(2026, 3, 2), 1, FrequencyAnnual, date(2027, 3, 2)},
	}
	for _, tt := range tests {
		if got := TermEnd(tt.anchor, tt.n, tt.freq); !got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestProrate(t *testing.T) {
	usd := func(n int64) Money { return Money{Amount: n, Currency: "USD"} }
	tests := []struct {
		name                string
		unit                Money
		qty                 int
		remaining, termDays int64
		want                int64
	}{
		{"full term", usd(1000), 2, 30, 30, 2000},
		{"half term", usd(1000), 1, 15, 30, 500},
		{"rounds half up", usd(1), 1, 1, 2, 1},            // 0.5 → 1
		{"rounds down below half", usd(1), 1, 1, 3, 0},    // 0.33 → 0
		{"rounds up above half", usd(1000), 1, 1, 3, 333}, // 333.33 → 333
		{"two thirds", usd(1000), 1, 2, 3, 667},           // 666.67 → 667
		{"remaining capped at term", usd(100), 1, 40, 30, 100},
		{"nothing left", usd(100), 3, 0, 30, 0},
	}
	for _, tt := range tests {
		got := Prorate(tt.unit, tt.qty, tt.remaining, tt.termDays)
		if got.Amount != tt.want || got.Currency != "USD" {
			t.Errorf("%s: got %+v, want %d USD", tt.name, got, tt.want)
		}
	}
}

func TestWholeDaysUp(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int64
	}{
		{0, 0}, {-time.Hour, 0}, {time.Second, 1}, {24 * time.Hour, 1}, {24*time.Hour + time.Nanosecond, 2}, {72 * time.Hour, 3},
	}
	for _, tt := range tests {
		if got := WholeDaysUp(tt.d); got != tt.want {
			t.Errorf("WholeDaysUp(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

func TestRetention(t *testing.T) {
	created := date(2026, 1, 1)
	tests := []struct {
		name         string
		firstBilling time.Time
		wantDays     int
	}{
		{"billed at creation", created, 90},
		{"10 days later", created.AddDate(0, 0, 10), 100},
		{"a partial day counts", created.Add(36 * time.Hour), 92},
		{"capped at 120", created.AddDate(0, 2, 0), 120},
	}
	for _, tt := range tests {
		got := Retention(Tenant{CreatedAt: created, FirstBillingAt: tt.firstBilling})
		if got != time.Duration(tt.wantDays)*24*time.Hour {
			t.Errorf("%s: got %v, want %d days", tt.name, got, tt.wantDays)
		}
	}
}

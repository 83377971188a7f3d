package domain

import (
	"fmt"
	"time"
)

// AddMonthsClamped adds n months to t, clamping the day to the target
// month's last day: Jan 31 + 1 month = Feb 28 (or 29), + 2 = Mar 31. The time
// of day is kept; everything is UTC (docs/spec.md §4.3).
func AddMonthsClamped(t time.Time, n int) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

// TermEnd is the end of term n (n ≥ 1) of a subscription anchored at anchor:
// anchor + n months (monthly) or n years (annual), clamped.
func TermEnd(anchor time.Time, n int, frequency string) time.Time {
	if frequency == FrequencyAnnual {
		return AddMonthsClamped(anchor, 12*n)
	}
	return AddMonthsClamped(anchor, n)
}

// WholeDaysUp counts the days in d, a partial day counting as a whole one.
func WholeDaysUp(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	days := int64(d / (24 * time.Hour))
	if d%(24*time.Hour) != 0 {
		days++
	}
	return days
}

// Prorate is round_half_up(unit × qty × remainingDays / termDays) in
// integer minor units (docs/spec.md §4.3): the charge for qty more seats for the
// rest of a term.
func Prorate(unit Money, qty int, remainingDays, termDays int64) Money {
	if termDays <= 0 || remainingDays <= 0 || qty <= 0 {
		return Money{Currency: unit.Currency}
	}
	if remainingDays > termDays {
		remainingDays = termDays
	}
	num := unit.Amount * int64(qty) * remainingDays
	return Money{Amount: (2*num + termDays) / (2 * termDays), Currency: unit.Currency}
}

// Times returns m × n.
func (m Money) Times(n int) Money { return Money{Amount: m.Amount * int64(n), Currency: m.Currency} }

// Plus returns m + o; currencies must match.
func (m Money) Plus(o Money) Money {
	if o.Currency != "" && m.Currency != "" && o.Currency != m.Currency {
		panic(fmt.Sprintf("adding %s to %s", o.Currency, m.Currency))
	}
	c := m.Currency
	if c == "" {
		c = o.Currency
	}
	return Money{Amount: m.Amount + o.Amount, Currency: c}
}

// Minus returns m − o, never below zero.
func (m Money) Minus(o Money) Money {
	r := m.Plus(Money{Amount: -o.Amount, Currency: o.Currency})
	if r.Amount < 0 {
		r.Amount = 0
	}
	return r
}

// Retention is how long a suspended subscription's data is kept: 90 days,
// plus the days between the tenant's creation and its first billing, at
// most 120 days in all (docs/spec.md §4.5).
func Retention(t Tenant) time.Duration {
	extra := WholeDaysUp(t.FirstBillingAt.Sub(t.CreatedAt))
	days := min(90+extra, 120)
	return time.Duration(days) * 24 * time.Hour
}

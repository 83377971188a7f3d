package domain_test

import (
	"testing"
	"time"

	"selfserve/shared/domain"
)

// runUntil does every due action of s (and its add-ons, following it) up
// to now in time order, as the sweeps do, and returns the final states and
// all orders and events.
func runUntil(t *testing.T, s domain.Subscription, addOns []domain.Subscription, now time.Time) (domain.Subscription, []domain.Subscription, []domain.Order, []string) {
	t.Helper()
	var orders []domain.Order
	var events []string
	for range 1000 {
		d, ok := s.NextDue()
		for i, a := range addOns { // an add-on's own refund window may come first
			if ad, aok := a.NextDue(); aok && !ad.At.After(now) && (!ok || ad.At.Before(d.At)) {
				out := a.RunDue(ad)
				addOns[i] = out.After
				events = append(events, out.Event)
				continue
			}
		}
		if !ok || d.At.After(now) {
			return s, addOns, orders, events
		}
		out := s.RunDue(d)
		s = out.After
		orders = append(orders, out.Orders...)
		if out.Event != "" {
			events = append(events, out.Event)
		}
		for i, a := range addOns {
			if f, changed := a.FollowBase(out, d.At); changed {
				addOns[i] = f.After
				orders = append(orders, f.Orders...)
				events = append(events, f.Event)
			}
		}
	}
	t.Fatal("due work never ended")
	return s, addOns, orders, events
}

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

// TestClockJumpRenewsTermByTerm: 14 months at once over a monthly
// subscription anchored on Jan 31: 14 renewals, in order, each charged
// once, terms clamped to month ends (Feb 28, Mar 31, …, leap Feb 29).
func TestClockJumpRenewsTermByTerm(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.Now, in.Quantity = at(2027, 1, 31, 10), 2
	s := mustCreate(t, in)
	s, _, orders, events := runUntil(t, s, nil, at(2028, 3, 31, 11))
	var renewals []domain.Order
	for _, o := range orders {
		if o.Type == domain.OrderRenewal {
			renewals = append(renewals, o)
		}
	}
	if got, want := len(renewals), 14; got != want {
		t.Fatalf("renewals = %d, want %d", got, want)
	}
	wantEnds := []time.Time{at(2027, 2, 28, 10), at(2027, 3, 31, 10), at(2027, 4, 30, 10)}
	seen := map[time.Time]bool{}
	for i, o := range renewals {
		if o.Amount.Amount != 2000 {
			t.Errorf("renewal %d charged %d, want 2000", i, o.Amount.Amount)
		}
		if seen[o.PeriodStart] {
			t.Errorf("term starting %v charged twice", o.PeriodStart)
		}
		seen[o.PeriodStart] = true
		if i > 0 && !o.PeriodStart.After(renewals[i-1].PeriodStart) {
			t.Errorf("renewals out of order at %d", i)
		}
		if i < len(wantEnds) && !o.PeriodStart.Equal(wantEnds[i]) {
			t.Errorf("renewal %d starts %v, want %v", i, o.PeriodStart, wantEnds[i])
		}
		if !o.At.Equal(o.PeriodStart) {
			t.Errorf("renewal %d dated %v, want its term's start %v (the due instant, not the sweep's clock)", i, o.At, o.PeriodStart)
		}
	}
	if got, want := renewals[12].PeriodStart, at(2028, 2, 29, 10); !got.Equal(want) {
		t.Errorf("leap year: the 13th renewal starts %v, want %v", got, want)
	}
	closes := 0
	for _, e := range events {
		if e == domain.EventSubscriptionRefundWindowDone {
			closes++
		}
	}
	if closes != 14 { // the first term's and 13 renewals'; the last one's is still open
		t.Errorf("refund windows closed = %d, want 14", closes)
	}
	if s.Status != domain.StatusActive || !s.TermEnd.Equal(at(2028, 4, 30, 10)) {
		t.Errorf("final %s, term end %v", s.Status, s.TermEnd)
	}
}

func TestTermEndOutcomes(t *testing.T) {
	base := func(t *testing.T) domain.Subscription {
		in := ssPurchase(t, pidPowerBIPro)
		in.Now = at(2026, 3, 2, 10)
		return mustCreate(t, in)
	}
	end := at(2026, 4, 2, 10)
	tests := []struct {
		name   string
		change func(domain.Subscription) domain.Subscription
		want   domain.Status
		event  string
	}{
		{"auto-renew", func(s domain.Subscription) domain.Subscription { return s }, domain.StatusActive, domain.EventSubscriptionRenewed},
		{"auto-renew off", func(s domain.Subscription) domain.Subscription { s.AutoRenew = false; return s }, domain.StatusExpired, domain.EventSubscriptionExpired},
		{"cancelled at term end", func(s domain.Subscription) domain.Subscription {
			s.CancelAtTermEnd, s.AutoRenew = true, false
			return s
		}, domain.StatusDeleted, domain.EventSubscriptionCancelled},
	}
	for _, tt := range tests {
		s := tt.change(base(t))
		before, _, _, _ := runUntil(t, s, nil, end.Add(-time.Second))
		if before.Status != domain.StatusActive {
			t.Errorf("%s: %s a second before the term's end, want Active", tt.name, before.Status)
		}
		after, _, _, events := runUntil(t, s, nil, end)
		if after.Status != tt.want || events[len(events)-1] != tt.event {
			t.Errorf("%s: %s with %v, want %s and %s", tt.name, after.Status, events, tt.want, tt.event)
		}
	}
}

func TestTrialEnds(t *testing.T) {
	tests := []struct {
		name      string
		in        func(t *testing.T) domain.Purchase
		want      domain.Status
		wantOrder bool
	}{
		{"with payment method converts", func(t *testing.T) domain.Purchase { return ssTrial(t, pidVisioPlan2) }, domain.StatusActive, true},
		{"without payment method expires", func(t *testing.T) domain.Purchase { return ssTrial(t, pidPowerBIPro) }, domain.StatusExpired, false},
	}
	for _, tt := range tests {
		in := tt.in(t)
		if tt.wantOrder {
			in.PaymentMethodID = "pm"
		}
		s := mustCreate(t, in)
		ends := *s.TrialEndsAt
		warned, _, _, ev := runUntil(t, s, nil, ends.Add(-domain.TrialWarningLead))
		if !warned.TrialWarned || ev[0] != domain.EventSubscriptionTrialEnding || warned.Status != domain.StatusTrial {
			t.Errorf("%s: at T−3 days %v %s", tt.name, ev, warned.Status)
		}
		final, _, orders, _ := runUntil(t, s, nil, ends)
		if final.Status != tt.want || (len(orders) > 0) != tt.wantOrder {
			t.Errorf("%s: %s with %d orders, want %s", tt.name, final.Status, len(orders), tt.want)
		}
		if tt.wantOrder && (orders[0].Type != domain.OrderTrialConversion || !final.TermStart.Equal(ends)) {
			t.Errorf("%s: order %+v, term start %v", tt.name, orders[0], final.TermStart)
		}
	}
}

// TestSuspensionDeletion: warnings at 30, 7 and 1 days, deletion at day 90
// and not day 89, personal data removed.
func TestSuspensionDeletion(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.Now = at(2026, 3, 2, 10)
	s := mustCreate(t, in)
	s.Purchaser.Name, s.Purchaser.Email = "Bob", "bob@example.com"
	susp, err := s.Suspend(at(2026, 3, 5, 10), "nonPayment", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	day89, _, _, ev := runUntil(t, susp, nil, at(2026, 3, 5, 10).AddDate(0, 0, 89))
	if day89.Status != domain.StatusSuspended || len(ev) != 3 || len(day89.DeletionWarningsSent) != 3 {
		t.Errorf("day 89: %s with %v, want Suspended after 3 warnings", day89.Status, ev)
	}
	day90, _, _, ev := runUntil(t, susp, nil, at(2026, 3, 5, 10).AddDate(0, 0, 90))
	if day90.Status != domain.StatusDeleted || ev[len(ev)-1] != domain.EventSubscriptionDataDeleted || day90.Purchaser.Name != "" || day90.Purchaser.Email != "" {
		t.Errorf("day 90: %s %v purchaser %+v", day90.Status, ev, day90.Purchaser)
	}
}

// TestReactivatedAfterTermEndRenewsAtOnce: its term end is in the past, so
// the next renewal sweep renews it (or expires it without auto-renew).
func TestReactivatedAfterTermEndRenewsAtOnce(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.Now = at(2026, 3, 2, 10)
	s := mustCreate(t, in)
	susp, _ := s.Suspend(at(2026, 3, 20, 10), "other", 90*24*time.Hour)
	back, err := susp.Reactivate(at(2026, 4, 10, 10))
	if err != nil {
		t.Fatal(err)
	}
	d, ok := back.NextDue()
	if !ok || d.Action != domain.DueRefundWindowClose && d.Action != domain.DueTermEnd || d.At.After(at(2026, 4, 10, 10)) {
		t.Fatalf("next due %+v, want work due now", d)
	}
	after, _, orders, _ := runUntil(t, back, nil, at(2026, 4, 10, 10))
	if after.Status != domain.StatusActive || len(orders) != 1 || orders[0].Type != domain.OrderRenewal {
		t.Errorf("after: %s with %+v, want renewed once", after.Status, orders)
	}
}

func TestAddOnRenewsWithItsBase(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	a, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 2, 0, t0.AddDate(0, 0, 10))
	if err != nil {
		t.Fatal(err)
	}
	end := base.TermEnd
	b, addOns, orders, _ := runUntil(t, base, []domain.Subscription{a}, end)
	if b.TermIndex != 2 || !addOns[0].TermEnd.Equal(b.TermEnd) || !addOns[0].TermStart.Equal(b.TermStart) {
		t.Errorf("add-on term %v–%v, base %v–%v: want co-terminous", addOns[0].TermStart, addOns[0].TermEnd, b.TermStart, b.TermEnd)
	}
	renewals := 0
	for _, o := range orders {
		if o.Type == domain.OrderRenewal {
			renewals++
		}
	}
	if renewals != 2 {
		t.Errorf("renewal orders = %d, want 2 (base and add-on)", renewals)
	}
	if _, ok := addOns[0].NextDue(); !ok {
		t.Error("add-on has no refund-window due after renewing")
	}
}

// TestTermEndCancelSaysWhy: the subscription.cancelled of a cancellation
// scheduled for the term's end carries its picklist reasonCode, as a
// cancel at once does.
func TestTermEndCancelSaysWhy(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.Now = at(2026, 3, 2, 10)
	s := mustCreate(t, in)
	reason, err := domain.NewCancelReason("tooExpensive", "")
	if err != nil {
		t.Fatal(err)
	}
	scheduled, _, _, _, err := s.Cancel(at(2026, 3, 20, 10), reason.String(), false)
	if err != nil {
		t.Fatal(err)
	}
	scheduled.CancellationReasonCode = reason.Code // as CancelAs records it
	for {
		d, ok := scheduled.NextDue()
		if !ok {
			t.Fatal("nothing due")
		}
		out := scheduled.RunDue(d)
		if out.Event != domain.EventSubscriptionCancelled {
			scheduled = out.After
			continue
		}
		if got, want := out.Extra["reasonCode"], "tooExpensive"; got != want {
			t.Errorf("reasonCode = %v, want %v", got, want)
		}
		if got := out.After.CancellationReasonCode; got != "tooExpensive" {
			t.Errorf("the ended subscription's cancellationReasonCode = %q", got)
		}
		return
	}
}

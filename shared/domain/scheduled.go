package domain

import "time"

// Scheduled is what a due action did: the subscription after, its orders,
// the event to send ("" for none) with extra data, and the activity name.
type Scheduled struct {
	After     Subscription
	Orders    []Order
	Event     string
	Extra     map[string]any
	Operation string
}

// RunDue performs d, which must be s.NextDue(), as of d.At — the due
// instant, not the sweep's clock — so a late, repeated or catching-up run
// records exactly what a punctual one would (docs/spec.md §7).
func (s Subscription) RunDue(d Due) Scheduled {
	at := d.At
	switch d.Action {
	case DueRefundWindowClose:
		s.RefundWindowClosed = true
		return Scheduled{After: s, Event: EventSubscriptionRefundWindowDone, Operation: "CloseRefundWindow"}
	case DueTrialEnding:
		s.TrialWarned = true
		return Scheduled{After: s, Event: EventSubscriptionTrialEnding, Extra: map[string]any{"trialEndsAt": s.TrialEndsAt}, Operation: "AnnounceTrialEnd"}
	case DueTrialEnd:
		if s.HasPaymentMethod && s.AutoRenew {
			s.Status = StatusActive
			charge, err := s.startPaidTerm(at)
			if err == nil {
				s.RefundWindowClosed = false
				return Scheduled{After: s, Orders: []Order{s.order(OrderTrialConversion, charge, s.Quantity, at)},
					Event: EventSubscriptionTrialConverted, Operation: "ConvertTrial"}
			}
		}
		return Scheduled{After: s.expire(), Event: EventSubscriptionTrialExpired, Operation: "ExpireTrial"}
	case DueTermEnd:
		return s.endTerm(at)
	case DueDeletionWarning:
		s.DeletionWarningsSent = append(append([]int(nil), s.DeletionWarningsSent...), d.Days)
		return Scheduled{After: s, Event: EventSubscriptionDeletionWarning,
			Extra: map[string]any{"daysLeft": d.Days, "dataDeletionAt": s.DataDeletionAt}, Operation: "WarnDataDeletion"}
	case DueDataDeletion:
		return Scheduled{After: s.deleteData(at), Event: EventSubscriptionDataDeleted, Operation: "DeleteData"}
	}
	return Scheduled{After: s}
}

// endTerm is what happens at a term's end (docs/spec.md §7): deleted when a
// cancellation was scheduled, expired without auto-renew, else renewed for
// the next anchored term and charged once.
func (s Subscription) endTerm(at time.Time) Scheduled {
	switch {
	case s.CancelAtTermEnd:
		return s.endAtTermEnd(at, s.CancellationReason, s.CancellationReasonCode)
	case !s.AutoRenew:
		return Scheduled{After: s.expire(), Event: EventSubscriptionExpired, Operation: "ExpireSubscription"}
	}
	charge := s.nextTerm()
	return Scheduled{After: s, Orders: []Order{s.order(OrderRenewal, charge, s.Quantity, at)}, Event: EventSubscriptionRenewed, Operation: "RenewSubscription"}
}

// nextTerm moves s to its next anchored term with a fresh refund window and
// returns the term's charge.
func (s *Subscription) nextTerm() Money {
	s.TermIndex++
	s.TermStart, s.TermEnd = s.TermEnd, TermEnd(s.TermAnchor, s.TermIndex, s.BillingFrequency)
	charge := s.UnitPrice.Times(s.Quantity)
	if s.BillingType == BillingUsage {
		charge = Money{Currency: s.UnitPrice.Currency}
	}
	s.RefundableUntil, _ = s.refundWindowFrom(s.TermStart, nil) // the window parsed at purchase
	s.ChargedThisTerm, s.RefundWindowClosed, s.TermCharges = charge, false, nil
	return charge
}

// expire ends s at the end of a term or trial that doesn't renew:
// Expired, its users unlicensed (docs/spec.md §4.4, §7).
func (s Subscription) expire() Subscription {
	s.Status, s.AutoRenew, s.AssignedLicenses = StatusExpired, false, 0
	return s
}

// deleteData ends a suspended subscription at its data deletion time:
// Deleted, licenses gone, the purchaser's personal data removed (the
// activity log keeps the record).
func (s Subscription) deleteData(at time.Time) Subscription {
	s = s.End(at, "dataDeleted")
	s.Purchaser.Name, s.Purchaser.Email = "", ""
	return s
}

// FollowBase applies to add-on a what its base's due action did: renewed
// with it for the same term (and charged for it), expired, deleted, or its
// data deleted. changed is false when the base's action doesn't touch it.
func (a Subscription) FollowBase(base Scheduled, at time.Time) (Scheduled, bool) {
	if !a.Status.Live() {
		return Scheduled{After: a}, false
	}
	b := base.After
	switch {
	case base.Operation == "DeleteData":
		return Scheduled{After: a.deleteData(at), Event: EventSubscriptionDataDeleted, Operation: "DeleteData"}, true
	case b.Status == StatusDeleted:
		if a.CancellationReason == "" && a.CancellationReasonCode == "" { // ends for its base's reason
			return a.endAtTermEnd(at, b.CancellationReason, b.CancellationReasonCode), true
		}
		return a.endAtTermEnd(at, a.CancellationReason, a.CancellationReasonCode), true
	case b.Status == StatusExpired && base.Operation == "ExpireSubscription":
		return Scheduled{After: a.expire(), Event: EventSubscriptionExpired, Operation: "ExpireSubscription"}, true
	case base.Operation == "RenewSubscription" && a.Status == StatusActive:
		return a.renewWith(b, at), true
	}
	return Scheduled{After: a}, false
}

// renewWith moves Active add-on a to the term its base b is in now,
// charged once — or ends it, when it doesn't renew (docs/spec.md §4.6).
func (a Subscription) renewWith(b Subscription, at time.Time) Scheduled {
	if a.CancelAtTermEnd || !a.AutoRenew {
		return a.endAtTermEnd(at, a.CancellationReason, a.CancellationReasonCode)
	}
	a.TermAnchor, a.TermIndex, a.TermEnd = b.TermAnchor, b.TermIndex-1, b.TermStart
	charge := a.nextTerm()
	return Scheduled{After: a, Orders: []Order{a.order(OrderRenewal, charge, a.Quantity, at)}, Event: EventSubscriptionRenewed,
		Operation: "RenewSubscription"}
}

// CatchUpWith renews add-on a, Active again after a suspension of its own
// during which its base renewed without it, into its base's current term
// (docs/spec.md §4.5: a subscription reactivated after its term ended is
// renewed — or ended — as the renewal sweep would have). changed is false
// when a is in its base's term.
func (a Subscription) CatchUpWith(b Subscription, at time.Time) (Scheduled, bool) {
	if !a.IsAddOn() || a.Status != StatusActive || !a.TermEnd.Before(b.TermEnd) {
		return Scheduled{After: a}, false
	}
	return a.renewWith(b, at), true
}

// endAtTermEnd ends s at its term's end for reason (code: the picklist's),
// as a scheduled cancellation does; its event says why, as a cancel at once
// would.
func (s Subscription) endAtTermEnd(at time.Time, reason, code string) Scheduled {
	s = s.End(at, reason)
	s.CancellationReasonCode = code
	extra := map[string]any{"reason": reason, "effect": EffectTermEnd}
	if code != "" {
		extra["reasonCode"] = code
	}
	return Scheduled{After: s, Event: EventSubscriptionCancelled, Extra: extra, Operation: "EndSubscription"}
}

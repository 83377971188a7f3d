package domain

import (
	"slices"
	"time"
)

// DueAction is a piece of scheduled work on a subscription (docs/spec.md §7).
type DueAction string

// Due actions, each done by one sweep.
const (
	DueRefundWindowClose DueAction = "refundWindowClose" // RefundWindowsSweep
	DueTrialEnding       DueAction = "trialEnding"       // TrialsSweep: T−3 days
	DueTrialEnd          DueAction = "trialEnd"          // TrialsSweep: convert or expire
	DueTermEnd           DueAction = "termEnd"           // RenewalsSweep: renew, expire or delete
	DueDeletionWarning   DueAction = "deletionWarning"   // SuspensionsSweep: 30, 7, 1 days before
	DueDataDeletion      DueAction = "dataDeletion"      // SuspensionsSweep
	DuePaymentRetry      DueAction = "paymentRetry"      // PaymentRetrySweep: charge a PastDue one again
	DueRefund            DueAction = "refund"            // PaymentRetrySweep: pay out pending refunds
)

// SweepPaymentRetries is the scheduled function that retries declined
// charges and pays out refunds (docs/spec.md §10).
const SweepPaymentRetries = "PaymentRetrySweep"

// Sweep names the scheduled function that does an action.
func (a DueAction) Sweep() string {
	switch a {
	case DueRefundWindowClose:
		return "RefundWindowsSweep"
	case DueTrialEnding, DueTrialEnd:
		return "TrialsSweep"
	case DueTermEnd:
		return "RenewalsSweep"
	case DuePaymentRetry, DueRefund:
		return SweepPaymentRetries
	}
	return "SuspensionsSweep"
}

// TrialWarningLead is how long before a trial's end the purchaser is told.
const TrialWarningLead = 3 * 24 * time.Hour

// DeletionWarningDays are the days before data deletion the purchaser is
// warned (docs/spec.md §4.5).
var DeletionWarningDays = []int{30, 7, 1}

// Due is a subscription's next scheduled action and when it is due.
type Due struct {
	Action DueAction
	At     time.Time
	// Days is the warning's lead for DueDeletionWarning.
	Days int
}

// NextDue returns the earliest scheduled work of s, or false when it has
// none. Every state change recomputes it, so the due index always holds
// each subscription's next action only; actions happen in time order.
func (s Subscription) NextDue() (Due, bool) {
	var best Due
	found := false
	consider := func(d Due) {
		if !found || d.At.Before(best.At) {
			best, found = d, true
		}
	}
	if len(s.PendingRefunds) > 0 { // whatever its status: money owed back goes first
		consider(Due{Action: DueRefund, At: s.PendingRefunds[0].OrderAt})
	}
	switch s.Status {
	case StatusPastDue:
		if s.PaymentDue != nil && s.PaymentDue.NextRetryAt != nil {
			consider(Due{Action: DuePaymentRetry, At: *s.PaymentDue.NextRetryAt})
		}
	case StatusTrial:
		if s.TrialEndsAt != nil {
			if !s.TrialWarned {
				consider(Due{Action: DueTrialEnding, At: s.TrialEndsAt.Add(-TrialWarningLead)})
			} else {
				consider(Due{Action: DueTrialEnd, At: *s.TrialEndsAt})
			}
		}
	case StatusActive:
		if s.RefundableUntil != nil && !s.RefundWindowClosed {
			consider(Due{Action: DueRefundWindowClose, At: *s.RefundableUntil})
		}
		if !s.IsAddOn() { // add-ons renew, expire and end with their base
			consider(Due{Action: DueTermEnd, At: s.TermEnd})
		}
	case StatusSuspended:
		// An add-on suspended with its base is deleted with it (the base's
		// action cascades); one suspended on its own keeps its own clock.
		if s.DataDeletionAt == nil {
			break
		}
		for _, d := range DeletionWarningDays {
			if !slices.Contains(s.DeletionWarningsSent, d) {
				consider(Due{Action: DueDeletionWarning, At: s.DataDeletionAt.AddDate(0, 0, -d), Days: d})
				break
			}
		}
		if !found {
			consider(Due{Action: DueDataDeletion, At: *s.DataDeletionAt})
		}
	}
	return best, found
}

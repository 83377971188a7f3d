package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CancelEffect says when a cancellation takes effect.
type CancelEffect string

// Cancellation effects (docs/spec.md §4.4).
const (
	EffectImmediate CancelEffect = "immediate"
	EffectTermEnd   CancelEffect = "termEnd"
)

// CancellationQuote is what cancelling now would do.
type CancellationQuote struct {
	Effect CancelEffect `json:"effect"`
	Credit Money        `json:"credit"`
}

// CheckReason refuses an empty or over-long free-text reason.
func CheckReason(r string) error {
	if strings.TrimSpace(r) == "" || utf8.RuneCountInString(r) > 500 {
		return FieldErrorf("reason", "reason is required (1-500 characters)")
	}
	return nil
}

// CancelReasonCodes are the cancellation reasons of the admin center's
// picklist (docs/spec.md §15).
var CancelReasonCodes = []string{"noLongerNeeded", "tooExpensive", "switchingProduct", "boughtByMistake", "other"}

// CancelReason is why a subscription is cancelled: a code of the picklist
// and an optional free text.
type CancelReason struct {
	Code string
	Text string
}

// NewCancelReason checks a cancellation's reason (docs/spec.md §4.4, §15):
// code one of CancelReasonCodes, text optional (1-500 characters when
// given); a text alone means "other". Returns CodeInvalidRequest.
func NewCancelReason(code, text string) (CancelReason, error) {
	if code == "" && text != "" {
		code = "other"
	}
	if !slices.Contains(CancelReasonCodes, code) {
		return CancelReason{}, FieldErrorf("reasonCode", "reasonCode must be one of %v", CancelReasonCodes)
	}
	if text != "" {
		if err := CheckReason(text); err != nil {
			return CancelReason{}, FieldErrorf("reason", "reason, when given, is 1-500 characters")
		}
	}
	return CancelReason{Code: code, Text: text}, nil
}

// String is the reason as recorded: its text, else its code.
func (r CancelReason) String() string {
	if r.Text != "" {
		return r.Text
	}
	return r.Code
}

func invalidStatus(s Subscription, what string) error {
	return Errorf(CodeInvalidStatus, "a %s subscription can't be %s", s.Status, what)
}

// Quote is the cancellation quote of s at now (docs/spec.md §4.4); admin is true
// for an admin's cancel of a self-service subscription, which is always
// immediate.
func (s Subscription) Quote(now time.Time, admin bool) CancellationQuote {
	zero := Money{Currency: s.UnitPrice.Currency}
	switch {
	case s.Status == StatusTrial, s.BillingType == BillingUsage, s.Status == StatusPastDue:
		// A PastDue one goes at once, with nothing to credit (docs/spec.md §10).
		return CancellationQuote{EffectImmediate, zero}
	case s.InRefundWindow(now):
		return CancellationQuote{EffectImmediate, s.ChargedThisTerm}
	case admin:
		return CancellationQuote{EffectImmediate, zero}
	}
	return CancellationQuote{EffectTermEnd, zero}
}

// Cancel cancels s at now for reason (docs/spec.md §4.4, §4.8). A trial, a
// usage-based subscription, one inside its refund window, or one an admin
// cancels through take-over is Deleted at once (credited inside the
// window); otherwise it is scheduled for the term's end. Cancelling one
// already scheduled changes nothing (changed is false).
// Returns CodeInvalidStatus.
func (s Subscription) Cancel(now time.Time, reason string, admin bool) (after Subscription, orders []Order, q CancellationQuote, changed bool, err error) {
	if err := CheckReason(reason); err != nil {
		return s, nil, q, false, err
	}
	if err := s.checkNotMoving(); err != nil {
		return s, nil, q, false, err
	}
	if err := s.checkNotMoveTarget(); err != nil {
		return s, nil, q, false, err
	}
	if s.Status != StatusTrial && s.Status != StatusActive && s.Status != StatusPastDue {
		return s, nil, q, false, invalidStatus(s, "cancelled")
	}
	q = s.Quote(now, admin)
	if q.Effect == EffectTermEnd {
		if s.CancelAtTermEnd {
			return s, nil, q, false, nil
		}
		s.CancelAtTermEnd, s.AutoRenew, s.CancellationReason = true, false, reason
		return s, nil, q, true, nil
	}
	if q.Credit.Amount > 0 {
		orders = append(orders, s.order(OrderCredit, q.Credit, s.Quantity, now))
		s.ChargedThisTerm = s.ChargedThisTerm.Minus(q.Credit)
	}
	return s.End(now, reason), orders, q, true, nil
}

// End ends s at at for reason: Deleted, no renewal or scheduled
// cancellation left, and its users lose their licenses (docs/spec.md §4.4,
// §4.5, §4.8). Every way a subscription ends goes through it.
func (s Subscription) End(at time.Time, reason string) Subscription {
	s.Status, s.CancelledAt, s.CancellationReason = StatusDeleted, &at, reason
	s.AutoRenew, s.CancelAtTermEnd, s.AssignedLicenses, s.MovingTo, s.PaymentDue = false, false, 0, "", nil
	return s
}

// FollowBaseCancel ends add-on a with its base (docs/spec.md §4.6): at the term's
// end when the base is scheduled (no credit), at once when the base goes at
// once — credited for its own term inside its own refund window. A
// Suspended add-on ends at once, uncredited. changed is false when a
// already is as its base asks.
func (a Subscription) FollowBaseCancel(baseEffect CancelEffect, now time.Time, reason string) (after Subscription, orders []Order, changed bool) {
	if !a.Status.Live() {
		return a, nil, false
	}
	if baseEffect == EffectTermEnd {
		if a.CancelAtTermEnd || a.Status == StatusSuspended {
			return a, nil, false
		}
		a.CancelAtTermEnd, a.AutoRenew, a.CancellationReason = true, false, reason
		return a, nil, true
	}
	if a.Status != StatusSuspended && a.BillingType == BillingLicense && a.InRefundWindow(now) && a.ChargedThisTerm.Amount > 0 {
		credit := a.ChargedThisTerm
		orders = append(orders, a.order(OrderCredit, credit, a.Quantity, now))
		a.ChargedThisTerm = a.ChargedThisTerm.Minus(credit)
	}
	return a.End(now, reason), orders, true
}

// FollowBaseAutoRenew makes add-on a renew (or not) with its base; a base
// turning renewal back on also undoes the add-on's scheduled cancellation.
func (a Subscription) FollowBaseAutoRenew(on bool) (Subscription, bool) {
	if a.Status != StatusActive || (a.AutoRenew == on && (!on || !a.CancelAtTermEnd)) {
		return a, false
	}
	a.AutoRenew = on
	if on {
		a.CancelAtTermEnd, a.CancellationReason, a.CancellationReasonCode = false, "", ""
	}
	return a, true
}

// checkNotMoveTarget refuses ending a subscription holding reserved seats
// (users moving into it, a bulk assignment under way).
func (s Subscription) checkNotMoveTarget() error {
	if s.ReservedLicenses > 0 {
		return Errorf(CodeInvalidStatus, "its reserved licenses are for users being moved into it or licensed in bulk; complete that request first")
	}
	return nil
}

// SetQuantity changes the seats (docs/spec.md §4.6): an increase is charged
// prorated for the rest of the term; a decrease below the assigned licenses
// is refused; inside the refund window a decrease credits the removed seats
// for the rest of the term — the mirror of an increase's charge, so raising
// and lowering again nets to nothing — never more than was charged.
// Returns CodeInvalidRequest, CodeInvalidStatus, CodeQuantityBelowAssigned.
func (s Subscription) SetQuantity(q int, now time.Time) (Subscription, []Order, error) {
	if err := CheckQuantity(q); err != nil {
		return s, nil, err
	}
	if err := s.checkNotMoving(); err != nil {
		return s, nil, err
	}
	if s.Status != StatusActive && s.Status != StatusTrial {
		return s, nil, invalidStatus(s, "changed")
	}
	if q < s.AssignedLicenses+s.ReservedLicenses {
		return s, nil, Errorf(CodeQuantityBelowAssigned, "%d licenses are assigned; unassign some before reducing the quantity to %d", s.AssignedLicenses, q).
			With("assigned", s.AssignedLicenses)
	}
	old := s.Quantity
	s.Quantity, s.Price = q, s.UnitPrice.Times(q)
	if s.Status == StatusTrial || q == old || s.BillingType == BillingUsage {
		return s, nil, nil
	}
	termDays, remaining := WholeDaysUp(s.TermEnd.Sub(s.TermStart)), WholeDaysUp(s.TermEnd.Sub(now))
	if q > old {
		charge := Prorate(s.UnitPrice, q-old, remaining, termDays)
		if charge.Amount == 0 {
			return s, nil, nil
		}
		s.ChargedThisTerm = s.ChargedThisTerm.Plus(charge)
		return s, []Order{s.order(OrderProration, charge, q-old, now)}, nil
	}
	if !s.InRefundWindow(now) {
		return s, nil, nil
	}
	credit := Prorate(s.UnitPrice, old-q, remaining, termDays)
	if credit.Amount > s.ChargedThisTerm.Amount {
		credit.Amount = s.ChargedThisTerm.Amount
	}
	if credit.Amount == 0 {
		return s, nil, nil
	}
	s.ChargedThisTerm = s.ChargedThisTerm.Minus(credit)
	return s, []Order{s.order(OrderCredit, credit, old-q, now)}, nil
}

// SetAutoRenew switches renewal (docs/spec.md §4.4, §4.6). Turning it on undoes a
// scheduled cancellation. A trial without a payment method can't renew.
// Returns CodeInvalidStatus, CodePaymentMethodRequired.
func (s Subscription) SetAutoRenew(on bool) (Subscription, error) {
	switch {
	case s.Status != StatusActive && s.Status != StatusTrial:
		return s, invalidStatus(s, "changed")
	case s.Status == StatusTrial && !s.HasPaymentMethod && on:
		return s, Errorf(CodePaymentMethodRequired, "a trial without a payment method never converts, so it can't auto-renew")
	}
	s.AutoRenew = on
	if on {
		s.CancelAtTermEnd, s.CancellationReason, s.CancellationReasonCode = false, "", ""
	}
	return s, nil
}

// Suspend suspends s at now (docs/spec.md §4.5): its users lose access and its data
// is deleted after the tenant's retention unless it is reactivated. A move
// of users out of s or into it holds the suspension up, except for
// nonPayment, which nothing holds up (docs/decisions.md "Payments"): the
// move is finished, or aborted, when it is retried.
// Returns CodeInvalidRequest, CodeInvalidStatus.
func (s Subscription) Suspend(now time.Time, reason string, retention time.Duration) (Subscription, error) {
	if err := CheckSuspensionReason(reason); err != nil {
		return s, err
	}
	if s.Status != StatusActive && s.Status != StatusTrial && s.Status != StatusPastDue {
		return s, invalidStatus(s, "suspended")
	}
	if reason != SuspensionNonPayment {
		if err := s.checkNotMoving(); err != nil {
			return s, err
		}
		if err := s.checkNotMoveTarget(); err != nil {
			return s, err
		}
	}
	del := now.Add(retention)
	// A PastDue one stops being retried: what it owes stays on its order.
	s.Status, s.SuspendedAt, s.SuspensionReason, s.DataDeletionAt, s.PaymentDue = StatusSuspended, &now, reason, &del, nil
	return s, nil
}

// Reactivate brings a suspended subscription back before its data is
// deleted (docs/spec.md §4.5). One whose term ended meanwhile is renewed or expired
// by the next renewal sweep. Returns CodeInvalidStatus.
func (s Subscription) Reactivate(now time.Time) (Subscription, error) {
	if s.Status != StatusSuspended || (s.DataDeletionAt != nil && !now.Before(*s.DataDeletionAt)) {
		return s, invalidStatus(s, "reactivated")
	}
	s.Status = StatusActive
	if s.TrialEndsAt != nil && s.TermIndex == 0 {
		s.Status = StatusTrial
	}
	s.SuspendedAt, s.SuspensionReason, s.DataDeletionAt = nil, "", nil
	return s, nil
}

// TakeOverBy has an admin take control of a self-service subscription
// (docs/spec.md §4.8). Taking over again changes nothing (changed is false).
// Returns CodeInvalidStatus, CodeInvalidRequest.
func (s Subscription) TakeOverBy(admin string, now time.Time) (Subscription, bool, error) {
	if s.Channel != ChannelSelfService {
		return s, false, Errorf(CodeInvalidRequest, "only self-service subscriptions are taken over; admins already manage %s ones", s.Channel)
	}
	if !s.Status.Live() {
		return s, false, invalidStatus(s, "taken over")
	}
	if s.TakenOver != nil {
		return s, false, nil
	}
	s.TakenOver = &TakeOver{By: admin, At: now}
	return s, true, nil
}

// NewAddOn buys product as an add-on of base (docs/spec.md §4.6): the base must be
// Active and listed in the product's addOnOf, and hold fewer than MaxAddOns
// live add-ons (liveAddOns); the add-on ends with the base's term and its
// first charge is prorated for the rest of that term.
// Returns CodeBaseNotActive, CodeNotAnAddonOfBase, CodeInvalidRequest,
// CodeTooManyAddOns.
func NewAddOn(id string, base Subscription, product Product, qty, liveAddOns int, now time.Time) (Subscription, []Order, error) {
	if err := CheckQuantity(qty); err != nil {
		return Subscription{}, nil, err
	}
	if liveAddOns >= MaxAddOns {
		return Subscription{}, nil, Errorf(CodeTooManyAddOns, "a subscription has at most %d add-ons", MaxAddOns)
	}
	if err := base.CanHoldAddOns(); err != nil {
		return Subscription{}, nil, err
	}
	isAddOn := false
	for _, b := range product.AddOnOf {
		isAddOn = isAddOn || b == base.ProductID
	}
	if !isAddOn {
		return Subscription{}, nil, Errorf(CodeNotAnAddonOfBase, "%s is not an add-on of %s", product.ProductID, base.ProductID)
	}
	offer, ok := product.Offer(base.BillingFrequency)
	if !ok {
		return Subscription{}, nil, Errorf(CodeNotAnAddonOfBase, "%s has no %s offer to match its base", product.ProductID, base.BillingFrequency)
	}
	// Built field by field, as CreateSubscription builds a purchase: only
	// what an add-on shares with its base is taken from it.
	a := Subscription{
		ID: id, TenantID: base.TenantID, ProductID: product.ProductID, ProductName: product.Name,
		BillingType: product.BillingType, BillingFrequency: base.BillingFrequency, Quantity: qty,
		Channel: base.Channel, Purchaser: base.Purchaser, Status: StatusActive,
		// It renews with its base, and ends with it when the base is
		// scheduled to cancel.
		AutoRenew: base.AutoRenew, CancelAtTermEnd: base.CancelAtTermEnd,
		HasPaymentMethod: base.HasPaymentMethod, PaymentMethodID: base.PaymentMethodID,
		CreatedAt: now, TermAnchor: base.TermAnchor, TermIndex: base.TermIndex, TermStart: base.TermStart, TermEnd: base.TermEnd,
		TakenOver: base.TakenOver, BaseSubscriptionID: base.ID, PartnerID: base.PartnerID,
		CustomerPurchase: base.CustomerPurchase, BillTo: base.BillTo,
		UnitPrice: offer.UnitPrice, Price: offer.UnitPrice.Times(qty), CancellationWindow: offer.CancellationWindow,
	}
	// Its own refund window runs from its purchase, within the base's term.
	a.RefundableUntil, _ = a.refundWindowFrom(now, &base.TermEnd)
	charge := Prorate(offer.UnitPrice, qty, WholeDaysUp(base.TermEnd.Sub(now)), WholeDaysUp(base.TermEnd.Sub(base.TermStart)))
	a.ChargedThisTerm = charge
	var orders []Order
	if charge.Amount > 0 {
		orders = append(orders, a.order(OrderProration, charge, qty, now))
	}
	return a, orders, nil
}

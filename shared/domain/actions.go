package domain

import "time"

// AllowedAction says whether an action is allowed now and, if not, why.
type AllowedAction struct {
	Action  string `json:"action"`
	Allowed bool   `json:"allowed"`
	Reason  Code   `json:"reason,omitempty"`
}

// Actions reported by AllowedActions.
const (
	ActionCancel         = "cancel"
	ActionRefund         = "refund"
	ActionChangeQuantity = "changeQuantity"
	ActionSetAutoRenew   = "setAutoRenew"
	ActionSuspend        = "suspend"
	ActionReactivate     = "reactivate"
	ActionTakeOver       = "takeOver"
	ActionMoveUsers      = "moveUsers"
	ActionAssignLicenses = "assignLicenses"
	ActionAddAddOn       = "addAddOn"
)

// AllowedActions lists every action on s for v at now, in a fixed order.
// Each action is decided by trying the operation itself on a copy of s, so
// an action is allowed exactly when the operation would succeed. base is
// the base of an add-on (nil for a base, or when unknown: not judged).
func (s Subscription) AllowedActions(v Viewer, now time.Time, base *Subscription) []AllowedAction {
	const by = "caller"
	reason := CancelReason{Code: "other"}
	actions := []struct {
		name string
		try  func() error
	}{
		{ActionCancel, func() error { _, err := v.CancelAs(s, by, now, reason); return err }},
		{ActionRefund, func() error { return v.CanRefund(s, now) }},
		{ActionChangeQuantity, func() error { _, _, err := v.SetQuantityAs(s, s.Quantity, now); return err }},
		{ActionSetAutoRenew, func() error { _, err := v.SetAutoRenewAs(s, true, base); return err }},
		{ActionSuspend, func() error { _, err := v.SuspendAs(s, now, "other", 0); return err }},
		{ActionReactivate, func() error { _, err := v.ReactivateAs(s, now, base); return err }},
		{ActionTakeOver, func() error { _, _, err := v.TakeOverAs(s, by, now); return err }},
		{ActionMoveUsers, func() error { return v.CanMoveUsersFrom(s) }},
		{ActionAssignLicenses, func() error { _, _, err := v.AssignLicensesAs(s, []LicenseUser{probeUser}, nil, by, now); return err }},
		{ActionAddAddOn, func() error { return v.CanAddAddOnTo(s) }},
	}
	out := make([]AllowedAction, len(actions))
	for i, a := range actions {
		out[i] = AllowedAction{Action: a.name, Allowed: true}
		if err := a.try(); err != nil {
			out[i].Allowed, out[i].Reason = false, ErrorCode(err)
		}
	}
	return out
}

// probeUser is the one new user AllowedActions tries to license: the action
// is allowed while a seat is free.
var probeUser = LicenseUser{ID: "allowed-actions-probe"}

// CanRefund says whether v's cancel of s now would credit it (docs/spec.md
// §4.4): allowed to cancel, Active, license-based, inside the refund window,
// with something charged this term.
func (v Viewer) CanRefund(s Subscription, now time.Time) error {
	if _, err := v.CancelAs(s, "caller", now, CancelReason{Code: "other"}); err != nil {
		return err
	}
	if s.Status != StatusActive || s.BillingType != BillingLicense || !s.InRefundWindow(now) || s.ChargedThisTerm.Amount <= 0 {
		return Errorf(CodeRefundWindowClosed, "the refund window closed")
	}
	return nil
}

// SetQuantityAs is the manager's SetQuantity (docs/spec.md §4.6).
func (v Viewer) SetQuantityAs(s Subscription, q int, now time.Time) (Subscription, []Order, error) {
	if err := v.CanManage(s); err != nil {
		return s, nil, err
	}
	if s.BillingType == BillingUsage {
		return s, nil, FieldErrorf("quantity", "a usage-based subscription has no seats to change")
	}
	return s.SetQuantity(q, now)
}

// SetAutoRenewAs is the manager's SetAutoRenew (docs/spec.md §4.4, §4.6);
// an add-on renews only while its base does (base nil: not judged).
func (v Viewer) SetAutoRenewAs(s Subscription, on bool, base *Subscription) (Subscription, error) {
	if err := v.CanManage(s); err != nil {
		return s, err
	}
	if on {
		if err := s.CanRenewWith(base); err != nil {
			return s, err
		}
	}
	return s.SetAutoRenew(on)
}

// SuspendAs is an admin's or agent's Suspend (docs/spec.md §4.5).
func (v Viewer) SuspendAs(s Subscription, now time.Time, reason string, retention time.Duration) (Subscription, error) {
	if err := v.CanSuspend(s); err != nil {
		return s, err
	}
	return s.Suspend(now, reason, retention)
}

// ReactivateAs is an admin's or agent's Reactivate (docs/spec.md §4.5); an
// add-on comes back only with an Active base (base nil: not judged).
func (v Viewer) ReactivateAs(s Subscription, now time.Time, base *Subscription) (Subscription, error) {
	if err := v.CanSuspend(s); err != nil {
		return s, err
	}
	if err := s.CanReactivateWith(base); err != nil {
		return s, err
	}
	return s.Reactivate(now)
}

// AssignLicensesAs is the manager's AssignLicenses (docs/spec.md §4.7).
func (v Viewer) AssignLicensesAs(s Subscription, requested []LicenseUser, assigned map[string]bool, by string, now time.Time) (Subscription, []License, error) {
	if err := v.CanManage(s); err != nil {
		return s, nil, err
	}
	return s.AssignLicenses(requested, assigned, by, now)
}

// UnassignLicenseAs is the manager's UnassignLicense (docs/spec.md §4.7).
func (v Viewer) UnassignLicenseAs(s Subscription) (Subscription, error) {
	if err := v.CanManage(s); err != nil {
		return s, err
	}
	return s.UnassignLicense()
}

// CanAddAddOnTo says whether v may buy an add-on of s (docs/spec.md §4.6).
func (v Viewer) CanAddAddOnTo(s Subscription) error {
	if err := v.CanManage(s); err != nil {
		return err
	}
	return s.CanHoldAddOns()
}

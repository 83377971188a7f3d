package domain

import "time"

// Viewer is what the reader of a subscription may do with it in general,
// decided by the role table and the "manager of it" rule of API.md.
type Viewer struct {
	// Manager: the purchaser before a take-over, the admins after it and for
	// central ones, the partner's AdminAgent/SalesAgent for partner ones.
	Manager bool
	// Admin: a GlobalAdmin or BillingAdmin of the tenant.
	Admin bool
	// Agent: an AdminAgent or SalesAgent of the tenant's partner.
	Agent bool
}

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
// baseStatus is the base's status for an add-on ("" otherwise).
func (s Subscription) AllowedActions(v Viewer, now time.Time, baseStatus Status) []AllowedAction {
	live := s.Status == StatusActive || s.Status == StatusTrial
	selfServiceForAdmin := !s.Managed() && v.Admin && !v.Manager
	manage := func(okStatus bool) Code {
		switch {
		case s.CustomerPurchase && !v.Agent:
			return CodePartnerActionRequired
		case selfServiceForAdmin:
			return CodeTakeoverRequired
		case !v.Manager:
			return CodeForbidden
		case !okStatus:
			return CodeInvalidStatus
		}
		return ""
	}
	admin := func(okStatus bool) Code { // suspend / reactivate: admins of central or taken-over ones, agents of partner ones
		partner := s.Channel == ChannelPartner
		switch {
		case s.CustomerPurchase && !v.Agent:
			return CodePartnerActionRequired
		case selfServiceForAdmin:
			return CodeTakeoverRequired
		case !(v.Manager && ((v.Admin && !partner) || (v.Agent && partner))):
			return CodeForbidden
		case !okStatus:
			return CodeInvalidStatus
		}
		return ""
	}
	cancel := manage(live)
	if selfServiceForAdmin && live {
		cancel = "" // an admin's cancel implies the take-over (SPEC §4.8)
	}
	refund := cancel
	if refund == "" && !(s.Status == StatusActive && s.BillingType == BillingLicense && s.InRefundWindow(now)) {
		refund = CodeRefundWindowClosed
	}
	takeOver := Code("")
	switch {
	case !v.Admin || s.Channel != ChannelSelfService:
		takeOver = CodeForbidden
	case !s.Status.Live():
		takeOver = CodeInvalidStatus
	}
	move := takeOver
	if move == "" && s.TakenOver == nil {
		move = CodeTakeoverRequired
	} else if move == "" && s.Status != StatusActive && s.Status != StatusTrial {
		move = CodeInvalidStatus
	}
	addOn := manage(true)
	if addOn == "" && (s.Status != StatusActive || s.IsAddOn()) {
		addOn = CodeBaseNotActive
	}
	reactivate := admin(s.Status == StatusSuspended && (s.DataDeletionAt == nil || now.Before(*s.DataDeletionAt)))
	if reactivate == "" && s.IsAddOn() && baseStatus != "" && baseStatus != StatusActive {
		reactivate = CodeBaseNotActive
	}
	autoRenew := manage(live)
	if autoRenew == "" && s.Status == StatusTrial && !s.HasPaymentMethod {
		autoRenew = CodePaymentMethodRequired
	}
	out := []AllowedAction{
		{Action: ActionCancel}, {Action: ActionRefund}, {Action: ActionChangeQuantity}, {Action: ActionSetAutoRenew},
		{Action: ActionSuspend}, {Action: ActionReactivate}, {Action: ActionTakeOver}, {Action: ActionMoveUsers},
		{Action: ActionAssignLicenses}, {Action: ActionAddAddOn},
	}
	reasons := []Code{cancel, refund, manage(live), autoRenew, admin(live), reactivate, takeOver, move, manage(live), addOn}
	for i := range out {
		out[i].Reason = reasons[i]
		out[i].Allowed = reasons[i] == ""
	}
	return out
}

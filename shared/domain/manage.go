package domain

import (
	"errors"
	"time"
)

// Caller is who asks, as the subscription rules see them: their user and
// tenant, and the roles they hold in the subscription's tenant.
type Caller struct {
	UserID   string
	TenantID string
	// User: a member of the tenant; Admin: its GlobalAdmin or BillingAdmin;
	// Agent: an AdminAgent or SalesAgent of its partner.
	User, Admin, Agent bool
}

// Viewer is what the reader of a subscription may do with it in general:
// the "manager of it" rule of docs/spec.md §16.
type Viewer struct {
	// Manager: the purchaser before a take-over, the admins after it and for
	// central ones, the partner's AdminAgent/SalesAgent for partner ones
	// (admins too, except for a customer's own reservation purchase).
	Manager bool
	// Admin: a GlobalAdmin or BillingAdmin of the tenant.
	Admin bool
	// Agent: an AdminAgent or SalesAgent of the subscription's partner.
	Agent bool
}

// ViewerOf applies the "manager of it" rule (docs/spec.md §16) to c and s.
func ViewerOf(c Caller, s Subscription) Viewer {
	// Agents act on the partner subscriptions of their own partner only.
	v := Viewer{Admin: c.Admin, Agent: c.Agent && s.Channel == ChannelPartner && s.PartnerID == c.TenantID}
	switch {
	case s.CustomerPurchase: // managed by the partner only (docs/spec.md §5)
		v.Manager = v.Agent
	case !s.Managed(): // a self-service purchase before its take-over
		v.Manager = c.User && s.Purchaser.UserID == c.UserID
	case s.Channel == ChannelPartner:
		v.Manager = v.Agent || v.Admin
	default:
		v.Manager = v.Admin
	}
	return v
}

// PartnerOnly refuses a change of a customer's own reservation purchase by
// anyone but its partner's agents (docs/spec.md §5: the partner cancels,
// exchanges and renews it).
func (v Viewer) PartnerOnly(s Subscription) error {
	if s.CustomerPurchase && !v.Agent {
		return Errorf(CodePartnerActionRequired, "this reservation is managed by your partner; ask them to change it")
	}
	return nil
}

// CanManage refuses a change by someone who is not the subscription's
// manager (docs/spec.md §1, §4.8, §16): an admin must take a self-service
// subscription over first.
// Returns CodePartnerActionRequired, CodeTakeoverRequired, CodeForbidden.
func (v Viewer) CanManage(s Subscription) error {
	if err := v.PartnerOnly(s); err != nil {
		return err
	}
	switch {
	case v.Manager:
		return nil
	case !s.Managed() && v.Admin:
		return Errorf(CodeTakeoverRequired, "take over this self-service subscription before managing it")
	}
	return Errorf(CodeForbidden, "only the subscription's manager may change it")
}

// CanSuspend: suspend and reactivate are for the managing admins of
// central and taken-over subscriptions and the partner's agents of
// partner ones (docs/spec.md §1, §4.5).
func (v Viewer) CanSuspend(s Subscription) error {
	if err := v.CanManage(s); err != nil {
		return err
	}
	partner := s.Channel == ChannelPartner
	if !(v.Admin && !partner) && !(v.Agent && partner) {
		return Errorf(CodeForbidden, "only admins and the partner's agents suspend or reactivate")
	}
	return nil
}

// AdminCancels reports whether v's cancel of s is an admin's cancel of a
// self-service subscription, which implies its take-over and takes effect
// at once (docs/spec.md §4.8).
func (v Viewer) AdminCancels(s Subscription) bool {
	return v.Admin && s.Channel == ChannelSelfService
}

// Cancellation is what a cancel did.
type Cancellation struct {
	After   Subscription
	Orders  []Order
	Quote   CancellationQuote
	Changed bool
}

// CancelAs is v's cancel of s for reason at now (docs/spec.md §4.4, §4.8):
// the manager cancels; an admin's cancel of a self-service subscription
// takes it over first (by is the admin) and is immediate.
func (v Viewer) CancelAs(s Subscription, by string, now time.Time, reason CancelReason) (Cancellation, error) {
	adminTakesOver := !v.Manager && v.AdminCancels(s) && !s.Managed()
	if _, err := NewCancelReason(reason.Code, reason.Text); err != nil {
		return Cancellation{After: s}, err
	}
	if !adminTakesOver {
		if err := v.CanManage(s); err != nil {
			return Cancellation{After: s}, err
		}
	}
	taken := s
	if adminTakesOver {
		var err error
		if taken, _, err = s.TakeOverBy(by, now); err != nil {
			return Cancellation{After: s}, err
		}
	}
	after, orders, q, changed, err := taken.Cancel(now, reason.String(), v.AdminCancels(s))
	if err != nil {
		return Cancellation{After: s}, err
	}
	if changed {
		after.CancellationReasonCode = reason.Code
	}
	return Cancellation{After: after, Orders: orders, Quote: q, Changed: changed || adminTakesOver}, nil
}

// TakeOverAs is v's take-over of s (docs/spec.md §4.8): admins only.
// Returns CodeForbidden and TakeOverBy's codes.
func (v Viewer) TakeOverAs(s Subscription, by string, now time.Time) (Subscription, bool, error) {
	if !v.Admin {
		return s, false, Errorf(CodeForbidden, "only GlobalAdmin or BillingAdmin take over subscriptions")
	}
	return s.TakeOverBy(by, now)
}

// CanMoveUsersFrom says whether v may move the users of source elsewhere
// (docs/spec.md §4.8, §15): an admin, while it is Trial, Active or
// PastDue — or Suspended with its users being moved (suspended for
// nonPayment mid-move), to finish that move only; a self-service source
// not taken over yet is taken over by the move, as by an admin's cancel
// (MovesTakeOver).
// Returns CodeForbidden, CodePartnerActionRequired, CodeInvalidStatus.
func (v Viewer) CanMoveUsersFrom(source Subscription) error {
	if !v.Admin {
		return Errorf(CodeForbidden, "only GlobalAdmin or BillingAdmin move users")
	}
	if !v.MovesTakeOver(source) {
		if err := v.CanManage(source); err != nil {
			return err
		}
	}
	resumable := source.Status == StatusSuspended && source.MovingTo != ""
	if source.Status != StatusActive && source.Status != StatusTrial && source.Status != StatusPastDue && !resumable {
		return Errorf(CodeInvalidStatus, "a %s subscription's users can't be moved", source.Status)
	}
	return nil
}

// MovesTakeOver reports whether v's move of source's users takes a
// self-service subscription over (docs/spec.md §15).
func (v Viewer) MovesTakeOver(source Subscription) bool {
	return v.Admin && !v.Manager && !source.Managed()
}

// CanHoldAddOns refuses add-ons on s unless it is an Active base
// (docs/spec.md §4.6). Returns CodeNotAnAddonOfBase, CodeBaseNotActive.
func (s Subscription) CanHoldAddOns() error {
	if s.IsAddOn() {
		return Errorf(CodeNotAnAddonOfBase, "%s is itself an add-on; buy add-ons through its base %s", s.ID, s.BaseSubscriptionID)
	}
	if s.Status != StatusActive {
		return Errorf(CodeBaseNotActive, "the base subscription is %s; add-ons need an Active base", s.Status)
	}
	return nil
}

// CanReactivateWith refuses reactivating add-on s while its base is not
// Active (docs/spec.md §4.6); base is nil for a base subscription.
func (s Subscription) CanReactivateWith(base *Subscription) error {
	if s.IsAddOn() && base != nil && base.Status != StatusActive {
		return Errorf(CodeBaseNotActive, "reactivate the base subscription first")
	}
	return nil
}

// CanRenewWith refuses turning renewal on for add-on s while its base
// doesn't renew (docs/spec.md §4.6: add-ons renew with their base); base
// is nil for a base subscription.
func (s Subscription) CanRenewWith(base *Subscription) error {
	if s.IsAddOn() && base != nil && (base.CancelAtTermEnd || !base.AutoRenew) {
		return Errorf(CodeInvalidStatus, "its base doesn't renew, so an add-on can't: it ends with its base")
	}
	return nil
}

// Cascade applies op to s and, when s is a base, to each of its live
// add-ons, as suspend, reactivate and take-over do (docs/spec.md §4.6: add-ons
// follow their base). All or nothing: an add-on that refuses refuses the
// change. It returns the members op changed, s first; op's changed false
// means a member already is as asked.
func Cascade(s Subscription, addOns []Subscription, op func(Subscription) (Subscription, bool, error)) ([]Subscription, error) {
	after, changed, err := op(s)
	if err != nil || !changed {
		return nil, err
	}
	out := []Subscription{after}
	if s.IsAddOn() {
		return out, nil
	}
	for _, a := range addOns {
		if !a.Status.Live() {
			continue
		}
		aAfter, aChanged, err := op(a)
		if err != nil {
			return nil, Errorf(ErrorCode(err), "add-on %s: %s", a.ID, errorDetail(err))
		}
		if aChanged {
			out = append(out, aAfter)
		}
	}
	return out, nil
}

// errorDetail is err's detail for a caller.
func errorDetail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return "it can't follow its base"
}

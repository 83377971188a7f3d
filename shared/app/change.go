package app

import (
	"context"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// SubscriptionView is a subscription as its reader sees it: with what the
// reader may do now and what cancelling would do.
type SubscriptionView struct {
	domain.Subscription
	AllowedActions    []domain.AllowedAction    `json:"allowedActions"`
	CancellationQuote *domain.CancellationQuote `json:"cancellationQuote,omitempty"`
}

// viewOf is s of family f as c sees it at now.
func viewOf(c Caller, s domain.Subscription, f store.Family, now time.Time) SubscriptionView {
	var base *domain.Subscription
	if s.IsAddOn() {
		base = &f.Base
	}
	v := c.viewer(s)
	out := SubscriptionView{Subscription: s, AllowedActions: s.AllowedActions(v, now, base)}
	if s.Status == domain.StatusActive || s.Status == domain.StatusTrial || s.Status == domain.StatusPastDue {
		q := s.Quote(now, v.AdminCancels(s))
		out.CancellationQuote = &q
	}
	return out
}

// change is one decision on a subscription family: what the caller asked
// about (subject), the recorder of what changes, and how to answer.
type change struct {
	*recorder
	c       Caller
	subject domain.Subscription
	now     time.Time
	// status, location and answer shape the reply; by default 200 with the
	// view of the subject as it ends up (answerID names another member).
	status   int
	location string
	answerID string
	answer   func(view SubscriptionView) any
}

// viewer is what the caller may do with the subject.
func (ch *change) viewer() domain.Viewer { return ch.c.viewer(ch.subject) }

// base is the family's base as it stands now, for an add-on subject (nil
// for a base).
func (ch *change) base() *domain.Subscription {
	if !ch.subject.IsAddOn() {
		return nil
	}
	b := ch.f.Base
	return &b
}

// cascade applies op to the subject and, for a base, to its live add-ons
// (domain.Cascade: all or nothing); each changed member gets an event of
// typ.
func (ch *change) cascade(typ string, op func(domain.Subscription) (domain.Subscription, bool, error)) error {
	return ch.recorder.cascade(ch.subject, typ, nil, op)
}

// change runs decide on the family of ref's subscription for req's caller
// as op, commits what it recorded with the answer kept under the request's
// Idempotency-Key, and answers. The store reruns it when it loses a race.
func (a *App) change(ctx context.Context, req Request, ref SubscriptionRef, op access.Operation, decide func(*change) error) (Reply, error) {
	now := a.Now()
	c, err := a.callerIn(ctx, req.Principal, ref.TenantID)
	if err != nil {
		return Reply{}, err
	}
	var reply Reply
	err = a.Store.UpdateFamily(ctx, ref.TenantID, ref.ID, func(f *store.Family) (store.Effects, error) {
		s, _ := f.Get(ref.ID)
		if err := c.mayTouch(s, op); err != nil {
			return store.Effects{}, err
		}
		if err := checkIfMatch(ref.IfMatch, s); err != nil {
			return store.Effects{}, err
		}
		ch := &change{recorder: newRecorder(f, domain.ActorOf(req.Principal), now, string(op), req.Key), c: c, subject: s, now: now, status: statusOK}
		if err := decide(ch); err != nil {
			return store.Effects{}, err
		}
		// A charge the change brings (a proration, an add-on) is paid from
		// the family's payment method before it commits; declined, nothing
		// changes (docs/spec.md §10).
		if pay, charged, err := a.payRecorded(ctx, ch.recorder, f.Base.PaymentMethodID, ""); err != nil {
			return store.Effects{}, err
		} else if charged && pay.Status != payments.ChargeSucceeded {
			return store.Effects{}, declined(pay)
		}
		fx := ch.fx
		fx.Idempotency = req.Key.record(Reply{})
		fx.Finish = func() error {
			id := ch.answerID
			if id == "" {
				id = s.ID
			}
			after, _ := f.Get(id)
			var body any = viewOf(c, after, *f, now)
			if ch.answer != nil {
				body = ch.answer(body.(SubscriptionView))
			}
			var err error
			if reply, err = jsonReply(ch.status, body); err != nil {
				return err
			}
			reply.ETag, reply.Location = ETag(after), ch.location
			if fx.Idempotency != nil {
				*fx.Idempotency = *req.Key.record(reply)
			}
			return nil
		}
		return fx, nil
	})
	if err != nil {
		return a.refusal(ctx, err, req.Key)
	}
	return reply, nil
}

package app

import (
	"fmt"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// recorder collects what one change does to a subscription family — the
// members it changes, their orders, events and activity records — for the
// API and the sweeps alike.
type recorder struct {
	f     *store.Family
	read  map[string]domain.Subscription
	actor domain.Actor
	at    time.Time
	op    string
	fx    store.Effects
	// requestKey is the request's Idempotency-Key hash ("" for none, and
	// for the sweeps): the ids of the orders it records derive from it.
	requestKey string
}

func newRecorder(f *store.Family, actor domain.Actor, at time.Time, op string, key *Key) *recorder {
	r := &recorder{f: f, read: map[string]domain.Subscription{f.Base.ID: f.Base}, actor: actor, at: at, op: op, fx: store.Effects{At: at}}
	for _, a := range f.AddOns {
		r.read[a.ID] = a
	}
	if key != nil {
		r.requestKey = key.Hash
	}
	return r
}

// record notes that a member became after (a new add-on when it has no
// member yet), with its orders and an event of typ ("" for none) carrying
// extra data; after takes its place in the family.
func (r *recorder) record(after domain.Subscription, orders []domain.Order, typ string, extra map[string]any) domain.Subscription {
	before, b, a := r.read[after.ID], map[string]any(nil), map[string]any(nil)
	if typ != "" {
		ev := domain.NewSubscriptionEvent(ids.New("evt", r.at), typ, &after, r.at, extra)
		ev.Farewell = domain.MailFarewell(typ, before)
		r.fx.Events = append(r.fx.Events, ev)
	}
	if before.ID == "" { // created
		_, a = changedFields(domain.Subscription{}, after)
		a["productId"], a["channel"], a["billingFrequency"] = after.ProductID, after.Channel, after.BillingFrequency
		if after.IsAddOn() {
			a["baseSubscriptionId"] = after.BaseSubscriptionID
		}
	} else {
		b, a = changedFields(before, after)
	}
	act := newActivity(r.actor, r.at, after.TenantID, access.Operation(r.op), "subscription", after.ID, b, a)
	if r.fx.Activity == nil {
		r.fx.Activity = act
	} else {
		r.fx.Activities = append(r.fx.Activities, act)
	}
	for _, o := range orders {
		// Order ids are fixed by what decides them — the request (its key)
		// or the member, on the version decided on — so the same decision
		// made again (a request retried after a crash, a sweep's next run)
		// finds its charge again, and a decision on a newer version is a
		// new one.
		by := after.ID // a new member's id is new each time: the request's key fixes it
		if r.requestKey != "" {
			by = r.requestKey
		}
		o.ID = ids.Derive("ord", fmt.Sprintf("%s#%d#%s#%d", by, before.Version, r.op, len(r.fx.Orders)))
		r.fx.Orders = append(r.fx.Orders, o)
		after = after.RefundFor(o)
	}
	r.f.Put(after)
	return after
}

// cascade applies op to s and, for a base, to its live add-ons
// (domain.Cascade: all or nothing); each changed member gets an event of
// typ with extra.
func (r *recorder) cascade(s domain.Subscription, typ string, extra map[string]any, op func(domain.Subscription) (domain.Subscription, bool, error)) error {
	changed, err := domain.Cascade(s, r.f.AddOns, op)
	for _, after := range changed {
		r.record(after, nil, typ, extra)
	}
	return err
}

// event notes an event of typ about s without another activity record
// (a second event of one change).
func (r *recorder) event(s domain.Subscription, typ string, extra map[string]any) domain.Subscription {
	r.fx.Events = append(r.fx.Events, domain.NewSubscriptionEvent(ids.New("evt", r.at), typ, &s, r.at, extra))
	r.f.Put(s)
	return s
}

// changedFields returns before/after maps of the subscription fields that
// differ, for the activity log.
func changedFields(before, after domain.Subscription) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	add := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			b[name], a[name] = x, y
		}
	}
	add("status", before.Status, after.Status)
	add("quantity", before.Quantity, after.Quantity)
	add("autoRenew", before.AutoRenew, after.AutoRenew)
	add("cancelAtTermEnd", before.CancelAtTermEnd, after.CancelAtTermEnd)
	add("cancellationReason", before.CancellationReason, after.CancellationReason)
	add("cancellationReasonCode", before.CancellationReasonCode, after.CancellationReasonCode)
	add("suspensionReason", before.SuspensionReason, after.SuspensionReason)
	add("takenOver", before.TakenOver != nil, after.TakenOver != nil)
	add("assignedLicenses", before.AssignedLicenses, after.AssignedLicenses)
	add("reservedLicenses", before.ReservedLicenses, after.ReservedLicenses)
	add("movingTo", before.MovingTo, after.MovingTo)
	add("termEnd", before.TermEnd.UTC(), after.TermEnd.UTC())
	if len(a) == 0 {
		return nil, nil
	}
	return b, a
}

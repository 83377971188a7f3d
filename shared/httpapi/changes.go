package httpapi

import (
	"net/http"
	"strings"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// familyChange collects what one request does to a subscription family:
// changed subscriptions, their orders, events and activity records.
type familyChange struct {
	p       domain.Principal
	now     time.Time
	op      access.Operation
	before  map[string]domain.Subscription
	changes []store.Change
	orders  []domain.Order
	events  []domain.Event
	acts    []*domain.Activity
}

func newFamilyChange(p domain.Principal, now time.Time, op access.Operation, f store.Family) *familyChange {
	fc := &familyChange{p: p, now: now, op: op, before: map[string]domain.Subscription{f.Base.ID: f.Base}}
	for _, a := range f.AddOns {
		fc.before[a.ID] = a
	}
	return fc
}

// record notes that s became after, with its orders and an event of typ
// ("" for none) carrying extra data.
func (fc *familyChange) record(after domain.Subscription, orders []domain.Order, typ string, extra map[string]any) domain.Subscription {
	before := fc.before[after.ID]
	if typ != "" {
		fc.events = append(fc.events, subscriptionEvent(typ, &after, fc.now, extra))
	}
	b, a := changedFields(before, after)
	fc.acts = append(fc.acts, newActivity(fc.p, fc.now, after.TenantID, fc.op, "subscription", after.ID, b, a))
	fc.orders = append(fc.orders, numberOrders(orders, fc.now)...)
	fc.changes = append(fc.changes, store.Change{After: after, BeforeVersion: before.Version})
	after.Version = before.Version + 1
	return after
}

// commit writes the change with idem in one transaction and answers status
// with view, or replays the first answer of the same Idempotency-Key.
func (a *API) commitFamily(w http.ResponseWriter, r *http.Request, fc *familyChange, status int, view any, idem *store.Idempotency) error {
	if len(fc.changes) == 0 && idem == nil {
		return writeJSON(w, status, view)
	}
	return commitAndWrite(w, status, view, idem, func(idem *store.Idempotency) error {
		fx := store.Effects{Events: fc.events, Idempotency: idem}
		if len(fc.acts) > 0 {
			fx.Activity = fc.acts[0]
		}
		return a.Store.SaveChanges(r.Context(), fc.withBaseGuard(), fc.orders, fc.acts[min(1, len(fc.acts)):], fc.now, fx)
	})
}

// withBaseGuard returns the changes plus, when only add-ons change, a check
// that their base is still as read: a decision that depended on the base
// (its status, its renewal) can't commit after the base changed.
func (fc *familyChange) withBaseGuard() []store.Change {
	if len(fc.changes) == 0 {
		return nil
	}
	for id, s := range fc.before {
		if s.IsAddOn() {
			continue
		}
		for _, c := range fc.changes {
			if c.After.ID == id {
				return fc.changes
			}
		}
		return append(fc.changes, store.Change{After: s, BeforeVersion: s.Version, GuardOnly: true})
	}
	return fc.changes
}

// liveAddOns are the add-ons of f that are not Deleted or Expired.
func liveAddOns(f store.Family) []domain.Subscription {
	var out []domain.Subscription
	for _, a := range f.AddOns {
		if a.Status.Live() {
			out = append(out, a)
		}
	}
	return out
}

// changeRequest is the common start of every change: the subscription,
// authorization, the body and the Idempotency-Key. An error after the read
// first looks for a stored outcome of the same key, so a replay never
// becomes a refusal.
func (a *API) changeRequest(r *http.Request, p domain.Principal, op access.Operation, into any) (caller, store.Family, domain.Subscription, *store.Idempotency, error) {
	idem, err := bodyRequest(r, p, into)
	if err != nil {
		return caller{}, store.Family{}, domain.Subscription{}, nil, err
	}
	c, f, s, err := a.subscriptionFor(r, p, op)
	if err != nil {
		return c, f, s, idem, err
	}
	if m := strings.Join(r.Header.Values("If-Match"), ","); m != "" && !etagMatches(m, etag(s)) {
		return c, f, s, idem, domain.Errorf(domain.CodePreconditionFailed, "the subscription changed (ETag %s); read it again", etag(s))
	}
	return c, f, s, idem, nil
}

// bodyRequest reads a change's query (none), body (decoded strictly into
// into; nil: no body, or "{}") and Idempotency-Key.
func bodyRequest(r *http.Request, p domain.Principal, into any) (*store.Idempotency, error) {
	if err := checkQuery(r, nil); err != nil {
		return nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	trimmed := strings.TrimSpace(string(body))
	switch {
	case into != nil && trimmed == "null":
		return nil, domain.Errorf(domain.CodeInvalidRequest, "a JSON object is required")
	case into != nil:
		if err := decodeStrict(body, into); err != nil {
			return nil, err
		}
	case trimmed != "" && trimmed != "{}":
		return nil, domain.Errorf(domain.CodeInvalidRequest, "this request takes no body")
	}
	return idempotency(r, p, body, false)
}

// etagMatches reports whether an If-Match list names tag (or is "*").
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		if t = strings.TrimSpace(t); t == "*" || t == tag {
			return true
		}
	}
	return false
}

// refusal answers err, unless the request's Idempotency-Key already has an
// outcome, which is replayed instead.
func (a *API) refusal(w http.ResponseWriter, r *http.Request, err error, idem *store.Idempotency) error {
	if idem == nil || domain.ErrorCode(err) == domain.CodeInternal {
		return err
	}
	if rec, ok, gerr := a.Store.GetIdempotency(r.Context(), idem.Hash, a.Now()); gerr == nil && ok {
		return replayOr(w, &store.ReplayError{Record: rec}, idem)
	}
	return err
}

type updateBody struct {
	Quantity  *int  `json:"quantity"`
	AutoRenew *bool `json:"autoRenew"`
}

func updateSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	var in updateBody
	c, f, s, idem, err := a.changeRequest(r, p, "UpdateSubscription", &in)
	if err == nil && in.Quantity == nil && in.AutoRenew == nil {
		err = domain.Errorf(domain.CodeInvalidRequest, "give quantity, autoRenew or both")
	}
	if err == nil {
		err = mustManage(c, s)
	}
	if err == nil && in.Quantity != nil && s.BillingType == domain.BillingUsage {
		err = domain.Errorf(domain.CodeInvalidRequest, "a usage-based subscription has no seats to change")
	}
	if err == nil && in.AutoRenew != nil && *in.AutoRenew && s.IsAddOn() && (f.Base.CancelAtTermEnd || !f.Base.AutoRenew) {
		err = domain.Errorf(domain.CodeInvalidStatus, "its base doesn't renew, so an add-on can't: it ends with its base")
	}
	after, orders := s, []domain.Order(nil)
	if err == nil && in.Quantity != nil {
		after, orders, err = after.SetQuantity(*in.Quantity, now)
	}
	if err == nil && in.AutoRenew != nil {
		after, err = after.SetAutoRenew(*in.AutoRenew)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	if b, _ := changedFields(s, after); b == nil && len(orders) == 0 && idem == nil { // nothing to change
		w.Header().Set("ETag", etag(s))
		return writeJSON(w, http.StatusOK, viewSubscription(s, c.viewer(s), now, f))
	}
	fc := newFamilyChange(p, now, "UpdateSubscription", f)
	after = fc.record(after, orders, domain.EventSubscriptionUpdated, nil)
	if in.AutoRenew != nil && !after.IsAddOn() { // add-ons renew with their base
		for _, ao := range liveAddOns(f) {
			if aAfter, changed := ao.FollowBaseAutoRenew(after.AutoRenew); changed {
				fc.record(aAfter, nil, domain.EventSubscriptionUpdated, nil)
			}
		}
	}
	f = replaced(f, after)
	w.Header().Set("ETag", etag(after))
	return a.commitFamily(w, r, fc, http.StatusOK, viewSubscription(after, c.viewer(after), now, f), idem)
}

type reasonBody struct {
	Reason string `json:"reason"`
}

func cancelSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	var in reasonBody
	c, f, s, idem, err := a.changeRequest(r, p, "CancelSubscription", &in)
	if err == nil {
		err = domain.CheckReason(in.Reason)
	}
	v := c.viewer(s)
	// An admin's cancel of a self-service subscription implies the take-over
	// and is immediate (SPEC §4.8).
	adminCancel := err == nil && !v.Manager && v.Admin && s.Channel == domain.ChannelSelfService && s.TakenOver == nil
	if err == nil && !adminCancel {
		err = mustManage(c, s)
	}
	var after domain.Subscription
	var orders []domain.Order
	var q domain.CancellationQuote
	var changed bool
	if err == nil {
		if adminCancel {
			s, _, _ = s.TakeOverBy(p.UserID, now)
		}
		after, orders, q, changed, err = s.Cancel(now, in.Reason, adminCancels(v, s))
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	fc := newFamilyChange(p, now, "CancelSubscription", f)
	status := http.StatusOK
	if q.Effect == domain.EffectTermEnd {
		status = http.StatusAccepted
	}
	if changed || adminCancel {
		typ := domain.EventSubscriptionCancelled
		if q.Effect == domain.EffectTermEnd {
			typ = domain.EventCancellationScheduled
		}
		extra := map[string]any{"reason": in.Reason, "effect": q.Effect, "credit": q.Credit}
		after = fc.record(after, orders, typ, extra)
		if !after.IsAddOn() {
			for _, ao := range liveAddOns(f) {
				aAfter, aOrders, aChanged := ao.FollowBaseCancel(q.Effect, now, in.Reason)
				if !aChanged {
					continue
				}
				if adminCancel {
					aAfter.TakenOver = after.TakenOver
				}
				credit := domain.Money{Currency: ao.UnitPrice.Currency}
				for _, o := range aOrders {
					credit = credit.Plus(o.Amount)
				}
				fc.record(aAfter, aOrders, typ, map[string]any{"reason": in.Reason, "effect": q.Effect, "credit": credit})
			}
		}
	}
	f = replaced(f, after)
	w.Header().Set("ETag", etag(after))
	view := struct {
		subscriptionView
		Effect domain.CancelEffect `json:"effect"`
		Credit domain.Money        `json:"credit"`
	}{viewSubscription(after, c.viewer(after), now, f), q.Effect, q.Credit}
	return a.commitFamily(w, r, fc, status, view, idem)
}

// cascadeOp changes one subscription; changed is false when it already is
// as asked.
type cascadeOp func(domain.Subscription) (after domain.Subscription, changed bool, err error)

// cascade applies op to s and, for a base, to its live add-ons; each
// changed member gets event typ. Nothing changed and no Idempotency-Key:
// answers the subscription as it is without writing.
func (a *API) cascade(w http.ResponseWriter, r *http.Request, p domain.Principal, name access.Operation, typ string,
	c caller, f store.Family, s domain.Subscription, idem *store.Idempotency, op cascadeOp) error {
	now := a.Now()
	after, changed, err := op(s)
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	if !changed && idem == nil {
		w.Header().Set("ETag", etag(s))
		return writeJSON(w, http.StatusOK, viewSubscription(s, c.viewer(s), now, f))
	}
	fc := newFamilyChange(p, now, name, f)
	if changed {
		after = fc.record(after, nil, typ, nil)
		if !after.IsAddOn() {
			for _, ao := range liveAddOns(f) {
				if aAfter, aChanged, aerr := op(ao); aerr == nil && aChanged {
					fc.record(aAfter, nil, typ, nil)
				}
			}
		}
	}
	f = replaced(f, after)
	w.Header().Set("ETag", etag(after))
	return a.commitFamily(w, r, fc, http.StatusOK, viewSubscription(after, c.viewer(after), now, f), idem)
}

// mustSuspend: admins of central or taken-over ones, agents of partner ones.
func mustSuspend(c caller, s domain.Subscription) error {
	if err := mustManage(c, s); err != nil {
		return err
	}
	if v := c.viewer(s); !v.Admin && !v.Agent {
		return domain.Errorf(domain.CodeForbidden, "only admins and the partner's agents suspend or reactivate")
	}
	return nil
}

func suspendSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	var in reasonBody
	c, f, s, idem, err := a.changeRequest(r, p, "SuspendSubscription", &in)
	if err == nil {
		err = domain.CheckSuspensionReason(in.Reason)
	}
	if err == nil {
		err = mustSuspend(c, s)
	}
	var t domain.Tenant
	if err == nil {
		t, err = a.Store.GetTenant(r.Context(), s.TenantID) // retention comes from the tenant's dates
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	now := a.Now()
	return a.cascade(w, r, p, "SuspendSubscription", domain.EventSubscriptionSuspended, c, f, s, idem,
		func(x domain.Subscription) (domain.Subscription, bool, error) {
			if x.Status == domain.StatusSuspended {
				return x, false, nil
			}
			after, err := x.Suspend(now, in.Reason, domain.Retention(t))
			return after, err == nil, err
		})
}

func reactivateSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	c, f, s, idem, err := a.changeRequest(r, p, "ReactivateSubscription", nil)
	if err == nil {
		err = mustSuspend(c, s)
	}
	if err == nil && s.IsAddOn() && f.Base.Status != domain.StatusActive {
		err = domain.Errorf(domain.CodeBaseNotActive, "reactivate the base subscription first")
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	now := a.Now()
	return a.cascade(w, r, p, "ReactivateSubscription", domain.EventSubscriptionReactivated, c, f, s, idem,
		func(x domain.Subscription) (domain.Subscription, bool, error) {
			if x.Status == domain.StatusActive && x.ID != s.ID {
				return x, false, nil
			}
			after, err := x.Reactivate(now)
			return after, err == nil, err
		})
}

func takeOverSubscription(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	c, f, s, idem, err := a.changeRequest(r, p, "TakeOverSubscription", nil)
	if err == nil && !c.isAdmin() {
		err = domain.Errorf(domain.CodeForbidden, "only GlobalAdmin or BillingAdmin take over subscriptions")
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	now := a.Now()
	return a.cascade(w, r, p, "TakeOverSubscription", domain.EventSubscriptionTakenOver, c, f, s, idem,
		func(x domain.Subscription) (domain.Subscription, bool, error) { return x.TakeOverBy(p.UserID, now) })
}

type addOnBody struct {
	ProductID string `json:"productId"`
	Quantity  *int   `json:"quantity"`
}

func createAddOn(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	var in addOnBody
	c, f, base, idem, err := a.changeRequest(r, p, "CreateAddOn", &in)
	if err == nil && idem == nil {
		err = domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required")
	}
	if err == nil {
		err = mustManage(c, base)
	}
	if err == nil && base.IsAddOn() {
		err = domain.Errorf(domain.CodeNotAnAddonOfBase, "%s is itself an add-on; buy add-ons through its base %s", base.ID, base.BaseSubscriptionID)
	}
	var product domain.Product
	if err == nil {
		if err = domain.CheckID("productId", in.ProductID); err == nil {
			product, err = a.Catalog.Get(in.ProductID)
		}
	}
	qty := 1
	if in.Quantity != nil {
		qty = *in.Quantity
	}
	var addOn domain.Subscription
	var orders []domain.Order
	if err == nil {
		addOn, orders, err = domain.NewAddOn(base.ID+"_"+strings.TrimPrefix(ids.New("x", now), "x_"), base, product, qty, len(liveAddOns(f)), now)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	orders = numberOrders(orders, now)
	event := subscriptionEvent(domain.EventSubscriptionCreated, &addOn, now, nil)
	f.AddOns = append(f.AddOns, addOn)
	location := "/v1/tenants/" + base.TenantID + "/subscriptions/" + addOn.ID
	idem.Location = location
	w.Header().Set("Location", location)
	w.Header().Set("ETag", etag(addOn))
	_, after := changedFields(domain.Subscription{}, addOn)
	after["productId"], after["baseSubscriptionId"] = addOn.ProductID, base.ID
	return commitAndWrite(w, http.StatusCreated, viewSubscription(addOn, c.viewer(addOn), now, f), idem, func(idem *store.Idempotency) error {
		return a.Store.CreateAddOn(r.Context(), addOn, base, orders, now, store.Effects{
			Activity:    newActivity(p, now, base.TenantID, "CreateAddOn", "subscription", addOn.ID, nil, after),
			Events:      []domain.Event{event},
			Idempotency: idem,
		})
	})
}

// replaced returns f with after in place of the member with its id.
func replaced(f store.Family, after domain.Subscription) store.Family {
	if f.Base.ID == after.ID {
		f.Base = after
		return f
	}
	addOns := make([]domain.Subscription, len(f.AddOns))
	for i, x := range f.AddOns {
		if x.ID == after.ID {
			x = after
		}
		addOns[i] = x
	}
	f.AddOns = addOns
	return f
}

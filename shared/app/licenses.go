package app

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// AssignLicensesResult is AssignLicenses' answer: who got a license now,
// who had one already.
type AssignLicensesResult struct {
	Subscription SubscriptionView `json:"subscription"`
	Assigned     []string         `json:"assigned"`
	Unchanged    []string         `json:"unchanged"`
}

// AssignLicenses licenses users on ref (docs/spec.md §4.7): the manager
// only; users who hold one already are left as they are.
func (a *App) AssignLicenses(ctx context.Context, req Request, ref SubscriptionRef, users []domain.LicenseUser) (Reply, error) {
	if err := domain.CheckLicenseUsers(users, domain.MaxUsersPerAssignment); err != nil {
		return Reply{}, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return a.change(ctx, req, ref, "AssignLicenses", func(ch *change) error {
		v := ch.viewer()
		if err := v.CanManage(ch.subject); err != nil {
			return err
		}
		assigned, err := a.Store.AssignedAmong(ctx, ref.TenantID, ref.ID, ids)
		if err != nil {
			return err
		}
		after, licenses, err := v.AssignLicensesAs(ch.subject, users, assigned, req.Principal.UserID, ch.now)
		if err != nil {
			return err
		}
		res := AssignLicensesResult{Assigned: []string{}, Unchanged: []string{}}
		for _, l := range licenses {
			res.Assigned = append(res.Assigned, l.UserID)
		}
		for _, u := range users {
			if assigned[u.ID] {
				res.Unchanged = append(res.Unchanged, u.ID)
			}
		}
		ch.answer = func(v SubscriptionView) any { res.Subscription = v; return res }
		if len(licenses) > 0 {
			ch.record(after, nil, domain.EventLicensesChanged, map[string]any{"added": res.Assigned, "removed": []string{}})
			ch.fx.AddLicenses = licenses
		}
		return nil
	})
}

// BulkAssignResult is AssignLicensesBulk's answer: how many users the
// request named, how many it licensed, how many held a license already.
type BulkAssignResult struct {
	Subscription SubscriptionView `json:"subscription"`
	Requested    int              `json:"requested"`
	Assigned     int              `json:"assigned"`
	Unchanged    int              `json:"unchanged"`
}

// AssignLicensesBulk licenses up to 10,000 users on ref (docs/spec.md
// §4.7) in steps. A seat for every new user is reserved first (else 409
// insufficient_licenses and nothing changes); users are then licensed
// store.AssignChunk per transaction, each step with its activity record
// and licenses.changed event; a retry with the same Idempotency-Key
// resumes an interrupted request where it stopped and answers as an
// uninterrupted one would have.
func (a *App) AssignLicensesBulk(ctx context.Context, req Request, ref SubscriptionRef, users []domain.LicenseUser) (Reply, error) {
	if req.Key == nil {
		return Reply{}, domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required: a retry with it resumes an interrupted assignment")
	}
	if err := domain.CheckLicenseUsers(users, domain.MaxUsersPerBulkAssignment); err != nil {
		return Reply{}, err
	}
	var reply Reply
	err := store.Retry(ctx, func() (err error) {
		reply, err = a.bulkAssignOnce(ctx, req, ref, users)
		return err
	})
	if err != nil {
		return a.refusal(ctx, err, req.Key)
	}
	return reply, nil
}

// assigner is one run of a bulk assignment: what it read and where it
// stands.
type assigner struct {
	a        *App
	req      Request
	c        Caller
	f        store.Family
	s        domain.Subscription // as last written
	p        store.Progress
	now      time.Time
	assigned map[string]bool // users holding a license when the run began
}

// bulkAssignOnce runs a bulk assignment from its reads: replays its
// answer, or reserves (unless started), licenses the users still without
// one chunk after chunk, and finishes.
func (a *App) bulkAssignOnce(ctx context.Context, req Request, ref SubscriptionRef, users []domain.LicenseUser) (Reply, error) {
	r := &assigner{a: a, req: req, now: a.Now()}
	var err error
	if r.c, r.f, r.s, err = a.familyFor(ctx, req.Principal, ref, "AssignLicensesBulk"); err != nil {
		return Reply{}, err
	}
	if rec, ok, err := a.Store.GetIdempotency(ctx, req.Key.Hash, r.now); err != nil || ok {
		if err != nil {
			return Reply{}, err
		}
		return replayOr(&store.ReplayError{Record: rec}, req.Key)
	}
	if err := r.c.viewer(r.s).CanManage(r.s); err != nil {
		return Reply{}, err
	}
	var started bool
	r.p, started, err = a.Store.GetProgress(ctx, req.Key.Hash, store.ProgressAssign)
	switch {
	case err != nil:
		return Reply{}, err
	case started && (r.p.TargetID != r.s.ID || r.p.RequestHash != req.Key.RequestHash):
		return Reply{}, domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used with a different request")
	case !started: // a resumed request changed the subscription itself
		if err := checkIfMatch(ref.IfMatch, r.s); err != nil {
			return Reply{}, err
		}
	}
	if r.assigned, err = a.assignedAmong(ctx, r.s, users); err != nil {
		return Reply{}, err
	}
	if !started {
		if err := r.reserve(ctx, users); err != nil {
			return Reply{}, err
		}
	}
	var todo []domain.LicenseUser
	for _, u := range users {
		if !r.assigned[u.ID] {
			todo = append(todo, u)
		}
	}
	for start := 0; start < len(todo); start += store.AssignChunk {
		if err := checkTime(ctx); err != nil {
			return Reply{}, err
		}
		if err := r.chunk(ctx, todo[start:min(start+store.AssignChunk, len(todo))]); err != nil {
			return Reply{}, err
		}
		if h := a.Hooks.AfterAssignChunk; h != nil {
			if err := h(r.p.Done); err != nil {
				return Reply{}, err
			}
		}
	}
	return r.finish(ctx)
}

// reserve holds a seat for each user who lacks one (else 409
// insufficient_licenses, nothing written) and starts the progress.
func (r *assigner) reserve(ctx context.Context, users []domain.LicenseUser) error {
	after, needed, err := r.s.ReserveLicenses(users, r.assigned, r.now)
	if err != nil {
		return err
	}
	next := store.Progress{Kind: store.ProgressAssign, TargetID: r.s.ID, RequestHash: r.req.Key.RequestHash,
		Total: len(users), Needed: needed, Reserved: needed}
	return r.step(ctx, next, &after, store.Effects{})
}

// chunk licenses users out of the reservation in one transaction, with
// its licenses.changed event.
func (r *assigner) chunk(ctx context.Context, users []domain.LicenseUser) error {
	release := min(len(users), r.p.Reserved)
	after, licenses, err := r.s.AssignReserved(users, release, r.req.Principal.UserID, r.now)
	if err != nil {
		return err
	}
	next := r.p
	next.Done += len(licenses)
	next.Reserved -= release
	added := make([]string, len(licenses))
	for i, l := range licenses {
		added[i] = l.UserID
	}
	ev := domain.NewSubscriptionEvent(ids.New("evt", r.now), domain.EventLicensesChanged, &after, r.now, map[string]any{"added": added, "removed": []string{}})
	return r.step(ctx, next, &after, store.Effects{Events: []domain.Event{ev}, AddLicenses: licenses})
}

// finish gives back what no one needed (a user was licensed by another
// request meanwhile) and records the answer with the key.
func (r *assigner) finish(ctx context.Context) (Reply, error) {
	done := r.p
	done.Reserved, done.Finished = 0, true
	final := r.s
	var released *domain.Subscription
	if r.p.Reserved > 0 {
		final = r.s.Release(r.p.Reserved)
		released = &final
	}
	var reply Reply
	fx := store.Effects{Idempotency: r.req.Key.record(Reply{})}
	fx.Finish = func() error { // final as it will be written
		if released != nil {
			final.Version = r.s.Version + 1
		}
		r.f.Put(final)
		res := BulkAssignResult{Subscription: viewOf(r.c, final, r.f, r.now), Requested: r.p.Total, Assigned: r.p.Done, Unchanged: r.p.Total - r.p.Done}
		var err error
		reply, err = jsonReply(statusOK, res)
		*fx.Idempotency = *r.req.Key.record(reply)
		return err
	}
	if err := r.step(ctx, done, released, fx); err != nil {
		return replayOr(err, r.req.Key)
	}
	return reply, nil
}

// step commits progress next with the subscription changed to after (nil:
// unchanged) and its activity record.
func (r *assigner) step(ctx context.Context, next store.Progress, after *domain.Subscription, fx store.Effects) error {
	fx.At = r.now
	var ups []store.Update
	if after != nil {
		b, a := changedFields(r.s, *after)
		fx.Activity = newActivity(domain.ActorOf(r.req.Principal), r.now, r.s.TenantID, "AssignLicensesBulk", "subscription", r.s.ID, b, a)
		ups = []store.Update{{Read: r.s, After: *after}}
	}
	p, written, err := r.a.Store.SaveProgress(ctx, r.req.Key.Hash, next, ups, fx)
	if err != nil {
		return err
	}
	r.p = p
	if len(written) > 0 {
		r.s = written[0]
	}
	return nil
}

// assignedAmong says which of users hold a license of s: one BatchGetItem
// for a request of up to 100 users, else the subscription's licenses page
// after page.
func (a *App) assignedAmong(ctx context.Context, s domain.Subscription, users []domain.LicenseUser) (map[string]bool, error) {
	if len(users) <= 100 {
		ids := make([]string, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		return a.Store.AssignedAmong(ctx, s.TenantID, s.ID, ids)
	}
	ls, err := a.Store.AllLicenses(ctx, s.TenantID, s.ID)
	out := map[string]bool{}
	for _, l := range ls {
		out[l.UserID] = true
	}
	return out, err
}

// UnassignLicense frees userID's seat on ref (docs/spec.md §4.7).
// Returns CodeNotFound when the user holds none.
func (a *App) UnassignLicense(ctx context.Context, req Request, ref SubscriptionRef, userID string) (Reply, error) {
	return a.change(ctx, req, ref, "UnassignLicense", func(ch *change) error {
		after, err := ch.viewer().UnassignLicenseAs(ch.subject)
		if err != nil {
			return err
		}
		ch.record(after, nil, domain.EventLicensesChanged, map[string]any{"added": []string{}, "removed": []string{userID}})
		ch.fx.RemoveLicenses = []domain.License{{TenantID: ref.TenantID, SubscriptionID: ref.ID, UserID: userID}}
		return nil
	})
}

// ListLicenses lists the licenses of ref's subscription, one page at a
// time; a Deleted or Expired subscription's users have lost theirs.
func (a *App) ListLicenses(ctx context.Context, p domain.Principal, ref SubscriptionRef, page func() (Page, error)) ([]domain.License, []byte, error) {
	_, _, s, err := a.subscriptionFor(ctx, p, ref, "ListLicenses")
	if err != nil {
		return nil, nil, err
	}
	pg, err := page()
	if err != nil || !s.Status.Live() {
		return []domain.License{}, nil, err
	}
	return a.Store.ListLicenses(ctx, s.TenantID, s.ID, pg)
}

// ProductLicenses is one row of the license summary (docs/spec.md §4.7): a
// product listed once, with the total over its subscriptions, users
// grouped by purchaser.
type ProductLicenses struct {
	ProductID     string              `json:"productId"`
	ProductName   string              `json:"productName"`
	Subscriptions []string            `json:"subscriptionIds"`
	Quantity      int                 `json:"quantity"`
	Assigned      int                 `json:"assigned"`
	Available     int                 `json:"available"`
	Purchasers    []PurchaserLicenses `json:"purchasers"`
}

// PurchaserLicenses are the users licensed on one purchaser's subscriptions:
// all of them counted, the first MaxSummaryUsers listed.
type PurchaserLicenses struct {
	Purchaser domain.Purchaser     `json:"purchaser"`
	Users     []domain.LicenseUser `json:"users"`
	UserCount int                  `json:"userCount"`
}

// MaxSummaryUsers bounds the users the summary lists per purchaser, so that
// it stays far under the 6 MB a function may answer however many users a
// tenant licenses; ListLicenses and ExportLicenses give them all.
const MaxSummaryUsers = 100

// LicenseSummary sums the Trial and Active subscriptions of a tenant (of
// one channel, when given) per product.
func (a *App) LicenseSummary(ctx context.Context, p domain.Principal, tenantID, channel string) ([]ProductLicenses, error) {
	if _, err := a.authorizeIn(ctx, p, tenantID, "LicenseSummary"); err != nil {
		return nil, err
	}
	subs, err := a.Store.AllSubscriptions(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	licenses, err := a.Store.AllLicenses(ctx, tenantID, "")
	if err != nil {
		return nil, err
	}
	byProduct := map[string]*ProductLicenses{}
	purchasers := map[string]map[string]*PurchaserLicenses{}
	live := map[string]domain.Subscription{}
	for _, s := range subs {
		if (s.Status != domain.StatusActive && s.Status != domain.StatusTrial && s.Status != domain.StatusPastDue) || (channel != "" && string(s.Channel) != channel) {
			continue
		}
		live[s.ID] = s
		pl := byProduct[s.ProductID]
		if pl == nil {
			pl = &ProductLicenses{ProductID: s.ProductID, ProductName: s.ProductName, Subscriptions: []string{}, Purchasers: []PurchaserLicenses{}}
			byProduct[s.ProductID], purchasers[s.ProductID] = pl, map[string]*PurchaserLicenses{}
		}
		pl.Subscriptions = append(pl.Subscriptions, s.ID)
		pl.Quantity += s.Quantity
		if purchasers[s.ProductID][s.Purchaser.UserID] == nil {
			purchasers[s.ProductID][s.Purchaser.UserID] = &PurchaserLicenses{Purchaser: s.Purchaser, Users: []domain.LicenseUser{}}
		}
	}
	for _, l := range licenses {
		s, ok := live[l.SubscriptionID]
		if !ok {
			continue
		}
		byProduct[s.ProductID].Assigned++
		g := purchasers[s.ProductID][s.Purchaser.UserID]
		if g.UserCount++; len(g.Users) < MaxSummaryUsers {
			g.Users = append(g.Users, domain.LicenseUser{ID: l.UserID, Name: l.Name, Email: l.Email})
		}
	}
	out := []ProductLicenses{}
	for id, pl := range byProduct {
		pl.Available = max(0, pl.Quantity-pl.Assigned)
		for _, g := range purchasers[id] {
			pl.Purchasers = append(pl.Purchasers, *g)
		}
		sort.Slice(pl.Purchasers, func(i, j int) bool { return pl.Purchasers[i].Purchaser.UserID < pl.Purchasers[j].Purchaser.UserID })
		out = append(out, *pl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProductName < out[j].ProductName })
	return out, nil
}

// MaxExport bounds the subscriptions of one export.
const MaxExport = 100

// LicenseRow is one exported license with its subscription.
type LicenseRow struct {
	Subscription domain.Subscription
	License      domain.License
}

// MaxExportRows bounds one page of an export: about 1 MB of CSV, far under
// the 6 MB a function may answer.
const MaxExportRows = 10000

// ExportPosition is where a page of an export starts: a subscription, by
// its index among the sorted ids, and the position among its licenses.
type ExportPosition struct {
	Index int    `json:"i"`
	After []byte `json:"a,omitempty"`
}

// ExportLicenses returns a page of up to MaxExportRows licenses of the
// live subscriptions among ids (docs/spec.md §4.7), by subscription id then
// user id, from position from, and where the next page starts (nil: this
// is the last).
func (a *App) ExportLicenses(ctx context.Context, p domain.Principal, tenantID string, ids []string, from ExportPosition) ([]LicenseRow, *ExportPosition, error) {
	if len(ids) == 0 || len(ids) > MaxExport {
		return nil, nil, domain.FieldErrorf("subscriptionId", "give 1 to %d subscriptionId parameters", MaxExport)
	}
	for _, id := range ids {
		if err := domain.CheckID("subscriptionId", id); err != nil {
			return nil, nil, err
		}
	}
	if _, err := a.authorizeIn(ctx, p, tenantID, "ExportLicenses"); err != nil {
		return nil, nil, err
	}
	sorted := slices.Compact(slices.Sorted(slices.Values(ids)))
	pageRows := cmp.Or(a.ExportRows, MaxExportRows)
	rows := []LicenseRow{}
	for i := max(from.Index, 0); i < len(sorted); i++ {
		after := []byte(nil)
		if i == from.Index {
			after = from.After
		}
		if len(rows) == pageRows {
			return rows, &ExportPosition{Index: i, After: after}, nil
		}
		f, err := a.Store.GetFamily(ctx, tenantID, sorted[i])
		if err != nil {
			return nil, nil, err
		}
		s, _ := f.Get(sorted[i])
		if !s.Status.Live() {
			continue
		}
		for {
			ls, next, err := a.Store.ListLicenses(ctx, tenantID, s.ID, Page{Limit: int32(pageRows - len(rows)), After: after})
			if err != nil {
				return nil, nil, err
			}
			for _, l := range ls {
				rows = append(rows, LicenseRow{Subscription: s, License: l})
			}
			if next == nil {
				break
			}
			if after = next; len(rows) == pageRows {
				return rows, &ExportPosition{Index: i, After: after}, nil
			}
		}
	}
	return rows, nil, nil
}

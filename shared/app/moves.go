package app

import (
	"context"
	"net/http"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// MoveUsersResult is MoveUsers' answer.
type MoveUsersResult struct {
	Source   SubscriptionView `json:"source"`
	TargetID string           `json:"targetSubscriptionId"`
	Moved    int              `json:"moved"`
	Licensed int              `json:"newlyLicensed"`
}

// MoveUsers moves every user of a taken-over subscription to another
// subscription of the same product and tenant, then ends the source
// (docs/spec.md §4.8). All or nothing as seen from the API: the target's
// licenses are reserved before any user moves (else 409
// insufficient_licenses and nothing changes); users then move in atomic
// chunks — a user's target license is written in the transaction that
// removes the source one, so no one is ever unlicensed — and a retry with
// the same Idempotency-Key resumes an interrupted move where it stopped —
// or, when its target is no longer Active, aborts it (mover.abort).
func (a *App) MoveUsers(ctx context.Context, req Request, ref SubscriptionRef, targetID string) (Reply, error) {
	if req.Key == nil {
		return Reply{}, domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required: a retry with it resumes an interrupted move")
	}
	if err := domain.CheckID("targetSubscriptionId", targetID); err != nil {
		return Reply{}, err
	}
	if targetID == ref.ID {
		return Reply{}, domain.FieldErrorf("targetSubscriptionId", "the target must be another subscription")
	}
	var reply Reply
	err := store.Retry(ctx, func() (err error) {
		reply, err = a.moveOnce(ctx, req, ref, targetID)
		return err
	})
	if err != nil {
		return a.refusal(ctx, err, req.Key)
	}
	return reply, nil
}

// mover is one run of a move: what it read and where it stands.
type mover struct {
	a        *App
	req      Request
	c        Caller
	now      time.Time
	f        store.Family // the source's family
	src, tgt domain.Subscription
	move     store.Progress
	started  bool
}

// moveOnce runs a move from its reads: checks it (or finds it started),
// reserves, moves chunk after chunk, and finishes.
func (a *App) moveOnce(ctx context.Context, req Request, ref SubscriptionRef, targetID string) (Reply, error) {
	m := &mover{a: a, req: req, now: a.Now()}
	var err error
	if m.c, m.f, m.src, err = a.familyFor(ctx, req.Principal, ref, "MoveUsers"); err != nil {
		return Reply{}, err
	}
	if rep, answered, err := m.check(ctx, ref.TenantID, targetID); err != nil || answered {
		return rep, err
	}
	if !m.started { // a resumed move changed the source itself
		if err := checkIfMatch(ref.IfMatch, m.src); err != nil {
			return Reply{}, err
		}
	}
	srcLicenses, err := a.Store.AllLicenses(ctx, ref.TenantID, m.src.ID)
	if err != nil {
		return Reply{}, err
	}
	tgtLicenses, err := a.Store.AllLicenses(ctx, ref.TenantID, m.tgt.ID)
	if err != nil {
		return Reply{}, err
	}
	inTarget := map[string]bool{}
	for _, l := range tgtLicenses {
		inTarget[l.UserID] = true
	}
	if !m.started {
		if err := m.start(ctx, srcLicenses, inTarget); err != nil {
			return Reply{}, err
		}
	}
	for start := 0; start < len(srcLicenses); start += store.MoveChunk {
		if err := checkTime(ctx); err != nil {
			return Reply{}, err
		}
		if err := m.chunk(ctx, srcLicenses[start:min(start+store.MoveChunk, len(srcLicenses))], inTarget); err != nil {
			return Reply{}, err
		}
		if h := a.Hooks.AfterMoveChunk; h != nil {
			if err := h(m.move.Done); err != nil {
				return Reply{}, err
			}
		}
	}
	return m.finish(ctx)
}

// check refuses a move that can't start or resume — or answers it
// (answered) before anything moves: it replays the outcome the key has
// already, or aborts a started move whose target is no longer Active.
func (m *mover) check(ctx context.Context, tenantID, targetID string) (rep Reply, answered bool, err error) {
	// A key with an outcome replays it (or is refused for another
	// request) before anything moves.
	if rec, ok, err := m.a.Store.GetIdempotency(ctx, m.req.Key.Hash, m.now); err != nil || ok {
		if err != nil {
			return Reply{}, false, err
		}
		rep, err := replayOr(&store.ReplayError{Record: rec}, m.req.Key)
		return rep, true, err
	}
	if err := m.c.viewer(m.src).CanMoveUsersFrom(m.src); err != nil {
		return Reply{}, false, err
	}
	tf, err := m.a.Store.GetFamily(ctx, tenantID, targetID)
	if err != nil {
		return Reply{}, false, err
	}
	m.tgt, _ = tf.Get(targetID)
	move, started, err := m.a.Store.GetProgress(ctx, m.req.Key.Hash, store.ProgressMove)
	switch {
	case err != nil:
		return Reply{}, false, err
	case started && (move.SourceID != m.src.ID || move.TargetID != m.tgt.ID):
		return Reply{}, false, domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used for another move")
	case !started && m.tgt.Status != domain.StatusActive: // of the same product or another (docs/spec.md §15)
		return Reply{}, false, domain.Errorf(domain.CodeInvalidStatus, "the target subscription is %s; it must be Active", m.tgt.Status)
	}
	// Its licenses become the admin's to give: a self-service target must
	// be taken over.
	if err := m.c.viewer(m.tgt).CanManage(m.tgt); err != nil {
		return Reply{}, false, err
	}
	if !started && m.src.MovingTo != "" { // a Suspended source only resumes its move
		return Reply{}, false, domain.Errorf(domain.CodeInvalidStatus, "its users are already being moved to %s; retry that move with its Idempotency-Key", m.src.MovingTo)
	}
	m.move, m.started = move, started
	if started && m.tgt.Status != domain.StatusActive { // it stopped being Active mid-move
		rep, err := m.abort(ctx)
		return rep, true, err
	}
	return Reply{}, false, nil
}

// abort ends a started move whose target is no longer Active (suspended
// for nonPayment, expired…) instead of leaving it stuck (docs/decisions.md
// "Payments"): the users moved so far stay on the target, the rest on the
// source, which is no longer moving; the target's reservation for the
// move is given back; and the answer, 409 invalid_status, is kept with the
// key, in one transaction.
func (m *mover) abort(ctx context.Context) (Reply, error) {
	src := m.src
	src.MovingTo = ""
	b, a := changedFields(m.src, src)
	ups := []store.Update{{Read: m.src, After: src}}
	problem := domain.Errorf(domain.CodeInvalidStatus, "the move stopped because the target subscription %s is %s: %d of %d users were moved to it, the others stay on %s",
		m.tgt.ID, m.tgt.Status, m.move.Done, m.move.Total, m.src.ID)
	reply := Reply{Status: http.StatusConflict, ContentType: "application/problem+json", Body: problem.ProblemBody(http.StatusConflict, http.StatusText(http.StatusConflict))}
	fx := store.Effects{At: m.now, Activity: m.activity(m.src.ID, b, a), Idempotency: m.req.Key.record(reply)}
	if m.move.Reserved > 0 {
		tgt := m.tgt.Release(m.move.Reserved)
		b, a := changedFields(m.tgt, tgt)
		fx.Activities = append(fx.Activities, m.activity(m.tgt.ID, b, a))
		ups = append(ups, store.Update{Read: m.tgt, After: tgt})
	}
	done := m.move
	done.Reserved, done.Finished = 0, true
	if _, _, err := m.a.Store.SaveProgress(ctx, m.req.Key.Hash, done, ups, fx); err != nil {
		return replayOr(err, m.req.Key)
	}
	return reply, nil
}

// start reserves on the target a license for each source user it lacks
// (else 409 insufficient_licenses, nothing changed) and marks the source
// as moving: no new licenses, quantity changes or cancellation until done.
func (m *mover) start(ctx context.Context, srcLicenses []domain.License, inTarget map[string]bool) error {
	tgt, needed, err := m.tgt.ReserveLicenses(licenseUsers(srcLicenses), inTarget, m.now)
	if err != nil {
		return err
	}
	src := m.src
	src.MovingTo = m.tgt.ID
	if v := m.c.viewer(src); v.MovesTakeOver(src) { // the move takes a self-service source over
		if src, _, err = v.TakeOverAs(src, m.req.Principal.UserID, m.now); err != nil {
			return err
		}
	}
	b, a := changedFields(m.src, src) // moving, and taken over by the move
	act := m.activity(m.tgt.ID, map[string]any{"reservedLicenses": m.tgt.ReservedLicenses},
		map[string]any{"reservedLicenses": tgt.ReservedLicenses, "movingFrom": m.src.ID})
	move := store.Progress{Kind: store.ProgressMove, SourceID: m.src.ID, TargetID: m.tgt.ID, Total: len(srcLicenses), Needed: needed, Reserved: needed}
	move, written, err := m.a.Store.SaveProgress(ctx, m.req.Key.Hash, move,
		[]store.Update{{Read: m.src, After: src}, {Read: m.tgt, After: tgt}},
		store.Effects{At: m.now, Activity: act, Activities: []*domain.Activity{m.activity(src.ID, b, a)}})
	if err != nil {
		return err
	}
	m.move, m.src, m.tgt = move, written[0], written[1]
	m.f.Put(m.src)
	return nil
}

// chunk moves one chunk of users in one transaction: their new target
// licenses (out of the move's reservation) with their source ones removed.
func (m *mover) chunk(ctx context.Context, chunk []domain.License, inTarget map[string]bool) error {
	var users []domain.LicenseUser
	for _, u := range licenseUsers(chunk) {
		if !inTarget[u.ID] {
			users = append(users, u)
		}
	}
	release := min(len(users), m.move.Reserved)
	tgt, toTarget, err := m.tgt.AssignReserved(users, release, m.req.Principal.UserID, m.now)
	if err != nil {
		return err
	}
	next := m.move
	next.Done += len(chunk)
	next.Reserved -= release
	added := make([]string, len(toTarget))
	for i, l := range toTarget {
		added[i] = l.UserID
	}
	ev := domain.NewSubscriptionEvent(ids.New("evt", m.now), domain.EventLicensesChanged, &tgt, m.now,
		map[string]any{"added": added, "removed": []string{}, "movedFrom": m.src.ID})
	b, a := changedFields(m.tgt, tgt)
	fx := store.Effects{At: m.now, Activity: m.activity(m.tgt.ID, b, a), Events: []domain.Event{ev}, AddLicenses: toTarget, RemoveLicenses: chunk}
	move, written, err := m.a.Store.SaveProgress(ctx, m.req.Key.Hash, next, []store.Update{{Read: m.tgt, After: tgt}}, fx)
	if err != nil {
		return err
	}
	m.move, m.tgt = move, written[0]
	return nil
}

// finish ends the source and its add-ons (every user is licensed on the
// target), gives back a reservation the move no longer needs (a source
// user left meanwhile) and records the answer with the key.
func (m *mover) finish(ctx context.Context) (Reply, error) {
	rec := newRecorder(&m.f, domain.ActorOf(m.req.Principal), m.now, "MoveUsers", nil)
	reason := "usersMoved"
	ended := []domain.Subscription{m.src}
	if !m.src.IsAddOn() {
		ended = append(ended, m.f.LiveAddOns()...)
	}
	var ups []store.Update
	for i, s := range ended {
		extra := map[string]any{"reason": reason}
		if i == 0 {
			extra["targetSubscriptionId"] = m.tgt.ID
		}
		ups = append(ups, store.Update{Read: s, After: rec.record(s.End(m.now, reason), nil, domain.EventSubscriptionCancelled, extra)})
	}
	// An add-on ended while its base is PastDue is no longer owed by it.
	if b := m.f.Base; m.src.IsAddOn() && b.Status == domain.StatusPastDue && b.ID != m.tgt.ID {
		ups = append(ups, store.Update{Read: b, After: rec.record(b.Forgive(m.src.ID), nil, "", nil)})
	}
	if m.move.Reserved > 0 {
		tgt := m.tgt.Release(m.move.Reserved)
		b, a := changedFields(m.tgt, tgt)
		rec.fx.Activities = append(rec.fx.Activities, m.activity(m.tgt.ID, b, a))
		ups = append(ups, store.Update{Read: m.tgt, After: tgt})
		m.move.Reserved = 0
	}
	done := m.move
	done.Finished = true
	var reply Reply
	fx := rec.fx
	fx.Idempotency = m.req.Key.record(Reply{})
	fx.Finish = func() error { // the source as written, with its new version
		for _, u := range ups {
			m.f.Put(u.After)
		}
		res := MoveUsersResult{Source: viewOf(m.c, ups[0].After, m.f, m.now), TargetID: m.tgt.ID, Moved: m.move.Total, Licensed: m.move.Needed}
		var err error
		reply, err = jsonReply(statusOK, res)
		*fx.Idempotency = *m.req.Key.record(reply)
		return err
	}
	if _, _, err := m.a.Store.SaveProgress(ctx, m.req.Key.Hash, done, ups, fx); err != nil {
		return replayOr(err, m.req.Key)
	}
	return reply, nil
}

// activity is a record of this move changing subscription id.
func (m *mover) activity(id string, before, after map[string]any) *domain.Activity {
	return newActivity(domain.ActorOf(m.req.Principal), m.now, m.src.TenantID, "MoveUsers", "subscription", id, before, after)
}

// licenseUsers are the users of ls.
func licenseUsers(ls []domain.License) []domain.LicenseUser {
	out := make([]domain.LicenseUser, len(ls))
	for i, l := range ls {
		out[i] = domain.LicenseUser{ID: l.UserID, Name: l.Name, Email: l.Email}
	}
	return out
}

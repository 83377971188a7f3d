package httpapi

import (
	"net/http"

	"selfserve/shared/domain"
	"selfserve/shared/store"
)

type moveBody struct {
	TargetSubscriptionID string `json:"targetSubscriptionId"`
}

// moveResult is MoveUsers' answer.
type moveResult struct {
	Source   subscriptionView `json:"source"`
	TargetID string           `json:"targetSubscriptionId"`
	Moved    int              `json:"moved"`
	Licensed int              `json:"newlyLicensed"`
}

// moveUsers moves every user of a taken-over subscription to another
// subscription of the same product and tenant, then deletes the source
// (SPEC §4.8). All or nothing as seen from the API: the target's licenses
// are reserved before any user moves (else 409 insufficient_licenses and
// nothing changes); users then move in atomic chunks — a user's target
// license is written in the transaction that removes the source one, so no
// one is ever unlicensed — and a retry with the same Idempotency-Key
// resumes an interrupted move where it stopped.
func moveUsers(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	ctx := r.Context()
	var in moveBody
	c, f, src, idem, err := a.changeRequest(r, p, "MoveUsers", &in)
	if err == nil && idem == nil {
		err = domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required: a retry with it resumes an interrupted move")
	}
	if err == nil && !c.isAdmin() {
		err = domain.Errorf(domain.CodeForbidden, "only GlobalAdmin or BillingAdmin move users")
	}
	// A key with an outcome replays it (or is refused for another request)
	// before anything moves.
	if err == nil {
		if rec, ok, gerr := a.Store.GetIdempotency(ctx, idem.Hash, now); gerr != nil {
			err = gerr
		} else if ok {
			return replayOr(w, &store.ReplayError{Record: rec}, idem)
		}
	}
	if err == nil {
		err = mustManage(c, src)
	}
	if err == nil && src.Status != domain.StatusActive && src.Status != domain.StatusTrial {
		err = domain.Errorf(domain.CodeInvalidStatus, "a %s subscription's users can't be moved", src.Status)
	}
	if err == nil {
		err = domain.CheckID("targetSubscriptionId", in.TargetSubscriptionID)
	}
	if err == nil && in.TargetSubscriptionID == src.ID {
		err = domain.Errorf(domain.CodeInvalidRequest, "the target must be another subscription")
	}
	var tf store.Family
	var target domain.Subscription
	if err == nil {
		tf, err = a.Store.GetFamily(ctx, src.TenantID, in.TargetSubscriptionID)
		target, _ = tf.Get(in.TargetSubscriptionID)
	}
	switch {
	case err != nil:
	case target.ProductID != src.ProductID:
		err = domain.Errorf(domain.CodeInvalidRequest, "the target must be a subscription of the same product (%s)", src.ProductName)
	case target.Status != domain.StatusActive:
		err = domain.Errorf(domain.CodeInvalidStatus, "the target subscription is %s; it must be Active", target.Status)
	default:
		err = mustManage(c, target) // its licenses become the admin's to give: a self-service target must be taken over
	}
	var move store.Move
	var started bool
	if err == nil {
		move, started, err = a.Store.GetMove(ctx, idem.Hash)
	}
	if err == nil && started && (move.SourceID != src.ID || move.TargetID != target.ID) {
		err = domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used for another move")
	}
	if err == nil && !started && src.MovingTo != "" {
		err = domain.Errorf(domain.CodeInvalidStatus, "its users are already being moved to %s; retry that move with its Idempotency-Key", src.MovingTo)
	}
	var srcLicenses, tgtLicenses []domain.License
	if err == nil {
		if srcLicenses, err = a.Store.AllLicenses(ctx, src.TenantID, src.ID); err == nil {
			tgtLicenses, err = a.Store.AllLicenses(ctx, src.TenantID, target.ID)
		}
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	inTarget := map[string]bool{}
	for _, l := range tgtLicenses {
		inTarget[l.UserID] = true
	}
	needed := 0
	for _, l := range srcLicenses {
		if !inTarget[l.UserID] {
			needed++
		}
	}
	if !started {
		if needed > target.Available() {
			return a.refusal(w, r, domain.Errorf(domain.CodeInsufficientLicenses, "the target has %d available licenses; %d users need one", target.Available(), needed).
				With("available", target.Available()).With("requested", needed), idem)
		}
		move = store.Move{SourceID: src.ID, TargetID: target.ID, Total: len(srcLicenses), Needed: needed, Reserved: needed}
		after, moving := target, src
		after.ReservedLicenses += needed
		moving.MovingTo = target.ID // no new licenses, quantity changes or cancellation until done
		fx := store.Effects{Activity: newActivity(p, now, src.TenantID, "MoveUsers", "subscription", target.ID,
			map[string]any{"reservedLicenses": target.ReservedLicenses}, map[string]any{"reservedLicenses": after.ReservedLicenses, "movingFrom": src.ID})}
		if err := a.Store.StartMove(ctx, idem.Hash, move, store.Change{After: moving, BeforeVersion: src.Version},
			store.Change{After: after, BeforeVersion: target.Version}, now, fx); err != nil {
			return err
		}
		target, src, move.Version = after, moving, 1
		target.Version++
		src.Version++
		f = replaced(f, src)
	}
	for start := 0; start < len(srcLicenses); start += store.MoveChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := srcLicenses[start:min(start+store.MoveChunk, len(srcLicenses))]
		var toTarget []domain.License
		for _, l := range chunk {
			if !inTarget[l.UserID] {
				toTarget = append(toTarget, domain.License{SubscriptionID: target.ID, ProductID: target.ProductID, ProductName: target.ProductName,
					PurchaserID: target.Purchaser.UserID, UserID: l.UserID, Name: l.Name, Email: l.Email, AssignedAt: now, AssignedBy: p.UserID})
			}
		}
		// The chunk's new licenses come out of this move's reservation.
		release := min(len(toTarget), move.Reserved)
		after := target
		after.AssignedLicenses += len(toTarget)
		after.ReservedLicenses -= release
		next := move
		next.Moved += len(chunk)
		next.Reserved -= release
		added := make([]string, len(toTarget))
		for i, l := range toTarget {
			added[i] = l.UserID
		}
		ev := subscriptionEvent(domain.EventLicensesChanged, &after, now, map[string]any{"added": added, "removed": []string{}, "movedFrom": src.ID})
		b, aft := changedFields(target, after)
		fx := store.Effects{Activity: newActivity(p, now, src.TenantID, "MoveUsers", "subscription", target.ID, b, aft), Events: []domain.Event{ev}}
		if err := a.Store.MoveUsers(ctx, idem.Hash, next, move.Version, store.Change{After: after, BeforeVersion: target.Version}, chunk, toTarget, now, fx); err != nil {
			return err
		}
		target, move = after, next
		target.Version++
		move.Version++
	}
	// Every user is licensed on the target: the source ends (SPEC §4.8).
	fc := newFamilyChange(p, now, "MoveUsers", f)
	srcAfter := src
	srcAfter.MovingTo = ""
	srcAfter.Status, srcAfter.CancelledAt, srcAfter.CancellationReason = domain.StatusDeleted, &now, "usersMoved"
	srcAfter.AutoRenew, srcAfter.CancelAtTermEnd, srcAfter.AssignedLicenses = false, false, 0
	srcAfter = fc.record(srcAfter, nil, domain.EventSubscriptionCancelled, map[string]any{"reason": "usersMoved", "targetSubscriptionId": target.ID})
	if !src.IsAddOn() {
		for _, ao := range liveAddOns(f) {
			aAfter := ao
			aAfter.Status, aAfter.CancelledAt, aAfter.CancellationReason, aAfter.AssignedLicenses = domain.StatusDeleted, &now, "usersMoved", 0
			aAfter.AutoRenew, aAfter.CancelAtTermEnd = false, false
			fc.record(aAfter, nil, domain.EventSubscriptionCancelled, map[string]any{"reason": "usersMoved"})
		}
	}
	// A reservation the move no longer needs (a source user left meanwhile)
	// goes back to the target in the final transaction.
	if move.Reserved > 0 {
		after := target
		after.ReservedLicenses = max(0, after.ReservedLicenses-move.Reserved)
		fc.before[target.ID] = target
		fc.record(after, nil, "", nil)
		move.Reserved = 0
	}
	done := move
	done.Done = true
	res := moveResult{Source: viewSubscription(srcAfter, c.viewer(srcAfter), now, replaced(f, srcAfter)), TargetID: target.ID, Moved: move.Total, Licensed: move.Needed}
	return commitAndWrite(w, http.StatusOK, res, idem, func(idem *store.Idempotency) error {
		return a.Store.FinishMove(ctx, idem.Hash, done, move.Version, fc.changes, fc.acts[1:], now,
			store.Effects{Activity: fc.acts[0], Events: fc.events, Idempotency: idem})
	})
}

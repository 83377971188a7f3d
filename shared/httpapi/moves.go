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
	}
	var move store.Move
	var started bool
	if err == nil {
		move, started, err = a.Store.GetMove(ctx, idem.Hash)
	}
	if err == nil && started && (move.SourceID != src.ID || move.TargetID != target.ID) {
		err = domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used for another move")
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
			return domain.Errorf(domain.CodeInsufficientLicenses, "the target has %d available licenses; %d users need one", target.Available(), needed).
				With("available", target.Available()).With("requested", needed)
		}
		move = store.Move{SourceID: src.ID, TargetID: target.ID, Total: len(srcLicenses), Needed: needed}
		after := target
		after.ReservedLicenses += needed
		if err := a.Store.StartMove(ctx, idem.Hash, move, store.Change{After: after, BeforeVersion: target.Version}, now); err != nil {
			return err
		}
		target, move.Version = after, 1
		target.Version++
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
		after := target
		after.AssignedLicenses += len(toTarget)
		after.ReservedLicenses = max(0, after.ReservedLicenses-len(toTarget))
		next := move
		next.Moved += len(chunk)
		if err := a.Store.MoveUsers(ctx, idem.Hash, next, move.Version, store.Change{After: after, BeforeVersion: target.Version}, chunk, toTarget, now); err != nil {
			return err
		}
		target, move = after, next
		target.Version++
		move.Version++
	}
	// Every user is licensed on the target: the source ends (SPEC §4.8).
	fc := newFamilyChange(p, now, "MoveUsers", f)
	srcAfter := src
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
	done := move
	done.Done = true
	res := moveResult{Source: viewSubscription(srcAfter, c.viewer(srcAfter), now, replaced(f, srcAfter)), TargetID: target.ID, Moved: move.Total, Licensed: move.Needed}
	return commitAndWrite(w, http.StatusOK, res, idem, func(idem *store.Idempotency) error {
		return a.Store.FinishMove(ctx, idem.Hash, done, move.Version, fc.changes, fc.acts[1:], now,
			store.Effects{Activity: fc.acts[0], Events: fc.events, Idempotency: idem})
	})
}

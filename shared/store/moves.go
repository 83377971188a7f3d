package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// MoveChunk is how many users one move transaction carries: a put and a
// delete each, plus the target, the progress record and the effects, under
// DynamoDB's 100 actions.
const MoveChunk = 45

// Move is the progress of a move-users request, kept beside its
// idempotency record so a retry with the same key resumes it.
type Move struct {
	SourceID string
	TargetID string
	// Total users to move, Needed licenses reserved on the target at the
	// start, Reserved still held, Moved so far.
	Total, Needed, Reserved, Moved int
	Done                           bool
	Version                        int64
}

type moveItem struct {
	PK       string `dynamodbav:"pk"`
	SK       string `dynamodbav:"sk"`
	Kind     string `dynamodbav:"kind"`
	SourceID string `dynamodbav:"sourceId"`
	TargetID string `dynamodbav:"targetId"`
	Total    int    `dynamodbav:"total"`
	Needed   int    `dynamodbav:"needed"`
	Reserved int    `dynamodbav:"reserved"`
	Moved    int    `dynamodbav:"moved"`
	Done     bool   `dynamodbav:"done"`
	Version  int64  `dynamodbav:"version"`
	Expires  int64  `dynamodbav:"expiresAt"`
}

func moveKey(idemHash string) key { return key{"IDEMPOTENCY#" + idemHash, "MOVE"} }

// GetMove returns the move started with idemHash, if any.
func (s *Store) GetMove(ctx context.Context, idemHash string) (Move, bool, error) {
	var it moveItem
	missing := domain.Errorf(domain.CodeNotFound, "no move")
	err := s.getItem(ctx, moveKey(idemHash), &it, missing)
	if err == missing {
		return Move{}, false, nil
	}
	if err != nil {
		return Move{}, false, err
	}
	return Move{SourceID: it.SourceID, TargetID: it.TargetID, Total: it.Total, Needed: it.Needed, Reserved: it.Reserved, Moved: it.Moved, Done: it.Done, Version: it.Version}, true, nil
}

func (s *Store) putMove(idemHash string, m Move, prev int64, now time.Time) (write, error) {
	k := moveKey(idemHash)
	it := moveItem{PK: k.pk, SK: k.sk, Kind: "moveProgress", SourceID: m.SourceID, TargetID: m.TargetID, Total: m.Total, Needed: m.Needed, Reserved: m.Reserved,
		Moved: m.Moved, Done: m.Done, Version: prev + 1, Expires: now.Add(IdempotencyRetention).Unix()}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if prev > 0 {
		cond = expression.Name("version").Equal(expression.Value(prev))
	}
	return s.put(it, &cond, ErrConflict)
}

// StartMove records the move, reserves its licenses on the target and marks
// the source as moving, in one transaction. Returns ErrConflict on a race.
func (s *Store) StartMove(ctx context.Context, idemHash string, m Move, source, target Change, now time.Time, fx Effects) error {
	w, err := s.putMove(idemHash, m, 0, now)
	if err != nil {
		return err
	}
	return s.saveWith(ctx, []Change{source, target}, nil, nil, []write{w}, now, fx)
}

// MoveUsers moves one chunk of users in one transaction: each user's
// target license is written (unless they hold one already) and their source
// license deleted together, so no user is ever unlicensed; the target's
// counts and the progress advance with them. Returns ErrConflict on a race.
func (s *Store) MoveUsers(ctx context.Context, idemHash string, m Move, prevVersion int64, target Change, moved []domain.License, toTarget []domain.License, now time.Time, fx Effects) error {
	var writes []write
	for _, l := range toTarget {
		w, err := s.putLicense(target.After.TenantID, l)
		if err != nil {
			return err
		}
		writes = append(writes, w)
	}
	exists, err := expression.NewBuilder().WithCondition(expression.AttributeExists(expression.Name("pk"))).Build()
	if err != nil {
		return err
	}
	for _, l := range moved {
		w, _ := s.deleteItem(licenseKey(target.After.TenantID, l.SubscriptionID, l.UserID))
		w.item.Delete.ConditionExpression, w.item.Delete.ExpressionAttributeNames = exists.Condition(), exists.Names()
		w.onCondition = ErrConflict
		writes = append(writes, w)
	}
	w, err := s.putMove(idemHash, m, prevVersion, now)
	if err != nil {
		return err
	}
	return s.saveWith(ctx, []Change{target}, nil, nil, append(writes, w), now, fx)
}

// FinishMove commits the end of a move: the source (and its add-ons)
// Deleted, the progress done, with the effects and the idempotency record.
func (s *Store) FinishMove(ctx context.Context, idemHash string, m Move, prevVersion int64, changes []Change, acts []*domain.Activity, now time.Time, fx Effects) error {
	w, err := s.putMove(idemHash, m, prevVersion, now)
	if err != nil {
		return err
	}
	return s.saveWith(ctx, changes, nil, acts, []write{w}, now, fx)
}

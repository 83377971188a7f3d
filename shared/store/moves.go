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
	// version is the progress record's, kept by the store.
	version int64
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
	return Move{SourceID: it.SourceID, TargetID: it.TargetID, Total: it.Total, Needed: it.Needed, Reserved: it.Reserved, Moved: it.Moved, Done: it.Done, version: it.Version}, true, nil
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

// Update is a subscription as read and what it becomes: After is written
// on condition that the item is still at Read's version.
type Update struct {
	Read, After domain.Subscription
}

// SaveMove commits a step of a move-users request in one transaction: its
// progress m (created at the first step, then conditioned on the step
// before), the subscriptions it changes and the effects (the licenses it
// moves). It returns the progress and the subscriptions as written, for
// the next step; the written versions are set in ups before fx.Finish.
// Returns ErrConflict on a race.
func (s *Store) SaveMove(ctx context.Context, idemHash string, m Move, ups []Update, fx Effects) (Move, []domain.Subscription, error) {
	w, err := s.putMove(idemHash, m, m.version, fx.At)
	if err != nil {
		return m, nil, err
	}
	writes := []write{w}
	written := make([]domain.Subscription, len(ups))
	for i := range ups {
		ups[i].After.Version = ups[i].Read.Version + 1
		ws, err := s.subscriptionWrites(ups[i].After, &ups[i].Read.Version)
		if err != nil {
			return m, nil, err
		}
		writes, written[i] = append(writes, ws...), ups[i].After
	}
	if fx.Finish != nil {
		if err := fx.Finish(); err != nil {
			return m, nil, err
		}
	}
	if err := s.commit(ctx, fx.At, writes, fx); err != nil {
		return m, nil, err
	}
	m.version++
	return m, written, nil
}

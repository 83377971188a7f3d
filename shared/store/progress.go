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

// AssignChunk is how many licenses one step of a bulk assignment writes:
// with the subscription, the progress record and the effects, under
// DynamoDB's 100 actions.
const AssignChunk = 90

// Kinds of requests committed in several steps.
const (
	ProgressMove   = "MOVE"
	ProgressAssign = "ASSIGN"
)

// Progress is where a request committed in several steps stands (a move of
// users, a bulk license assignment), kept beside its idempotency record so
// that a retry with the same key resumes it.
type Progress struct {
	// Kind is ProgressMove or ProgressAssign.
	Kind string
	// SourceID is the subscription users move from (moves only);
	// TargetID the one they are licensed on.
	SourceID, TargetID string
	// RequestHash binds the progress to one request.
	RequestHash string
	// Total users of the request, Needed licenses reserved at the start,
	// Reserved still held, Done users so far (moved, or newly licensed).
	Total, Needed, Reserved, Done int
	// Finished: the request has its answer.
	Finished bool
	// version is the progress record's, kept by the store.
	version int64
}

type progressItem struct {
	PK          string `dynamodbav:"pk"`
	SK          string `dynamodbav:"sk"`
	Kind        string `dynamodbav:"kind"`
	SourceID    string `dynamodbav:"sourceId,omitempty"`
	TargetID    string `dynamodbav:"targetId"`
	RequestHash string `dynamodbav:"requestHash,omitempty"`
	Total       int    `dynamodbav:"total"`
	Needed      int    `dynamodbav:"needed"`
	Reserved    int    `dynamodbav:"reserved"`
	Done        int    `dynamodbav:"done"`
	Finished    bool   `dynamodbav:"finished"`
	Version     int64  `dynamodbav:"version"`
	Expires     int64  `dynamodbav:"expiresAt,omitempty"`
}

func progressKey(idemHash, kind string) key { return key{"IDEMPOTENCY#" + idemHash, kind} }

// GetProgress returns the progress of the request of kind started with
// idemHash, if any.
func (s *Store) GetProgress(ctx context.Context, idemHash, kind string) (Progress, bool, error) {
	var it progressItem
	missing := domain.Errorf(domain.CodeNotFound, "no progress")
	err := s.getItem(ctx, progressKey(idemHash, kind), &it, missing)
	if err == missing {
		return Progress{}, false, nil
	}
	if err != nil {
		return Progress{}, false, err
	}
	return Progress{Kind: kind, SourceID: it.SourceID, TargetID: it.TargetID, RequestHash: it.RequestHash, Total: it.Total, Needed: it.Needed,
		Reserved: it.Reserved, Done: it.Done, Finished: it.Finished, version: it.Version}, true, nil
}

func (s *Store) putProgress(idemHash string, p Progress, now time.Time) (write, error) {
	k := progressKey(idemHash, p.Kind)
	it := progressItem{PK: k.pk, SK: k.sk, Kind: "progress", SourceID: p.SourceID, TargetID: p.TargetID, RequestHash: p.RequestHash, Total: p.Total,
		Needed: p.Needed, Reserved: p.Reserved, Done: p.Done, Finished: p.Finished, Version: p.version + 1}
	if p.Finished { // an unfinished request holds seats: it stays resumable until retried
		it.Expires = now.Add(IdempotencyRetention).Unix()
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if p.version > 0 {
		cond = expression.Name("version").Equal(expression.Value(p.version))
	}
	// Only another run of the same request moves the progress on: this run
	// stops at once rather than race it (its retry replays or resumes).
	return s.put(it, &cond, domain.Errorf(domain.CodeIdempotencyKeyInUse, "a request with this Idempotency-Key is in progress; retry later"))
}

// Update is a subscription as read and what it becomes: After is written
// on condition that the item is still at Read's version.
type Update struct {
	Read, After domain.Subscription
}

// SaveProgress commits a step of a request in one transaction: its
// progress p (created at the first step, then conditioned on the step
// before), the subscriptions it changes and the effects (the licenses it
// writes or moves). It returns the progress and the subscriptions as
// written, for the next step; the written versions are set in ups before
// fx.Finish. Returns ErrConflict on a race with another change of a
// subscription, CodeIdempotencyKeyInUse when another run of the same
// request moved the progress on.
func (s *Store) SaveProgress(ctx context.Context, idemHash string, p Progress, ups []Update, fx Effects) (Progress, []domain.Subscription, error) {
	w, err := s.putProgress(idemHash, p, fx.At)
	if err != nil {
		return p, nil, err
	}
	writes := []write{w}
	written := make([]domain.Subscription, len(ups))
	for i := range ups {
		ups[i].After.Version = ups[i].Read.Version + 1
		ws, err := s.subscriptionWrites(ups[i].After, &ups[i].Read.Version)
		if err != nil {
			return p, nil, err
		}
		writes, written[i] = append(writes, ws...), ups[i].After
	}
	if fx.Finish != nil {
		if err := fx.Finish(); err != nil {
			return p, nil, err
		}
	}
	if err := s.commit(ctx, fx.At, writes, fx); err != nil {
		return p, nil, err
	}
	p.version++
	return p, written, nil
}

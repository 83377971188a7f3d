// Package app holds the use cases: every operation of the API and every
// scheduled action is one function over a command — load (store), let the
// domain decide, commit (store). The HTTP transport and the sweeps call the
// same functions; neither knows the store's versions, guards or retries.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"selfserve/shared/catalog"
	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// App is what the use cases need, built once per process.
type App struct {
	Store   *store.Store
	Catalog *catalog.Catalog
	// Now is the clock, read once per use case.
	Now func() time.Time
	// Webhooks is the delivery side of the endpoint use cases.
	Webhooks Webhooks
	// Payments charges and refunds (docs/spec.md §10).
	Payments payments.Provider
	// Hooks let tests stop long work at an exact point.
	Hooks Hooks
	// ExportRows is the rows of an export page (0: MaxExportRows).
	ExportRows int

	// numbering serializes this process's invoice finalizations: they all
	// take the year's one counter, so in parallel they would only make
	// each other retry (another process still can: the counter's
	// condition keeps numbers gapless).
	numbering sync.Mutex
}

// Hooks are called at fixed points of long use cases (nil: not called).
type Hooks struct {
	// AfterMoveChunk runs after each committed chunk of a move-users
	// request with the users moved so far; an error stops the move there,
	// as a crash would.
	AfterMoveChunk func(moved int) error
	// AfterAssignChunk runs likewise after each step of a bulk license
	// assignment with the users licensed so far.
	AfterAssignChunk func(assigned int) error
	// AfterCharge runs after the provider answered a charge, before its
	// commit; AfterCommit after a purchase committed, before its answer.
	// An error stops the use case there, as a crash would.
	AfterCharge func(payments.Charge) error
	AfterCommit func() error
	// AfterInvoice runs once an invoice is final, before the orders its
	// transaction didn't mark billed are.
	AfterInvoice func(domain.Invoice) error
}

// Request is who asks and with which Idempotency-Key.
type Request struct {
	Principal domain.Principal
	// Key is the request's Idempotency-Key (nil: none).
	Key *Key
}

// Key is an Idempotency-Key as kept: scoped to its caller (Hash) and bound
// to one request (RequestHash).
type Key struct {
	Hash        string
	RequestHash string
}

// Reply is a use case's answer, kept with its Idempotency-Key so that a
// replay returns it byte for byte.
type Reply struct {
	Status      int
	ContentType string
	Body        []byte
	Location    string
	// ETag is the subscription's entity tag (not kept for replays).
	ETag string
	// Replayed: the answer of an earlier request with the same key.
	Replayed bool
}

// jsonReply is status with v as its JSON body (nil v: no body).
func jsonReply(status int, v any) (Reply, error) {
	if v == nil {
		return Reply{Status: status}, nil
	}
	b, err := json.Marshal(v)
	return Reply{Status: status, ContentType: "application/json", Body: b}, err
}

// record is the idempotency record of key answering r (nil without a key).
func (k *Key) record(r Reply) *store.Idempotency {
	if k == nil {
		return nil
	}
	return &store.Idempotency{Hash: k.Hash, RequestHash: k.RequestHash, Status: r.Status, Body: r.Body,
		ContentType: r.ContentType, Location: r.Location}
}

// replayOr turns a replay of the same request into its first answer and
// refuses another request with the same key (422); other errors pass.
func replayOr(err error, key *Key) (Reply, error) {
	var rep *store.ReplayError
	if key == nil || !errors.As(err, &rep) {
		return Reply{}, err
	}
	if rep.Record.RequestHash != key.RequestHash {
		return Reply{}, domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used with a different request")
	}
	return Reply{Status: rep.Record.Status, ContentType: rep.Record.ContentType, Body: rep.Record.Body,
		Location: rep.Record.Location, Replayed: true}, nil
}

// refusal answers err, unless the request's Idempotency-Key already has an
// outcome, which is replayed instead: a replay never becomes a refusal.
func (a *App) refusal(ctx context.Context, err error, key *Key) (Reply, error) {
	var rep *store.ReplayError
	switch {
	case errors.As(err, &rep):
		return replayOr(err, key)
	case key == nil || domain.ErrorCode(err) == domain.CodeInternal:
		return Reply{}, err
	}
	if rec, ok, gerr := a.Store.GetIdempotency(ctx, key.Hash, a.Now()); gerr == nil && ok {
		return replayOr(&store.ReplayError{Record: rec}, key)
	}
	return Reply{}, err
}

// ETag is a subscription's entity tag: its version.
func ETag(s domain.Subscription) string { return `"` + strconv.FormatInt(s.Version, 10) + `"` }

// checkIfMatch refuses a change of s when the request's If-Match list names
// neither its entity tag nor "*" ("": no If-Match).
func checkIfMatch(ifMatch string, s domain.Subscription) error {
	if ifMatch == "" {
		return nil
	}
	for _, t := range strings.Split(ifMatch, ",") {
		if t = strings.TrimSpace(t); t == "*" || t == ETag(s) {
			return nil
		}
	}
	return domain.Errorf(domain.CodePreconditionFailed, "the subscription changed (ETag %s); read it again", ETag(s))
}

// stepMargin is the time a request committed in steps keeps before its
// deadline (the function's timeout) to answer.
const stepMargin = 2 * time.Second

// checkTime is called between the steps of a request committed in steps:
// near its deadline it stops there with 503, and a retry with the same
// Idempotency-Key continues it — rather than being cut off unanswered.
func checkTime(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) < stepMargin {
		return domain.Errorf(domain.CodeUnavailable, "the request stopped before its time limit; send it again with the same Idempotency-Key to continue where it stopped")
	}
	return nil
}

// Page is a page of a list: its size and where it starts.
type Page = store.Page

// Statuses of replies.
const (
	statusOK        = http.StatusOK
	statusCreated   = http.StatusCreated
	statusAccepted  = http.StatusAccepted
	statusNoContent = http.StatusNoContent
)

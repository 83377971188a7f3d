package httpapi

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/store"
)

// Reruns of a request that lost a write race: at most maxAttempts, waiting
// a random time up to backoffBase × 2^attempt (capped at backoffCap)
// between them ("full jitter"), so contending writers spread out.
const (
	maxAttempts = 8
	backoffBase = 4 * time.Millisecond
	backoffCap  = 250 * time.Millisecond
)

// handleRetrying runs the route's handler and, when it loses a race — its
// transaction failed on a version condition or a DynamoDB transaction
// conflict (store.ErrConflict) before anything was written to the client —
// runs it again from its reads, after a short random, growing wait, so
// concurrent changes to one item are serialized and none is lost. Every
// attempt carries its own conditions and idempotency record, so a rerun
// can't apply a change twice.
func (a *API) handleRetrying(rt Route, w *statusRecorder, r *http.Request, p domain.Principal) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return domain.Errorf(domain.CodeInvalidRequest, "the body could not be read")
	}
	for attempt := 1; ; attempt++ {
		r.Body = io.NopCloser(bytes.NewReader(body))
		err = rt.handle(a, w, r, p)
		if !errors.Is(err, store.ErrConflict) || w.wrote || attempt == maxAttempts {
			return err
		}
		wait := time.Duration(rand.Int64N(int64(min(backoffCap, backoffBase<<attempt)) + 1))
		select {
		case <-r.Context().Done():
			return err
		case <-time.After(wait):
		}
	}
}

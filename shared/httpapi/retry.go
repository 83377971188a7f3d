package httpapi

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"selfserve/shared/store"
)

// maxRetries bounds the attempts of a write that lost a race.
const maxRetries = 8

// retryConflicts runs write until it doesn't fail with store.ErrConflict, at
// most maxRetries times, waiting a short random, growing time between
// attempts so racing writers spread out. Every attempt must be safe to
// repeat (each carries its own condition or idempotency record).
func retryConflicts(ctx context.Context, write func() error) error {
	var err error
	for attempt := range maxRetries {
		if err = write(); !errors.Is(err, store.ErrConflict) {
			return err
		}
		wait := time.Duration(attempt+1) * time.Duration(2+rand.IntN(8)) * time.Millisecond
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
	return err
}

package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// Reruns of a decision that lost a write race: at most maxAttempts, waiting
// a random time up to backoffBase × 2^attempt (capped at backoffCap)
// between them ("full jitter"), so contending writers spread out.
const (
	maxAttempts = 8
	backoffBase = 4 * time.Millisecond
	backoffCap  = 250 * time.Millisecond
)

// Retry runs attempt until it doesn't lose a write race (ErrConflict): up to
// 8 times, with a short, growing random wait between runs. Every attempt
// reads again and carries its own conditions, so a rerun can't apply a
// change twice. It returns ErrConflict when every attempt lost.
func Retry(ctx context.Context, attempt func() error) error {
	for n := 1; ; n++ {
		err := attempt()
		if !errors.Is(err, ErrConflict) || n == maxAttempts {
			return err
		}
		wait := time.Duration(rand.Int64N(int64(min(backoffCap, backoffBase<<n)) + 1))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// UpdateFamily reads the family of subscription id of tenantID, lets decide
// change it in place — change members, append new add-ons — and commits
// every changed member under the version it was read at, with decide's
// effects, in one transaction. On a lost race it reads and decides again
// (Retry). decide returning an error commits nothing. Versions are the
// store's: changed members get their new one before fx.Finish runs.
// Returns CodeNotFound, decide's errors, ErrConflict, *ReplayError.
func (s *Store) UpdateFamily(ctx context.Context, tenantID, id string, decide func(*Family) (Effects, error)) error {
	return Retry(ctx, func() error {
		f, err := s.GetFamily(ctx, tenantID, id)
		if err != nil {
			return err
		}
		return s.updateOnce(ctx, f, decide)
	})
}

// UpdateFamilyFrom is UpdateFamily starting from a family already read
// (a sweep's due item, read from the due index): the first attempt costs
// no read; reruns read the family again.
func (s *Store) UpdateFamilyFrom(ctx context.Context, f Family, decide func(*Family) (Effects, error)) error {
	first := true
	return Retry(ctx, func() error {
		if !first {
			var err error
			if f, err = s.GetFamily(ctx, f.Base.TenantID, f.Base.ID); err != nil {
				return err
			}
		}
		first = false
		return s.updateOnce(ctx, f, decide)
	})
}

// updateOnce runs one read-decide-commit of f.
func (s *Store) updateOnce(ctx context.Context, f Family, decide func(*Family) (Effects, error)) error {
	read := map[string]domain.Subscription{f.Base.ID: f.Base}
	for _, a := range f.AddOns {
		read[a.ID] = a
	}
	f.AddOns = append([]domain.Subscription(nil), f.AddOns...)
	fx, err := decide(&f)
	if err != nil {
		return err
	}
	writes, err := s.familyWrites(&f, read)
	if err != nil {
		return err
	}
	if fx.Finish != nil {
		if err := fx.Finish(); err != nil {
			return err
		}
	}
	if len(writes) == 0 && fx.empty() {
		return nil
	}
	return s.commit(ctx, fx.At, writes, fx)
}

// familyWrites gives every member of f that differs from how it was read
// its next version and returns their writes: changed members conditioned
// on the version read, new add-ons on not existing yet, and — when only
// add-ons change — a check that the base is still as read, since deciding
// on an add-on depends on its base.
func (s *Store) familyWrites(f *Family, read map[string]domain.Subscription) ([]write, error) {
	var writes []write
	baseChanged := false
	for _, m := range f.members() {
		before, existed := read[m.ID]
		if existed && reflect.DeepEqual(before, *m) {
			continue
		}
		var w []write
		var err error
		if existed {
			m.Version = before.Version + 1
			w, err = s.subscriptionWrites(*m, &before.Version)
		} else {
			m.Version = 1
			w, err = s.subscriptionWrites(*m, nil)
		}
		if err != nil {
			return nil, err
		}
		writes = append(writes, w...)
		baseChanged = baseChanged || m.ID == f.Base.ID
	}
	if len(writes) > 0 && !baseChanged {
		b := read[f.Base.ID]
		guard, err := s.conditionCheck(subKey(b.TenantID, b.ID), expression.Name("version").Equal(expression.Value(b.Version)), ErrConflict)
		if err != nil {
			return nil, err
		}
		writes = append(writes, guard)
	}
	return writes, nil
}

// members are pointers to the base and each add-on of f.
func (f *Family) members() []*domain.Subscription {
	out := []*domain.Subscription{&f.Base}
	for i := range f.AddOns {
		out = append(out, &f.AddOns[i])
	}
	return out
}

// Put replaces the member of f with sub's id by sub, or adds sub as a new
// add-on.
func (f *Family) Put(sub domain.Subscription) {
	for _, m := range f.members() {
		if m.ID == sub.ID {
			*m = sub
			return
		}
	}
	f.AddOns = append(f.AddOns, sub)
}

// LiveAddOns are the add-ons of f that are not Deleted or Expired.
func (f Family) LiveAddOns() []domain.Subscription {
	var out []domain.Subscription
	for _, a := range f.AddOns {
		if a.Status.Live() {
			out = append(out, a)
		}
	}
	return out
}

// subscriptionWrites are the writes of sub: conditioned on the version it
// was read at (prev), or on not existing yet (prev nil); with the tenant's
// one-per-product marker mirroring its status for a limit-one product.
func (s *Store) subscriptionWrites(sub domain.Subscription, prev *int64) ([]write, error) {
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if prev != nil {
		cond = expression.Name("version").Equal(expression.Value(*prev))
	}
	w, err := s.put(toSubscriptionItem(sub), &cond, ErrConflict)
	if err != nil || !sub.LimitOnePerTenant || prev == nil {
		return []write{w}, err
	}
	k := limitKey(sub.TenantID, sub.ProductID)
	var marker write
	if sub.Status.Live() {
		marker, err = s.put(markerItem{PK: k.pk, SK: k.sk, Kind: "limitMarker", SubscriptionID: sub.ID, Status: string(sub.Status)}, nil, nil)
	} else {
		marker, err = s.deleteItem(k)
	}
	return []write{w, marker}, err
}

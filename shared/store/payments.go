package store

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// ChargeClaim says which order a provider charge paid. A charge is claimed
// once: the claim item is written on condition that none exists, so no two
// orders claim one charge, and none claims a charge reconciliation refunded.
type ChargeClaim struct {
	ChargeID       string
	OrderID        string
	TenantID       string
	SubscriptionID string
	At             time.Time
}

// SettledOrder is an order paid after it was recorded: a late charge of an
// unpaid renewal, or the refund of a card credit.
type SettledOrder struct {
	TenantID string
	OrderID  string
	At       time.Time
	// ChargeID is the charge (or refund) that settled it.
	ChargeID string
}

// Claim states of a charge's item.
const (
	ClaimPaid     = "paid"     // an order claims it
	ClaimOrphan   = "orphan"   // no order will: it is being refunded
	ClaimRefunded = "refunded" // an orphan, refunded
)

// ErrChargeReversed is the commit's answer when reconciliation took the
// charge back first: the request must start again under a new key.
var ErrChargeReversed = domain.Errorf(domain.CodeConflict, "the payment of this request was not recorded in time and was refunded; send the request again with a new Idempotency-Key")

func chargeKey(chargeID string) key { return key{"CHARGE#" + chargeID, "CHARGE"} }

type claimItem struct {
	PK             string    `dynamodbav:"pk"`
	SK             string    `dynamodbav:"sk"`
	Kind           string    `dynamodbav:"kind"`
	State          string    `dynamodbav:"state"`
	ChargeID       string    `dynamodbav:"chargeId"`
	OrderID        string    `dynamodbav:"orderId,omitempty"`
	TenantID       string    `dynamodbav:"tenantId,omitempty"`
	SubscriptionID string    `dynamodbav:"subscriptionId,omitempty"`
	At             time.Time `dynamodbav:"at"`
}

// appendPayments appends the claims (each on condition that the charge is
// unclaimed) and the updates of the orders settled at now to writes.
func (s *Store) appendPayments(writes []write, now time.Time, claims []ChargeClaim, settled []SettledOrder) ([]write, error) {
	for _, c := range claims {
		k := chargeKey(c.ChargeID)
		cond := expression.AttributeNotExists(expression.Name("pk"))
		w, err := s.put(claimItem{PK: k.pk, SK: k.sk, Kind: "charge", State: ClaimPaid, ChargeID: c.ChargeID, OrderID: c.OrderID,
			TenantID: c.TenantID, SubscriptionID: c.SubscriptionID, At: c.At.UTC()}, &cond, ErrChargeReversed)
		if err != nil {
			return nil, err
		}
		writes = append(writes, w)
	}
	for _, o := range settled {
		// An order already on a final invoice gets a settle entry, so the
		// invoices sweep marks its line paid; one still waiting keeps its
		// entry.
		shard, at := settleDue(domain.Order{ID: o.OrderID}, now)
		upd := expression.Set(expression.Name("paid"), expression.Value(true)).Set(expression.Name("chargeId"), expression.Value(o.ChargeID)).
			Set(expression.Name("dueShard"), expression.IfNotExists(expression.Name("dueShard"), expression.Value(shard))).
			Set(expression.Name("dueAt"), expression.IfNotExists(expression.Name("dueAt"), expression.Value(at)))
		cond := expression.AttributeExists(expression.Name("pk"))
		w, err := s.update(key{tenantPK(o.TenantID), orderSK(o.At, o.OrderID)}, upd, &cond, ErrConflict)
		if err != nil {
			return nil, err
		}
		writes = append(writes, w)
	}
	return writes, nil
}

// ChargeState is the claim state of a provider charge ("" when no order
// claims it and reconciliation hasn't seen it).
func (s *Store) ChargeState(ctx context.Context, chargeID string) (string, error) {
	var it claimItem
	err := s.getItem(ctx, chargeKey(chargeID), &it, errNoItem)
	if errors.Is(err, errNoItem) {
		return "", nil
	}
	return it.State, err
}

var errNoItem = errors.New("no item")

// MarkOrphan records that no order claims charge id, before it is refunded:
// false when an order claimed it first.
func (s *Store) MarkOrphan(ctx context.Context, chargeID string, at time.Time) (bool, error) {
	k := chargeKey(chargeID)
	cond := expression.AttributeNotExists(expression.Name("pk"))
	w, err := s.put(claimItem{PK: k.pk, SK: k.sk, Kind: "charge", State: ClaimOrphan, ChargeID: chargeID, At: at.UTC()}, &cond, errNoItem)
	if err != nil {
		return false, err
	}
	if err := s.putOne(ctx, w); err != nil {
		if errors.Is(err, errNoItem) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// MarkRefunded records that orphan charge id was refunded.
func (s *Store) MarkRefunded(ctx context.Context, chargeID string, at time.Time) error {
	k := chargeKey(chargeID)
	w, err := s.put(claimItem{PK: k.pk, SK: k.sk, Kind: "charge", State: ClaimRefunded, ChargeID: chargeID, At: at.UTC()}, nil, nil)
	if err != nil {
		return err
	}
	return s.putOne(ctx, w)
}

var reconcileKey = key{"RECONCILE", "CURSOR"}

type reconcileItem struct {
	PK      string    `dynamodbav:"pk"`
	SK      string    `dynamodbav:"sk"`
	Through time.Time `dynamodbav:"through"`
}

// ReconciledThrough is how far reconciliation has looked at charges (the
// zero time before its first run).
func (s *Store) ReconciledThrough(ctx context.Context) (time.Time, error) {
	var it reconcileItem
	err := s.getItem(ctx, reconcileKey, &it, errNoItem)
	if errors.Is(err, errNoItem) {
		return time.Time{}, nil
	}
	return it.Through, err
}

// SetReconciledThrough records that every charge created before t was
// reconciled.
func (s *Store) SetReconciledThrough(ctx context.Context, t time.Time) error {
	w, err := s.put(reconcileItem{PK: reconcileKey.pk, SK: reconcileKey.sk, Through: t.UTC()}, nil, nil)
	if err != nil {
		return err
	}
	return s.putOne(ctx, w)
}

// Package store is the only package that talks to DynamoDB. It keeps every
// entity of docs/data-model.md in one table and commits each change with its
// activity record, outbox events and idempotency record in one transaction.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// Store reads and writes the single table.
type Store struct {
	db    *dynamodb.Client
	table string
}

// New returns a Store on table through db (built once per process).
func New(db *dynamodb.Client, table string) *Store {
	return &Store{db: db, table: table}
}

// Effects are what every change commits with it (docs/spec.md §6, §8, §9):
// activity records, outbox events, orders, license items and the
// idempotency record, in the change's transaction.
type Effects struct {
	// At is when the change happens: records' retention counts from it.
	At          time.Time
	Activity    *domain.Activity
	Activities  []*domain.Activity
	Events      []domain.Event
	Orders      []domain.Order
	Idempotency *Idempotency
	// AddLicenses are written, each on condition that the user holds no
	// license of that subscription yet; RemoveLicenses are deleted, each on
	// condition that it exists (else CodeNotFound).
	AddLicenses    []domain.License
	RemoveLicenses []domain.License
	// Claims are the provider charges the change's orders were paid with:
	// each may be claimed once, and never after reconciliation refunded it
	// (docs/spec.md §10).
	Claims []ChargeClaim
	// Settled are earlier orders paid now: a late charge, or a refund paid
	// out for a credit.
	Settled []SettledOrder
	// Finish, if set, runs after the changed subscriptions got their new
	// versions and before the commit: it completes what depends on them
	// (the answer kept with the Idempotency-Key).
	Finish func() error
}

func (fx Effects) empty() bool {
	return fx.Activity == nil && len(fx.Activities) == 0 && len(fx.Events) == 0 && len(fx.Orders) == 0 &&
		fx.Idempotency == nil && len(fx.AddLicenses) == 0 && len(fx.RemoveLicenses) == 0 && len(fx.Claims) == 0 && len(fx.Settled) == 0
}

// ErrConflict means a concurrent writer changed an item first; read-modify-write
// callers retry, others report 409.
var ErrConflict = domain.Errorf(domain.CodeConflict, "the resource was changed concurrently; retry the request")

// write is one item of a transaction with the error to return when its
// condition fails (nil: the condition can't fail).
type write struct {
	item        types.TransactWriteItem
	onCondition error
}

// commit runs writes plus the effects' items as one TransactWriteItems round
// trip and maps a cancellation to the error of the item that caused it.
func (s *Store) commit(ctx context.Context, now time.Time, writes []write, fx Effects) error {
	writes, idem, err := s.effectWrites(now, writes, fx)
	if err != nil {
		return err
	}
	if len(writes) == 1 && writes[0].item.Put != nil && idem < 0 && fx.Activity == nil && len(fx.Activities) == 0 && len(fx.Events) == 0 {
		return s.putOne(ctx, writes[0])
	}
	items := make([]types.TransactWriteItem, len(writes))
	for i, w := range writes {
		items[i] = w.item
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err == nil {
		return nil
	}
	var canceled *types.TransactionCanceledException
	if !errors.As(err, &canceled) {
		return fmt.Errorf("transact write: %w", err)
	}
	reasons := canceled.CancellationReasons
	// The idempotency record decides first: a replay or a request in flight
	// explains every other failure of the same transaction.
	if idem >= 0 && idem < len(reasons) {
		switch aws.ToString(reasons[idem].Code) {
		case "ConditionalCheckFailed":
			return replayOf(reasons[idem].Item)
		case "TransactionConflict":
			return domain.Errorf(domain.CodeIdempotencyKeyInUse, "a request with this Idempotency-Key is in progress; retry later")
		}
	}
	for i, r := range reasons {
		if aws.ToString(r.Code) == "ConditionalCheckFailed" && i < len(writes) && writes[i].onCondition != nil {
			return writes[i].onCondition
		}
	}
	for _, r := range reasons {
		if aws.ToString(r.Code) == "TransactionConflict" || aws.ToString(r.Code) == "ConditionalCheckFailed" {
			return ErrConflict
		}
	}
	return fmt.Errorf("transaction canceled: %w", err)
}

// effectWrites appends the writes of fx to writes: activity records,
// events, orders, licenses and, last, the idempotency record, whose index
// it returns (-1: none).
func (s *Store) effectWrites(now time.Time, writes []write, fx Effects) ([]write, int, error) {
	if fx.Activity != nil {
		w, err := s.putActivity(*fx.Activity)
		if err != nil {
			return nil, -1, err
		}
		writes = append(writes, w)
	}
	for _, a := range fx.Activities {
		w, err := s.putActivity(*a)
		if err != nil {
			return nil, -1, err
		}
		writes = append(writes, w)
	}
	for _, e := range fx.Events {
		w, err := s.putEvent(e)
		if err != nil {
			return nil, -1, err
		}
		writes = append(writes, w)
	}
	writes, err := s.appendOrders(writes, fx.Orders)
	if err != nil {
		return nil, -1, err
	}
	if writes, err = s.appendLicenses(writes, fx.AddLicenses, fx.RemoveLicenses); err != nil {
		return nil, -1, err
	}
	if writes, err = s.appendPayments(writes, now, fx.Claims, fx.Settled); err != nil {
		return nil, -1, err
	}
	idem := -1
	if fx.Idempotency != nil {
		w, err := s.putIdempotency(*fx.Idempotency, now)
		if err != nil {
			return nil, -1, err
		}
		idem = len(writes)
		writes = append(writes, w)
	}
	return writes, idem, nil
}

// Record commits effects that change no entity (the activity record of a
// refused attempt).
func (s *Store) Record(ctx context.Context, now time.Time, fx Effects) error {
	return s.commit(ctx, now, nil, fx)
}

// putOne writes a lone conditional Put as a PutItem: atomic on its own,
// and cheaper than a one-item transaction.
func (s *Store) putOne(ctx context.Context, w write) error {
	p := w.item.Put
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: p.TableName, Item: p.Item, ConditionExpression: p.ConditionExpression,
		ExpressionAttributeNames: p.ExpressionAttributeNames, ExpressionAttributeValues: p.ExpressionAttributeValues})
	var failed *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return nil
	case errors.As(err, &failed) && w.onCondition != nil:
		return w.onCondition
	case errors.As(err, &failed):
		return ErrConflict
	}
	return fmt.Errorf("put item: %w", err)
}

// put builds a Put of v (a storage item struct) with an optional condition.
func (s *Store) put(v any, cond *expression.ConditionBuilder, onCondition error) (write, error) {
	av, err := attributevalue.MarshalMap(v)
	if err != nil {
		return write{}, err
	}
	p := &types.Put{TableName: &s.table, Item: av}
	if cond != nil {
		expr, err := expression.NewBuilder().WithCondition(*cond).Build()
		if err != nil {
			return write{}, err
		}
		p.ConditionExpression = expr.Condition()
		p.ExpressionAttributeNames = expr.Names()
		p.ExpressionAttributeValues = expr.Values()
	}
	return write{item: types.TransactWriteItem{Put: p}, onCondition: onCondition}, nil
}

// update builds an Update of the item at k.
func (s *Store) update(k key, upd expression.UpdateBuilder, cond *expression.ConditionBuilder, onCondition error) (write, error) {
	b := expression.NewBuilder().WithUpdate(upd)
	if cond != nil {
		b = b.WithCondition(*cond)
	}
	expr, err := b.Build()
	if err != nil {
		return write{}, err
	}
	return write{item: types.TransactWriteItem{Update: &types.Update{
		TableName:                 &s.table,
		Key:                       k.av(),
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}}, onCondition: onCondition}, nil
}

// getItem reads one item strongly consistently into out; missing items give
// notFound.
func (s *Store) getItem(ctx context.Context, k key, out any, notFound error) error {
	res, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: k.av(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("get item: %w", err)
	}
	if res.Item == nil {
		return notFound
	}
	return attributevalue.UnmarshalMap(res.Item, out)
}

// DB is the client and table the store uses, for what keeps its own items
// beside the application's (the local payment provider).
func (s *Store) DB() (*dynamodb.Client, string) { return s.db, s.table }

package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// Retention of records that are not kept forever (DynamoDB TTL, epoch seconds).
const (
	eventRetention       = 7 * 24 * time.Hour
	IdempotencyRetention = 24 * time.Hour
)

type activityItem struct {
	PK         string    `dynamodbav:"pk"`
	SK         string    `dynamodbav:"sk"`
	Kind       string    `dynamodbav:"kind"`
	ID         string    `dynamodbav:"id"`
	TenantID   string    `dynamodbav:"tenantId"`
	At         time.Time `dynamodbav:"at"`
	Actor      actorAttr `dynamodbav:"actor"`
	Operation  string    `dynamodbav:"operation"`
	TargetType string    `dynamodbav:"targetType"`
	TargetID   string    `dynamodbav:"targetId"`
	// Before and After are JSON documents of the changed fields.
	Before string `dynamodbav:"before,omitempty"`
	After  string `dynamodbav:"after,omitempty"`
}

// actorAttr is domain.Actor as stored.
type actorAttr struct {
	UserID   string        `dynamodbav:"userId,omitempty"`
	TenantID string        `dynamodbav:"tenantId,omitempty"`
	Roles    []domain.Role `dynamodbav:"roles,omitempty"`
	System   string        `dynamodbav:"system,omitempty"`
}

func (s *Store) putActivity(a domain.Activity) (write, error) {
	it := activityItem{
		PK: activityPK(a.TenantID), SK: activitySK(a.At, a.ID), Kind: "activity",
		ID: a.ID, TenantID: a.TenantID, At: a.At.UTC(), Actor: actorAttr(a.Actor),
		Operation: a.Operation, TargetType: a.TargetType, TargetID: a.TargetID,
	}
	var err error
	if it.Before, err = jsonOrEmpty(a.Before); err != nil {
		return write{}, err
	}
	if it.After, err = jsonOrEmpty(a.After); err != nil {
		return write{}, err
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	return s.put(it, &cond, ErrConflict)
}

func (it activityItem) toDomain() (domain.Activity, error) {
	a := domain.Activity{ID: it.ID, TenantID: it.TenantID, At: it.At, Actor: domain.Actor(it.Actor),
		Operation: it.Operation, TargetType: it.TargetType, TargetID: it.TargetID}
	if it.Before != "" {
		if err := json.Unmarshal([]byte(it.Before), &a.Before); err != nil {
			return a, err
		}
	}
	if it.After != "" {
		if err := json.Unmarshal([]byte(it.After), &a.After); err != nil {
			return a, err
		}
	}
	return a, nil
}

func jsonOrEmpty(m map[string]any) (string, error) {
	if m == nil {
		return "", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// eventItem is an outbox record; the table's stream carries its insertion to
// the webhook dispatcher. Payload is the exact body receivers get.
type eventItem struct {
	PK             string    `dynamodbav:"pk"`
	SK             string    `dynamodbav:"sk"`
	Kind           string    `dynamodbav:"kind"`
	ID             string    `dynamodbav:"id"`
	Type           string    `dynamodbav:"type"`
	TenantID       string    `dynamodbav:"tenantId"`
	SubscriptionID string    `dynamodbav:"subscriptionId,omitempty"`
	PurchaserID    string    `dynamodbav:"purchaserId,omitempty"`
	PartnerID      string    `dynamodbav:"partnerId,omitempty"`
	Channel        string    `dynamodbav:"channel,omitempty"`
	OccurredAt     time.Time `dynamodbav:"occurredAt"`
	Sequence       int64     `dynamodbav:"sequence"`
	EndpointID     string    `dynamodbav:"endpointId,omitempty"`
	// PayloadZ is the exact payload to deliver, deflated (Payload: as
	// written by earlier versions, kept readable).
	PayloadZ  []byte `dynamodbav:"payloadZ,omitempty"`
	Payload   string `dynamodbav:"payload,omitempty"`
	ExpiresAt int64  `dynamodbav:"expiresAt"`
	// Farewell is the data-deleted mail's address (domain.MailFarewell).
	Farewell *purchaserAttr `dynamodbav:"farewell,omitempty"`
	Unpaid   bool           `dynamodbav:"unpaid,omitempty"`
}

func (s *Store) putEvent(e domain.Event) (write, error) {
	payload, err := e.Payload()
	if err != nil {
		return write{}, err
	}
	k := eventKey(e.ID)
	it := eventItem{
		PK: k.pk, SK: k.sk, Kind: "event", ID: e.ID, Type: e.Type, TenantID: e.TenantID,
		SubscriptionID: e.SubscriptionID, PurchaserID: e.PurchaserID, PartnerID: e.PartnerID,
		Channel: e.Channel, OccurredAt: e.OccurredAt.UTC(), Sequence: e.Sequence, EndpointID: e.EndpointID,
		PayloadZ: deflate(payload), ExpiresAt: e.OccurredAt.Add(eventRetention).Unix(), Unpaid: e.Unpaid,
	}
	if e.Farewell != nil {
		f := purchaserAttr(*e.Farewell)
		it.Farewell = &f
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	return s.put(it, &cond, ErrConflict)
}

// Idempotency is the stored outcome of a request made with an Idempotency-Key
// (docs/spec.md §9). Hash identifies the key within its principal; RequestHash the
// request, so the same key with another body is told apart.
type Idempotency struct {
	Hash        string
	RequestHash string
	Status      int
	Body        []byte
	ContentType string
	Location    string
}

type idempotencyItem struct {
	PK          string `dynamodbav:"pk"`
	SK          string `dynamodbav:"sk"`
	Kind        string `dynamodbav:"kind"`
	RequestHash string `dynamodbav:"requestHash"`
	Status      int    `dynamodbav:"status"`
	// BodyZ is the answer's body, deflated (Body: as written by earlier
	// versions, kept readable).
	BodyZ       []byte    `dynamodbav:"bodyZ,omitempty"`
	Body        []byte    `dynamodbav:"body,omitempty"`
	ContentType string    `dynamodbav:"contentType,omitempty"`
	Location    string    `dynamodbav:"location,omitempty"`
	CreatedAt   time.Time `dynamodbav:"createdAt"`
	ExpiresAt   int64     `dynamodbav:"expiresAt"`
}

// putIdempotency writes the record unless a live one exists. TTL deletion is
// late, so an expired record counts as absent.
func (s *Store) putIdempotency(r Idempotency, now time.Time) (write, error) {
	k := idempotencyKey(r.Hash)
	it := idempotencyItem{PK: k.pk, SK: k.sk, Kind: "idempotency", RequestHash: r.RequestHash, Status: r.Status,
		BodyZ: deflate(r.Body), ContentType: r.ContentType, Location: r.Location, CreatedAt: now.UTC(),
		ExpiresAt: now.Add(IdempotencyRetention).Unix()}
	cond := expression.AttributeNotExists(expression.Name("pk")).
		Or(expression.Name("expiresAt").LessThanEqual(expression.Value(now.Unix())))
	w, err := s.put(it, &cond, nil)
	if err != nil {
		return w, err
	}
	w.item.Put.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	return w, nil
}

// ReplayError carries the stored outcome of an earlier request with the same
// Idempotency-Key; the transport replays it (or refuses a different body).
type ReplayError struct{ Record Idempotency }

func (e *ReplayError) Error() string { return "idempotent replay" }

func replayOf(item map[string]types.AttributeValue) error {
	var it idempotencyItem
	if item == nil {
		return ErrConflict
	}
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return err
	}
	rec, err := it.record("")
	if err != nil {
		return err
	}
	return &ReplayError{Record: rec}
}

// record is the kept outcome of the key hash.
func (it idempotencyItem) record(hash string) (Idempotency, error) {
	body := it.Body
	if it.BodyZ != nil {
		var err error
		if body, err = inflate(it.BodyZ); err != nil {
			return Idempotency{}, err
		}
	}
	return Idempotency{Hash: hash, RequestHash: it.RequestHash, Status: it.Status, Body: body,
		ContentType: it.ContentType, Location: it.Location}, nil
}

// ListActivity lists a tenant's activity from..to (inclusive), newest first,
// one page per round trip.
func (s *Store) ListActivity(ctx context.Context, tenantID string, from, to time.Time, p Page) ([]domain.Activity, []byte, error) {
	kc := expression.Key("pk").Equal(expression.Value(activityPK(tenantID))).
		And(expression.Key("sk").Between(expression.Value(sortableTime(from)), expression.Value(sortableTime(to)+"#~")))
	var items []activityItem
	next, err := s.queryPage(ctx, query{key: kc, newestFirst: true}, p, &items)
	if err != nil {
		return nil, nil, err
	}
	out := make([]domain.Activity, len(items))
	for i, it := range items {
		if out[i], err = it.toDomain(); err != nil {
			return nil, nil, err
		}
	}
	return out, next, nil
}

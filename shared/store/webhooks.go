package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// Webhook records: endpoints live in their tenant's partition, deliveries
// in their endpoint's (docs/data-model.md §6).
const (
	// DeliveryRetention is how long delivery records are kept.
	DeliveryRetention = 30 * 24 * time.Hour
	// SweepWebhookRetries is the due-index sweep of pending deliveries.
	SweepWebhookRetries = "WebhookRetrySweep"
)

// Errors of webhook writes.
var (
	// ErrEndpointChanged: the endpoint changed (or went) since it was read.
	ErrEndpointChanged = domain.Errorf(domain.CodeConflict, "the webhook endpoint was changed concurrently")
	// ErrDeliveryExists: the event was already delivered to the endpoint
	// (a stream record processed again).
	ErrDeliveryExists = domain.Errorf(domain.CodeConflict, "the delivery is already recorded")
	// ErrDeliveryTaken: another sender claimed or recorded the delivery
	// first (ClaimDelivery).
	ErrDeliveryTaken = errors.New("delivery claimed by another sender")
)

// ClaimDelivery marks d (as read; Version 0 when new) as being attempted
// at at (domain.Delivery.Claim) and returns it as written. Once the claim
// is written the delivery can't be lost: the retry sweep sends it when the
// claim's lease ends. ErrDeliveryTaken: another sender has it.
func (s *Store) ClaimDelivery(ctx context.Context, d domain.Delivery, at time.Time) (domain.Delivery, error) {
	claimed := d
	claimed.Claim(at)
	err := s.RecordDelivery(ctx, DeliveryWrite{Delivery: claimed, BeforeVersion: d.Version}, at, Effects{})
	if errors.Is(err, ErrDeliveryExists) || errors.Is(err, ErrConflict) {
		return d, ErrDeliveryTaken
	}
	if err != nil {
		return d, err
	}
	claimed.Version = d.Version + 1
	return claimed, nil
}

func webhookSK(endpointID string) string { return "WEBHOOK#" + endpointID }
func webhookKey(tenantID, endpointID string) key {
	return key{tenantPK(tenantID), webhookSK(endpointID)}
}
func deliveryPK(endpointID string) string           { return "DELIVERY#" + endpointID }
func deliveryKey(endpointID, deliveryID string) key { return key{deliveryPK(endpointID), deliveryID} }

// ownerGSI1PK groups an owner's endpoints: members by user, agents by
// their partner tenant and user.
func ownerGSI1PK(tenantID string, o domain.EndpointOwner) string {
	if o.TenantID == tenantID {
		return userGSI1PK(tenantID, o.UserID)
	}
	return tenantPK(tenantID) + "#AGENT#" + o.TenantID + "#" + o.UserID
}

type secretAttr struct {
	Value     string     `dynamodbav:"secret"`
	CreatedAt time.Time  `dynamodbav:"createdAt"`
	ExpiresAt *time.Time `dynamodbav:"expiresAt,omitempty"`
}

type endpointItem struct {
	PK             string       `dynamodbav:"pk"`
	SK             string       `dynamodbav:"sk"`
	GSI1PK         string       `dynamodbav:"gsi1pk"`
	GSI1SK         string       `dynamodbav:"gsi1sk"`
	Kind           string       `dynamodbav:"kind"`
	ID             string       `dynamodbav:"id"`
	TenantID       string       `dynamodbav:"tenantId"`
	OwnerTenantID  string       `dynamodbav:"ownerTenantId"`
	OwnerUserID    string       `dynamodbav:"ownerUserId"`
	Scope          string       `dynamodbav:"scope"`
	URL            string       `dynamodbav:"url"`
	EventTypes     []string     `dynamodbav:"eventTypes,omitempty"`
	Description    string       `dynamodbav:"description,omitempty"`
	Secrets        []secretAttr `dynamodbav:"secrets"`
	Status         string       `dynamodbav:"status"`
	DisabledReason string       `dynamodbav:"disabledReason,omitempty"`
	DisabledAt     *time.Time   `dynamodbav:"disabledAt,omitempty"`
	FailingSince   *time.Time   `dynamodbav:"failingSince,omitempty"`
	CreatedAt      time.Time    `dynamodbav:"createdAt"`
	Version        int64        `dynamodbav:"version"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func fromOpt(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func toEndpointItem(e domain.Endpoint) endpointItem {
	k := webhookKey(e.TenantID, e.ID)
	it := endpointItem{PK: k.pk, SK: k.sk, GSI1PK: ownerGSI1PK(e.TenantID, e.Owner), GSI1SK: k.sk, Kind: "webhookEndpoint",
		ID: e.ID, TenantID: e.TenantID, OwnerTenantID: e.Owner.TenantID, OwnerUserID: e.Owner.UserID, Scope: string(e.Owner.Scope),
		URL: e.URL, EventTypes: e.EventTypes, Description: e.Description, Status: string(e.Status), DisabledReason: e.DisabledReason,
		DisabledAt: optTime(e.DisabledAt), FailingSince: optTime(e.FailingSince), CreatedAt: e.CreatedAt.UTC(), Version: e.Version}
	for _, s := range e.Secrets {
		it.Secrets = append(it.Secrets, secretAttr{Value: s.Value, CreatedAt: s.CreatedAt.UTC(), ExpiresAt: optTime(s.ExpiresAt)})
	}
	return it
}

func (it endpointItem) toDomain() domain.Endpoint {
	e := domain.Endpoint{ID: it.ID, TenantID: it.TenantID,
		Owner: domain.EndpointOwner{TenantID: it.OwnerTenantID, UserID: it.OwnerUserID, Scope: domain.EndpointScope(it.Scope)},
		URL:   it.URL, EventTypes: it.EventTypes, Description: it.Description, Status: domain.EndpointStatus(it.Status),
		DisabledReason: it.DisabledReason, DisabledAt: fromOpt(it.DisabledAt), FailingSince: fromOpt(it.FailingSince),
		CreatedAt: it.CreatedAt, Version: it.Version}
	for _, s := range it.Secrets {
		e.Secrets = append(e.Secrets, domain.Secret{Value: s.Value, CreatedAt: s.CreatedAt, ExpiresAt: fromOpt(s.ExpiresAt)})
	}
	return e
}

func endpointNotFound(id string) error {
	return domain.Errorf(domain.CodeNotFound, "webhook endpoint %q not found", id)
}

// CreateEndpoint writes a new endpoint (version 1) with its effects.
func (s *Store) CreateEndpoint(ctx context.Context, e domain.Endpoint, now time.Time, fx Effects) error {
	e.Version = 1
	cond := expression.AttributeNotExists(expression.Name("pk"))
	w, err := s.put(toEndpointItem(e), &cond, ErrConflict)
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w}, fx)
}

// GetEndpoint reads one endpoint; CodeNotFound when absent.
func (s *Store) GetEndpoint(ctx context.Context, tenantID, endpointID string) (domain.Endpoint, error) {
	var it endpointItem
	if err := s.getItem(ctx, webhookKey(tenantID, endpointID), &it, endpointNotFound(endpointID)); err != nil {
		return domain.Endpoint{}, err
	}
	return it.toDomain(), nil
}

// endpointWrite replaces the endpoint read at before with after (version
// bumped), or deletes it when after is nil; ErrEndpointChanged when it
// changed meanwhile.
func (s *Store) endpointWrite(before domain.Endpoint, after *domain.Endpoint) (write, error) {
	cond := expression.Name("version").Equal(expression.Value(before.Version))
	if after == nil {
		w, err := s.deleteItem(webhookKey(before.TenantID, before.ID))
		if err != nil {
			return w, err
		}
		expr, err := expression.NewBuilder().WithCondition(cond).Build()
		if err != nil {
			return w, err
		}
		w.item.Delete.ConditionExpression, w.item.Delete.ExpressionAttributeNames, w.item.Delete.ExpressionAttributeValues =
			expr.Condition(), expr.Names(), expr.Values()
		w.onCondition = ErrEndpointChanged
		return w, nil
	}
	e := *after
	e.Version = before.Version + 1
	return s.put(toEndpointItem(e), &cond, ErrEndpointChanged)
}

// SaveEndpoint replaces the endpoint read at before with after, with its
// effects, in one transaction.
func (s *Store) SaveEndpoint(ctx context.Context, before, after domain.Endpoint, now time.Time, fx Effects) error {
	w, err := s.endpointWrite(before, &after)
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w}, fx)
}

// DeleteEndpoint deletes the endpoint as read, with its effects. Its
// pending deliveries are cancelled when next due.
func (s *Store) DeleteEndpoint(ctx context.Context, e domain.Endpoint, now time.Time, fx Effects) error {
	w, err := s.endpointWrite(e, nil)
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w}, fx)
}

// EmitForEndpoint commits fx (a webhook.test event) provided the endpoint
// is still enabled and as read.
func (s *Store) EmitForEndpoint(ctx context.Context, e domain.Endpoint, now time.Time, fx Effects) error {
	cond := expression.Name("version").Equal(expression.Value(e.Version)).
		And(expression.Name("status").Equal(expression.Value(string(domain.EndpointEnabled))))
	w, err := s.conditionCheck(webhookKey(e.TenantID, e.ID), cond, ErrEndpointChanged)
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w}, fx)
}

// ListEndpoints lists a tenant's endpoints by creation, one page per round
// trip: all of them, or (owner set) that owner's only.
func (s *Store) ListEndpoints(ctx context.Context, tenantID string, owner *domain.EndpointOwner, p Page) ([]domain.Endpoint, []byte, error) {
	q := tenantEndpoints(tenantID)
	if owner != nil {
		q = query{index: gsi1, key: expression.Key("gsi1pk").Equal(expression.Value(ownerGSI1PK(tenantID, *owner))).
			And(expression.Key("gsi1sk").BeginsWith("WEBHOOK#"))}
	}
	return domainPage[endpointItem, domain.Endpoint](ctx, s, q, p)
}

// tenantEndpoints reads a tenant's endpoints in creation order.
func tenantEndpoints(tenantID string) query {
	return query{key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith("WEBHOOK#"))}
}

// TenantEndpoints returns every endpoint of a tenant (the dispatcher's
// candidates for one event).
func (s *Store) TenantEndpoints(ctx context.Context, tenantID string) ([]domain.Endpoint, error) {
	items, err := queryAll[endpointItem](ctx, s, tenantEndpoints(tenantID))
	return toDomains[endpointItem, domain.Endpoint](items), err
}

type attemptAttr struct {
	At         time.Time `dynamodbav:"at"`
	HTTPStatus int       `dynamodbav:"httpStatus,omitempty"`
	Error      string    `dynamodbav:"error,omitempty"`
	DurationMs int64     `dynamodbav:"durationMs"`
	Manual     bool      `dynamodbav:"manual,omitempty"`
	Accepted   bool      `dynamodbav:"accepted,omitempty"`
}

type deliveryItem struct {
	PK            string        `dynamodbav:"pk"`
	SK            string        `dynamodbav:"sk"`
	Kind          string        `dynamodbav:"kind"`
	ID            string        `dynamodbav:"id"`
	EndpointID    string        `dynamodbav:"endpointId"`
	TenantID      string        `dynamodbav:"tenantId"`
	EventID       string        `dynamodbav:"eventId"`
	EventType     string        `dynamodbav:"eventType"`
	Payload       string        `dynamodbav:"payload"`
	Status        string        `dynamodbav:"status"`
	Attempts      []attemptAttr `dynamodbav:"attempts"`
	NextAttemptAt *time.Time    `dynamodbav:"nextAttemptAt,omitempty"`
	CreatedAt     time.Time     `dynamodbav:"createdAt"`
	Version       int64         `dynamodbav:"version"`
	DueShard      string        `dynamodbav:"dueShard,omitempty"`
	DueAt         string        `dynamodbav:"dueAt,omitempty"`
	ExpiresAt     int64         `dynamodbav:"expiresAt"`
}

func toDeliveryItem(d domain.Delivery) deliveryItem {
	k := deliveryKey(d.EndpointID, d.ID)
	it := deliveryItem{PK: k.pk, SK: k.sk, Kind: "delivery", ID: d.ID, EndpointID: d.EndpointID, TenantID: d.TenantID,
		EventID: d.EventID, EventType: d.EventType, Payload: string(d.Payload), Status: string(d.Status),
		Attempts: []attemptAttr{}, NextAttemptAt: optTime(d.NextAttemptAt), CreatedAt: d.CreatedAt.UTC(), Version: d.Version,
		ExpiresAt: d.CreatedAt.Add(DeliveryRetention).Unix()}
	for _, a := range d.Attempts {
		it.Attempts = append(it.Attempts, attemptAttr{At: a.At.UTC(), HTTPStatus: a.HTTPStatus, Error: a.Error, DurationMs: a.DurationMs, Manual: a.Manual, Accepted: a.Accepted})
	}
	if d.Status == domain.DeliveryPending && !d.NextAttemptAt.IsZero() {
		id := d.EndpointID + ":" + d.ID
		it.DueShard, it.DueAt = dueShard(SweepWebhookRetries, id), dueAt(d.NextAttemptAt, id)
	}
	return it
}

func (it deliveryItem) toDomain() domain.Delivery {
	d := domain.Delivery{ID: it.ID, EndpointID: it.EndpointID, TenantID: it.TenantID, EventID: it.EventID, EventType: it.EventType,
		Payload: []byte(it.Payload), Status: domain.DeliveryStatus(it.Status), NextAttemptAt: fromOpt(it.NextAttemptAt),
		CreatedAt: it.CreatedAt, Version: it.Version}
	for _, a := range it.Attempts {
		d.Attempts = append(d.Attempts, domain.Attempt{At: a.At, HTTPStatus: a.HTTPStatus, Error: a.Error, DurationMs: a.DurationMs, Manual: a.Manual, Accepted: a.Accepted})
	}
	return d
}

// DeliveryWrite is the outcome of one delivery attempt: the delivery as it
// now stands (Before its version as read, 0 for a new one) and, when the
// attempt changed it, the endpoint's failure state.
type DeliveryWrite struct {
	Delivery       domain.Delivery
	BeforeVersion  int64
	Endpoint       *domain.Endpoint
	EndpointBefore domain.Endpoint
}

// RecordDelivery commits a delivery's new state, with the endpoint's
// failure state when it changed, in one transaction. A new delivery that
// exists already gives ErrDeliveryExists; a changed one ErrConflict; a
// changed endpoint ErrEndpointChanged.
func (s *Store) RecordDelivery(ctx context.Context, dw DeliveryWrite, now time.Time, fx Effects) error {
	d := dw.Delivery
	d.Version = dw.BeforeVersion + 1
	cond, onCond := expression.AttributeNotExists(expression.Name("pk")), ErrDeliveryExists
	if dw.BeforeVersion > 0 {
		cond, onCond = expression.Name("version").Equal(expression.Value(dw.BeforeVersion)), ErrConflict
	}
	w, err := s.put(toDeliveryItem(d), &cond, onCond)
	if err != nil {
		return err
	}
	writes := []write{w}
	if dw.Endpoint != nil {
		ew, err := s.endpointWrite(dw.EndpointBefore, dw.Endpoint)
		if err != nil {
			return err
		}
		writes = append(writes, ew)
	}
	return s.commit(ctx, now, writes, fx)
}

// GetDelivery reads one delivery of an endpoint; CodeNotFound when absent.
func (s *Store) GetDelivery(ctx context.Context, endpointID, deliveryID string) (domain.Delivery, error) {
	var it deliveryItem
	err := s.getItem(ctx, deliveryKey(endpointID, deliveryID), &it, domain.Errorf(domain.CodeNotFound, "delivery %q not found", deliveryID))
	if err != nil {
		return domain.Delivery{}, err
	}
	return it.toDomain(), nil
}

// ListDeliveries lists an endpoint's deliveries, newest first, one page
// per round trip.
func (s *Store) ListDeliveries(ctx context.Context, endpointID string, p Page) ([]domain.Delivery, []byte, error) {
	return domainPage[deliveryItem, domain.Delivery](ctx, s, query{key: expression.Key("pk").Equal(expression.Value(deliveryPK(endpointID))), newestFirst: true}, p)
}

// OutboxEvent is an outbox record as the stream carries it: the event's
// routing facts and the exact payload to deliver.
type OutboxEvent struct {
	domain.Event
	Payload []byte
}

// DecodeOutboxEvent reads a stream record's new image. ok is false for
// items that are not outbox events.
func DecodeOutboxEvent(image map[string]types.AttributeValue) (OutboxEvent, bool, error) {
	kind, _ := image["kind"].(*types.AttributeValueMemberS)
	if kind == nil || kind.Value != "event" {
		return OutboxEvent{}, false, nil
	}
	var it eventItem
	if err := attributevalue.UnmarshalMap(image, &it); err != nil {
		return OutboxEvent{}, false, fmt.Errorf("decode outbox event: %w", err)
	}
	payload := []byte(it.Payload)
	if it.PayloadZ != nil {
		var err error
		if payload, err = inflate(it.PayloadZ); err != nil {
			return OutboxEvent{}, false, fmt.Errorf("decode outbox event: %w", err)
		}
	}
	return OutboxEvent{Event: domain.Event{ID: it.ID, Type: it.Type, TenantID: it.TenantID, SubscriptionID: it.SubscriptionID,
		PurchaserID: it.PurchaserID, PartnerID: it.PartnerID, Channel: it.Channel, OccurredAt: it.OccurredAt,
		Sequence: it.Sequence, EndpointID: it.EndpointID, Farewell: (*domain.Purchaser)(it.Farewell), Unpaid: it.Unpaid}, Payload: payload}, true, nil
}

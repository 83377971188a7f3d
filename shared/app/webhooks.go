package app

import (
	"context"
	"time"
	"unicode/utf8"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Webhooks is the port to the delivery side the endpoint use cases need:
// the URL guard, fresh secrets and a manual delivery attempt.
type Webhooks interface {
	// CheckURL refuses URLs deliveries may not reach (CodeInvalidRequest).
	CheckURL(ctx context.Context, url string) error
	// NewSecret returns a fresh whsec_ signing secret.
	NewSecret() string
	// Resend makes one manual attempt of d to e at now and records it
	// with the effects fx gives for the delivery as it will be recorded;
	// it returns that delivery.
	Resend(ctx context.Context, e domain.Endpoint, d domain.Delivery, now time.Time, fx func(domain.Delivery) (store.Effects, error)) (domain.Delivery, error)
}

// EndpointView is an endpoint as shown; its secrets never are, except the
// new one in the answers of create and rotate (SecretView).
type EndpointView struct {
	ID              string                `json:"id"`
	TenantID        string                `json:"tenantId"`
	URL             string                `json:"url"`
	EventTypes      []string              `json:"eventTypes"`
	Description     string                `json:"description,omitempty"`
	Owner           domain.EndpointOwner  `json:"owner"`
	Status          domain.EndpointStatus `json:"status"`
	DisabledReason  string                `json:"disabledReason,omitempty"`
	DisabledAt      time.Time             `json:"disabledAt,omitzero"`
	FailingSince    time.Time             `json:"failingSince,omitzero"`
	SecretRotatedAt time.Time             `json:"secretRotatedAt,omitzero"`
	CreatedAt       time.Time             `json:"createdAt"`
}

// SecretView is an endpoint with its new secret, shown once.
type SecretView struct {
	EndpointView
	Secret string `json:"secret"`
}

// ViewEndpoint is e as shown.
func ViewEndpoint(e domain.Endpoint) EndpointView {
	v := EndpointView{ID: e.ID, TenantID: e.TenantID, URL: e.URL, EventTypes: e.EventTypes, Description: e.Description,
		Owner: e.Owner, Status: e.Status, DisabledReason: e.DisabledReason, DisabledAt: e.DisabledAt,
		FailingSince: e.FailingSince, CreatedAt: e.CreatedAt}
	if v.EventTypes == nil {
		v.EventTypes = []string{}
	}
	if len(e.Secrets) > 1 {
		v.SecretRotatedAt = e.Secrets[0].CreatedAt
	}
	return v
}

// DeliveryView is a delivery with its attempts; the payload is the exact
// body sent.
type DeliveryView struct {
	ID            string                `json:"id"`
	EndpointID    string                `json:"endpointId"`
	EventID       string                `json:"eventId"`
	EventType     string                `json:"eventType"`
	Status        domain.DeliveryStatus `json:"status"`
	Attempts      []domain.Attempt      `json:"attempts"`
	NextAttemptAt time.Time             `json:"nextAttemptAt,omitzero"`
	CreatedAt     time.Time             `json:"createdAt"`
	Payload       string                `json:"payload"`
}

// ViewDelivery is d as shown.
func ViewDelivery(d domain.Delivery) DeliveryView {
	v := DeliveryView{ID: d.ID, EndpointID: d.EndpointID, EventID: d.EventID, EventType: d.EventType, Status: d.Status,
		Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt, CreatedAt: d.CreatedAt, Payload: string(d.Payload)}
	if v.Attempts == nil {
		v.Attempts = []domain.Attempt{}
	}
	return v
}

// CreateEndpoint registers a webhook endpoint (docs/spec.md §8).
type CreateEndpoint struct {
	TenantID    string
	URL         string
	EventTypes  []string
	Description string
}

// CreateWebhookEndpoint registers an endpoint whose scope follows its
// owner's roles; 201 with its secret, shown this once.
func (a *App) CreateWebhookEndpoint(ctx context.Context, req Request, cmd CreateEndpoint) (Reply, error) {
	p, now := req.Principal, a.Now()
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		if _, err := a.authorizeIn(ctx, p, cmd.TenantID, "CreateWebhookEndpoint"); err != nil {
			return Reply{}, err
		}
		if utf8.RuneCountInString(cmd.Description) > domain.MaxEndpointDescription {
			return Reply{}, domain.FieldErrorf("description", "description must be at most %d characters", domain.MaxEndpointDescription)
		}
		if err := domain.CheckEventTypes(cmd.EventTypes); err != nil {
			return Reply{}, err
		}
		if err := a.Webhooks.CheckURL(ctx, cmd.URL); err != nil {
			return Reply{}, domain.AtField(err, "url")
		}
		e := domain.Endpoint{ID: ids.New("ep", now), TenantID: cmd.TenantID, URL: cmd.URL, EventTypes: cmd.EventTypes, Description: cmd.Description,
			Owner:  domain.EndpointOwner{TenantID: p.TenantID, UserID: p.UserID, Scope: domain.ScopeOf(p, cmd.TenantID)},
			Status: domain.EndpointEnabled, CreatedAt: now, Version: 1}
		secret := a.Webhooks.NewSecret()
		e.Rotate(secret, now)
		location := "/v1/tenants/" + cmd.TenantID + "/webhooks/" + e.ID
		return commitReply(req.Key, statusCreated, SecretView{EndpointView: ViewEndpoint(e), Secret: secret}, location, func(idem *store.Idempotency) error {
			return a.Store.CreateEndpoint(ctx, e, now, store.Effects{Idempotency: idem,
				Activity: newActivity(domain.ActorOf(p), now, cmd.TenantID, "CreateWebhookEndpoint", "webhookEndpoint", e.ID, nil, endpointFacts(e))})
		})
	})
}

// endpointFacts are an endpoint's fields in its activity records: never
// its secrets, nor its URL's path and query.
func endpointFacts(e domain.Endpoint) map[string]any {
	return map[string]any{"url": domain.RedactURL(e.URL), "eventTypes": e.EventTypes, "scope": e.Owner.Scope, "status": e.Status}
}

// ListWebhookEndpoints lists a tenant's endpoints: all to its admins, their
// own to everyone else.
func (a *App) ListWebhookEndpoints(ctx context.Context, p domain.Principal, tenantID string, page func(ownerID string) (Page, error)) ([]EndpointView, []byte, error) {
	c, err := a.authorizeIn(ctx, p, tenantID, "ListWebhookEndpoints")
	if err != nil {
		return nil, nil, err
	}
	var owner *domain.EndpointOwner
	ownerID := ""
	if !c.isAdmin() {
		owner = &domain.EndpointOwner{TenantID: p.TenantID, UserID: p.UserID}
		ownerID = p.TenantID + "\x00" + p.UserID
	}
	pg, err := page(ownerID)
	if err != nil {
		return nil, nil, err
	}
	eps, next, err := a.Store.ListEndpoints(ctx, tenantID, owner, pg)
	out := make([]EndpointView, len(eps))
	for i, e := range eps {
		out[i] = ViewEndpoint(e)
	}
	return out, next, err
}

// EndpointRef names an endpoint of a tenant.
type EndpointRef struct {
	TenantID, ID string
}

// endpointFor reads ref's endpoint for op: its owner and the tenant's
// admins reach it; anyone else of the tenant gets 404, as if it did not
// exist.
func (a *App) endpointFor(ctx context.Context, p domain.Principal, ref EndpointRef, op access.Operation) (domain.Endpoint, error) {
	c, err := a.authorizeIn(ctx, p, ref.TenantID, op)
	if err != nil {
		return domain.Endpoint{}, err
	}
	e, err := a.Store.GetEndpoint(ctx, ref.TenantID, ref.ID)
	if err != nil {
		return e, err
	}
	if !c.isAdmin() && !e.OwnedBy(p) {
		return domain.Endpoint{}, domain.Errorf(domain.CodeNotFound, "webhook endpoint %q not found", ref.ID)
	}
	return e, nil
}

// DeleteWebhookEndpoint removes an endpoint; 204.
func (a *App) DeleteWebhookEndpoint(ctx context.Context, req Request, ref EndpointRef) (Reply, error) {
	p, now := req.Principal, a.Now()
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		e, err := a.endpointFor(ctx, p, ref, "DeleteWebhookEndpoint")
		if err != nil {
			return Reply{}, err
		}
		return commitReply(req.Key, statusNoContent, nil, "", func(idem *store.Idempotency) error {
			return a.Store.DeleteEndpoint(ctx, e, now, store.Effects{Idempotency: idem,
				Activity: newActivity(domain.ActorOf(p), now, e.TenantID, "DeleteWebhookEndpoint", "webhookEndpoint", e.ID, endpointFacts(e), nil)})
		})
	})
}

// RotateWebhookSecret gives an endpoint a new secret, signing with both
// for 24 h (docs/spec.md §8). The owner only: the new secret is shown to
// the caller, and an admin of a customer must not sign as its partner's
// receiver.
func (a *App) RotateWebhookSecret(ctx context.Context, req Request, ref EndpointRef) (Reply, error) {
	p, now := req.Principal, a.Now()
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		e, err := a.endpointFor(ctx, p, ref, "RotateWebhookSecret")
		if err != nil {
			return Reply{}, err
		}
		if !e.OwnedBy(p) {
			return Reply{}, domain.Errorf(domain.CodeForbidden, "only the endpoint's owner rotates its secret; admins may delete it")
		}
		after := e
		secret := a.Webhooks.NewSecret()
		after.Rotate(secret, now)
		return commitReply(req.Key, statusOK, SecretView{EndpointView: ViewEndpoint(after), Secret: secret}, "", func(idem *store.Idempotency) error {
			return a.Store.SaveEndpoint(ctx, e, after, now, store.Effects{Idempotency: idem,
				Activity: newActivity(domain.ActorOf(p), now, e.TenantID, "RotateWebhookSecret", "webhookEndpoint", e.ID, nil,
					map[string]any{"previousSecretExpiresAt": now.Add(domain.RotationOverlap)})})
		})
	})
}

// TestEventView is TestWebhookEndpoint's answer: the event on its way.
type TestEventView struct {
	EventID    string `json:"eventId"`
	DeliveryID string `json:"deliveryId"`
}

// TestWebhookEndpoint sends webhook.test to one enabled endpoint; 202.
func (a *App) TestWebhookEndpoint(ctx context.Context, req Request, ref EndpointRef) (Reply, error) {
	p, now := req.Principal, a.Now()
	return a.retrying(ctx, req.Key, func() (Reply, error) {
		e, err := a.endpointFor(ctx, p, ref, "TestWebhookEndpoint")
		if err != nil {
			return Reply{}, err
		}
		if e.Status != domain.EndpointEnabled {
			return Reply{}, domain.Errorf(domain.CodeInvalidStatus, "the endpoint is disabled (%s); register it again", e.DisabledReason)
		}
		ev := domain.Event{ID: ids.New("evt", now), Type: domain.EventWebhookTest, TenantID: e.TenantID, EndpointID: e.ID, OccurredAt: now,
			Data: map[string]any{"endpointId": e.ID, "message": "This is a test event from selfserve."}}
		view := TestEventView{EventID: ev.ID, DeliveryID: domain.DeliveryID(ev.ID)}
		return commitReply(req.Key, statusAccepted, view, "", func(idem *store.Idempotency) error {
			return a.Store.EmitForEndpoint(ctx, e, now, store.Effects{Idempotency: idem, Events: []domain.Event{ev},
				Activity: newActivity(domain.ActorOf(p), now, e.TenantID, "TestWebhookEndpoint", "webhookEndpoint", e.ID, nil, map[string]any{"eventId": ev.ID})})
		})
	})
}

// ListDeliveries lists an endpoint's deliveries.
func (a *App) ListDeliveries(ctx context.Context, p domain.Principal, ref EndpointRef, page func() (Page, error)) ([]DeliveryView, []byte, error) {
	e, err := a.endpointFor(ctx, p, ref, "ListDeliveries")
	if err != nil {
		return nil, nil, err
	}
	pg, err := page()
	if err != nil {
		return nil, nil, err
	}
	ds, next, err := a.Store.ListDeliveries(ctx, e.ID, pg)
	out := make([]DeliveryView, len(ds))
	for i, d := range ds {
		out[i] = ViewDelivery(d)
	}
	return out, next, err
}

// RetryDelivery makes one manual attempt of a delivery, at most
// domain.MaxManualAttempts times. The attempt happens before its outcome is
// committed; a replay of the same key answers the recorded outcome without
// a new attempt.
func (a *App) RetryDelivery(ctx context.Context, req Request, ref EndpointRef, deliveryID string) (Reply, error) {
	p, now := req.Principal, a.Now()
	e, err := a.endpointFor(ctx, p, ref, "RetryDelivery")
	if err != nil {
		return a.refusal(ctx, err, req.Key)
	}
	d, err := a.Store.GetDelivery(ctx, e.ID, deliveryID)
	switch {
	case err != nil:
	case e.Status != domain.EndpointEnabled:
		err = domain.Errorf(domain.CodeInvalidStatus, "the endpoint is disabled (%s); register it again", e.DisabledReason)
	case d.ManualAttempts() >= domain.MaxManualAttempts:
		err = domain.Errorf(domain.CodeInvalidStatus, "this delivery was retried by hand %d times already", domain.MaxManualAttempts)
	}
	if err != nil {
		return a.refusal(ctx, err, req.Key)
	}
	if req.Key != nil {
		if rec, ok, err := a.Store.GetIdempotency(ctx, req.Key.Hash, now); err != nil || ok {
			if err != nil {
				return Reply{}, err
			}
			return replayOr(&store.ReplayError{Record: rec}, req.Key)
		}
	}
	var reply Reply
	_, err = a.Webhooks.Resend(ctx, e, d, now, func(after domain.Delivery) (store.Effects, error) {
		var err error
		reply, err = jsonReply(statusOK, ViewDelivery(after))
		return store.Effects{Idempotency: req.Key.record(reply), Activity: newActivity(domain.ActorOf(p), now, e.TenantID, "RetryDelivery", "delivery", d.ID,
			map[string]any{"status": d.Status}, map[string]any{"status": after.Status})}, err
	})
	if err != nil {
		return replayOr(err, req.Key)
	}
	return reply, nil
}

package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
	"unicode/utf8"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// Webhooks is what the webhook routes need of the delivery side: the URL
// guard, fresh secrets and a manual delivery attempt.
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

type endpointBody struct {
	URL         string   `json:"url"`
	EventTypes  []string `json:"eventTypes"`
	Description string   `json:"description"`
}

// endpointView is an endpoint as shown; its secrets never are, except the
// new one in the answers of create and rotate (secretView).
type endpointView struct {
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

type secretView struct {
	endpointView
	Secret string `json:"secret"`
}

func viewEndpoint(e domain.Endpoint) endpointView {
	v := endpointView{ID: e.ID, TenantID: e.TenantID, URL: e.URL, EventTypes: e.EventTypes, Description: e.Description,
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

// deliveryView is a delivery with its attempts; the payload is the exact
// body sent.
type deliveryView struct {
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

func viewDelivery(d domain.Delivery) deliveryView {
	v := deliveryView{ID: d.ID, EndpointID: d.EndpointID, EventID: d.EventID, EventType: d.EventType, Status: d.Status,
		Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt, CreatedAt: d.CreatedAt, Payload: string(d.Payload)}
	if v.Attempts == nil {
		v.Attempts = []domain.Attempt{}
	}
	return v
}

func createWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	tenantID := r.PathValue("tenantId")
	var in endpointBody
	idem, err := bodyRequest(r, p, &in)
	if err == nil {
		_, err = a.authorizeIn(r, p, "CreateWebhookEndpoint")
	}
	switch {
	case err != nil:
	case utf8.RuneCountInString(in.Description) > domain.MaxEndpointDescription:
		err = domain.Errorf(domain.CodeInvalidRequest, "description must be at most %d characters", domain.MaxEndpointDescription)
	default:
		if err = domain.CheckEventTypes(in.EventTypes); err == nil {
			err = a.Webhooks.CheckURL(r.Context(), in.URL)
		}
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	e := domain.Endpoint{ID: ids.New("ep", now), TenantID: tenantID, URL: in.URL, EventTypes: in.EventTypes, Description: in.Description,
		Owner:  domain.EndpointOwner{TenantID: p.TenantID, UserID: p.UserID, Scope: domain.ScopeOf(p, tenantID)},
		Status: domain.EndpointEnabled, CreatedAt: now, Version: 1}
	secret := a.Webhooks.NewSecret()
	e.Rotate(secret, now)
	location := "/v1/tenants/" + tenantID + "/webhooks/" + e.ID
	if idem != nil {
		idem.Location = location
	}
	w.Header().Set("Location", location)
	view := secretView{endpointView: viewEndpoint(e), Secret: secret}
	return commitAndWrite(w, http.StatusCreated, view, idem, func(idem *store.Idempotency) error {
		return a.Store.CreateEndpoint(r.Context(), e, now, store.Effects{Idempotency: idem,
			Activity: newActivity(p, now, tenantID, "CreateWebhookEndpoint", "webhookEndpoint", e.ID, nil, endpointFacts(e))})
	})
}

// endpointFacts are an endpoint's fields in its activity records: never
// its secrets, nor its URL's path and query.
func endpointFacts(e domain.Endpoint) map[string]any {
	return map[string]any{"url": domain.RedactURL(e.URL), "eventTypes": e.EventTypes, "scope": e.Owner.Scope, "status": e.Status}
}

func listWebhookEndpoints(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	c, err := a.authorizeIn(r, p, "ListWebhookEndpoints")
	if err != nil {
		return err
	}
	var owner *domain.EndpointOwner
	ownerID := ""
	if !c.isAdmin() { // admins see all, everyone else their own
		owner = &domain.EndpointOwner{TenantID: p.TenantID, UserID: p.UserID}
		ownerID = p.TenantID + "\x00" + p.UserID
	}
	pg, err := a.openPage(r, limit, "ListWebhookEndpoints", tenantID, ownerID)
	if err != nil {
		return err
	}
	eps, next, err := a.Store.ListEndpoints(r.Context(), tenantID, owner, pg.Page)
	if err != nil {
		return err
	}
	out := list[endpointView]{Items: make([]endpointView, len(eps)), NextCursor: pg.next(next)}
	for i, e := range eps {
		out.Items[i] = viewEndpoint(e)
	}
	return writeJSON(w, http.StatusOK, out)
}

// endpointFor reads the path's endpoint for op: its owner and the tenant's
// admins reach it; anyone else of the tenant gets 404, as if it did not
// exist.
func (a *API) endpointFor(r *http.Request, p domain.Principal, op access.Operation) (domain.Endpoint, error) {
	c, err := a.authorizeIn(r, p, op)
	if err != nil {
		return domain.Endpoint{}, err
	}
	id := r.PathValue("endpointId")
	e, err := a.Store.GetEndpoint(r.Context(), r.PathValue("tenantId"), id)
	if err != nil {
		return e, err
	}
	if !c.isAdmin() && (e.Owner.TenantID != p.TenantID || e.Owner.UserID != p.UserID) {
		return domain.Endpoint{}, domain.Errorf(domain.CodeNotFound, "webhook endpoint %q not found", id)
	}
	return e, nil
}

func deleteWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	idem, err := bodyRequest(r, p, nil)
	var e domain.Endpoint
	if err == nil {
		e, err = a.endpointFor(r, p, "DeleteWebhookEndpoint")
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	return commitAndWrite(w, http.StatusNoContent, nil, idem, func(idem *store.Idempotency) error {
		return a.Store.DeleteEndpoint(r.Context(), e, now, store.Effects{Idempotency: idem,
			Activity: newActivity(p, now, e.TenantID, "DeleteWebhookEndpoint", "webhookEndpoint", e.ID, endpointFacts(e), nil)})
	})
}

func rotateWebhookSecret(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	idem, err := bodyRequest(r, p, nil)
	var e domain.Endpoint
	if err == nil {
		e, err = a.endpointFor(r, p, "RotateWebhookSecret")
	}
	if err == nil && (e.Owner.TenantID != p.TenantID || e.Owner.UserID != p.UserID) {
		// The new secret is shown to the caller: only the owner may see it
		// (an admin of a customer must not sign as its partner's receiver).
		err = domain.Errorf(domain.CodeForbidden, "only the endpoint's owner rotates its secret; admins may delete it")
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	after := e
	secret := a.Webhooks.NewSecret()
	after.Rotate(secret, now)
	view := secretView{endpointView: viewEndpoint(after), Secret: secret}
	return commitAndWrite(w, http.StatusOK, view, idem, func(idem *store.Idempotency) error {
		return a.Store.SaveEndpoint(r.Context(), e, after, now, store.Effects{Idempotency: idem,
			Activity: newActivity(p, now, e.TenantID, "RotateWebhookSecret", "webhookEndpoint", e.ID, nil,
				map[string]any{"previousSecretExpiresAt": now.Add(domain.RotationOverlap)})})
	})
}

// testEventView is TestWebhookEndpoint's answer: the event on its way.
type testEventView struct {
	EventID    string `json:"eventId"`
	DeliveryID string `json:"deliveryId"`
}

func testWebhookEndpoint(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	idem, err := bodyRequest(r, p, nil)
	var e domain.Endpoint
	if err == nil {
		e, err = a.endpointFor(r, p, "TestWebhookEndpoint")
	}
	if err == nil && e.Status != domain.EndpointEnabled {
		err = domain.Errorf(domain.CodeInvalidStatus, "the endpoint is disabled (%s); register it again", e.DisabledReason)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	ev := domain.Event{ID: ids.New("evt", now), Type: domain.EventWebhookTest, TenantID: e.TenantID, EndpointID: e.ID, OccurredAt: now,
		Data: map[string]any{"endpointId": e.ID, "message": "This is a test event from selfserve."}}
	view := testEventView{EventID: ev.ID, DeliveryID: domain.DeliveryID(ev.ID)}
	return commitAndWrite(w, http.StatusAccepted, view, idem, func(idem *store.Idempotency) error {
		return a.Store.EmitForEndpoint(r.Context(), e, now, store.Effects{Idempotency: idem, Events: []domain.Event{ev},
			Activity: newActivity(p, now, e.TenantID, "TestWebhookEndpoint", "webhookEndpoint", e.ID, nil, map[string]any{"eventId": ev.ID})})
	})
}

func listDeliveries(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	limit, err := listQuery(r)
	if err != nil {
		return err
	}
	e, err := a.endpointFor(r, p, "ListDeliveries")
	if err != nil {
		return err
	}
	pg, err := a.openPage(r, limit, "ListDeliveries", e.TenantID, e.ID)
	if err != nil {
		return err
	}
	ds, next, err := a.Store.ListDeliveries(r.Context(), e.ID, pg.Page)
	if err != nil {
		return err
	}
	out := list[deliveryView]{Items: make([]deliveryView, len(ds)), NextCursor: pg.next(next)}
	for i, d := range ds {
		out.Items[i] = viewDelivery(d)
	}
	return writeJSON(w, http.StatusOK, out)
}

func retryDelivery(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	now := a.Now()
	idem, err := bodyRequest(r, p, nil)
	var e domain.Endpoint
	var d domain.Delivery
	if err == nil {
		e, err = a.endpointFor(r, p, "RetryDelivery")
	}
	if err == nil {
		d, err = a.Store.GetDelivery(r.Context(), e.ID, r.PathValue("deliveryId"))
	}
	switch {
	case err != nil:
	case e.Status != domain.EndpointEnabled:
		err = domain.Errorf(domain.CodeInvalidStatus, "the endpoint is disabled (%s); register it again", e.DisabledReason)
	case d.ManualAttempts() >= domain.MaxManualAttempts:
		err = domain.Errorf(domain.CodeInvalidStatus, "this delivery was retried by hand %d times already", domain.MaxManualAttempts)
	}
	if err != nil {
		return a.refusal(w, r, err, idem)
	}
	// The attempt happens before the outcome is committed; a replay of
	// the same key answers the recorded outcome without a new attempt.
	if idem != nil {
		if rec, ok, gerr := a.Store.GetIdempotency(r.Context(), idem.Hash, now); gerr != nil {
			return gerr
		} else if ok {
			return replayOr(w, &store.ReplayError{Record: rec}, idem)
		}
	}
	after, err := a.Webhooks.Resend(r.Context(), e, d, now, func(after domain.Delivery) (store.Effects, error) {
		fx := store.Effects{Idempotency: idem, Activity: newActivity(p, now, e.TenantID, "RetryDelivery", "delivery", d.ID,
			map[string]any{"status": d.Status}, map[string]any{"status": after.Status})}
		if idem != nil {
			b, err := json.Marshal(viewDelivery(after))
			if err != nil {
				return fx, err
			}
			idem.Status, idem.Body, idem.ContentType = http.StatusOK, b, "application/json"
		}
		return fx, nil
	})
	if err != nil {
		return replayOr(w, err, idem)
	}
	return writeJSON(w, http.StatusOK, viewDelivery(after))
}

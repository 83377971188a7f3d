package domain

import (
	"net/url"
	"slices"
	"time"
)

// Event types of docs/spec.md §8 not about one subscription.
const (
	EventPolicyUpdated             = "policy.updated"
	EventCustomerPermissionUpdated = "customer_permission.updated"
	EventWebhookTest               = "webhook.test"
	EventInvoiceFinalized          = "invoice.finalized"
)

// EventTypes are every event type of docs/spec.md §8, the values an endpoint's
// eventTypes filter accepts.
var EventTypes = []string{
	EventSubscriptionCreated, EventSubscriptionTrialEnding, EventSubscriptionTrialConverted,
	EventSubscriptionTrialExpired, EventSubscriptionRenewed, EventSubscriptionExpired,
	EventSubscriptionUpdated, EventCancellationScheduled, EventSubscriptionCancelled,
	EventSubscriptionSuspended, EventSubscriptionReactivated, EventSubscriptionDeletionWarning,
	EventSubscriptionDataDeleted, EventSubscriptionRefundWindowDone, EventSubscriptionTakenOver,
	EventLicensesChanged, EventPolicyUpdated, EventCustomerPermissionUpdated, EventWebhookTest,
	EventSubscriptionPastDue, EventPaymentFailed, EventPaymentSucceeded, EventInvoiceFinalized,
}

// EndpointScope is what an endpoint receives, fixed at registration from
// the registering principal's roles (docs/decisions.md).
type EndpointScope string

// Endpoint scopes.
const (
	// ScopeTenant: every event of the tenant (GlobalAdmin, BillingAdmin).
	ScopeTenant EndpointScope = "tenant"
	// ScopePartner: events of the tenant's partner subscriptions managed by
	// the owner's partner (agents).
	ScopePartner EndpointScope = "partner"
	// ScopePurchaser: events of the owner's own subscriptions (other members).
	ScopePurchaser EndpointScope = "purchaser"
)

// EndpointStatus is enabled or disabled.
type EndpointStatus string

// Endpoint statuses and why one was disabled.
const (
	EndpointEnabled  EndpointStatus = "enabled"
	EndpointDisabled EndpointStatus = "disabled"
	DisabledGone                    = "gone"    // the receiver answered 410
	DisabledFailing                 = "failing" // failures for FailingLimit
)

// Webhook limits of docs/spec.md §8 and docs/decisions.md.
const (
	// FailingLimit: an endpoint failing this long is disabled.
	FailingLimit = 5 * 24 * time.Hour
	// RotationOverlap: after a rotation the old secret signs this long.
	RotationOverlap = 24 * time.Hour
	// DeliveryTimeout: a 2xx within it is a success.
	DeliveryTimeout = 15 * time.Second
	// MaxEndpointURL bounds an endpoint's URL; MaxEndpointDescription its
	// description.
	MaxEndpointURL         = 2048
	MaxEndpointDescription = 256
)

// EndpointOwner is who registered an endpoint.
type EndpointOwner struct {
	TenantID string        `json:"tenantId"`
	UserID   string        `json:"userId"`
	Scope    EndpointScope `json:"scope"`
}

// Secret is one signing secret (whsec_…). A rotated-out secret carries
// ExpiresAt; the current one has none.
type Secret struct {
	Value     string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Endpoint is a registered webhook receiver of a tenant.
type Endpoint struct {
	ID          string
	TenantID    string
	Owner       EndpointOwner
	URL         string
	EventTypes  []string // empty: all
	Description string
	Secrets     []Secret // newest first
	Status      EndpointStatus
	// DisabledReason is DisabledGone or DisabledFailing.
	DisabledReason string
	DisabledAt     time.Time
	// FailingSince is the first failure since the last success.
	FailingSince time.Time
	CreatedAt    time.Time
	Version      int64
}

// ScopeOf is the scope of an endpoint p registers on tenantID: admins of
// the tenant get its events, agents their partner's, others their own.
func ScopeOf(p Principal, tenantID string) EndpointScope {
	if p.TenantID == tenantID {
		for _, r := range p.Roles {
			if r.IsAdmin() {
				return ScopeTenant
			}
		}
		return ScopePurchaser
	}
	return ScopePartner
}

// CheckEventTypes refuses unknown or repeated types.
func CheckEventTypes(types []string) error {
	for i, t := range types {
		if !slices.Contains(EventTypes, t) {
			return FieldErrorf("eventTypes", "eventTypes[%d]: unknown event type %q", i, t)
		}
		if slices.Contains(types[:i], t) {
			return FieldErrorf("eventTypes", "eventTypes[%d]: %q is listed twice", i, t)
		}
	}
	return nil
}

// Receives reports whether e gets ev (docs/spec.md §8). tenantPartner is the
// tenant's current partner: a partner-scope endpoint gets events only
// while its owner's partner still manages the tenant.
func (e Endpoint) Receives(ev Event, tenantPartner string) bool {
	if e.Status != EndpointEnabled || ev.TenantID != e.TenantID {
		return false
	}
	if ev.Type == EventWebhookTest { // whatever the endpoint's filter
		return ev.EndpointID == e.ID
	}
	if len(e.EventTypes) > 0 && !slices.Contains(e.EventTypes, ev.Type) {
		return false
	}
	switch e.Owner.Scope {
	case ScopeTenant:
		return true
	case ScopePurchaser:
		return ev.PurchaserID != "" && ev.PurchaserID == e.Owner.UserID
	case ScopePartner:
		return ev.PartnerID != "" && ev.PartnerID == e.Owner.TenantID && tenantPartner == e.Owner.TenantID
	}
	return false
}

// SigningSecrets are the secrets that sign at now: the current one and a
// rotated-out one within its overlap.
func (e Endpoint) SigningSecrets(now time.Time) []string {
	var out []string
	for _, s := range e.Secrets {
		if s.ExpiresAt.IsZero() || now.Before(s.ExpiresAt) {
			out = append(out, s.Value)
		}
	}
	return out
}

// Rotate makes secret the current one: the previous current secret signs
// for RotationOverlap more, older ones are dropped.
func (e *Endpoint) Rotate(secret string, now time.Time) {
	next := []Secret{{Value: secret, CreatedAt: now}}
	if len(e.Secrets) > 0 {
		prev := e.Secrets[0]
		prev.ExpiresAt = now.Add(RotationOverlap)
		next = append(next, prev)
	}
	e.Secrets = next
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// Delivery statuses.
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliverySucceeded DeliveryStatus = "succeeded"
	DeliveryFailed    DeliveryStatus = "failed"
	DeliveryCancelled DeliveryStatus = "cancelled"
)

// RetryDelays are the waits after scheduled attempts 1..7 (docs/spec.md §8: at
// once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); after the 8th failure
// the delivery is failed.
var RetryDelays = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// MaxAttempts is the number of scheduled attempts.
var MaxAttempts = len(RetryDelays) + 1

// Attempt is one HTTP attempt of a delivery.
type Attempt struct {
	At time.Time `json:"at"`
	// HTTPStatus is 0 when no response came (Error says why).
	HTTPStatus int    `json:"httpStatus,omitempty"`
	Error      string `json:"error,omitempty"`
	DurationMs int64  `json:"durationMs"`
	// Manual marks an attempt asked for through RetryDelivery.
	Manual bool `json:"manual,omitempty"`
	// RetryAfter is the receiver's Retry-After on 429 or 503 (not stored).
	RetryAfter time.Duration `json:"-"`
	// Accepted: the mail server (SMTP or SES) took a mail delivery's message.
	Accepted bool `json:"accepted,omitempty"`
}

// Succeeded: a 2xx answer, or a mail accepted.
func (a Attempt) Succeeded() bool { return a.Accepted || (a.HTTPStatus >= 200 && a.HTTPStatus < 300) }

// Delivery is one event sent to one endpoint, with its attempts. Its id is
// the event's (webhook-id) suffix, so it is the same on every attempt.
type Delivery struct {
	ID            string
	EndpointID    string
	TenantID      string
	EventID       string
	EventType     string
	Payload       []byte
	Status        DeliveryStatus
	Attempts      []Attempt
	NextAttemptAt time.Time
	CreatedAt     time.Time
	Version       int64
}

// DeliveryID is the delivery of event eventID: "dlv_" + the event id's
// time-sortable suffix, unique per endpoint and the same on every retry.
func DeliveryID(eventID string) string {
	if i := len(eventID) - 26; i > 0 {
		return "dlv_" + eventID[i:]
	}
	return "dlv_" + eventID
}

// NewDelivery is the delivery of ev (with its exact payload) to endpoint.
func NewDelivery(ev Event, payload []byte, endpointID string, at time.Time) Delivery {
	return Delivery{ID: DeliveryID(ev.ID), EndpointID: endpointID, TenantID: ev.TenantID, EventID: ev.ID,
		EventType: ev.Type, Payload: payload, Status: DeliveryPending, CreatedAt: at}
}

// scheduled counts the attempts of the retry schedule (not manual ones).
func (d Delivery) scheduled() int {
	n := 0
	for _, a := range d.Attempts {
		if !a.Manual {
			n++
		}
	}
	return n
}

// Record adds attempt a and moves the delivery on: success ends it; a
// failure schedules the next attempt (at least the receiver's Retry-After,
// capped at the longest delay) or, after the last, fails it. A manual
// attempt that fails changes neither the status nor the schedule
// (docs/decisions.md). gone: the endpoint was disabled by this answer.
func (d *Delivery) Record(a Attempt, gone bool) {
	d.Attempts = append(d.Attempts, a)
	switch {
	case a.Succeeded():
		d.Status, d.NextAttemptAt = DeliverySucceeded, time.Time{}
	case gone:
		d.Status, d.NextAttemptAt = DeliveryFailed, time.Time{}
	case a.Manual:
	case d.scheduled() >= MaxAttempts:
		d.Status, d.NextAttemptAt = DeliveryFailed, time.Time{}
	default:
		wait := RetryDelays[d.scheduled()-1]
		longest := RetryDelays[len(RetryDelays)-1]
		if a.RetryAfter > wait {
			wait = min(a.RetryAfter, longest)
		}
		d.Status, d.NextAttemptAt = DeliveryPending, a.At.Add(wait)
	}
}

// ClaimLease is how long a delivery being attempted is kept from other
// senders: longer than an attempt can take, so a sender that dies
// mid-attempt leaves it to the retry sweep soon after.
const ClaimLease = 2 * time.Minute

// MaxManualAttempts bounds the manual retries of one delivery (its record
// stays well under DynamoDB's item size).
const MaxManualAttempts = 20

// ManualAttempts counts the attempts asked for through RetryDelivery.
func (d Delivery) ManualAttempts() int { return len(d.Attempts) - d.scheduled() }

// Claim marks d as being attempted at now: nobody else sends it before the
// lease ends, and if the attempt is never recorded the retry sweep sends
// it then.
func (d *Delivery) Claim(now time.Time) {
	d.Status, d.NextAttemptAt = DeliveryPending, now.Add(ClaimLease)
}

// Cancel ends a pending delivery whose endpoint is gone or disabled.
func (d *Delivery) Cancel() { d.Status, d.NextAttemptAt = DeliveryCancelled, time.Time{} }

// AfterAttempt updates e's failure state with an attempt's outcome and
// reports whether it changed: a success clears it, 410 disables e at once,
// failing for FailingLimit disables it.
func (e *Endpoint) AfterAttempt(a Attempt) bool {
	switch {
	case a.Succeeded():
		if e.FailingSince.IsZero() {
			return false
		}
		e.FailingSince = time.Time{}
	case a.HTTPStatus == 410:
		e.Status, e.DisabledReason, e.DisabledAt = EndpointDisabled, DisabledGone, a.At
	default:
		first := e.FailingSince.IsZero()
		if first {
			e.FailingSince = a.At
		}
		if a.At.Sub(e.FailingSince) < FailingLimit {
			return first
		}
		e.Status, e.DisabledReason, e.DisabledAt = EndpointDisabled, DisabledFailing, a.At
	}
	return true
}

// RedactURL keeps a URL's scheme and host: paths and queries of webhook
// URLs often carry the receiver's tokens, so records and messages show no
// more.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	return u.Scheme + "://" + u.Host
}

// OwnedBy reports whether p registered e.
func (e Endpoint) OwnedBy(p Principal) bool {
	return e.Owner.TenantID == p.TenantID && e.Owner.UserID == p.UserID
}

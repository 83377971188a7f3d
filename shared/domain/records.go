package domain

import (
	"encoding/json"
	"time"
)

// Activity is one activity-log record (docs/spec.md §6): who changed what, when, and
// the values before and after. It is committed with the change it describes.
type Activity struct {
	ID         string    `json:"id"`
	TenantID   string    `json:"tenantId"`
	At         time.Time `json:"at"`
	Actor      Actor     `json:"actor"`
	Operation  string    `json:"operation"`
	TargetType string    `json:"targetType"`
	TargetID   string    `json:"targetId"`
	// Before and After hold only the fields that changed; Before is nil for
	// creations and for blind writes (see docs/data-model.md).
	Before map[string]any `json:"before,omitempty"`
	After  map[string]any `json:"after,omitempty"`
}

// Event is a webhook notification written to the outbox in the same
// transaction as the change it reports.
type Event struct {
	ID             string
	Type           string
	TenantID       string
	SubscriptionID string
	PurchaserID    string
	PartnerID      string
	Channel        string
	OccurredAt     time.Time
	// Sequence orders the events of one subscription (docs/spec.md §8).
	Sequence int64
	// EndpointID addresses a webhook.test event to one endpoint.
	EndpointID string
	Data       map[string]any
	// Farewell is where the data-deleted mail goes (MailFarewell); it is
	// not part of the payload.
	Farewell *Purchaser
	// Unpaid: the change's card charge was declined (a renewal or a
	// conversion that left the family PastDue), so it gets no receipt by
	// mail; not part of the payload.
	Unpaid bool
}

// Payload is the exact body delivered to receivers: {type, timestamp, data}.
func (e Event) Payload() ([]byte, error) {
	data := make(map[string]any, len(e.Data)+1)
	for k, v := range e.Data {
		data[k] = v
	}
	if e.SubscriptionID != "" {
		data["sequence"] = e.Sequence
	}
	return json.Marshal(struct {
		Type      string         `json:"type"`
		Timestamp string         `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}{e.Type, e.OccurredAt.UTC().Format(time.RFC3339Nano), data})
}

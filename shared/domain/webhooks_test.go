package domain

import (
	"testing"
	"time"
)

// TestEndpointAddressing is the addressing matrix of docs/spec.md §8 for every
// event type: which endpoint scope receives an event, by its routing
// facts (purchaser, managing partner, the tenant's current partner).
func TestEndpointAddressing(t *testing.T) {
	const tenant, alice, partner = "contoso", "alice", "partner-a"
	endpoints := map[string]Endpoint{
		"admin":         {ID: "ep_admin", Owner: EndpointOwner{tenant, "root", ScopeTenant}},
		"alice":         {ID: "ep_alice", Owner: EndpointOwner{tenant, alice, ScopePurchaser}},
		"bob":           {ID: "ep_bob", Owner: EndpointOwner{tenant, "bob", ScopePurchaser}},
		"agent":         {ID: "ep_agent", Owner: EndpointOwner{partner, "agent", ScopePartner}},
		"other partner": {ID: "ep_other", Owner: EndpointOwner{"partner-b", "agent", ScopePartner}},
	}
	for name, e := range endpoints {
		e.TenantID, e.Status = tenant, EndpointEnabled
		endpoints[name] = e
	}
	// Routing facts an event can carry.
	kinds := []struct {
		name   string
		ev     Event
		gets   []string // endpoints that receive it
		noPart bool     // the tenant no longer has the partner
	}{
		{"alice's self-service or central purchase", Event{PurchaserID: alice}, []string{"admin", "alice"}, false},
		{"a partner purchase alice is purchaser of", Event{PurchaserID: alice, PartnerID: partner}, []string{"admin", "alice", "agent"}, false},
		{"a partner purchase after the partner left", Event{PurchaserID: alice, PartnerID: partner}, []string{"admin", "alice"}, true},
		{"a customer's own reservation purchase (no partnerId)", Event{PurchaserID: alice, Channel: string(ChannelPartner)}, []string{"admin", "alice"}, false},
		{"a tenant-wide event", Event{}, []string{"admin"}, false},
		{"another tenant's event", Event{TenantID: "fabrikam", PurchaserID: alice, PartnerID: partner}, nil, false},
	}
	for _, typ := range EventTypes {
		if typ == EventWebhookTest {
			continue
		}
		for _, k := range kinds {
			ev := k.ev
			ev.Type = typ
			if ev.TenantID == "" {
				ev.TenantID = tenant
			}
			current := partner
			if k.noPart {
				current = ""
			}
			for name, e := range endpoints {
				want := false
				for _, g := range k.gets {
					want = want || g == name
				}
				if got := e.Receives(ev, current); got != want {
					t.Errorf("%s, %s: %s endpoint receives = %v, want %v", typ, k.name, name, got, want)
				}
			}
		}
	}
	// webhook.test goes to the endpoint it names only, whatever its filter.
	for name, e := range endpoints {
		e.EventTypes = []string{EventSubscriptionRenewed}
		for target := range endpoints {
			ev := Event{Type: EventWebhookTest, TenantID: tenant, EndpointID: endpoints[target].ID}
			if got, want := e.Receives(ev, partner), name == target; got != want {
				t.Errorf("webhook.test for %s: %s endpoint receives = %v, want %v", target, name, got, want)
			}
		}
	}
}

func TestEndpointFiltersAndStatus(t *testing.T) {
	e := Endpoint{ID: "ep", TenantID: "t", Status: EndpointEnabled, Owner: EndpointOwner{"t", "u", ScopeTenant},
		EventTypes: []string{EventSubscriptionCreated, EventSubscriptionRenewed}}
	tests := []struct {
		typ    string
		status EndpointStatus
		want   bool
	}{
		{EventSubscriptionCreated, EndpointEnabled, true},
		{EventSubscriptionRenewed, EndpointEnabled, true},
		{EventSubscriptionCancelled, EndpointEnabled, false},
		{EventSubscriptionCreated, EndpointDisabled, false},
	}
	for _, tt := range tests {
		e.Status = tt.status
		if got := e.Receives(Event{Type: tt.typ, TenantID: "t"}, ""); got != tt.want {
			t.Errorf("%s to a %s endpoint: %v, want %v", tt.typ, tt.status, got, tt.want)
		}
	}
}

func TestCheckEventTypes(t *testing.T) {
	tests := []struct {
		types []string
		ok    bool
	}{
		{nil, true},
		{EventTypes, true},
		{[]string{"subscription.created", "subscription.nope"}, false},
		{[]string{"subscription.created", "subscription.created"}, false},
	}
	for _, tt := range tests {
		if got := CheckEventTypes(tt.types) == nil; got != tt.ok {
			t.Errorf("CheckEventTypes(%q) ok = %v, want %v", tt.types, got, tt.ok)
		}
	}
	if got, want := len(EventTypes), 23; got != want {
		t.Errorf("%d event types, want the 19 of docs/spec.md §8 and the 4 of §10: %d", got, want)
	}
}

func TestScopeOf(t *testing.T) {
	tests := []struct {
		p    Principal
		want EndpointScope
	}{
		{Principal{TenantID: "t", Roles: []Role{RoleGlobalAdmin}}, ScopeTenant},
		{Principal{TenantID: "t", Roles: []Role{RoleBillingAdmin}}, ScopeTenant},
		{Principal{TenantID: "t"}, ScopePurchaser},
		{Principal{TenantID: "p", Roles: []Role{RoleAdminAgent}}, ScopePartner},
	}
	for _, tt := range tests {
		if got := ScopeOf(tt.p, "t"); got != tt.want {
			t.Errorf("ScopeOf(%+v) = %s, want %s", tt.p, got, tt.want)
		}
	}
}

// TestDeliveryRecord: the schedule's waits, Retry-After (capped), the
// last attempt, manual attempts, and success.
func TestDeliveryRecord(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fail := func(at time.Time) Attempt { return Attempt{At: at, HTTPStatus: 500} }
	d := Delivery{Status: DeliveryPending}
	at := t0
	for i := 0; i < MaxAttempts-1; i++ {
		d.Record(fail(at), false)
		if got, want := d.NextAttemptAt.Sub(at), RetryDelays[i]; got != want || d.Status != DeliveryPending {
			t.Fatalf("after attempt %d: wait %s (%s), want %s pending", i+1, got, d.Status, want)
		}
		at = d.NextAttemptAt
	}
	d.Record(fail(at), false)
	if d.Status != DeliveryFailed || !d.NextAttemptAt.IsZero() {
		t.Errorf("after %d attempts: %s next %s, want failed", MaxAttempts, d.Status, d.NextAttemptAt)
	}
	d.Record(Attempt{At: at, HTTPStatus: 500, Manual: true}, false)
	if d.Status != DeliveryFailed {
		t.Errorf("a failed manual attempt changed the status to %s", d.Status)
	}
	d.Record(Attempt{At: at, HTTPStatus: 200, Manual: true}, false)
	if d.Status != DeliverySucceeded {
		t.Errorf("a successful manual attempt: %s, want succeeded", d.Status)
	}

	tests := []struct {
		retryAfter, want time.Duration
	}{
		{0, 5 * time.Second},
		{time.Second, 5 * time.Second},
		{time.Hour, time.Hour},
		{48 * time.Hour, 10 * time.Hour},
	}
	for _, tt := range tests {
		d := Delivery{Status: DeliveryPending}
		d.Record(Attempt{At: t0, HTTPStatus: 429, RetryAfter: tt.retryAfter}, false)
		if got := d.NextAttemptAt.Sub(t0); got != tt.want {
			t.Errorf("Retry-After %s: wait %s, want %s", tt.retryAfter, got, tt.want)
		}
	}
	gone := Delivery{Status: DeliveryPending}
	gone.Record(Attempt{At: t0, HTTPStatus: 410}, true)
	if gone.Status != DeliveryFailed {
		t.Errorf("410: %s, want failed", gone.Status)
	}
}

// TestEndpointAfterAttempt: failing since the first failure, cleared by a
// success, disabled by 410 at once or after FailingLimit of failures.
func TestEndpointAfterAttempt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := Endpoint{Status: EndpointEnabled}
	steps := []struct {
		at                  time.Duration
		status              int
		changed             bool
		wantStatus          EndpointStatus
		wantFailingSince    time.Duration // -1: none
		wantDisabledBecause string
	}{
		{0, 500, true, EndpointEnabled, 0, ""},
		{0, 502, false, EndpointEnabled, 0, ""}, // another failure at the same instant changes nothing
		{time.Hour, 500, false, EndpointEnabled, 0, ""},
		{2 * time.Hour, 204, true, EndpointEnabled, -1, ""},
		{3 * time.Hour, 503, true, EndpointEnabled, 3 * time.Hour, ""},
		{3*time.Hour + FailingLimit - time.Second, 500, false, EndpointEnabled, 3 * time.Hour, ""},
		{3*time.Hour + FailingLimit, 500, true, EndpointDisabled, 3 * time.Hour, DisabledFailing},
	}
	for i, s := range steps {
		changed := e.AfterAttempt(Attempt{At: t0.Add(s.at), HTTPStatus: s.status})
		wantSince := time.Time{}
		if s.wantFailingSince >= 0 {
			wantSince = t0.Add(s.wantFailingSince)
		}
		if changed != s.changed || e.Status != s.wantStatus || !e.FailingSince.Equal(wantSince) || e.DisabledReason != s.wantDisabledBecause {
			t.Errorf("step %d: changed %v, %s (%s), failing since %s; want %v, %s (%s), %s", i, changed, e.Status, e.DisabledReason,
				e.FailingSince, s.changed, s.wantStatus, s.wantDisabledBecause, wantSince)
		}
	}
	g := Endpoint{Status: EndpointEnabled}
	if !g.AfterAttempt(Attempt{At: t0, HTTPStatus: 410}) || g.Status != EndpointDisabled || g.DisabledReason != DisabledGone {
		t.Errorf("410: %s (%s), want disabled (gone)", g.Status, g.DisabledReason)
	}
}

func TestRotate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var e Endpoint
	e.Rotate("s1", t0)
	e.Rotate("s2", t0.Add(time.Hour))
	e.Rotate("s3", t0.Add(2*time.Hour))
	tests := []struct {
		at   time.Time
		want []string
	}{
		{t0.Add(2 * time.Hour), []string{"s3", "s2"}},
		{t0.Add(2*time.Hour + RotationOverlap - time.Second), []string{"s3", "s2"}},
		{t0.Add(2*time.Hour + RotationOverlap), []string{"s3"}},
	}
	for _, tt := range tests {
		if got := e.SigningSecrets(tt.at); len(got) != len(tt.want) || got[0] != tt.want[0] || (len(got) > 1 && got[1] != tt.want[1]) {
			t.Errorf("SigningSecrets(%s) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

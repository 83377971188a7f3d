package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

func TestIfMatch(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	r := env.Do(t, apitest.Request{Method: "GET", Path: subPath(s.ID), Token: bob})
	tag := r.Header.Get("ETag")
	if tag != `"1"` {
		t.Fatalf("ETag = %q, want \"1\"", tag)
	}
	tests := []struct {
		name, ifMatch string
		want          int
	}{
		{"current", `"1"`, 200},
		{"stale", `"1"`, 412},
		{"any", "*", 200},
	}
	for _, tt := range tests {
		r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"autoRenew":false}`, Header: map[string]string{"If-Match": tt.ifMatch}})
		if r.Status != tt.want {
			t.Errorf("%s: %d %s, want %d", tt.name, r.Status, r.Body, tt.want)
		}
		if tt.want == 412 && r.Code() != "precondition_failed" {
			t.Errorf("%s: code %q", tt.name, r.Code())
		}
	}
}

func TestIfMatchListAndNoOpPatch(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"autoRenew":true}`}); r.Status != 200 || r.Header.Get("ETag") != `"1"` {
		t.Errorf("no-op PATCH: %d ETag %s, want 200 and the version unchanged", r.Status, r.Header.Get("ETag"))
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"quantity":2}`, Header: map[string]string{"If-Match": `"7", "1"`}}); r.Status != 200 {
		t.Errorf("If-Match list naming the current tag: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob,
		Body: `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"   "}`, Header: map[string]string{"Idempotency-Key": "blank"}}); r.Status != 400 {
		t.Errorf("blank payment method: %d, want 400", r.Status)
	}
}

// TestSuspendReactivateWithAddOns: retention from the tenant's dates (90 +
// days from creation to first billing, at most 120), add-ons suspended and
// reactivated with their base, no reactivation at dataDeletionAt.
func TestSuspendReactivateWithAddOns(t *testing.T) {
	env := apitest.New(t)
	op := env.Token(t, apitest.Operator, "op", domain.RoleOperator)
	created := apitest.T0.AddDate(-1, 0, 0)
	body := fmt.Sprintf(`{"name":"Contoso","country":"US","createdAt":%q,"firstBillingAt":%q}`, created.Format(time.RFC3339), created.AddDate(0, 0, 12).Format(time.RFC3339))
	if r := env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso", Token: op, Body: body}); r.Status != 201 {
		t.Fatalf("tenant: %d %s", r.Status, r.Body)
	}
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	base := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":3}`)
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
		Header: map[string]string{"Idempotency-Key": "addon"}})
	var addOn subView
	r.Decode(t, &addOn)
	if r.Status != 201 || addOn.BaseSubscriptionID != base.ID || !addOn.TermEnd.Equal(base.TermEnd) {
		t.Fatalf("add-on: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/suspend", Token: admin, Body: `{"reason":"bored"}`}); r.Status != 400 {
		t.Errorf("bad reason: %d, want 400", r.Status)
	}
	r = env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/suspend", Token: admin, Body: `{"reason":"nonPayment"}`})
	var got subView
	r.Decode(t, &got)
	wantDeletion := apitest.T0.AddDate(0, 0, 102)
	if r.Status != 200 || got.Status != domain.StatusSuspended || got.DataDeletionAt == nil || !got.DataDeletionAt.Equal(wantDeletion) {
		t.Fatalf("suspend: %d %s, want Suspended with dataDeletionAt %s (90 + 12 days)", r.Status, r.Body, wantDeletion)
	}
	var a subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(addOn.ID), Token: admin}).Decode(t, &a)
	if a.Status != domain.StatusSuspended {
		t.Errorf("add-on is %s, want Suspended with its base", a.Status)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(addOn.ID) + "/reactivate", Token: admin}); r.Status != 409 || r.Code() != "base_not_active" {
		t.Errorf("reactivate add-on alone: %d %s, want 409 base_not_active", r.Status, r.Body)
	}
	env.Clock.Advance(30 * 24 * time.Hour)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/reactivate", Token: admin}); r.Status != 200 {
		t.Fatalf("reactivate: %d %s", r.Status, r.Body)
	}
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(addOn.ID), Token: admin}).Decode(t, &a)
	if a.Status != domain.StatusActive {
		t.Errorf("add-on is %s after its base's reactivation, want Active", a.Status)
	}
	// Suspended again, it can't come back at its data deletion time.
	env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/suspend", Token: admin, Body: `{"reason":"fraud"}`})
	env.Clock.Advance(102 * 24 * time.Hour)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/reactivate", Token: admin}); r.Status != 409 || r.Code() != "invalid_status" {
		t.Errorf("reactivate at dataDeletionAt: %d %s, want 409 invalid_status", r.Status, r.Body)
	}
	// A central subscription's add-on needs an Active base.
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
		Header: map[string]string{"Idempotency-Key": "addon-2"}}); r.Status != 409 || r.Code() != "base_not_active" {
		t.Errorf("add-on of a suspended base: %d %s", r.Status, r.Body)
	}
}

func TestAddOnsFollowTheirBase(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	base := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":3}`)
	addOn := func(key string) subView {
		r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
			Header: map[string]string{"Idempotency-Key": key}})
		var a subView
		r.Decode(t, &a)
		return a
	}
	a1 := addOn("a1")
	get := func(id string) subView {
		var s subView
		env.Do(t, apitest.Request{Method: "GET", Path: subPath(id), Token: admin}).Decode(t, &s)
		return s
	}
	env.Clock.Advance(3 * 24 * time.Hour)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/cancel", Token: admin, Body: `{"reason":"later"}`}); r.Status != 202 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); !got.CancelAtTermEnd || got.Status != domain.StatusActive {
		t.Errorf("add-on after its base was scheduled: %+v", got.Subscription)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(a1.ID), Token: admin, Body: `{"autoRenew":true}`}); r.Status != 409 {
		t.Errorf("add-on renewing on its own: %d %s, want 409", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(base.ID), Token: admin, Body: `{"autoRenew":true}`}); r.Status != 200 {
		t.Fatalf("undo: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); got.CancelAtTermEnd || !got.AutoRenew {
		t.Errorf("add-on after its base's undo: cancelAtTermEnd %v autoRenew %v", got.CancelAtTermEnd, got.AutoRenew)
	}
	// A suspended add-on goes when its base is deleted.
	env.Do(t, apitest.Request{Method: "POST", Path: subPath(a1.ID) + "/suspend", Token: admin, Body: `{"reason":"other"}`})
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(a1.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
		Header: map[string]string{"Idempotency-Key": "a-of-a"}}); r.Status != 422 || r.Code() != "not_an_addon_of_base" {
		t.Errorf("add-on of an add-on: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/suspend", Token: admin, Body: `{"reason":"other"}`}); r.Status != 200 {
		t.Fatalf("suspend base: %d %s", r.Status, r.Body)
	}
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/reactivate", Token: admin})
	if r.Status != 200 {
		t.Fatalf("reactivate base: %d %s", r.Status, r.Body)
	}
	if got := get(a1.ID); got.Status != domain.StatusActive {
		t.Errorf("add-on after its base's reactivation: %s, want Active", got.Status)
	}
}

func TestListActivityRange(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	for i := range 3 {
		env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: fmt.Sprintf(`{"enabled":%v}`, i%2 == 0)})
		env.Clock.Advance(24 * time.Hour)
	}
	day := func(d int) string { return apitest.T0.AddDate(0, 0, d).Format(time.RFC3339) }
	tests := []struct {
		query string
		want  int
	}{
		{"", 4}, // the tenant's creation and the three changes
		{"?from=" + day(1) + "&to=" + day(2), 2},
		{"?from=" + day(5) + "&to=" + day(6), 0},
		{"?limit=1", 1},
	}
	for _, tt := range tests {
		var l struct {
			Items      []domain.Activity
			NextCursor string
		}
		r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity" + tt.query, Token: admin})
		r.Decode(t, &l)
		if r.Status != 200 || len(l.Items) != tt.want {
			t.Errorf("%q: %d with %d items, want %d", tt.query, r.Status, len(l.Items), tt.want)
		}
		for i := 1; i < len(l.Items); i++ {
			if l.Items[i].At.After(l.Items[i-1].At) {
				t.Errorf("%q: not newest first", tt.query)
			}
		}
	}
	if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?from=" + day(3) + "&to=" + day(1), Token: admin}); r.Status != 400 {
		t.Errorf("from after to: %d, want 400", r.Status)
	}
	if r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity", Token: env.Token(t, "contoso", "bob")}); r.Status != 403 {
		t.Errorf("user reads activity: %d, want 403", r.Status)
	}
}

func TestActivityCursorWithDefaultRange(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	for i := range 3 {
		env.Do(t, apitest.Request{Method: "PUT", Path: automatePath, Token: admin, Body: `{"enabled":false}`})
		env.Clock.Advance(time.Duration(i+1) * time.Minute)
	}
	var l struct {
		Items      []domain.Activity
		NextCursor string
	}
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?limit=2", Token: admin}).Decode(t, &l)
	env.Clock.Advance(time.Minute) // "now" moves between pages
	r := env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity?limit=2&cursor=" + l.NextCursor, Token: admin})
	var l2 struct{ Items []domain.Activity }
	r.Decode(t, &l2)
	if r.Status != 200 || len(l2.Items) != 2 {
		t.Errorf("second page: %d with %d items, want 200 with the remaining 2", r.Status, len(l2.Items))
	}
}

// TestCreateSameKeyConcurrently: one purchase, whatever the racing retries.
func TestCreateSameKeyConcurrently(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob,
				Body: `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`, Header: map[string]string{"Idempotency-Key": "once"}})
			statuses[i] = r.Status
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusCreated && s != http.StatusConflict {
			t.Errorf("status %d, want 201 or 409 (%v)", s, statuses)
		}
	}
	if got := len(env.Items(t, "subscription")); got != 1 {
		t.Errorf("subscriptions = %d, want exactly 1", got)
	}
	if got := len(env.Items(t, "order")); got != 1 {
		t.Errorf("orders = %d, want exactly 1: never charged twice", got)
	}
}

package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
)

const powerBIPro = "CFQ7TTC0L3PB"

type subView struct {
	domain.Subscription
	AllowedActions    []domain.AllowedAction    `json:"allowedActions"`
	CancellationQuote *domain.CancellationQuote `json:"cancellationQuote"`
	Effect            string                    `json:"effect"`
	Credit            domain.Money              `json:"credit"`
}

// keySeq numbers the Idempotency-Keys of buy and other one-off requests:
// unique whatever the clock's resolution.
var keySeq atomic.Int64

// buy creates a subscription as token and returns it.
func buy(t *testing.T, env *apitest.Env, token, body string) subView {
	t.Helper()
	r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: token, Body: body,
		Header: map[string]string{"Idempotency-Key": fmt.Sprintf("buy-%d", keySeq.Add(1))}})
	if r.Status != http.StatusCreated {
		t.Fatalf("buy %s: %d %s", body, r.Status, r.Body)
	}
	var s subView
	r.Decode(t, &s)
	return s
}

func subPath(id string) string { return "/v1/tenants/contoso/subscriptions/" + id }

func orders(t *testing.T, env *apitest.Env, token, subID string) []domain.Order {
	t.Helper()
	var l struct{ Items []domain.Order }
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders?subscriptionId=" + subID, Token: token}).Decode(t, &l)
	return l.Items
}

// TestSeedCancelWithinAndAfterRefundWindow: seed 003's refund windows — a
// monthly purchase cancelled within 24 h is deleted with full credit, after
// 24 h it is scheduled at term end; an annual one on day 13 vs day 15.
func TestSeedCancelWithinAndAfterRefundWindow(t *testing.T) {
	tests := []struct {
		name       string
		frequency  string
		after      time.Duration
		wantStatus int
		wantState  domain.Status
		wantCredit bool
	}{
		{"monthly, 23 h", "monthly", 23 * time.Hour, 200, domain.StatusDeleted, true},
		{"monthly, 25 h", "monthly", 25 * time.Hour, 202, domain.StatusActive, false},
		{"annual, day 13", "annual", 13 * 24 * time.Hour, 200, domain.StatusDeleted, true},
		{"annual, day 15", "annual", 15 * 24 * time.Hour, 202, domain.StatusActive, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := setup(t)
			bob := env.Token(t, "contoso", "bob")
			s := buy(t, env, bob, fmt.Sprintf(`{"productId":%q,"billingFrequency":%q,"quantity":2,"paymentMethodId":"pm_1"}`, powerBIPro, tt.frequency))
			env.Clock.Advance(tt.after)
			r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: bob, Body: `{"reason":"no longer needed"}`})
			var got subView
			r.Decode(t, &got)
			if r.Status != tt.wantStatus || got.Status != tt.wantState {
				t.Fatalf("cancel: %d %s, want %d %s", r.Status, got.Status, tt.wantStatus, tt.wantState)
			}
			os := orders(t, env, bob, s.ID)
			var charged, credited int64
			for _, o := range os {
				switch o.Type {
				case domain.OrderPurchase:
					charged += o.Amount.Amount
				case domain.OrderCredit:
					credited += o.Amount.Amount
				}
			}
			if charged != s.Price.Amount {
				t.Errorf("charged %d, want the price %d", charged, s.Price.Amount)
			}
			if tt.wantCredit && credited != charged {
				t.Errorf("credited %d, want the full %d", credited, charged)
			}
			if !tt.wantCredit {
				if credited != 0 || !got.CancelAtTermEnd || got.AutoRenew || got.Effect != "termEnd" {
					t.Errorf("scheduled cancel: credit %d, cancelAtTermEnd %v, autoRenew %v, effect %q", credited, got.CancelAtTermEnd, got.AutoRenew, got.Effect)
				}
				// Turning auto-renew back on undoes it (docs/spec.md §4.4).
				r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"autoRenew":true}`})
				var undone subView
				r.Decode(t, &undone)
				if r.Status != 200 || undone.CancelAtTermEnd || !undone.AutoRenew {
					t.Errorf("undo: %d cancelAtTermEnd %v autoRenew %v", r.Status, undone.CancelAtTermEnd, undone.AutoRenew)
				}
			}
			var events []string
			for _, e := range env.Items(t, "event") {
				events = append(events, e["type"].(string))
			}
			want := domain.EventSubscriptionCancelled
			if !tt.wantCredit {
				want = domain.EventCancellationScheduled
			}
			if !slices.Contains(events, want) {
				t.Errorf("events %v, want %s for the purchaser", events, want)
			}
		})
	}
}

// TestSeedPolicyBlocksNewPurchasesOnly: an admin who disables a product
// blocks the next purchase but not the existing subscription; a trials-only
// policy lets a no-payment trial through and nothing else.
func TestSeedPolicyBlocksNewPurchasesOnly(t *testing.T) {
	env := setup(t)
	bob, carol := env.Token(t, "contoso", "bob"), env.Token(t, "contoso", "carol")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	existing := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	policy := policyPath + "/products/" + powerBIPro
	setPolicy := func(v string) {
		if r := env.Do(t, apitest.Request{Method: "PUT", Path: policy, Token: admin, Body: `{"policyValue":"` + v + `"}`}); r.Status != 200 {
			t.Fatalf("set %s: %d %s", v, r.Status, r.Body)
		}
	}
	attempt := func(token, body string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: token, Body: body,
			Header: map[string]string{"Idempotency-Key": fmt.Sprintf("k-%d", keySeq.Add(1))}})
	}
	purchase := `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_2"}`
	trialNoPM := `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","trial":true}`
	trialPM := `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","trial":true,"paymentMethodId":"pm_3"}`

	setPolicy("Disabled")
	for _, body := range []string{purchase, trialNoPM} {
		if r := attempt(carol, body); r.Status != 403 || r.Code() != "policy_disabled" {
			t.Errorf("disabled, %s: %d %s, want 403 policy_disabled", body, r.Status, r.Body)
		}
	}
	r := env.Do(t, apitest.Request{Method: "GET", Path: subPath(existing.ID), Token: bob})
	var still subView
	r.Decode(t, &still)
	if still.Status != domain.StatusActive {
		t.Errorf("existing subscription is %s after the policy change, want Active", still.Status)
	}
	if r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(existing.ID), Token: bob, Body: `{"quantity":3}`}); r.Status != 200 {
		t.Errorf("existing subscription can't be changed: %d %s", r.Status, r.Body)
	}

	setPolicy("OnlyTrialsWithoutPaymentMethod")
	for _, c := range []struct {
		body string
		want int
		code string
	}{{purchase, 403, "policy_trials_only"}, {trialPM, 403, "policy_trials_only"}, {trialNoPM, 201, ""}} {
		if r := attempt(carol, c.body); r.Status != c.want || r.Code() != c.code {
			t.Errorf("trials only, %s: %d %s, want %d %s", c.body, r.Status, r.Body, c.want, c.code)
		}
	}
	// One trial per purchaser and product.
	if r := attempt(carol, trialNoPM); r.Status != 409 || r.Code() != "trial_already_used" {
		t.Errorf("second trial: %d %s, want 409 trial_already_used", r.Status, r.Body)
	}
	// An admin's central purchase is not subject to the policy.
	setPolicy("Disabled")
	if r := attempt(admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly"}`); r.Status != 201 {
		t.Errorf("central purchase under Disabled: %d %s, want 201", r.Status, r.Body)
	}
}

func TestCreateSubscriptionRules(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	tests := []struct {
		name, body, key string
		token           string
		want            int
		code            string
	}{
		{"no Idempotency-Key", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm"}`, "-", bob, 400, "invalid_request"},
		{"no payment method", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly"}`, "", bob, 422, "payment_method_required"},
		{"add-on directly", `{"productId":"CFQ7TTC0LH05","billingFrequency":"monthly","paymentMethodId":"pm"}`, "", bob, 422, "addon_requires_base"},
		{"trial not offered", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"annual","trial":true,"paymentMethodId":"pm"}`, "", bob, 422, "trial_not_offered"},
		{"unknown product", `{"productId":"NOPE","billingFrequency":"monthly","paymentMethodId":"pm"}`, "", bob, 404, "not_found"},
		{"status is read-only", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm","status":"Active"}`, "", bob, 400, "invalid_request"},
		{"price is read-only", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm","price":{"amount":1}}`, "", bob, 400, "invalid_request"},
		{"quantity too large", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm","quantity":10001}`, "", bob, 400, "invalid_request"},
		{"bad frequency", `{"productId":"CFQ7TTC0L3PB","billingFrequency":"weekly","paymentMethodId":"pm"}`, "", bob, 400, "invalid_request"},
		{"partner: not in country", `{"productId":"ISV-CONTOSO-ANALYTICS","billingFrequency":"monthly"}`, "", "", 201, ""},
		{"partner: not via partner", `{"productId":"ISV-NORTHWIND-DIRECT","billingFrequency":"monthly"}`, "", "agent", 422, "not_available_via_partner"},
		{"partner: exclusive offer", `{"productId":"ISV-CONTOSO-ANALYTICS-PREMIER","billingFrequency":"monthly"}`, "", "agent", 403, "exclusive_offer"},
		{"partner: one Azure plan", `{"productId":"DZH318Z0BPS6","billingFrequency":"monthly"}`, "", "agent", 201, ""},
		{"partner: second Azure plan", `{"productId":"DZH318Z0BPS6","billingFrequency":"monthly"}`, "", "agent", 409, "limit_one_per_tenant"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: tt.token, Body: tt.body,
				Header: map[string]string{"Idempotency-Key": fmt.Sprintf("rules-%d", i)}}
			switch tt.token {
			case "agent":
				req.Token = env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
			case "":
				req.Token = env.Token(t, "partner-a", "ada", domain.RoleAdminAgent) // contoso is in US: allowed
			}
			if tt.key == "-" {
				req.Header = nil
			}
			r := env.Do(t, req)
			if r.Status != tt.want || r.Code() != tt.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tt.want, tt.code)
			}
		})
	}
	// The ISV trial is applied automatically, billed to the partner.
	var l struct{ Items []subView }
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/subscriptions?productId=ISV-CONTOSO-ANALYTICS", Token: env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)}).Decode(t, &l)
	if len(l.Items) != 1 || l.Items[0].Status != domain.StatusTrial || l.Items[0].BillTo.Type != "partner" || l.Items[0].Channel != domain.ChannelPartner {
		t.Errorf("ISV subscription %+v, want a partner trial billed to the partner", l.Items)
	}
}

// TestSubscriptionRoundTrips asserts the round-trip budgets of docs/data-model.md for a
// purchaser and an admin: get 1, list page 1, create ≤ 2, change ≤ 2.
func TestSubscriptionRoundTrips(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	env.DB.Counter.Reset()
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	if got, want := env.DB.Counter.Operations(), []string{"BatchGetItem", "TransactWriteItems"}; !slices.Equal(got, want) {
		t.Errorf("create: %v, want %v", got, want)
	}
	base := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":5}`)
	tests := []struct {
		name string
		req  apitest.Request
		want []string
	}{
		{"get", apitest.Request{Method: "GET", Path: subPath(s.ID), Token: bob}, []string{"GetItem"}},
		{"list own", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/subscriptions", Token: bob}, []string{"Query"}},
		{"list all", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/subscriptions?status=Active", Token: admin}, []string{"Query"}},
		{"update", apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob, Body: `{"quantity":4}`}, []string{"Query", "TransactWriteItems"}},
		{"add-on", apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05","quantity":2}`,
			Header: map[string]string{"Idempotency-Key": "addon-1"}}, []string{"Query", "TransactWriteItems"}},
		{"take over", apitest.Request{Method: "POST", Path: subPath(s.ID) + "/takeover", Token: admin}, []string{"Query", "TransactWriteItems"}},
		{"cancel a base with its add-on", apitest.Request{Method: "POST", Path: subPath(base.ID) + "/cancel", Token: admin, Body: `{"reason":"done"}`},
			[]string{"Query", "TransactWriteItems"}},
		{"orders page", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders", Token: admin}, []string{"Query"}},
		{"activity page", apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/activity", Token: admin}, []string{"Query"}},
	}
	for _, tt := range tests {
		env.DB.Counter.Reset()
		r := env.Do(t, tt.req)
		if r.Status >= 300 {
			t.Fatalf("%s: %d %s", tt.name, r.Status, r.Body)
		}
		if got := env.DB.Counter.Operations(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: round trips %v, want %v", tt.name, got, tt.want)
		}
	}
	var f subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(base.ID), Token: admin}).Decode(t, &f)
	var l struct{ Items []subView }
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/subscriptions?productId=CFQ7TTC0LH05", Token: admin}).Decode(t, &l)
	if f.Status != domain.StatusDeleted || len(l.Items) != 1 || l.Items[0].Status != domain.StatusDeleted {
		t.Errorf("base %s, add-ons %+v: want both Deleted (add-ons cancel with their base)", f.Status, l.Items)
	}
}

// TestConcurrentChangesLoseNone: 50 concurrent changes to one subscription,
// each retried by its client on 409 or 503 with its own Idempotency-Key,
// none cut off (each answers before its function's time is up), all land:
// 50 versions, 50 activity records, 50 events with distinct sequences.
func TestConcurrentChangesLoseNone(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_1"}`)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for try := 0; try < 50; try++ {
				r := env.Do(t, apitest.Request{Method: "PATCH", Path: subPath(s.ID), Token: bob,
					Body: fmt.Sprintf(`{"quantity":%d}`, 2+i), Header: map[string]string{"Idempotency-Key": fmt.Sprintf("c-%d", i)}})
				if r.Status == 200 {
					return
				}
				if r.Status != 409 && r.Status != 503 { // lost races, or out of time: send it again
					t.Errorf("change %d: %d %s", i, r.Status, r.Body)
					return
				}
			}
			t.Errorf("change %d never landed", i)
		}()
	}
	wg.Wait()
	var got subView
	env.Do(t, apitest.Request{Method: "GET", Path: subPath(s.ID), Token: bob}).Decode(t, &got)
	if got.Version != 1+n {
		t.Errorf("version = %d, want %d", got.Version, 1+n)
	}
	updates, seqs := 0, map[float64]bool{}
	for _, e := range env.Items(t, "event") {
		if e["type"] == domain.EventSubscriptionUpdated {
			updates++
			seqs[e["sequence"].(float64)] = true
		}
	}
	if updates != n || len(seqs) != n {
		t.Errorf("updated events = %d with %d distinct sequences, want %d", updates, len(seqs), n)
	}
	acts := 0
	for _, a := range env.Items(t, "activity") {
		if a["operation"] == "UpdateSubscription" {
			acts++
		}
	}
	if acts != n {
		t.Errorf("activity records = %d, want %d", acts, n)
	}
}

// TestPurchaserSeesOnlyOwn: tenant isolation and per-user visibility.
func TestPurchaserSeesOnlyOwn(t *testing.T) {
	env := setup(t)
	bob, carol := env.Token(t, "contoso", "bob"), env.Token(t, "contoso", "carol")
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	fred := env.Token(t, "fabrikam", "fred", domain.RoleGlobalAdmin)
	for _, c := range []struct {
		name, token, method, path, body string
		want                            int
	}{
		{"other user reads", carol, "GET", subPath(s.ID), "", 404},
		{"other user cancels", carol, "POST", subPath(s.ID) + "/cancel", `{"reason":"x"}`, 404},
		{"other tenant's admin reads", fred, "GET", subPath(s.ID), "", 404},
		{"other tenant's admin lists", fred, "GET", "/v1/tenants/contoso/subscriptions", "", 404},
		{"user lists another's", carol, "GET", "/v1/tenants/contoso/subscriptions?purchaserId=bob", "", 403},
		{"admin can't manage before take-over", env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin), "PATCH", subPath(s.ID), `{"quantity":2}`, 403},
	} {
		r := env.Do(t, apitest.Request{Method: c.method, Path: c.path, Token: c.token, Body: c.body})
		if r.Status != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, r.Status, r.Body, c.want)
		}
	}
	var l struct{ Items []subView }
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/subscriptions", Token: carol}).Decode(t, &l)
	if len(l.Items) != 0 {
		t.Errorf("carol lists %d subscriptions, want 0", len(l.Items))
	}
	var os struct{ Items []domain.Order }
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders", Token: carol}).Decode(t, &os)
	if len(os.Items) != 0 {
		t.Errorf("carol sees %d orders, want 0", len(os.Items))
	}
}

// TestLimitOnePerTenantReactivateInstead: with the tenant's Azure plan
// suspended, buying another is 409 reactivate_instead naming it; once it is
// deleted, a new one can be bought.
func TestLimitOnePerTenantReactivateInstead(t *testing.T) {
	env := setup(t)
	agent := env.Token(t, "partner-a", "ada", domain.RoleAdminAgent)
	plan := `{"productId":"DZH318Z0BPS6","billingFrequency":"monthly"}`
	first := buy(t, env, agent, plan)
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(first.ID) + "/suspend", Token: agent, Body: `{"reason":"customerRequest"}`}); r.Status != 200 {
		t.Fatalf("suspend: %d %s", r.Status, r.Body)
	}
	r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: agent, Body: plan, Header: map[string]string{"Idempotency-Key": "second"}})
	var p struct {
		Code           string
		SubscriptionID string
	}
	r.Decode(t, &p)
	if r.Status != 409 || p.Code != "reactivate_instead" || p.SubscriptionID != first.ID {
		t.Errorf("second plan while the first is suspended: %d %s, want 409 reactivate_instead naming %s", r.Status, r.Body, first.ID)
	}
	env.Do(t, apitest.Request{Method: "POST", Path: subPath(first.ID) + "/reactivate", Token: agent})
	if r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(first.ID) + "/cancel", Token: agent, Body: `{"reason":"moving"}`}); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	if r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: agent, Body: plan, Header: map[string]string{"Idempotency-Key": "third"}}); r.Status != 201 {
		t.Errorf("a new plan after the first was deleted: %d %s, want 201", r.Status, r.Body)
	}
}

// TestCancelReasonPicklist (spec §15): reasonCode is one of the admin
// center's picklist, with an optional text; a text alone means "other";
// neither, or an unknown code, is 400 and changes nothing.
func TestCancelReasonPicklist(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	cancel := func(id, body string) *apitest.Response {
		return env.Do(t, apitest.Request{Method: "POST", Path: subPath(id) + "/cancel", Token: bob, Body: body})
	}
	s := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	for _, body := range []string{`{}`, `{"reasonCode":"bored"}`, `{"reasonCode":""}`, `{"reasonCode":"other","reason":" "}`} {
		if r := cancel(s.ID, body); r.Status != 400 || r.Code() != "invalid_request" {
			t.Errorf("cancel %s: %d %s, want 400", body, r.Status, r.Body)
		}
	}
	var got subView
	r := cancel(s.ID, `{"reasonCode":"tooExpensive"}`)
	r.Decode(t, &got)
	if r.Status != 200 || got.CancellationReasonCode != "tooExpensive" || got.CancellationReason != "tooExpensive" {
		t.Errorf("cancel with a code: %d %s", r.Status, r.Body)
	}
	s2 := buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","paymentMethodId":"pm_1"}`)
	r = cancel(s2.ID, `{"reason":"we merged teams"}`)
	r.Decode(t, &got)
	if r.Status != 200 || got.CancellationReasonCode != "other" || got.CancellationReason != "we merged teams" {
		t.Errorf("cancel with a text only: %d %s, want code other with the text", r.Status, r.Body)
	}
}

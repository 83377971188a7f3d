package httpapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"selfserve/shared/apitest"
	"selfserve/shared/app"
	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/sweeps"
)

// payEnv is the API with the sweeps that move money, on one clock and
// one local provider.
type payEnv struct {
	*apitest.Env
	sw *sweeps.Sweeper
}

func setupPay(t *testing.T) payEnv {
	env := setup(t)
	return payEnv{env, &sweeps.Sweeper{Store: env.Store, App: env.App, Log: nil}}
}

// sweep runs the named sweep at the clock's now.
func (e payEnv) sweep(t *testing.T, name string) sweeps.Report {
	t.Helper()
	r, err := e.sw.Run(context.Background(), name, e.Clock.Now())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// lifecycle runs every sweep at the clock's now, as the schedules would.
func (e payEnv) lifecycle(t *testing.T) {
	t.Helper()
	for range 2 {
		for _, name := range sweeps.Names {
			e.sweep(t, name)
		}
	}
}

// charges are the provider's succeeded charges so far.
func (e payEnv) charges(t *testing.T) []payments.Charge {
	t.Helper()
	list, _, err := e.Payments.Charges(context.Background(), apitest.T0.AddDate(-1, 0, 0), e.Clock.Now().Add(time.Hour), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func (e payEnv) get(t *testing.T, token, id string) subView {
	t.Helper()
	var s subView
	e.Do(t, apitest.Request{Method: "GET", Path: subPath(id), Token: token}).Decode(t, &s)
	return s
}

func (e payEnv) orders(t *testing.T, token string) []domain.Order {
	t.Helper()
	var page struct {
		Items []domain.Order `json:"items"`
	}
	e.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/orders", Token: token}).Decode(t, &page)
	return page.Items
}

func (e payEnv) setPaymentMethod(t *testing.T, token, id, pm, key string) *apitest.Response {
	t.Helper()
	return e.Do(t, apitest.Request{Method: "PUT", Path: subPath(id) + "/payment-method", Token: token,
		Body: `{"paymentMethodId":"` + pm + `"}`, Header: map[string]string{"Idempotency-Key": key}})
}

// TestDeclinedPurchase: pm_card_chargeDeclined → 402 with its declineCode;
// no subscription, order or event, the attempt in the activity log.
func TestDeclinedPurchase(t *testing.T) {
	for _, tc := range []struct{ pm, code string }{
		{"pm_card_chargeDeclined", "generic_decline"},
		{"pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"},
		{"pm_card_chargeDeclinedExpiredCard", "expired_card"},
	} {
		t.Run(tc.pm, func(t *testing.T) {
			env := setupPay(t)
			bob := env.Token(t, "contoso", "bob")
			r := env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob,
				Body:   `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"` + tc.pm + `"}`,
				Header: map[string]string{"Idempotency-Key": "declined"}})
			var problem struct {
				Code        string `json:"code"`
				DeclineCode string `json:"declineCode"`
			}
			r.Decode(t, &problem)
			if r.Status != 402 || problem.Code != "payment_declined" || problem.DeclineCode != tc.code {
				t.Fatalf("purchase: %d %s, want 402 payment_declined %s", r.Status, r.Body, tc.code)
			}
			for _, kind := range []string{"subscription", "order", "event"} {
				if got := len(env.Items(t, kind)); got != 0 {
					t.Errorf("%d %s items after a declined purchase, want 0", got, kind)
				}
			}
			var acts []map[string]any
			for _, a := range env.Items(t, "activity") {
				if a["operation"] == "CreateSubscription" {
					acts = append(acts, a)
				}
			}
			if len(acts) != 1 {
				t.Fatalf("activity: %v, want the attempt", acts)
			}
			if got, want := acts[0]["after"].(string), `"paymentDeclined":"`+tc.code+`"`; !strings.Contains(got, want) {
				t.Errorf("activity after.paymentDeclined = %v, want %s", got, want)
			}
		})
	}
}

// TestDunningToSuspension: a monthly purchase whose card is switched to a
// declining one becomes PastDue at renewal, is retried on days 1, 3, 5 and
// 7 — always the same order — and is then Suspended for nonPayment with
// its data-deletion date.
func TestDunningToSuspension(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`)
	if r := env.setPaymentMethod(t, bob, s.ID, "pm_card_chargeDeclinedInsufficientFunds", "switch"); r.Status != 200 {
		t.Fatalf("switch card: %d %s", r.Status, r.Body)
	}
	env.Clock.Set(s.TermEnd)
	env.lifecycle(t)
	got := env.get(t, bob, s.ID)
	if got.Status != domain.StatusPastDue || got.PaymentDue == nil || got.PaymentDue.DeclineCode != "insufficient_funds" || got.PaymentDue.Attempts != 1 {
		t.Fatalf("after the renewal: %s %+v, want PastDue after 1 attempt", got.Status, got.PaymentDue)
	}
	if !got.TermStart.Equal(s.TermEnd) {
		t.Errorf("PastDue term starts %s, want the renewal date %s", got.TermStart, s.TermEnd)
	}
	for i, days := range domain.PaymentRetryDays {
		env.Clock.Set(s.TermEnd.AddDate(0, 0, days))
		if rep := env.sweep(t, "PaymentRetrySweep"); rep.Processed != 1 {
			t.Fatalf("retry %d: processed %d, want 1", i+1, rep.Processed)
		}
		got = env.get(t, bob, s.ID)
		if i < len(domain.PaymentRetryDays)-1 && (got.Status != domain.StatusPastDue || got.PaymentDue.Attempts != i+2) {
			t.Fatalf("after retry %d: %s %+v", i+1, got.Status, got.PaymentDue)
		}
	}
	if got.Status != domain.StatusSuspended || got.SuspensionReason != "nonPayment" || got.DataDeletionAt == nil {
		t.Fatalf("after the last retry: %s %q deletion %v, want Suspended nonPayment with a deletion date", got.Status, got.SuspensionReason, got.DataDeletionAt)
	}
	if lo, hi := s.TermEnd.AddDate(0, 0, 7+90), s.TermEnd.AddDate(0, 0, 7+120); got.DataDeletionAt.Before(lo) || got.DataDeletionAt.After(hi) {
		t.Errorf("data deletion at %s, want 90-120 days after the suspension", got.DataDeletionAt)
	}
	if got, want := len(env.charges(t)), 1; got != want {
		t.Errorf("%d provider charges, want %d (the purchase)", got, want)
	}
	var renewals []domain.Order
	for _, o := range env.orders(t, bob) {
		if o.Type == domain.OrderRenewal {
			renewals = append(renewals, o)
		}
	}
	if len(renewals) != 1 || renewals[0].Paid {
		t.Errorf("renewal orders %+v, want one, unpaid", renewals)
	}
	var types []string
	for _, e := range env.Items(t, "event") {
		types = append(types, e["type"].(string))
	}
	for typ, want := range map[string]int{domain.EventSubscriptionPastDue: 1, domain.EventPaymentFailed: 5, domain.EventSubscriptionSuspended: 1} {
		n := 0
		for _, got := range types {
			if got == typ {
				n++
			}
		}
		if n != want {
			t.Errorf("%d %s events, want %d", n, typ, want)
		}
	}
}

// TestPastDueFixedByANewCard: a PastDue subscription given a card that
// works is charged what it owes once and is Active again, its term
// unchanged; a declining card answers 402 and changes nothing.
func TestPastDueFixedByANewCard(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":2,"paymentMethodId":"pm_card_visa"}`)
	env.setPaymentMethod(t, bob, s.ID, "pm_card_chargeDeclined", "switch")
	env.Clock.Set(s.TermEnd)
	env.lifecycle(t)
	pastDue := env.get(t, bob, s.ID)
	env.Clock.Advance(2 * time.Hour)

	if r := env.setPaymentMethod(t, bob, s.ID, "pm_card_chargeDeclinedExpiredCard", "fix-1"); r.Status != 402 {
		t.Fatalf("a declining card: %d %s, want 402", r.Status, r.Body)
	}
	if got := env.get(t, bob, s.ID); got.Version != pastDue.Version {
		t.Errorf("a declined fix changed the subscription (version %d → %d)", pastDue.Version, got.Version)
	}
	for range 2 { // sent twice: charged once
		if r := env.setPaymentMethod(t, bob, s.ID, "pm_card_mastercard", "fix-2"); r.Status != 200 {
			t.Fatalf("a working card: %d %s", r.Status, r.Body)
		}
	}
	got := env.get(t, bob, s.ID)
	if got.Status != domain.StatusActive || got.PaymentDue != nil || !got.TermStart.Equal(pastDue.TermStart) || !got.TermEnd.Equal(pastDue.TermEnd) {
		t.Fatalf("after the fix: %s %+v term %s–%s, want Active, same term", got.Status, got.PaymentDue, got.TermStart, got.TermEnd)
	}
	charges := env.charges(t)
	if got, want := len(charges), 2; got != want {
		t.Fatalf("%d provider charges, want %d (purchase, then the renewal once)", got, want)
	}
	if got, want := charges[1].Amount.Amount, int64(2000); got != want {
		t.Errorf("recovery charge %d, want %d", got, want)
	}
	for _, o := range env.orders(t, bob) {
		if !o.Paid {
			t.Errorf("order %s (%s) unpaid after the fix", o.ID, o.Type)
		}
	}
	// Nothing is retried any more.
	env.Clock.Set(s.TermEnd.AddDate(0, 0, 8))
	if rep := env.sweep(t, "PaymentRetrySweep"); rep.Processed != 0 {
		t.Errorf("the payments sweep acted %d times on a recovered subscription", rep.Processed)
	}
}

// TestTrialGivenACardConverts: a trial without a payment method, given one
// under an Enabled policy, converts at its end and is charged once; under
// a trials-only policy it is refused.
func TestTrialGivenACardConverts(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","trial":true}`)
	if s.AutoRenew || s.HasPaymentMethod {
		t.Fatalf("a payment-less trial: autoRenew %v hasPaymentMethod %v", s.AutoRenew, s.HasPaymentMethod)
	}
	policy := func(v string) {
		if r := env.Do(t, apitest.Request{Method: "PUT", Path: "/v1/tenants/contoso/policies/" + domain.PolicyID + "/products/CFQ7TTC0L3PB",
			Token: admin, Body: `{"policyValue":"` + v + `"}`}); r.Status != 200 {
			t.Fatalf("policy %s: %d %s", v, r.Status, r.Body)
		}
	}
	policy("OnlyTrialsWithoutPaymentMethod")
	if r := env.setPaymentMethod(t, bob, s.ID, "pm_card_visa", "card-1"); r.Status != 403 || r.Code() != "policy_trials_only" {
		t.Fatalf("under trials-only: %d %s, want 403 policy_trials_only", r.Status, r.Body)
	}
	policy("Enabled")
	if r := env.setPaymentMethod(t, bob, s.ID, "pm_card_visa", "card-2"); r.Status != 200 {
		t.Fatalf("under Enabled: %d %s", r.Status, r.Body)
	}
	if got := env.get(t, bob, s.ID); !got.AutoRenew || !got.HasPaymentMethod || got.Status != domain.StatusTrial {
		t.Fatalf("given a card: %s autoRenew %v hasPaymentMethod %v", got.Status, got.AutoRenew, got.HasPaymentMethod)
	}
	env.Clock.Set(*s.TrialEndsAt)
	env.lifecycle(t)
	if got := env.get(t, bob, s.ID); got.Status != domain.StatusActive {
		t.Fatalf("at the trial's end: %s, want Active", got.Status)
	}
	if got, want := len(env.charges(t)), 1; got != want {
		t.Errorf("%d provider charges, want %d", got, want)
	}
}

// TestRefundWindowCancelRefundsOnce: a card-paid cancel inside the refund
// window is paid back through the provider once, by the payments sweep.
func TestRefundWindowCancelRefundsOnce(t *testing.T) {
	env := setupPay(t)
	bob := env.Token(t, "contoso", "bob")
	s := buy(t, env.Env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_card_visa"}`)
	env.Clock.Advance(time.Hour)
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(s.ID) + "/cancel", Token: bob, Body: `{"reasonCode":"boughtByMistake"}`})
	if r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	for range 2 {
		env.sweep(t, "PaymentRetrySweep")
	}
	charges := env.charges(t)
	if len(charges) != 1 {
		t.Fatalf("charges %+v, want the purchase", charges)
	}
	if got, want := charges[0].Refunded.Amount, int64(3000); got != want {
		t.Errorf("refunded %d, want %d", got, want)
	}
	for _, o := range env.orders(t, bob) {
		if o.Type == domain.OrderCredit && !o.Paid {
			t.Errorf("credit order %s not settled after its refund", o.ID)
		}
	}
}

// errCrash stands for the process dying at a hook.
var errCrash = errors.New("crash")

// TestChargeExactlyOnce cuts a purchase at each step of its charge: the
// provider's charges always equal the paid orders, a retry with the same
// key reuses the charge, and a charge whose order never commits is
// refunded by reconciliation — after which its key can't claim it.
func TestChargeExactlyOnce(t *testing.T) {
	body := `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_card_visa"}`
	for _, tc := range []struct {
		name  string
		crash func(env payEnv)
	}{
		{"after the charge, before the commit", func(env payEnv) {
			env.App.Hooks.AfterCharge = func(payments.Charge) error { return errCrash }
		}},
		{"after the commit, before the answer", func(env payEnv) {
			env.App.Hooks.AfterCommit = func() error { return errCrash }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := setupPay(t)
			bob := env.Token(t, "contoso", "bob")
			send := func() *apitest.Response {
				return env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob, Body: body,
					Header: map[string]string{"Idempotency-Key": "once"}})
			}
			tc.crash(env)
			if r := send(); r.Status < 500 {
				t.Fatalf("cut request: %d %s, want a failure", r.Status, r.Body)
			}
			env.App.Hooks = app.Hooks{}
			if r := send(); r.Status != 201 {
				t.Fatalf("retry: %d %s", r.Status, r.Body)
			}
			if r := send(); r.Status != 201 || r.Header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("replay: %d %s", r.Status, r.Body)
			}
			paid := 0
			for _, o := range env.orders(t, bob) {
				if o.Paid {
					paid++
				}
			}
			if got := len(env.charges(t)); got != 1 || paid != 1 {
				t.Fatalf("%d charges, %d paid orders; want 1 and 1", got, paid)
			}
			env.Clock.Advance(3 * time.Hour)
			if rep := env.sweep(t, sweeps.SweepPaymentReconcile); rep.Processed != 0 {
				t.Errorf("reconciliation refunded %d claimed charges", rep.Processed)
			}
		})
	}
	t.Run("a charge never committed is refunded", func(t *testing.T) {
		env := setupPay(t)
		bob := env.Token(t, "contoso", "bob")
		send := func() *apitest.Response {
			return env.Do(t, apitest.Request{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: bob, Body: body,
				Header: map[string]string{"Idempotency-Key": "orphan"}})
		}
		env.App.Hooks.AfterCharge = func(payments.Charge) error { return errCrash }
		send()
		env.App.Hooks.AfterCharge = nil
		env.Clock.Advance(30 * time.Minute)
		if rep := env.sweep(t, sweeps.SweepPaymentReconcile); rep.Processed != 0 {
			t.Fatalf("reconciliation refunded a charge still within its grace")
		}
		env.Clock.Advance(time.Hour)
		if rep := env.sweep(t, sweeps.SweepPaymentReconcile); rep.Processed != 1 {
			t.Fatalf("reconciliation refunded %d orphan charges, want 1", rep.Processed)
		}
		env.sweep(t, sweeps.SweepPaymentReconcile) // again: nothing more
		charges := env.charges(t)
		if len(charges) != 1 || charges[0].Refunded != charges[0].Amount {
			t.Fatalf("charges %+v, want one, refunded in full", charges)
		}
		if r := send(); r.Status != 402 || !strings.Contains(string(r.Body), "charge_reversed") {
			t.Fatalf("a late retry of the refunded charge: %d %s, want 402 charge_reversed", r.Status, r.Body)
		}
		if got := len(env.Items(t, "subscription")); got != 0 {
			t.Errorf("%d subscriptions after the orphan's late retry, want 0", got)
		}
	})
}

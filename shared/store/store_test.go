package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"selfserve/shared/catalog"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/store"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func MustPutTenant(tb testing.TB, s *store.Store, id, partner string) domain.Tenant {
	tb.Helper()
	name, country, created := "Tenant "+id, "US", t0.AddDate(-1, 0, 0)
	in := domain.TenantInput{Name: &name, Country: &country, CreatedAt: &created}
	if partner != "" {
		in.PartnerID = &partner
	}
	tn, err := domain.NewTenant(id, in, nil, t0)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.PutTenant(context.Background(), id, t0, func(*domain.Tenant) (domain.Tenant, store.Effects, bool, error) {
		return tn, store.Effects{}, true, nil
	}); err != nil {
		tb.Fatal(err)
	}
	return tn
}

func policyEffects(tenantID, productID string, idem *store.Idempotency) store.Effects {
	return store.Effects{
		Activity: &domain.Activity{ID: "act_" + productID + time.Now().String(), TenantID: tenantID, At: t0, Operation: "UpdateProductPolicy",
			TargetType: "policy", TargetID: productID, After: map[string]any{"policyValue": "Disabled"}},
		Events:      []domain.Event{{ID: "evt_" + time.Now().String(), Type: domain.EventPolicyUpdated, TenantID: tenantID, OccurredAt: t0}},
		Idempotency: idem,
	}
}

func TestSetPolicyIsOneRoundTripAndReadBack(t *testing.T) {
	db := ddbtest.New(t)
	s := store.New(db.Client, db.Table)
	MustPutTenant(t, s, "contoso", "")
	ctx := context.Background()

	db.Counter.Reset()
	err := s.SetPolicy(ctx, "contoso", "CFQ7TTC0KP0N", domain.PolicySetting{Value: domain.PolicyDisabled, UpdatedAt: t0, UpdatedBy: "u1"}, t0,
		policyEffects("contoso", "CFQ7TTC0KP0N", nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := db.Counter.Total(), 1; got != want {
		t.Errorf("SetPolicy round trips = %d (%v), want %d", got, db.Counter.Operations(), want)
	}
	db.Counter.Reset()
	tn, err := s.GetTenant(ctx, "contoso")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := db.Counter.Total(), 1; got != want {
		t.Errorf("GetTenant round trips = %d, want %d", got, want)
	}
	if got, want := tn.Policies["CFQ7TTC0KP0N"].Value, domain.PolicyDisabled; got != want {
		t.Errorf("policy = %q, want %q", got, want)
	}
}

func TestSetPolicyOnMissingTenantIsNotFound(t *testing.T) {
	db := ddbtest.New(t)
	s := store.New(db.Client, db.Table)
	err := s.SetPolicy(context.Background(), "nobody", "CFQ7TTC0KP0N", domain.PolicySetting{Value: domain.PolicyDisabled}, t0,
		policyEffects("nobody", "CFQ7TTC0KP0N", nil))
	if got, want := domain.ErrorCode(err), domain.CodeNotFound; got != want {
		t.Errorf("code = %q (%v), want %q", got, err, want)
	}
}

func TestIdempotencyReplayReturnsFirstOutcome(t *testing.T) {
	db := ddbtest.New(t)
	s := store.New(db.Client, db.Table)
	MustPutTenant(t, s, "contoso", "")
	ctx := context.Background()
	first := &store.Idempotency{Hash: "k1", RequestHash: "r1", Status: 200, Body: []byte(`{"a":1}`), ContentType: "application/json"}
	set := domain.PolicySetting{Value: domain.PolicyDisabled, UpdatedAt: t0}
	if err := s.SetPolicy(ctx, "contoso", "CFQ7TTC0KP0N", set, t0, policyEffects("contoso", "CFQ7TTC0KP0N", first)); err != nil {
		t.Fatal(err)
	}
	db.Counter.Reset()
	second := *first
	second.RequestHash, second.Body = "r2", []byte(`{"a":2}`)
	err := s.SetPolicy(ctx, "contoso", "CFQ7TTC0KP0N", set, t0, policyEffects("contoso", "CFQ7TTC0KP0N", &second))
	var replay *store.ReplayError
	if !errors.As(err, &replay) {
		t.Fatalf("err = %v, want a *store.ReplayError", err)
	}
	if got, want := string(replay.Record.Body), `{"a":1}`; got != want {
		t.Errorf("replayed body = %s, want %s", got, want)
	}
	if got, want := replay.Record.RequestHash, "r1"; got != want {
		t.Errorf("replayed request hash = %s, want %s", got, want)
	}
	if got, want := db.Counter.Total(), 1; got != want {
		t.Errorf("replay round trips = %d, want %d", got, want)
	}
	// After 24 h the key is free again.
	later := t0.Add(store.IdempotencyRetention + time.Second)
	if err := s.SetPolicy(ctx, "contoso", "CFQ7TTC0KP0N", set, later, policyEffects("contoso", "CFQ7TTC0KP0N", &second)); err != nil {
		t.Errorf("after expiry: %v, want success", err)
	}
}

func TestListActivityNewestFirstWithinRange(t *testing.T) {
	db := ddbtest.New(t)
	s := store.New(db.Client, db.Table)
	MustPutTenant(t, s, "contoso", "")
	ctx := context.Background()
	for i, v := range []domain.PolicyValue{domain.PolicyDisabled, domain.PolicyTrialsOnly, domain.PolicyEnabled} {
		at := t0.Add(time.Duration(i) * time.Hour)
		fx := store.Effects{Activity: &domain.Activity{ID: fmt.Sprintf("act_%d", i), TenantID: "contoso", At: at, Operation: "UpdateProductPolicy",
			TargetType: "productPolicy", TargetID: "CFQ7TTC0KP0N", After: map[string]any{"policyValue": string(v)}}}
		if err := s.SetPolicy(ctx, "contoso", "CFQ7TTC0KP0N", domain.PolicySetting{Value: v, UpdatedAt: at}, at, fx); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"all", t0.Add(-time.Hour), t0.Add(5 * time.Hour), []string{"Enabled", "OnlyTrialsWithoutPaymentMethod", "Disabled"}},
		{"inclusive bounds", t0, t0.Add(time.Hour), []string{"OnlyTrialsWithoutPaymentMethod", "Disabled"}},
		{"none", t0.Add(3 * time.Hour), t0.Add(5 * time.Hour), nil},
	}
	for _, tt := range tests {
		db.Counter.Reset()
		acts, next, err := s.ListActivity(ctx, "contoso", tt.from, tt.to, store.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range acts {
			got = append(got, a.After["policyValue"].(string))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || next != nil {
			t.Errorf("%s: got %v (next %s), want %v", tt.name, got, next, tt.want)
		}
		if n := db.Counter.Total(); n != 1 {
			t.Errorf("%s: round trips = %d, want 1", tt.name, n)
		}
	}
	if acts, _, _ := s.ListActivity(ctx, "fabrikam", t0.Add(-time.Hour), t0.Add(5*time.Hour), store.Page{Limit: 50}); len(acts) != 0 {
		t.Errorf("another tenant sees %d records, want 0", len(acts))
	}
}

// TestDueIndexHoldsNextAction: every subscription write places its next
// action in the sparse due index, found by its sweep's shard query once
// due and not before; a subscription with nothing due leaves the index.
func TestDueIndexHoldsNextAction(t *testing.T) {
	db := ddbtest.New(t)
	s := store.New(db.Client, db.Table)
	tn := MustPutTenant(t, s, "contoso", "")
	p, err := catalog.Default().Get("CFQ7TTC0L3PB")
	if err != nil {
		t.Fatal(err)
	}
	sub, orders, err := domain.CreateSubscription(domain.Purchase{ID: "sub_01kr0000000000000000000009", Tenant: tn, Product: p,
		BillingFrequency: domain.FrequencyMonthly, Quantity: 1, PaymentMethodID: "pm", Channel: domain.ChannelSelfService,
		Purchaser: domain.Purchaser{UserID: "bob"}, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	orders[0].ID = "ord_1"
	ctx := context.Background()
	if err := s.CreateSubscription(ctx, sub, store.Markers{}, store.Effects{At: t0, Orders: orders}); err != nil {
		t.Fatal(err)
	}
	find := func(sweep string, now time.Time) int {
		n := 0
		for shard := range store.DueShards {
			subs, _, err := s.DueSubscriptions(ctx, sweep, shard, now, store.Page{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			n += len(subs)
		}
		return n
	}
	tests := []struct {
		name  string
		sweep string
		now   time.Time
		want  int
	}{
		{"refund window not yet due", "RefundWindowsSweep", t0.Add(23 * time.Hour), 0},
		{"refund window due", "RefundWindowsSweep", t0.Add(24 * time.Hour), 1},
		{"renewal is not the next action yet", "RenewalsSweep", t0.AddDate(0, 2, 0), 0},
	}
	for _, tt := range tests {
		if got := find(tt.sweep, tt.now); got != tt.want {
			t.Errorf("%s: found %d, want %d", tt.name, got, tt.want)
		}
	}
	closed := sub.RunDue(domain.Due{Action: domain.DueRefundWindowClose, At: t0.Add(24 * time.Hour)}).After
	if err := s.UpdateFamily(ctx, closed.TenantID, closed.ID, func(f *store.Family) (store.Effects, error) { f.Put(closed); return store.Effects{At: t0}, nil }); err != nil {
		t.Fatal(err)
	}
	if got := find("RefundWindowsSweep", t0.AddDate(1, 0, 0)); got != 0 {
		t.Errorf("closed refund window still due: %d", got)
	}
	if got := find("RenewalsSweep", sub.TermEnd); got != 1 {
		t.Errorf("renewal due at term end: found %d, want 1", got)
	}
	closed.Version++
	cancelled, _, _, _, err := closed.Cancel(t0.Add(48*time.Hour), "done", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateFamily(ctx, cancelled.TenantID, cancelled.ID, func(f *store.Family) (store.Effects, error) { f.Put(cancelled); return store.Effects{At: t0}, nil }); err != nil {
		t.Fatal(err)
	}
	if got := find("RenewalsSweep", t0.AddDate(1, 0, 0)); got != 0 {
		t.Errorf("a Deleted subscription is still due: %d", got)
	}
}

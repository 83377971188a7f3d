package domain_test

import (
	"errors"
	"testing"
	"time"

	"selfserve/shared/catalog"
	"selfserve/shared/domain"
)

// Catalog products used by the tests.
const (
	pidPowerBIPro = "CFQ7TTC0L3PB" // monthly 1000 USD, 30-day trial without payment method; annual has no trial
	pidVisioPlan2 = "CFQ7TTC0KXN8" // trial requires a payment method
	pidW365Biz    = "CFQ7TTC0J203" // no trial at all
	pidE3         = "CFQ7TTC0LFLX" // not self-service eligible, base of pidAudioConf
	pidAudioConf  = "CFQ7TTC0LH05" // add-on of pidE3, 400 USD monthly
	pidAzurePlan  = "DZH318Z0BPS6" // usage
	pidContoso    = "ISV-CONTOSO-ANALYTICS"
	pidPremier    = "ISV-CONTOSO-ANALYTICS-PREMIER" // exclusive to partner-fabrikam
	pidNorthwind  = "ISV-NORTHWIND-DIRECT"          // not via partner
)

// t0 is Monday Mar 2 2026 10:00 UTC: the monthly term ends Apr 2 (31 days).
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func prod(t tb, id string) domain.Product {
	t.Helper()
	p, err := catalog.Default().Get(id)
	if err != nil {
		t.Fatalf("catalog.Get(%s): %v", id, err)
	}
	return p
}

func usd(n int64) domain.Money { return domain.Money{Amount: n, Currency: "USD"} }

func testTenant() domain.Tenant {
	return domain.Tenant{TenantID: "tenant-a", Name: "A", Country: "US", HasAgreement: true, PartnerID: "partner-contoso",
		CreatedAt: t0.AddDate(-1, 0, 0), FirstBillingAt: t0.AddDate(-1, 0, 0)}
}

func withPolicy(tn domain.Tenant, productID string, v domain.PolicyValue) domain.Tenant {
	tn.Policies = map[string]domain.PolicySetting{productID: {Value: v, UpdatedAt: t0.AddDate(0, -1, 0), UpdatedBy: "admin"}}
	return tn
}

// ssPurchase is a self-service purchase request of productID (monthly, 3 seats, with a payment method).
func ssPurchase(t tb, productID string) domain.Purchase {
	return domain.Purchase{ID: "sub-1", Tenant: testTenant(), Product: prod(t, productID), BillingFrequency: domain.FrequencyMonthly,
		Quantity: 3, PaymentMethodID: "pm-1", Channel: domain.ChannelSelfService,
		Purchaser: domain.Purchaser{UserID: "user-1", Name: "U", Email: "u@example.com"}, Now: t0}
}

func ssTrial(t tb, productID string) domain.Purchase {
	in := ssPurchase(t, productID)
	in.Trial, in.PaymentMethodID = true, ""
	return in
}

func centralPurchase(t tb, productID string) domain.Purchase {
	in := ssPurchase(t, productID)
	in.Channel, in.PaymentMethodID, in.Purchaser = domain.ChannelCentral, "", domain.Purchaser{UserID: "admin-1"}
	return in
}

func partnerPurchase(t tb, productID, partnerID string) domain.Purchase {
	in := ssPurchase(t, productID)
	in.Channel, in.PaymentMethodID, in.PartnerID, in.Purchaser = domain.ChannelPartner, "", partnerID, domain.Purchaser{UserID: "agent-1"}
	return in
}

func mustCreate(t tb, in domain.Purchase) domain.Subscription {
	t.Helper()
	s, _, err := domain.CreateSubscription(in)
	if err != nil {
		t.Fatalf("CreateSubscription(%s %s): %v", in.Channel, in.Product.ProductID, err)
	}
	return s
}

// codeOf is the domain code of err, failing the test when err is not a *domain.Error.
func codeOf(t tb, err error) domain.Code {
	t.Helper()
	if err == nil {
		return ""
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("got a %T error %v, want a *domain.Error", err, err)
	}
	return de.Code
}

func ptr[T any](v T) *T { return &v }

func TestCreateSubscriptionRefusals(t *testing.T) {
	tests := []struct {
		name string
		in   func(t *testing.T) domain.Purchase
		want domain.Code
	}{
		{"purchase without payment method", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.PaymentMethodID = ""
			return in
		}, domain.CodePaymentMethodRequired},
		{"trial of an annual offer without trial", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.BillingFrequency = domain.FrequencyAnnual
			return in
		}, domain.CodeTrialNotOffered},
		{"trial with payment method of an annual offer without trial", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.BillingFrequency, in.PaymentMethodID = domain.FrequencyAnnual, "pm-1"
			return in
		}, domain.CodeTrialNotOffered},
		{"trial of a product without any trial", func(t *testing.T) domain.Purchase {
			return ssTrial(t, pidW365Biz)
		}, domain.CodeTrialNotOffered},
		{"trial requiring a payment method, none given", func(t *testing.T) domain.Purchase {
			return ssTrial(t, pidVisioPlan2)
		}, domain.CodePaymentMethodRequired},
		{"no-payment trial without agreement", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.Tenant.HasAgreement = false
			return in
		}, domain.CodeAgreementRequired},
		{"policy Disabled, purchase", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyDisabled)
			return in
		}, domain.CodePolicyDisabled},
		{"policy Disabled, no-payment trial", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyDisabled)
			return in
		}, domain.CodePolicyDisabled},
		{"policy Disabled, trial with payment method", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidVisioPlan2)
			in.PaymentMethodID = "pm-1"
			in.Tenant = withPolicy(in.Tenant, pidVisioPlan2, domain.PolicyDisabled)
			return in
		}, domain.CodePolicyDisabled},
		{"trials only, purchase with payment method", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyTrialsOnly)
			return in
		}, domain.CodePolicyTrialsOnly},
		{"trials only, purchase without payment method", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.PaymentMethodID = ""
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyTrialsOnly)
			return in
		}, domain.CodePolicyTrialsOnly},
		{"trials only, trial with payment method", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.PaymentMethodID = "pm-1"
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyTrialsOnly)
			return in
		}, domain.CodePolicyTrialsOnly},
		{"trials only, no-payment trial without agreement", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyTrialsOnly)
			in.Tenant.HasAgreement = false
			return in
		}, domain.CodeAgreementRequired},
		{"add-on, self-service", func(t *testing.T) domain.Purchase {
			return ssPurchase(t, pidAudioConf)
		}, domain.CodeAddonRequiresBase},
		{"add-on, central", func(t *testing.T) domain.Purchase {
			return centralPurchase(t, pidAudioConf)
		}, domain.CodeAddonRequiresBase},
		{"add-on, partner", func(t *testing.T) domain.Purchase {
			return partnerPurchase(t, pidAudioConf, "partner-contoso")
		}, domain.CodeAddonRequiresBase},
		{"self-service of a non-eligible product", func(t *testing.T) domain.Purchase {
			return ssPurchase(t, pidE3)
		}, domain.CodeForbidden},
		{"self-service of the Azure plan", func(t *testing.T) domain.Purchase {
			return ssPurchase(t, pidAzurePlan)
		}, domain.CodeForbidden},
		{"partner, not available via partner", func(t *testing.T) domain.Purchase {
			return partnerPurchase(t, pidNorthwind, "partner-contoso")
		}, domain.CodeNotAvailableViaPartner},
		{"partner, country not available", func(t *testing.T) domain.Purchase {
			in := partnerPurchase(t, pidContoso, "partner-contoso")
			in.Tenant.Country = "FR"
			return in
		}, domain.CodeNotAvailableInCountry},
		{"partner, exclusive offer of another partner", func(t *testing.T) domain.Purchase {
			return partnerPurchase(t, pidPremier, "partner-contoso")
		}, domain.CodeExclusiveOffer},
		{"quantity 0", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Quantity = 0
			return in
		}, domain.CodeInvalidRequest},
		{"quantity 10001", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Quantity = 10001
			return in
		}, domain.CodeInvalidRequest},
		{"quantity 10001, central", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidE3)
			in.Quantity = 10001
			return in
		}, domain.CodeInvalidRequest},
		{"quantity -1, partner", func(t *testing.T) domain.Purchase {
			in := partnerPurchase(t, pidContoso, "partner-contoso")
			in.Quantity = -1
			return in
		}, domain.CodeInvalidRequest},
		{"no offer for the frequency", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidAzurePlan)
			in.BillingFrequency = domain.FrequencyAnnual
			return in
		}, domain.CodeInvalidRequest},
		{"central trial of an offer without trial", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidE3)
			in.Trial = true
			return in
		}, domain.CodeTrialNotOffered},
		{"autoRenew requested on a no-payment trial", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.AutoRenew = ptr(true)
			return in
		}, domain.CodePaymentMethodRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, orders, err := domain.CreateSubscription(tt.in(t))
			if got, want := codeOf(t, err), tt.want; got != want {
				t.Fatalf("code: got %q, want %q", got, want)
			}
			if got, want := len(orders), 0; got != want {
				t.Errorf("orders: got %d, want %d", got, want)
			}
			if got, want := s.ID, ""; got != want {
				t.Errorf("subscription id: got %q, want %q (zero subscription on refusal)", got, want)
			}
		})
	}
}

func TestCreateSubscriptionPurchase(t *testing.T) {
	jan31 := time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		in            func(t *testing.T) domain.Purchase
		wantCharge    int64
		wantTermEnd   time.Time
		wantRefund    *time.Time // nil: no refund window (usage)
		wantAutoRenew bool
		wantBillTo    domain.BillTo
	}{
		{"self-service monthly", func(t *testing.T) domain.Purchase { return ssPurchase(t, pidPowerBIPro) },
			3000, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"self-service annual", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.BillingFrequency = domain.FrequencyAnnual
			return in
		}, 36000, time.Date(2027, 3, 2, 10, 0, 0, 0, time.UTC), ptr(t0.AddDate(0, 0, 14)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"Jan 31 clamps to Feb 28", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Now = jan31
			return in
		}, 3000, time.Date(2026, 2, 28, 9, 0, 0, 0, time.UTC), ptr(jan31.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"autoRenew off on request", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.AutoRenew = ptr(false)
			return in
		}, 3000, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), false, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"policy Enabled explicitly", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyEnabled)
			return in
		}, 3000, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"central ignores policy and payment method", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyDisabled)
			return in
		}, 3000, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"central, non-self-service product", func(t *testing.T) domain.Purchase { return centralPurchase(t, pidE3) },
			10800, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"central, usage has no refund window", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidAzurePlan)
			in.Quantity = 1
			return in
		}, 0, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), nil, true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"partner, Microsoft product bills the partner", func(t *testing.T) domain.Purchase { return partnerPurchase(t, pidE3, "partner-contoso") },
			10800, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "partner", ID: "partner-contoso"}},
		{"partner, ISV without trial", func(t *testing.T) domain.Purchase {
			in := partnerPurchase(t, pidContoso, "partner-contoso")
			in.Product.Offers[0].Trial = nil // same product, offer without trial terms
			return in
		}, 7500, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "partner", ID: "partner-contoso"}},
		{"quantity 10000", func(t *testing.T) domain.Purchase {
			in := ssPurchase(t, pidPowerBIPro)
			in.Quantity = 10000
			return in
		}, 10000000, time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC), ptr(t0.Add(24 * time.Hour)), true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in(t)
			s, orders, err := domain.CreateSubscription(in)
			if err != nil {
				t.Fatalf("CreateSubscription: %v", err)
			}
			if got, want := s.Status, domain.StatusActive; got != want {
				t.Errorf("status: got %s, want %s", got, want)
			}
			if got, want := len(orders), 1; got != want {
				t.Fatalf("orders: got %d, want %d", got, want)
			}
			o := orders[0]
			if got, want := o.Type, domain.OrderPurchase; got != want {
				t.Errorf("order type: got %s, want %s", got, want)
			}
			if got, want := o.Amount, usd(tt.wantCharge); got != want {
				t.Errorf("order amount: got %+v, want %+v", got, want)
			}
			if got, want := o.Quantity, in.Quantity; got != want {
				t.Errorf("order quantity: got %d, want %d", got, want)
			}
			if got, want := o.SubscriptionID, s.ID; got != want {
				t.Errorf("order subscription: got %q, want %q", got, want)
			}
			if got, want := o.BillTo, tt.wantBillTo; got != want {
				t.Errorf("order billTo: got %+v, want %+v", got, want)
			}
			if got, want := s.BillTo, tt.wantBillTo; got != want {
				t.Errorf("billTo: got %+v, want %+v", got, want)
			}
			if got, want := s.Price, usd(tt.wantCharge); got != want {
				t.Errorf("price: got %+v, want %+v", got, want)
			}
			if got, want := s.ChargedThisTerm, usd(tt.wantCharge); got != want {
				t.Errorf("chargedThisTerm: got %+v, want %+v", got, want)
			}
			if got, want := s.TermStart, in.Now; !got.Equal(want) {
				t.Errorf("termStart: got %v, want %v", got, want)
			}
			if got, want := s.TermEnd, tt.wantTermEnd; !got.Equal(want) {
				t.Errorf("termEnd: got %v, want %v", got, want)
			}
			if got, want := o.PeriodEnd, tt.wantTermEnd; !got.Equal(want) {
				t.Errorf("order periodEnd: got %v, want %v", got, want)
			}
			switch {
			case tt.wantRefund == nil && s.RefundableUntil != nil:
				t.Errorf("refundableUntil: got %v, want none", *s.RefundableUntil)
			case tt.wantRefund != nil && (s.RefundableUntil == nil || !s.RefundableUntil.Equal(*tt.wantRefund)):
				t.Errorf("refundableUntil: got %v, want %v", s.RefundableUntil, *tt.wantRefund)
			}
			if got, want := s.AutoRenew, tt.wantAutoRenew; got != want {
				t.Errorf("autoRenew: got %v, want %v", got, want)
			}
			if got, want := s.TrialEndsAt, (*time.Time)(nil); got != want {
				t.Errorf("trialEndsAt: got %v, want nil", got)
			}
			if got, want := s.HasPaymentMethod, true; got != want {
				t.Errorf("hasPaymentMethod: got %v, want %v", got, want)
			}
			if got, want := s.Channel, in.Channel; got != want {
				t.Errorf("channel: got %s, want %s", got, want)
			}
		})
	}
}

func TestCreateSubscriptionTrial(t *testing.T) {
	tests := []struct {
		name          string
		in            func(t *testing.T) domain.Purchase
		wantAutoRenew bool
		wantHasPM     bool
		wantBillTo    domain.BillTo
	}{
		{"no-payment trial", func(t *testing.T) domain.Purchase { return ssTrial(t, pidPowerBIPro) },
			false, false, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"no-payment trial with autoRenew false requested", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.AutoRenew = ptr(false)
			return in
		}, false, false, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"no-payment trial under trials only", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.Tenant = withPolicy(in.Tenant, pidPowerBIPro, domain.PolicyTrialsOnly)
			return in
		}, false, false, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"trial requiring a payment method, given", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidVisioPlan2)
			in.PaymentMethodID = "pm-1"
			return in
		}, true, true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"optional payment method given, no agreement needed", func(t *testing.T) domain.Purchase {
			in := ssTrial(t, pidPowerBIPro)
			in.PaymentMethodID = "pm-1"
			in.Tenant.HasAgreement = false
			return in
		}, true, true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
		{"partner ISV trial auto-applied", func(t *testing.T) domain.Purchase { return partnerPurchase(t, pidContoso, "partner-contoso") },
			true, true, domain.BillTo{Type: "partner", ID: "partner-contoso"}},
		{"partner ISV annual trial auto-applied", func(t *testing.T) domain.Purchase {
			in := partnerPurchase(t, pidContoso, "partner-contoso")
			in.BillingFrequency = domain.FrequencyAnnual
			in.Tenant.Country = "GB"
			return in
		}, true, true, domain.BillTo{Type: "partner", ID: "partner-contoso"}},
		{"partner exclusive offer by its partner", func(t *testing.T) domain.Purchase { return partnerPurchase(t, pidPremier, "partner-fabrikam") },
			true, true, domain.BillTo{Type: "partner", ID: "partner-fabrikam"}},
		{"partner ISV trial, autoRenew off can't skip the trial", func(t *testing.T) domain.Purchase {
			in := partnerPurchase(t, pidContoso, "partner-contoso")
			in.AutoRenew = ptr(false)
			return in
		}, false, true, domain.BillTo{Type: "partner", ID: "partner-contoso"}},
		{"central trial", func(t *testing.T) domain.Purchase {
			in := centralPurchase(t, pidPowerBIPro)
			in.Trial = true
			in.Tenant.HasAgreement = false
			return in
		}, true, true, domain.BillTo{Type: "tenant", ID: "tenant-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in(t)
			s, orders, err := domain.CreateSubscription(in)
			if err != nil {
				t.Fatalf("CreateSubscription: %v", err)
			}
			if got, want := s.Status, domain.StatusTrial; got != want {
				t.Errorf("status: got %s, want %s", got, want)
			}
			if got, want := len(orders), 0; got != want {
				t.Errorf("orders: got %d, want %d", got, want)
			}
			wantEnd := t0.AddDate(0, 0, 30)
			if s.TrialEndsAt == nil || !s.TrialEndsAt.Equal(wantEnd) {
				t.Errorf("trialEndsAt: got %v, want %v", s.TrialEndsAt, wantEnd)
			}
			if got, want := s.TermEnd, wantEnd; !got.Equal(want) {
				t.Errorf("termEnd: got %v, want %v", got, want)
			}
			if got, want := s.AutoRenew, tt.wantAutoRenew; got != want {
				t.Errorf("autoRenew: got %v, want %v", got, want)
			}
			if got, want := s.HasPaymentMethod, tt.wantHasPM; got != want {
				t.Errorf("hasPaymentMethod: got %v, want %v", got, want)
			}
			if got, want := s.BillTo, tt.wantBillTo; got != want {
				t.Errorf("billTo: got %+v, want %+v", got, want)
			}
			if got, want := s.ChargedThisTerm.Amount, int64(0); got != want {
				t.Errorf("chargedThisTerm: got %d, want %d", got, want)
			}
			if s.RefundableUntil != nil {
				t.Errorf("refundableUntil: got %v, want none for a trial", *s.RefundableUntil)
			}
			if got, want := s.Price, s.UnitPrice.Times(in.Quantity); got != want {
				t.Errorf("price: got %+v, want %+v", got, want)
			}
		})
	}
}

// Under "trials only", a trial that needs a payment method is not a trial
// "without payment method": refused by the policy, not for lack of a card.
func TestTrialsOnlyRefusesTrialNeedingPaymentMethod(t *testing.T) {
	in := ssTrial(t, pidVisioPlan2)
	in.Tenant = withPolicy(in.Tenant, pidVisioPlan2, domain.PolicyTrialsOnly)
	_, _, err := domain.CreateSubscription(in)
	if got, want := codeOf(t, err), domain.CodePolicyTrialsOnly; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// A policy change affects only later purchases: the domain reads the
// policy at creation only, so an existing subscription is untouched.
func TestCreateSubscriptionDefaultPolicyOnlyForEligible(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.Tenant = withPolicy(in.Tenant, pidVisioPlan2, domain.PolicyDisabled) // another product's setting
	if _, _, err := domain.CreateSubscription(in); err != nil {
		t.Fatalf("got %v, want no error (policy of another product)", err)
	}
}

func TestCancel(t *testing.T) {
	monthly := func(t *testing.T) domain.Subscription { return mustCreate(t, ssPurchase(t, pidPowerBIPro)) }
	annual := func(t *testing.T) domain.Subscription {
		in := ssPurchase(t, pidPowerBIPro)
		in.BillingFrequency = domain.FrequencyAnnual
		return mustCreate(t, in)
	}
	tests := []struct {
		name        string
		sub         func(t *testing.T) domain.Subscription
		at          time.Time
		admin       bool
		wantStatus  domain.Status
		wantEffect  domain.CancelEffect
		wantCredit  int64 // 0: no credit order
		wantPending bool  // cancelAtTermEnd afterwards
	}{
		{"trial", func(t *testing.T) domain.Subscription { return mustCreate(t, ssTrial(t, pidPowerBIPro)) },
			t0.AddDate(0, 0, 5), false, domain.StatusDeleted, domain.EffectImmediate, 0, false},
		{"trial with payment method", func(t *testing.T) domain.Subscription {
			in := ssTrial(t, pidVisioPlan2)
			in.PaymentMethodID = "pm-1"
			return mustCreate(t, in)
		}, t0.AddDate(0, 0, 29), false, domain.StatusDeleted, domain.EffectImmediate, 0, false},
		{"monthly 23h after purchase", monthly, t0.Add(23 * time.Hour), false, domain.StatusDeleted, domain.EffectImmediate, 3000, false},
		{"monthly at the window's last instant", monthly, t0.Add(24 * time.Hour), false, domain.StatusDeleted, domain.EffectImmediate, 3000, false},
		{"monthly 25h after purchase", monthly, t0.Add(25 * time.Hour), false, domain.StatusActive, domain.EffectTermEnd, 0, true},
		{"annual day 13", annual, t0.AddDate(0, 0, 13), false, domain.StatusDeleted, domain.EffectImmediate, 36000, false},
		{"annual day 15", annual, t0.AddDate(0, 0, 15), false, domain.StatusActive, domain.EffectTermEnd, 0, true},
		{"usage", func(t *testing.T) domain.Subscription { return mustCreate(t, centralPurchase(t, pidAzurePlan)) },
			t0.Add(time.Hour), false, domain.StatusDeleted, domain.EffectImmediate, 0, false},
		{"admin after the window", monthly, t0.AddDate(0, 0, 10), true, domain.StatusDeleted, domain.EffectImmediate, 0, false},
		{"admin inside the window", monthly, t0.Add(time.Hour), true, domain.StatusDeleted, domain.EffectImmediate, 3000, false},
		{"partner after the window", func(t *testing.T) domain.Subscription {
			return mustCreate(t, partnerPurchase(t, pidE3, "partner-contoso"))
		},
			t0.AddDate(0, 0, 2), false, domain.StatusActive, domain.EffectTermEnd, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.sub(t)
			q := s.Quote(tt.at, tt.admin)
			after, orders, gotQ, changed, err := s.Cancel(tt.at, "no longer needed", tt.admin)
			if err != nil {
				t.Fatalf("Cancel: %v", err)
			}
			if got, want := changed, true; got != want {
				t.Errorf("changed: got %v, want %v", got, want)
			}
			if got, want := gotQ, q; got != want {
				t.Errorf("quote: got %+v, want the pre-cancel quote %+v", got, want)
			}
			if got, want := after.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %s, want %s", got, want)
			}
			if got, want := gotQ.Effect, tt.wantEffect; got != want {
				t.Errorf("effect: got %s, want %s", got, want)
			}
			if got, want := gotQ.Credit, usd(tt.wantCredit); got != want {
				t.Errorf("quote credit: got %+v, want %+v", got, want)
			}
			wantOrders := 0
			if tt.wantCredit > 0 {
				wantOrders = 1
			}
			if got, want := len(orders), wantOrders; got != want {
				t.Fatalf("orders: got %d, want %d", got, want)
			}
			if wantOrders == 1 {
				if got, want := orders[0].Type, domain.OrderCredit; got != want {
					t.Errorf("order type: got %s, want %s", got, want)
				}
				if got, want := orders[0].Amount, usd(tt.wantCredit); got != want {
					t.Errorf("credit: got %+v, want %+v", got, want)
				}
				if got, want := after.ChargedThisTerm.Amount, int64(0); got != want {
					t.Errorf("chargedThisTerm after credit: got %d, want %d", got, want)
				}
			}
			if got, want := after.CancelAtTermEnd, tt.wantPending; got != want {
				t.Errorf("cancelAtTermEnd: got %v, want %v", got, want)
			}
			if got, want := after.AutoRenew, false; got != want {
				t.Errorf("autoRenew: got %v, want %v", got, want)
			}
			if got, want := after.CancellationReason, "no longer needed"; got != want {
				t.Errorf("reason: got %q, want %q", got, want)
			}
			if tt.wantStatus == domain.StatusDeleted && (after.CancelledAt == nil || !after.CancelledAt.Equal(tt.at)) {
				t.Errorf("cancelledAt: got %v, want %v", after.CancelledAt, tt.at)
			}
			if tt.wantPending {
				// Cancelling again changes nothing.
				again, orders, q2, changed, err := after.Cancel(tt.at.Add(time.Hour), "again", false)
				if err != nil || changed || len(orders) != 0 {
					t.Errorf("second cancel: got changed=%v orders=%d err=%v, want false 0 nil", changed, len(orders), err)
				}
				if got, want := q2.Effect, domain.EffectTermEnd; got != want {
					t.Errorf("second quote: got %s, want %s", got, want)
				}
				if got, want := again.CancellationReason, "no longer needed"; got != want {
					t.Errorf("second cancel reason: got %q, want %q", got, want)
				}
				// autoRenew on undoes it.
				undone, err := after.SetAutoRenew(true)
				if err != nil {
					t.Fatalf("SetAutoRenew: %v", err)
				}
				if undone.CancelAtTermEnd || !undone.AutoRenew || undone.Status != domain.StatusActive {
					t.Errorf("undo: got cancelAtTermEnd=%v autoRenew=%v status=%s, want false true Active", undone.CancelAtTermEnd, undone.AutoRenew, undone.Status)
				}
			}
		})
	}
}

func TestCancelInvalidStatus(t *testing.T) {
	base := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	suspended, err := base.Suspend(t0.Add(time.Hour), "nonPayment", domain.Retention(testTenant()))
	if err != nil {
		t.Fatal(err)
	}
	deleted, _, _, _, err := base.Cancel(t0.Add(time.Hour), "x", false)
	if err != nil {
		t.Fatal(err)
	}
	expired := base
	expired.Status = domain.StatusExpired
	for _, tt := range []struct {
		name string
		s    domain.Subscription
	}{{"Suspended", suspended}, {"Deleted", deleted}, {"Expired", expired}} {
		for _, admin := range []bool{false, true} {
			after, orders, _, changed, err := tt.s.Cancel(t0.Add(2*time.Hour), "x", admin)
			if got, want := codeOf(t, err), domain.CodeInvalidStatus; got != want {
				t.Errorf("%s admin=%v: got %q, want %q", tt.name, admin, got, want)
			}
			if changed || len(orders) != 0 || after.Status != tt.s.Status {
				t.Errorf("%s admin=%v: got changed=%v orders=%d status=%s, want unchanged", tt.name, admin, changed, len(orders), after.Status)
			}
		}
	}
}

func TestCancelNeedsAReason(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	_, _, _, _, err := s.Cancel(t0.Add(time.Hour), " ", false)
	if got, want := codeOf(t, err), domain.CodeInvalidRequest; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSetQuantity(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	monthly := func(t *testing.T) domain.Subscription { return mustCreate(t, ssPurchase(t, pidPowerBIPro)) } // 3 seats, bought Mar 2 10:00
	tests := []struct {
		name       string
		sub        func(t *testing.T) domain.Subscription
		assigned   int
		qty        int
		at         time.Time
		wantCode   domain.Code
		wantType   string // "" for no order
		wantAmount int64
	}{
		{"increase by 2 on Mar 17 10:00: 16 days of 31", monthly, 0, 5, at(17, 10), "", domain.OrderProration, 1032},           // 2000×16/31 = 1032.26
		{"increase by 2 on Mar 17 08:00: partial day up, 17 of 31", monthly, 0, 5, at(17, 8), "", domain.OrderProration, 1097}, // 2000×17/31 = 1096.77
		{"increase by 1 an hour after purchase: whole term", monthly, 0, 4, t0.Add(time.Hour), "", domain.OrderProration, 1000},
		{"increase after the term ended charges nothing", monthly, 0, 4, time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC), "", "", 0},
		{"increase on a trial charges nothing", func(t *testing.T) domain.Subscription { return mustCreate(t, ssTrial(t, pidPowerBIPro)) },
			0, 10, at(10, 10), "", "", 0},
		{"usage charges nothing", func(t *testing.T) domain.Subscription { return mustCreate(t, centralPurchase(t, pidAzurePlan)) },
			0, 10, at(10, 10), "", "", 0},
		{"decrease below assigned", monthly, 3, 2, at(17, 10), domain.CodeQuantityBelowAssigned, "", 0},
		{"decrease to assigned", monthly, 2, 2, at(17, 10), "", "", 0},
		{"decrease inside the window credits the difference", monthly, 0, 1, t0.Add(2 * time.Hour), "", domain.OrderCredit, 2000},
		// 24 h in, 30 of the term's 31 days remain: the credit is 1000 × 30 / 31 = 967.7 → 968.
		{"decrease at the window's end credits the rest of the term", monthly, 0, 2, t0.Add(24 * time.Hour), "", domain.OrderCredit, 968},
		{"decrease after the window credits nothing", monthly, 0, 1, t0.Add(25 * time.Hour), "", "", 0},
		{"same quantity", monthly, 0, 3, at(17, 10), "", "", 0},
		{"quantity 0", monthly, 0, 0, at(17, 10), domain.CodeInvalidRequest, "", 0},
		{"quantity 10001", monthly, 0, 10001, at(17, 10), domain.CodeInvalidRequest, "", 0},
		{"quantity 10000", monthly, 0, 10000, t0.Add(time.Hour), "", domain.OrderProration, 9997000},
		{"suspended", func(t *testing.T) domain.Subscription {
			s, err := mustCreate(t, ssPurchase(t, pidPowerBIPro)).Suspend(t0.Add(time.Hour), "fraud", 90*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, 0, 5, at(17, 10), domain.CodeInvalidStatus, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.sub(t)
			s.AssignedLicenses = tt.assigned
			after, orders, err := s.SetQuantity(tt.qty, tt.at)
			if got, want := codeOf(t, err), tt.wantCode; got != want {
				t.Fatalf("code: got %q, want %q", got, want)
			}
			if tt.wantCode != "" {
				if got, want := after.Quantity, s.Quantity; got != want {
					t.Errorf("quantity after refusal: got %d, want %d", got, want)
				}
				if got, want := len(orders), 0; got != want {
					t.Errorf("orders: got %d, want %d", got, want)
				}
				return
			}
			if got, want := after.Quantity, tt.qty; got != want {
				t.Errorf("quantity: got %d, want %d", got, want)
			}
			if got, want := after.Price, s.UnitPrice.Times(tt.qty); got != want {
				t.Errorf("price: got %+v, want %+v", got, want)
			}
			if tt.wantType == "" {
				if got, want := len(orders), 0; got != want {
					t.Errorf("orders: got %d, want %d", got, want)
				}
				if got, want := after.ChargedThisTerm, s.ChargedThisTerm; got != want {
					t.Errorf("chargedThisTerm: got %+v, want %+v", got, want)
				}
				return
			}
			if got, want := len(orders), 1; got != want {
				t.Fatalf("orders: got %d, want %d", got, want)
			}
			o := orders[0]
			if got, want := o.Type, tt.wantType; got != want {
				t.Errorf("order type: got %s, want %s", got, want)
			}
			if got, want := o.Amount, usd(tt.wantAmount); got != want {
				t.Errorf("amount: got %+v, want %+v", got, want)
			}
			diff := tt.qty - s.Quantity
			if diff < 0 {
				diff = -diff
			}
			if got, want := o.Quantity, diff; got != want {
				t.Errorf("order quantity: got %d, want %d", got, want)
			}
			wantCharged := s.ChargedThisTerm.Amount + tt.wantAmount
			if tt.wantType == domain.OrderCredit {
				wantCharged = s.ChargedThisTerm.Amount - tt.wantAmount
			}
			if got, want := after.ChargedThisTerm.Amount, wantCharged; got != want {
				t.Errorf("chargedThisTerm: got %d, want %d", got, want)
			}
		})
	}
}

// An increase then a decrease inside the refund window of a monthly term
// nets to zero (the proration of the first 24 h is the whole term).
func TestSetQuantityIncreaseThenDecreaseInsideMonthlyWindow(t *testing.T) {
	s := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	up, o1, err := s.SetQuantity(13, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	down, o2, err := up.SetQuantity(3, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(o1) != 1 || len(o2) != 1 {
		t.Fatalf("orders: got %d and %d, want 1 and 1", len(o1), len(o2))
	}
	if got, want := o2[0].Amount, o1[0].Amount; got != want {
		t.Errorf("credit: got %+v, want the charge %+v", got, want)
	}
	if got, want := down.ChargedThisTerm, s.ChargedThisTerm; got != want {
		t.Errorf("chargedThisTerm: got %+v, want %+v", got, want)
	}
}

// Raising and lowering seats inside an annual refund window can't make
// seats cheaper: the credit mirrors the charge.
func TestQuantityCyclesInsideWindowNetToNothing(t *testing.T) {
	in := ssPurchase(t, pidPowerBIPro)
	in.BillingFrequency, in.Quantity = domain.FrequencyAnnual, 10
	s := mustCreate(t, in)
	start := s.ChargedThisTerm
	at := t0.AddDate(0, 0, 10)
	for i := range 3 {
		up, _, err := s.SetQuantity(20, at.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if s, _, err = up.SetQuantity(10, at.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := s.ChargedThisTerm, start; got != want {
		t.Errorf("after 3 cycles chargedThisTerm = %+v, want %+v", got, want)
	}
}

func TestSetAutoRenew(t *testing.T) {
	scheduled := func(t *testing.T) domain.Subscription {
		s, _, _, _, err := mustCreate(t, ssPurchase(t, pidPowerBIPro)).Cancel(t0.AddDate(0, 0, 3), "later", false)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pmTrial := func(t *testing.T) domain.Subscription {
		in := ssTrial(t, pidVisioPlan2)
		in.PaymentMethodID = "pm-1"
		return mustCreate(t, in)
	}
	tests := []struct {
		name          string
		sub           func(t *testing.T) domain.Subscription
		on            bool
		wantCode      domain.Code
		wantAutoRenew bool
		wantPending   bool
	}{
		{"on clears a scheduled cancellation", scheduled, true, "", true, false},
		{"off keeps a scheduled cancellation", scheduled, false, "", false, true},
		{"off on an active one", func(t *testing.T) domain.Subscription { return mustCreate(t, ssPurchase(t, pidPowerBIPro)) }, false, "", false, false},
		{"no-payment trial can't turn it on", func(t *testing.T) domain.Subscription { return mustCreate(t, ssTrial(t, pidPowerBIPro)) },
			true, domain.CodePaymentMethodRequired, false, false},
		{"no-payment trial off", func(t *testing.T) domain.Subscription { return mustCreate(t, ssTrial(t, pidPowerBIPro)) }, false, "", false, false},
		{"trial with payment method off", pmTrial, false, "", false, false},
		{"trial with payment method on", pmTrial, true, "", true, false},
		{"suspended", func(t *testing.T) domain.Subscription {
			s, err := mustCreate(t, ssPurchase(t, pidPowerBIPro)).Suspend(t0, "other", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, true, domain.CodeInvalidStatus, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.sub(t)
			after, err := s.SetAutoRenew(tt.on)
			if got, want := codeOf(t, err), tt.wantCode; got != want {
				t.Fatalf("code: got %q, want %q", got, want)
			}
			if got, want := after.AutoRenew, tt.wantAutoRenew; got != want {
				t.Errorf("autoRenew: got %v, want %v", got, want)
			}
			if got, want := after.CancelAtTermEnd, tt.wantPending; got != want {
				t.Errorf("cancelAtTermEnd: got %v, want %v", got, want)
			}
		})
	}
}

func TestSuspendReasons(t *testing.T) {
	s := mustCreate(t, centralPurchase(t, pidE3))
	tests := []struct {
		reason string
		want   domain.Code
	}{
		{"customerRequest", ""}, {"nonPayment", ""}, {"fraud", ""}, {"other", ""},
		{"bored", domain.CodeInvalidRequest}, {"", domain.CodeInvalidRequest}, {"Fraud", domain.CodeInvalidRequest},
	}
	for _, tt := range tests {
		after, err := s.Suspend(t0.Add(time.Hour), tt.reason, 90*24*time.Hour)
		if got, want := codeOf(t, err), tt.want; got != want {
			t.Errorf("reason %q: got %q, want %q", tt.reason, got, want)
			continue
		}
		wantStatus, wantReason := domain.StatusSuspended, tt.reason
		if tt.want != "" {
			wantStatus, wantReason = domain.StatusActive, ""
		}
		if got, want := after.Status, wantStatus; got != want {
			t.Errorf("reason %q: status got %s, want %s", tt.reason, got, want)
		}
		if got, want := after.SuspensionReason, wantReason; got != want {
			t.Errorf("reason %q: suspensionReason got %q, want %q", tt.reason, got, want)
		}
	}
}

func TestSuspendDataDeletionAtAndReactivate(t *testing.T) {
	created := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name         string
		firstBilling time.Time
		wantDays     int
	}{
		{"billed at creation", created, 90},
		{"billed 20 days after creation", created.AddDate(0, 0, 20), 110},
		{"billed 30 days after creation", created.AddDate(0, 0, 30), 120},
		{"billed 45 days after creation, capped", created.AddDate(0, 0, 45), 120},
	}
	suspendAt := t0.AddDate(0, 0, 3)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tn := domain.Tenant{TenantID: "tenant-a", CreatedAt: created, FirstBillingAt: tt.firstBilling}
			ret := domain.Retention(tn)
			if got, want := ret, time.Duration(tt.wantDays)*24*time.Hour; got != want {
				t.Fatalf("retention: got %v, want %v", got, want)
			}
			s, err := mustCreate(t, centralPurchase(t, pidE3)).Suspend(suspendAt, "nonPayment", ret)
			if err != nil {
				t.Fatal(err)
			}
			wantDel := suspendAt.AddDate(0, 0, tt.wantDays)
			if s.DataDeletionAt == nil || !s.DataDeletionAt.Equal(wantDel) {
				t.Fatalf("dataDeletionAt: got %v, want %v", s.DataDeletionAt, wantDel)
			}
			if s.SuspendedAt == nil || !s.SuspendedAt.Equal(suspendAt) {
				t.Errorf("suspendedAt: got %v, want %v", s.SuspendedAt, suspendAt)
			}
			back, err := s.Reactivate(wantDel.Add(-time.Second))
			if err != nil {
				t.Fatalf("reactivate before dataDeletionAt: %v", err)
			}
			if back.Status != domain.StatusActive || back.SuspendedAt != nil || back.DataDeletionAt != nil || back.SuspensionReason != "" {
				t.Errorf("reactivated: got status=%s suspendedAt=%v dataDeletionAt=%v reason=%q, want Active and cleared",
					back.Status, back.SuspendedAt, back.DataDeletionAt, back.SuspensionReason)
			}
			for _, at := range []time.Time{wantDel, wantDel.Add(time.Hour)} {
				after, err := s.Reactivate(at)
				if got, want := codeOf(t, err), domain.CodeInvalidStatus; got != want {
					t.Errorf("reactivate at %v: got %q, want %q", at, got, want)
				}
				if got, want := after.Status, domain.StatusSuspended; got != want {
					t.Errorf("reactivate at %v: status got %s, want %s", at, got, want)
				}
			}
		})
	}
}

func TestSuspendReactivateStatuses(t *testing.T) {
	trial := mustCreate(t, ssTrial(t, pidPowerBIPro))
	active := mustCreate(t, centralPurchase(t, pidE3))
	deleted, _, _, _, err := active.Cancel(t0.Add(time.Hour), "x", false)
	if err != nil {
		t.Fatal(err)
	}
	// A suspended trial comes back as a trial.
	st, err := trial.Suspend(t0.AddDate(0, 0, 2), "customerRequest", 90*24*time.Hour)
	if err != nil {
		t.Fatalf("suspend trial: %v", err)
	}
	back, err := st.Reactivate(t0.AddDate(0, 0, 3))
	if err != nil {
		t.Fatalf("reactivate trial: %v", err)
	}
	if got, want := back.Status, domain.StatusTrial; got != want {
		t.Errorf("reactivated trial: got %s, want %s", got, want)
	}
	tests := []struct {
		name string
		do   func() error
	}{
		{"suspend a Deleted one", func() error { _, err := deleted.Suspend(t0, "other", time.Hour); return err }},
		{"suspend a Suspended one", func() error { _, err := st.Suspend(t0, "other", time.Hour); return err }},
		{"reactivate an Active one", func() error { _, err := active.Reactivate(t0); return err }},
		{"reactivate a Deleted one", func() error { _, err := deleted.Reactivate(t0); return err }},
	}
	for _, tt := range tests {
		if got, want := codeOf(t, tt.do()), domain.CodeInvalidStatus; got != want {
			t.Errorf("%s: got %q, want %q", tt.name, got, want)
		}
	}
}

func TestTakeOverBy(t *testing.T) {
	ss := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	first, changed, err := ss.TakeOverBy("admin-1", t0.Add(time.Hour))
	if err != nil || !changed {
		t.Fatalf("first take-over: got changed=%v err=%v, want true nil", changed, err)
	}
	if got, want := first.TakenOver, (&domain.TakeOver{By: "admin-1", At: t0.Add(time.Hour)}); got == nil || *got != *want {
		t.Errorf("takenOver: got %+v, want %+v", got, want)
	}
	if got, want := first.Managed(), true; got != want {
		t.Errorf("managed: got %v, want %v", got, want)
	}
	second, changed, err := first.TakeOverBy("admin-2", t0.Add(2*time.Hour))
	if err != nil || changed {
		t.Errorf("second take-over: got changed=%v err=%v, want false nil", changed, err)
	}
	if got, want := second.TakenOver.By, "admin-1"; got != want {
		t.Errorf("second take-over keeps the first: got %q, want %q", got, want)
	}
	deleted, _, _, _, err := ss.Cancel(t0.Add(time.Hour), "x", false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		s    domain.Subscription
		want domain.Code
	}{
		{"central", mustCreate(t, centralPurchase(t, pidE3)), domain.CodeInvalidRequest},
		{"partner", mustCreate(t, partnerPurchase(t, pidE3, "partner-contoso")), domain.CodeInvalidRequest},
		{"deleted self-service", deleted, domain.CodeInvalidStatus},
	}
	for _, tt := range tests {
		after, changed, err := tt.s.TakeOverBy("admin-1", t0)
		if got, want := codeOf(t, err), tt.want; got != want {
			t.Errorf("%s: got %q, want %q", tt.name, got, want)
		}
		if changed || after.TakenOver != nil {
			t.Errorf("%s: got changed=%v takenOver=%v, want false nil", tt.name, changed, after.TakenOver)
		}
	}
}

func TestNewAddOn(t *testing.T) {
	e3 := mustCreate(t, centralPurchase(t, pidE3))
	audio := prod(t, pidAudioConf)
	mar17 := time.Date(2026, 3, 17, 10, 0, 0, 0, time.UTC)

	a, orders, err := domain.NewAddOn("addon-1", e3, audio, 3, 0, mar17)
	if err != nil {
		t.Fatalf("NewAddOn: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", a.ID, "addon-1"},
		{"productId", a.ProductID, pidAudioConf},
		{"baseSubscriptionId", a.BaseSubscriptionID, e3.ID},
		{"status", a.Status, domain.StatusActive},
		{"termEnd co-terminous", a.TermEnd, e3.TermEnd},
		{"quantity", a.Quantity, 3},
		{"unitPrice", a.UnitPrice, usd(400)},
		{"price", a.Price, usd(1200)},
		{"assignedLicenses", a.AssignedLicenses, 0},
		{"orders", len(orders), 1},
		{"chargedThisTerm", a.ChargedThisTerm, usd(619)}, // 1200 × 16/31 = 619.35
		{"isAddOn", a.IsAddOn(), true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(orders) == 1 {
		if got, want := orders[0].Type, domain.OrderProration; got != want {
			t.Errorf("order type: got %s, want %s", got, want)
		}
		if got, want := orders[0].Amount, usd(619); got != want {
			t.Errorf("order amount: got %+v, want %+v", got, want)
		}
		if got, want := orders[0].SubscriptionID, "addon-1"; got != want {
			t.Errorf("order subscription: got %s, want %s", got, want)
		}
	}

	annualIn := centralPurchase(t, pidE3)
	annualIn.BillingFrequency = domain.FrequencyAnnual
	annualBase := mustCreate(t, annualIn)
	aa, orders, err := domain.NewAddOn("addon-2", annualBase, audio, 1, 0, t0.Add(time.Hour))
	if err != nil {
		t.Fatalf("annual NewAddOn: %v", err)
	}
	if got, want := aa.UnitPrice, usd(4800); got != want {
		t.Errorf("annual add-on unit price: got %+v, want %+v", got, want)
	}
	if len(orders) != 1 || orders[0].Amount != usd(4800) {
		t.Errorf("annual add-on first hour: got %+v, want one order of 4800 (whole term)", orders)
	}
	if !aa.TermEnd.Equal(annualBase.TermEnd) {
		t.Errorf("annual add-on termEnd: got %v, want %v", aa.TermEnd, annualBase.TermEnd)
	}

	suspended, err := e3.Suspend(mar17, "nonPayment", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	deleted, _, _, _, err := e3.Cancel(t0.Add(time.Hour), "x", false)
	if err != nil {
		t.Fatal(err)
	}
	trialBase := mustCreate(t, ssTrial(t, pidPowerBIPro))
	pbi := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	refusals := []struct {
		name    string
		base    domain.Subscription
		product domain.Product
		qty     int
		want    domain.Code
	}{
		{"suspended base", suspended, audio, 1, domain.CodeBaseNotActive},
		{"deleted base", deleted, audio, 1, domain.CodeBaseNotActive},
		{"trial base", trialBase, audio, 1, domain.CodeBaseNotActive},
		{"add-on as base", a, audio, 1, domain.CodeNotAnAddonOfBase},
		{"add-on of another base", pbi, audio, 1, domain.CodeNotAnAddonOfBase},
		{"not an add-on product", e3, prod(t, pidPowerBIPro), 1, domain.CodeNotAnAddonOfBase},
		{"quantity 0", e3, audio, 0, domain.CodeInvalidRequest},
		{"quantity 10001", e3, audio, 10001, domain.CodeInvalidRequest},
	}
	for _, tt := range refusals {
		_, orders, err := domain.NewAddOn("addon-x", tt.base, tt.product, tt.qty, 0, mar17)
		if got, want := codeOf(t, err), tt.want; got != want {
			t.Errorf("%s: got %q, want %q", tt.name, got, want)
		}
		if len(orders) != 0 {
			t.Errorf("%s: got %d orders, want 0", tt.name, len(orders))
		}
	}
}

// An add-on has its own refund window from its purchase, and a base
// scheduled to cancel takes its new add-ons with it.
func TestAddOnRefundWindowAndScheduledBase(t *testing.T) {
	base := mustCreate(t, centralPurchase(t, pidE3))
	boughtAt := t0.AddDate(0, 0, 5)
	addOn, _, err := domain.NewAddOn(base.ID+"_a", base, prod(t, pidAudioConf), 1, 0, boughtAt)
	if err != nil {
		t.Fatal(err)
	}
	_, orders, q, _, err := addOn.Cancel(boughtAt.Add(time.Hour), "not needed", false)
	if err != nil {
		t.Fatal(err)
	}
	if q.Effect != domain.EffectImmediate || len(orders) != 1 || orders[0].Type != domain.OrderCredit {
		t.Errorf("cancel 1 h after buying the add-on: %+v %+v, want immediate with a credit", q, orders)
	}
	scheduled, _, _, _, err := base.Cancel(t0.AddDate(0, 0, 3), "moving", false)
	if err != nil {
		t.Fatal(err)
	}
	late, _, err := domain.NewAddOn(base.ID+"_b", scheduled, prod(t, pidAudioConf), 1, 0, t0.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	if !late.CancelAtTermEnd || late.AutoRenew {
		t.Errorf("add-on of a base scheduled to cancel: cancelAtTermEnd %v autoRenew %v, want true, false", late.CancelAtTermEnd, late.AutoRenew)
	}
}

func TestAllowedActions(t *testing.T) {
	ss := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	noPMTrial := mustCreate(t, ssTrial(t, pidPowerBIPro))
	takenOver, _, err := ss.TakeOverBy("admin-1", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e3 := mustCreate(t, centralPurchase(t, pidE3))
	addon, _, err := domain.NewAddOn("addon-1", e3, prod(t, pidAudioConf), 1, 0, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	suspendedAddOn, err := addon.Suspend(t0.AddDate(0, 0, 3), "nonPayment", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	suspendedE3, err := e3.Suspend(t0.AddDate(0, 0, 3), "nonPayment", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	partner := mustCreate(t, partnerPurchase(t, pidE3, "partner-contoso"))

	purchaser := domain.Viewer{Manager: true}
	adminNotManager := domain.Viewer{Admin: true}
	adminManager := domain.Viewer{Admin: true, Manager: true}
	agentManager := domain.Viewer{Agent: true, Manager: true}
	inWindow, afterWindow := t0.Add(time.Hour), t0.AddDate(0, 0, 5)

	const ok = domain.Code("")
	tests := []struct {
		name string
		s    domain.Subscription
		v    domain.Viewer
		now  time.Time
		base *domain.Subscription
		want map[string]domain.Code
	}{
		{"purchaser of a self-service sub, inside the window", ss, purchaser, inWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionRefund: ok, domain.ActionChangeQuantity: ok, domain.ActionSetAutoRenew: ok,
			domain.ActionAssignLicenses: ok, domain.ActionSuspend: domain.CodeForbidden, domain.ActionReactivate: domain.CodeForbidden,
			domain.ActionTakeOver: domain.CodeForbidden, domain.ActionMoveUsers: domain.CodeForbidden}},
		{"purchaser after the window", ss, purchaser, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionRefund: domain.CodeRefundWindowClosed, domain.ActionChangeQuantity: ok}},
		{"purchaser of a no-payment trial", noPMTrial, purchaser, inWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionRefund: domain.CodeRefundWindowClosed,
			domain.ActionSetAutoRenew: domain.CodePaymentMethodRequired, domain.ActionAddAddOn: domain.CodeBaseNotActive}},
		{"admin, not manager, of a self-service sub inside the window", ss, adminNotManager, inWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionRefund: ok, domain.ActionChangeQuantity: domain.CodeTakeoverRequired,
			domain.ActionSetAutoRenew: domain.CodeTakeoverRequired, domain.ActionSuspend: domain.CodeTakeoverRequired,
			domain.ActionReactivate: domain.CodeTakeoverRequired, domain.ActionAssignLicenses: domain.CodeTakeoverRequired,
			domain.ActionTakeOver: ok, domain.ActionMoveUsers: ok, domain.ActionAddAddOn: domain.CodeTakeoverRequired}},
		{"admin, not manager, after the window", ss, adminNotManager, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionRefund: domain.CodeRefundWindowClosed, domain.ActionAssignLicenses: domain.CodeTakeoverRequired}},
		{"admin after take-over", takenOver, adminManager, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionChangeQuantity: ok, domain.ActionSuspend: ok, domain.ActionReactivate: domain.CodeInvalidStatus,
			domain.ActionTakeOver: ok, domain.ActionMoveUsers: ok, domain.ActionAssignLicenses: ok}},
		{"other user of the tenant", ss, domain.Viewer{}, inWindow, nil, map[string]domain.Code{
			domain.ActionCancel: domain.CodeForbidden, domain.ActionRefund: domain.CodeForbidden, domain.ActionChangeQuantity: domain.CodeForbidden,
			domain.ActionSuspend: domain.CodeForbidden, domain.ActionTakeOver: domain.CodeForbidden, domain.ActionAssignLicenses: domain.CodeForbidden}},
		{"admin of a central base", e3, adminManager, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionSuspend: ok, domain.ActionAddAddOn: ok, domain.ActionTakeOver: domain.CodeInvalidRequest,
			domain.ActionMoveUsers: ok}},
		{"admin of a suspended central base", suspendedE3, adminManager, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: domain.CodeInvalidStatus, domain.ActionReactivate: ok, domain.ActionSuspend: domain.CodeInvalidStatus,
			domain.ActionAddAddOn: domain.CodeBaseNotActive, domain.ActionAssignLicenses: domain.CodeInvalidStatus}},
		{"admin of a suspended base, reactivate after dataDeletionAt", suspendedE3, adminManager, t0.AddDate(0, 0, 93), nil, map[string]domain.Code{
			domain.ActionReactivate: domain.CodeInvalidStatus}},
		{"add-on on a suspended base", suspendedAddOn, adminManager, afterWindow, &suspendedE3, map[string]domain.Code{
			domain.ActionReactivate: domain.CodeBaseNotActive, domain.ActionCancel: domain.CodeInvalidStatus,
			domain.ActionAddAddOn: domain.CodeNotAnAddonOfBase}},
		{"suspended add-on on an active base", suspendedAddOn, adminManager, afterWindow, &e3, map[string]domain.Code{
			domain.ActionReactivate: ok}},
		{"active add-on", addon, adminManager, afterWindow, &e3, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionAddAddOn: domain.CodeNotAnAddonOfBase}},
		{"agent of a partner sub", partner, agentManager, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: ok, domain.ActionSuspend: ok, domain.ActionTakeOver: domain.CodeForbidden}},
		{"agent not manager of a partner sub", partner, domain.Viewer{Agent: true}, afterWindow, nil, map[string]domain.Code{
			domain.ActionCancel: domain.CodeForbidden, domain.ActionSuspend: domain.CodeForbidden}},
	}
	allActions := []string{domain.ActionCancel, domain.ActionRefund, domain.ActionChangeQuantity, domain.ActionSetAutoRenew,
		domain.ActionSuspend, domain.ActionReactivate, domain.ActionTakeOver, domain.ActionMoveUsers, domain.ActionAssignLicenses, domain.ActionAddAddOn}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := tt.s.AllowedActions(tt.v, tt.now, tt.base)
			if got, want := len(list), len(allActions); got != want {
				t.Fatalf("actions: got %d, want %d", got, want)
			}
			got := map[string]domain.AllowedAction{}
			for i, a := range list {
				if a.Action != allActions[i] {
					t.Errorf("action #%d: got %s, want %s (fixed order)", i, a.Action, allActions[i])
				}
				if a.Allowed != (a.Reason == "") {
					t.Errorf("%s: allowed=%v with reason %q", a.Action, a.Allowed, a.Reason)
				}
				got[a.Action] = a
			}
			for action, want := range tt.want {
				if g := got[action].Reason; g != want {
					t.Errorf("%s: got %q, want %q", action, g, want)
				}
			}
		})
	}
}

package domain

import (
	"slices"
	"time"
)

// Purchase is a request to buy or start a trial, with what the caller
// already knows (the product, the tenant, who buys through which channel).
type Purchase struct {
	ID               string
	Tenant           Tenant
	Product          Product
	BillingFrequency string
	Quantity         int
	Trial            bool
	PaymentMethodID  string
	// AutoRenew, when set, overrides the default (on when the subscription
	// can be charged).
	AutoRenew *bool
	Channel   Channel
	Purchaser Purchaser
	// PartnerID is the agent's partner for partner purchases.
	PartnerID string
	// CustomerPurchase: a customer's own reservation under its partner's
	// permission (docs/spec.md §5), for the Azure plan AzureSubscriptionID.
	CustomerPurchase    bool
	AzureSubscriptionID string
	Now                 time.Time
}

// CreateSubscription applies the rules of docs/spec.md §4.1 (self-service) and §4.2
// (partner) and returns the new subscription and its first order (none for a
// trial). Markers enforced by the store — one trial per purchaser and
// product, one per tenant — are not checked here.
//
// Returns CodeAddonRequiresBase, CodeInvalidRequest, CodeForbidden,
// CodePolicyDisabled, CodePolicyTrialsOnly, CodeTrialNotOffered,
// CodePaymentMethodRequired, CodeAgreementRequired,
// CodeNotAvailableInCountry, CodeNotAvailableViaPartner, CodeExclusiveOffer.
func CreateSubscription(in Purchase) (Subscription, []Order, error) {
	p := in.Product
	if p.IsAddOn() {
		return Subscription{}, nil, Errorf(CodeAddonRequiresBase, "%s is an add-on: buy it through its base subscription (POST …/subscriptions/{id}/addons)", p.ProductID)
	}
	offer, ok := p.Offer(in.BillingFrequency)
	if !ok {
		return Subscription{}, nil, FieldErrorf("billingFrequency", "%s has no %s offer", p.ProductID, in.BillingFrequency)
	}
	if err := CheckQuantity(in.Quantity); err != nil {
		return Subscription{}, nil, err
	}
	switch in.Channel {
	case ChannelCentral:
	case ChannelSelfService:
		if err := selfServiceRules(in, offer); err != nil {
			return Subscription{}, nil, err
		}
	case ChannelPartner:
		if err := partnerRules(in); err != nil {
			return Subscription{}, nil, err
		}
		// An ISV offer's free trial is applied automatically (docs/spec.md §4.2).
		if p.Publisher == PublisherPartner && offer.Trial != nil {
			in.Trial = true
		}
	default:
		return Subscription{}, nil, Errorf(CodeInvalidRequest, "unknown channel %q", in.Channel)
	}
	if in.Trial && offer.Trial == nil {
		return Subscription{}, nil, Errorf(CodeTrialNotOffered, "the %s offer of %s has no trial", in.BillingFrequency, p.ProductID)
	}

	s := Subscription{
		ID: in.ID, TenantID: in.Tenant.TenantID, ProductID: p.ProductID, ProductName: p.Name, BillingType: p.BillingType,
		BillingFrequency: in.BillingFrequency, Quantity: in.Quantity, Channel: in.Channel, Purchaser: in.Purchaser,
		HasPaymentMethod: in.PaymentMethodID != "", PaymentMethodID: in.PaymentMethodID, CreatedAt: in.Now,
		UnitPrice: offer.UnitPrice, Price: offer.UnitPrice.Times(in.Quantity), CancellationWindow: offer.CancellationWindow,
		PartnerID: in.PartnerID, BillTo: BillTo{Type: "tenant", ID: in.Tenant.TenantID}, Version: 1, LimitOnePerTenant: p.LimitOnePerTenant,
		ChargedThisTerm: Money{Currency: offer.UnitPrice.Currency}, CustomerPurchase: in.CustomerPurchase, AzureSubscriptionID: in.AzureSubscriptionID,
	}
	if in.Channel == ChannelPartner {
		s.BillTo = BillTo{Type: "partner", ID: in.PartnerID}
		s.HasPaymentMethod = true // the partner is billed
	}
	if in.Channel == ChannelCentral {
		s.HasPaymentMethod = true // the tenant's billing account
	}
	canCharge := s.HasPaymentMethod
	s.AutoRenew = canCharge
	if in.AutoRenew != nil {
		if *in.AutoRenew && !canCharge {
			return Subscription{}, nil, Errorf(CodePaymentMethodRequired, "a trial without a payment method never converts, so autoRenew can't be on")
		}
		s.AutoRenew = *in.AutoRenew
	}
	if in.Trial {
		ends := in.Now.AddDate(0, 0, offer.Trial.Days)
		s.Status, s.TrialEndsAt = StatusTrial, &ends
		s.TermStart, s.TermEnd = in.Now, ends
		return s, nil, nil
	}
	s.Status = StatusActive
	charge, err := s.startPaidTerm(in.Now)
	if err != nil {
		return Subscription{}, nil, err
	}
	return s, []Order{s.order(OrderPurchase, charge, s.Quantity, in.Now)}, nil
}

// trialsOnly is the refusal of a trials-only policy (docs/spec.md §3):
// only trials without a payment method of product.
func trialsOnly(product string) error {
	return Errorf(CodePolicyTrialsOnly, "your organization allows only trials without a payment method of %s", product)
}

// selfServiceRules are docs/spec.md §4.1 for a user buying for themself.
func selfServiceRules(in Purchase, offer Offer) error {
	p := in.Product
	if !p.SelfServiceEligible {
		return Errorf(CodeForbidden, "%s can't be bought by users for themselves; ask an admin", p.ProductID)
	}
	pp, err := EffectivePolicy(p, in.Tenant.Policies)
	if err != nil {
		return err
	}
	// A trial "without payment method" is one that needs none and gets none.
	noPaymentTrial := in.Trial && in.PaymentMethodID == "" && offer.Trial != nil && !offer.Trial.RequiresPaymentMethod
	switch pp.PolicyValue {
	case PolicyDisabled:
		return Errorf(CodePolicyDisabled, "your organization doesn't allow self-service purchases or trials of %s", p.Name)
	case PolicyTrialsOnly:
		if !noPaymentTrial {
			return trialsOnly(p.Name)
		}
	}
	if !in.Trial {
		if in.PaymentMethodID == "" {
			return Errorf(CodePaymentMethodRequired, "a purchase needs a payment method (paymentMethodId)")
		}
		return nil
	}
	if offer.Trial == nil {
		return Errorf(CodeTrialNotOffered, "the %s offer of %s has no trial", in.BillingFrequency, p.ProductID)
	}
	if offer.Trial.RequiresPaymentMethod && in.PaymentMethodID == "" {
		return Errorf(CodePaymentMethodRequired, "this trial needs a payment method (paymentMethodId)")
	}
	if in.PaymentMethodID == "" && !in.Tenant.HasAgreement {
		return Errorf(CodeAgreementRequired, "a trial without a payment method needs your organization to have accepted the agreement")
	}
	return nil
}

// partnerRules are docs/spec.md §4.2's offer rules for a partner buying for a customer.
func partnerRules(in Purchase) error {
	p := in.Product
	if !p.AvailableViaPartner {
		return Errorf(CodeNotAvailableViaPartner, "%s is not sold through partners", p.ProductID)
	}
	if len(p.AvailableCountries) > 0 && !slices.Contains(p.AvailableCountries, in.Tenant.Country) {
		return Errorf(CodeNotAvailableInCountry, "%s is not available in %s", p.ProductID, in.Tenant.Country)
	}
	if len(p.ExclusivePartnerIDs) > 0 && !slices.Contains(p.ExclusivePartnerIDs, in.PartnerID) {
		return Errorf(CodeExclusiveOffer, "%s is an exclusive offer of other partners", p.ProductID)
	}
	return nil
}

// LimitOnePerTenant refuses a purchase of a limit-one-per-tenant product
// while the tenant holds holder, a live subscription of it with status
// (docs/spec.md §4.2): reactivate a suspended one instead.
// Returns CodeReactivateInstead, CodeLimitOnePerTenant (with its id).
func LimitOnePerTenant(product Product, holder string, status Status) error {
	if status == StatusSuspended {
		return Errorf(CodeReactivateInstead, "the tenant's %s subscription is suspended: reactivate it instead", product.Name).
			With("subscriptionId", holder)
	}
	return Errorf(CodeLimitOnePerTenant, "the tenant already has a subscription of %s", product.Name).With("subscriptionId", holder)
}

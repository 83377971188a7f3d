package domain

// Publisher, billing type, category and billing frequency values (docs/spec.md §2).
const (
	PublisherMicrosoft = "microsoft"
	PublisherPartner   = "partner"

	BillingLicense = "license"
	BillingUsage   = "usage"

	CategoryEnterprise    = "enterprise"
	CategorySmallBusiness = "smallBusiness"
	CategoryTrial         = "trial"

	FrequencyMonthly = "monthly"
	FrequencyAnnual  = "annual"
)

// Product is a catalog entry (docs/spec.md §2).
type Product struct {
	ProductID           string      `json:"productId"`
	Name                string      `json:"name"`
	Publisher           string      `json:"publisher"`
	BillingType         string      `json:"billingType"`
	Category            string      `json:"category"`
	SelfServiceEligible bool        `json:"selfServiceEligible"`
	DefaultPolicyValue  PolicyValue `json:"defaultPolicyValue,omitempty"`
	AddOnOf             []string    `json:"addOnOf"`
	LimitOnePerTenant   bool        `json:"limitOnePerTenant"`
	AvailableCountries  []string    `json:"availableCountries"`
	AvailableViaPartner bool        `json:"availableViaPartner"`
	ExclusivePartnerIDs []string    `json:"exclusivePartnerIds"`
	// Reservation: bought by partners, or by a customer's Owner of its
	// Azure plan under the reservations permission (docs/spec.md §5).
	Reservation bool    `json:"reservation,omitempty"`
	Offers      []Offer `json:"offers"`
}

// Offer is a product's price and terms for one billing frequency.
type Offer struct {
	BillingFrequency string `json:"billingFrequency"`
	UnitPrice        Money  `json:"unitPrice"`
	// CancellationWindow is an ISO 8601 duration (PT24H, P14D).
	CancellationWindow string      `json:"cancellationWindow"`
	Trial              *TrialTerms `json:"trial,omitempty"`
}

// DefaultCancellationWindow is the refund window of an offer that names
// none: 24 hours for monthly, 14 days for annual (docs/spec.md §2).
func DefaultCancellationWindow(frequency string) string {
	if frequency == FrequencyAnnual {
		return "P14D"
	}
	return "PT24H"
}

// TrialTerms are an offer's trial: its length and whether it needs a payment method.
type TrialTerms struct {
	Days                  int  `json:"days"`
	RequiresPaymentMethod bool `json:"requiresPaymentMethod"`
}

// Offer returns the product's offer for a billing frequency.
func (p Product) Offer(frequency string) (Offer, bool) {
	for _, o := range p.Offers {
		if o.BillingFrequency == frequency {
			return o, true
		}
	}
	return Offer{}, false
}

// IsAddOn reports whether the product can only be bought through a base.
func (p Product) IsAddOn() bool { return len(p.AddOnOf) > 0 }

// ProductFilter selects products in ListProducts. Empty fields match all.
type ProductFilter struct {
	Publisher   string
	BillingType string
	Category    string
	SelfService *bool
}

// Match reports whether p passes the filter.
func (f ProductFilter) Match(p Product) bool {
	return (f.Publisher == "" || f.Publisher == p.Publisher) &&
		(f.BillingType == "" || f.BillingType == p.BillingType) &&
		(f.Category == "" || f.Category == p.Category) &&
		(f.SelfService == nil || *f.SelfService == p.SelfServiceEligible)
}

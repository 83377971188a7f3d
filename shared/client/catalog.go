package client

import "context"

// Money is an amount in integer minor units of an ISO 4217 currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// TrialTerms are an offer's trial.
type TrialTerms struct {
	Days                  int  `json:"days"`
	RequiresPaymentMethod bool `json:"requiresPaymentMethod"`
}

// Offer is a product's price and terms for one billing frequency.
type Offer struct {
	BillingFrequency string `json:"billingFrequency"` // monthly or annual
	UnitPrice        Money  `json:"unitPrice"`
	// CancellationWindow is an ISO 8601 duration, e.g. PT24H or P14D.
	CancellationWindow string      `json:"cancellationWindow"`
	Trial              *TrialTerms `json:"trial,omitempty"`
}

// Product is a catalog entry.
type Product struct {
	ProductID           string      `json:"productId"`
	Name                string      `json:"name"`
	Publisher           string      `json:"publisher"`   // microsoft or partner
	BillingType         string      `json:"billingType"` // license or usage
	Category            string      `json:"category"`    // enterprise, smallBusiness or trial
	SelfServiceEligible bool        `json:"selfServiceEligible"`
	DefaultPolicyValue  PolicyValue `json:"defaultPolicyValue,omitempty"`
	AddOnOf             []string    `json:"addOnOf"`
	LimitOnePerTenant   bool        `json:"limitOnePerTenant"`
	AvailableCountries  []string    `json:"availableCountries"`
	AvailableViaPartner bool        `json:"availableViaPartner"`
	ExclusivePartnerIDs []string    `json:"exclusivePartnerIds"`
	Reservation         bool        `json:"reservation,omitempty"`
	Offers              []Offer     `json:"offers"`
}

// ProductList is the answer of ListProducts (never paged).
type ProductList struct {
	Items []Product `json:"items"`
}

// ListProductsParams filters ListProducts; the filters combine with AND.
type ListProductsParams struct {
	Publisher   string `url:"publisher,omitempty"`
	BillingType string `url:"billingType,omitempty"`
	Category    string `url:"category,omitempty"`
	SelfService *bool  `url:"selfService,omitempty"`
}

// ListProducts lists the catalog's products in catalog order.
func (c *Client) ListProducts(ctx context.Context, params *ListProductsParams, opts ...CallOption) (*ProductList, error) {
	return do[ProductList](ctx, c, "ListProducts", nil, params, nil, opts)
}

// GetProduct gets one catalog product.
func (c *Client) GetProduct(ctx context.Context, productID string, opts ...CallOption) (*Product, error) {
	return do[Product](ctx, c, "GetProduct", []string{productID}, nil, nil, opts)
}

// Package catalog is the product catalog of docs/spec.md §2: a versioned data file
// (products.json), validated and compiled into the binary (catalog_gen.go, by
// go generate), read-only afterwards.
package catalog

//go:generate go run -tags catalog_json ./internal/gencatalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"selfserve/shared/domain"
)

//go:embed products.json
var embedded []byte

// Catalog is a validated, immutable list of products. Its methods return
// copies, so callers may modify what they get.
type Catalog struct {
	version  int
	products []domain.Product
	byID     map[string]int
}

// file is the on-disk form of the catalog.
type file struct {
	Version  int              `json:"version"`
	Products []domain.Product `json:"products"`
}

// isCountryCode reports whether s is two ASCII capital letters (the form
// of an ISO 3166-1 alpha-2 code). Not a regexp: nothing to compile at a
// cold start.
func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// Parse decodes a catalog file strictly (unknown fields are errors) and
// validates every product. Errors name the offending product.
func Parse(data []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("catalog: decode: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("catalog: trailing data after the catalog object")
	}
	if f.Version < 1 {
		return nil, fmt.Errorf("catalog: version %d must be at least 1", f.Version)
	}
	if len(f.Products) == 0 {
		return nil, errors.New("catalog: no products")
	}
	c := &Catalog{version: f.Version, products: make([]domain.Product, 0, len(f.Products)), byID: make(map[string]int, len(f.Products))}
	for i, p := range f.Products {
		if !domain.ValidID(p.ProductID) {
			return nil, fmt.Errorf("catalog: product #%d: productId %q is not a valid id", i, p.ProductID)
		}
		if _, dup := c.byID[p.ProductID]; dup {
			return nil, fmt.Errorf("catalog: product %s: duplicate productId", p.ProductID)
		}
		p = normalize(p)
		if err := validate(p); err != nil {
			return nil, fmt.Errorf("catalog: product %s: %w", p.ProductID, err)
		}
		c.byID[p.ProductID] = len(c.products)
		c.products = append(c.products, p)
	}
	// Add-on bases are checked once every id is known, so a base may come
	// after its add-ons in the file.
	for _, p := range c.products {
		for _, base := range p.AddOnOf {
			i, ok := c.byID[base]
			if !ok {
				return nil, fmt.Errorf("catalog: product %s: addOnOf names unknown product %q", p.ProductID, base)
			}
			if c.products[i].IsAddOn() {
				return nil, fmt.Errorf("catalog: product %s: addOnOf names %s, which is itself an add-on", p.ProductID, base)
			}
		}
	}
	return c, nil
}

// validate checks the rules of one product that don't depend on the others.
func validate(p domain.Product) error {
	if p.Name == "" {
		return errors.New("name is required")
	}
	if p.Publisher != domain.PublisherMicrosoft && p.Publisher != domain.PublisherPartner {
		return fmt.Errorf("publisher %q must be %s or %s", p.Publisher, domain.PublisherMicrosoft, domain.PublisherPartner)
	}
	if p.BillingType != domain.BillingLicense && p.BillingType != domain.BillingUsage {
		return fmt.Errorf("billingType %q must be %s or %s", p.BillingType, domain.BillingLicense, domain.BillingUsage)
	}
	switch p.Category {
	case domain.CategoryEnterprise, domain.CategorySmallBusiness, domain.CategoryTrial:
	default:
		return fmt.Errorf("category %q must be %s, %s or %s", p.Category, domain.CategoryEnterprise, domain.CategorySmallBusiness, domain.CategoryTrial)
	}
	if p.SelfServiceEligible {
		if !p.DefaultPolicyValue.Valid() {
			return fmt.Errorf("defaultPolicyValue %q of a self-service eligible product must be Enabled, OnlyTrialsWithoutPaymentMethod or Disabled", p.DefaultPolicyValue)
		}
	} else if p.DefaultPolicyValue != "" {
		return fmt.Errorf("defaultPolicyValue %q given for a product that is not self-service eligible", p.DefaultPolicyValue)
	}
	for _, id := range p.AddOnOf {
		if id == p.ProductID {
			return errors.New("addOnOf names the product itself")
		}
	}
	for _, cc := range p.AvailableCountries {
		if !isCountryCode(cc) {
			return fmt.Errorf("availableCountries entry %q is not an ISO 3166-1 alpha-2 code", cc)
		}
	}
	for _, id := range p.ExclusivePartnerIDs {
		if !domain.ValidID(id) {
			return fmt.Errorf("exclusivePartnerIds entry %q is not a valid id", id)
		}
	}
	if len(p.Offers) == 0 {
		return errors.New("at least one offer is required")
	}
	seen := make(map[string]bool, len(p.Offers))
	for _, o := range p.Offers {
		if o.BillingFrequency != domain.FrequencyMonthly && o.BillingFrequency != domain.FrequencyAnnual {
			return fmt.Errorf("billingFrequency %q must be %s or %s", o.BillingFrequency, domain.FrequencyMonthly, domain.FrequencyAnnual)
		}
		if seen[o.BillingFrequency] {
			return fmt.Errorf("more than one %s offer", o.BillingFrequency)
		}
		seen[o.BillingFrequency] = true
		if err := o.UnitPrice.Validate(); err != nil {
			return fmt.Errorf("%s offer: unitPrice: %w", o.BillingFrequency, err)
		}
		if _, err := domain.ParseISODuration(o.CancellationWindow); err != nil {
			return fmt.Errorf("%s offer: cancellationWindow: %w", o.BillingFrequency, err)
		}
		if o.Trial != nil && (o.Trial.Days < 1 || o.Trial.Days > 365) {
			return fmt.Errorf("%s offer: trial days %d must be 1-365", o.BillingFrequency, o.Trial.Days)
		}
	}
	if p.SelfServiceEligible && (!seen[domain.FrequencyMonthly] || !seen[domain.FrequencyAnnual]) {
		return errors.New("a self-service eligible product needs both a monthly and an annual offer")
	}
	return nil
}

// normalize copies p, replaces absent lists by empty ones so they encode
// as [], and gives offers without a cancellationWindow the default of their
// billing frequency.
func normalize(p domain.Product) domain.Product {
	p = clone(p)
	for i, o := range p.Offers {
		if o.CancellationWindow == "" {
			p.Offers[i].CancellationWindow = domain.DefaultCancellationWindow(o.BillingFrequency)
		}
	}
	if p.AddOnOf == nil {
		p.AddOnOf = []string{}
	}
	if p.AvailableCountries == nil {
		p.AvailableCountries = []string{}
	}
	if p.ExclusivePartnerIDs == nil {
		p.ExclusivePartnerIDs = []string{}
	}
	return p
}

// clone returns a deep copy of p, so callers can't change the catalog.
func clone(p domain.Product) domain.Product {
	p.AddOnOf = slices.Clone(p.AddOnOf)
	p.AvailableCountries = slices.Clone(p.AvailableCountries)
	p.ExclusivePartnerIDs = slices.Clone(p.ExclusivePartnerIDs)
	p.Offers = slices.Clone(p.Offers)
	for i, o := range p.Offers {
		if o.Trial != nil {
			t := *o.Trial
			p.Offers[i].Trial = &t
		}
	}
	return p
}

var parsedCatalog = sync.OnceValue(func() *Catalog {
	c, err := Parse(embedded)
	if err != nil {
		panic("catalog: embedded products.json is invalid: " + err.Error())
	}
	return c
})

// Default returns the catalog of products.json: compiled into the binary
// (catalog_gen.go, which the package tests check against products.json),
// or, in a catalog_json build (the generator's), the embedded file parsed
// once, which panics if it is invalid.
func Default() *Catalog {
	if compiled != nil {
		return compiled
	}
	return parsedCatalog()
}

// Version is the version number of the catalog file.
func (c *Catalog) Version() int { return c.version }

// Get returns the product with the given id, or a CodeNotFound error.
func (c *Catalog) Get(productID string) (domain.Product, error) {
	i, ok := c.byID[productID]
	if !ok {
		return domain.Product{}, domain.Errorf(domain.CodeNotFound, "product %q does not exist", productID)
	}
	return clone(c.products[i]), nil
}

// List returns the products that match f, in file order. It never returns nil.
func (c *Catalog) List(f domain.ProductFilter) []domain.Product {
	out := make([]domain.Product, 0, len(c.products))
	for _, p := range c.products {
		if f.Match(p) {
			out = append(out, clone(p))
		}
	}
	return out
}

// SelfServiceEligible returns the products that have an
// AllowSelfServicePurchase policy, in file order.
func (c *Catalog) SelfServiceEligible() []domain.Product {
	yes := true
	return c.List(domain.ProductFilter{SelfService: &yes})
}

// AzurePlan returns the Azure plan: the usage-billed product that customer
// permissions and reservations rest on (docs/spec.md §5).
func (c *Catalog) AzurePlan() (domain.Product, bool) {
	for _, p := range c.products {
		if p.BillingType == domain.BillingUsage {
			return clone(p), true
		}
	}
	return domain.Product{}, false
}

package catalog

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"selfserve/shared/domain"
)

func TestEmbeddedCatalogParses(t *testing.T) {
	c, err := Parse(embedded)
	if err != nil {
		t.Fatalf("Parse(embedded) error = %v, want nil", err)
	}
	if got, want := c.Version(), 1; got != want {
		t.Errorf("Version() = %d, want %d", got, want)
	}
	if got, want := Default().Version(), c.Version(); got != want {
		t.Errorf("Default().Version() = %d, want %d", got, want)
	}
	if got, want := len(Default().List(domain.ProductFilter{})), len(c.products); got != want {
		t.Errorf("len(Default().List(all)) = %d, want %d", got, want)
	}
}

// TestEmbeddedListsAreNotNull checks the file spells empty lists as [].
func TestEmbeddedListsAreNotNull(t *testing.T) {
	var raw struct {
		Products []map[string]json.RawMessage `json:"products"`
	}
	if err := json.Unmarshal(embedded, &raw); err != nil {
		t.Fatal(err)
	}
	for _, p := range raw.Products {
		for _, k := range []string{"addOnOf", "availableCountries", "exclusivePartnerIds", "offers"} {
			v, ok := p[k]
			if got, want := ok && string(v) != "null", true; got != want {
				t.Errorf("product %s: %s present and not null = %v, want %v", p["productId"], k, got, want)
			}
		}
	}
}

var seedProducts = []struct{ id, name string }{
	{"CFQ7TTC0KP0P", "Power Apps per user"},
	{"CFQ7TTC0KP0N", "Power Automate per user"},
	{"CFQ7TTC0KXG6", "Power Automate RPA"},
	{"CFQ7TTC0KXG7", "Power BI Premium (standalone)"},
	{"CFQ7TTC0L3PB", "Power BI Pro"},
	{"CFQ7TTC0KXND", "Project Plan 1"},
	{"CFQ7TTC0KXNC", "Project Plan 3"},
	{"CFQ7TTC0KXN9", "Visio Plan 1"},
	{"CFQ7TTC0KXN8", "Visio Plan 2"},
	{"CFQ7TTC0HHS9", "Windows 365 Enterprise"},
	{"CFQ7TTC0J203", "Windows 365 Business"},
	{"CFQ7TTC0HX99", "Windows 365 Business with Windows Hybrid Benefit"},
}

func TestSeedProducts(t *testing.T) {
	c := Default()
	for _, tt := range seedProducts {
		t.Run(tt.id, func(t *testing.T) {
			p, err := c.Get(tt.id)
			if err != nil {
				t.Fatalf("Get(%s) error = %v, want nil", tt.id, err)
			}
			if got, want := p.Name, tt.name; got != want {
				t.Errorf("Name = %q, want %q", got, want)
			}
			if got, want := p.SelfServiceEligible, true; got != want {
				t.Errorf("SelfServiceEligible = %v, want %v", got, want)
			}
			if got, want := p.DefaultPolicyValue, domain.PolicyEnabled; got != want {
				t.Errorf("DefaultPolicyValue = %q, want %q", got, want)
			}
			if got, want := p.Publisher, domain.PublisherMicrosoft; got != want {
				t.Errorf("Publisher = %q, want %q", got, want)
			}
			for _, freq := range []string{domain.FrequencyMonthly, domain.FrequencyAnnual} {
				if _, ok := p.Offer(freq); !ok {
					t.Errorf("Offer(%s) present = false, want true", freq)
				}
			}
		})
	}
	var got []string
	for _, p := range c.SelfServiceEligible() {
		got = append(got, p.ProductID)
	}
	var want []string
	for _, s := range seedProducts {
		want = append(want, s.id)
	}
	if !slices.Equal(got, want) {
		t.Errorf("SelfServiceEligible() ids = %v, want %v", got, want)
	}
}

func TestSeedTrials(t *testing.T) {
	c := Default()
	tests := []struct {
		id    string
		trial *domain.TrialTerms // on the monthly offer
	}{
		{"CFQ7TTC0L3PB", &domain.TrialTerms{Days: 30}},
		{"CFQ7TTC0KP0P", &domain.TrialTerms{Days: 30}},
		{"CFQ7TTC0KP0N", &domain.TrialTerms{Days: 30}},
		{"CFQ7TTC0KXND", &domain.TrialTerms{Days: 30}},
		{"CFQ7TTC0KXN9", &domain.TrialTerms{Days: 30}},
		{"CFQ7TTC0KXG7", &domain.TrialTerms{Days: 30, RequiresPaymentMethod: true}},
		{"CFQ7TTC0KXNC", &domain.TrialTerms{Days: 30, RequiresPaymentMethod: true}},
		{"CFQ7TTC0KXN8", &domain.TrialTerms{Days: 30, RequiresPaymentMethod: true}},
		{"CFQ7TTC0HHS9", &domain.TrialTerms{Days: 30, RequiresPaymentMethod: true}},
		{"CFQ7TTC0KXG6", nil},
		{"CFQ7TTC0J203", nil},
		{"CFQ7TTC0HX99", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, err := c.Get(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := p.Offer(domain.FrequencyMonthly)
			if got, want := m.Trial, tt.trial; (got == nil) != (want == nil) || (got != nil && *got != *want) {
				t.Errorf("monthly trial = %+v, want %+v", got, want)
			}
			a, _ := p.Offer(domain.FrequencyAnnual)
			if got := a.Trial; got != nil {
				t.Errorf("annual trial = %+v, want nil", got)
			}
			if got, want := m.CancellationWindow, "PT24H"; got != want {
				t.Errorf("monthly cancellationWindow = %q, want %q", got, want)
			}
			if got, want := a.CancellationWindow, "P14D"; got != want {
				t.Errorf("annual cancellationWindow = %q, want %q", got, want)
			}
		})
	}
}

// TestProductKinds checks every kind of product docs/spec.md §2 needs is present.
func TestProductKinds(t *testing.T) {
	c := Default()
	all := c.List(domain.ProductFilter{})
	tests := []struct {
		name string
		ok   func(p domain.Product) bool
	}{
		{"add-on whose base exists and is not an add-on", func(p domain.Product) bool {
			if !p.IsAddOn() || p.SelfServiceEligible {
				return false
			}
			for _, id := range p.AddOnOf {
				b, err := c.Get(id)
				if err != nil || b.IsAddOn() {
					return false
				}
			}
			return true
		}},
		{"usage product limited to one per tenant", func(p domain.Product) bool {
			return p.BillingType == domain.BillingUsage && p.LimitOnePerTenant
		}},
		{"annual-only reservation", func(p domain.Product) bool {
			_, monthly := p.Offer(domain.FrequencyMonthly)
			_, annual := p.Offer(domain.FrequencyAnnual)
			return p.BillingType == domain.BillingLicense && annual && !monthly
		}},
		{"ISV with trial and country restriction", func(p domain.Product) bool {
			m, ok := p.Offer(domain.FrequencyMonthly)
			return p.Publisher == domain.PublisherPartner && ok && m.Trial != nil && m.Trial.Days == 30 &&
				!m.Trial.RequiresPaymentMethod && len(p.AvailableCountries) > 0 && p.AvailableViaPartner
		}},
		{"exclusive partner offer", func(p domain.Product) bool {
			return p.Publisher == domain.PublisherPartner && len(p.ExclusivePartnerIDs) > 0
		}},
		{"product not available via partner", func(p domain.Product) bool {
			return !p.AvailableViaPartner
		}},
		{"trial-category product", func(p domain.Product) bool {
			return p.Category == domain.CategoryTrial && !p.SelfServiceEligible
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := slices.ContainsFunc(all, tt.ok), true; got != want {
				t.Errorf("catalog has one = %v, want %v", got, want)
			}
		})
	}
}

func TestList(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name   string
		filter domain.ProductFilter
		want   []string
	}{
		{"publisher partner", domain.ProductFilter{Publisher: domain.PublisherPartner},
			[]string{"ISV-CONTOSO-ANALYTICS", "ISV-CONTOSO-ANALYTICS-PREMIER", "ISV-NORTHWIND-DIRECT"}},
		{"billingType usage", domain.ProductFilter{BillingType: domain.BillingUsage},
			[]string{"DZH318Z0BPS6"}},
		{"category smallBusiness", domain.ProductFilter{Category: domain.CategorySmallBusiness},
			[]string{"CFQ7TTC0J203", "CFQ7TTC0HX99", "ISV-NORTHWIND-DIRECT"}},
		{"category trial", domain.ProductFilter{Category: domain.CategoryTrial},
			[]string{"CFQ7TTC0TRL1"}},
		{"microsoft smallBusiness self-service", domain.ProductFilter{Publisher: domain.PublisherMicrosoft, Category: domain.CategorySmallBusiness, SelfService: &yes},
			[]string{"CFQ7TTC0J203", "CFQ7TTC0HX99"}},
		{"selfService false", domain.ProductFilter{SelfService: &no},
			[]string{"CFQ7TTC0LFLX", "CFQ7TTC0LH05", "DZH318Z0BPS6", "DZH318Z08M9Z", "ISV-CONTOSO-ANALYTICS", "ISV-CONTOSO-ANALYTICS-PREMIER", "ISV-NORTHWIND-DIRECT", "CFQ7TTC0TRL1"}},
		{"selfService true", domain.ProductFilter{SelfService: &yes}, seedIDs()},
		{"partner usage matches nothing", domain.ProductFilter{Publisher: domain.PublisherPartner, BillingType: domain.BillingUsage},
			[]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := Default().List(tt.filter)
			if list == nil {
				t.Fatalf("List returned nil, want a non-nil slice")
			}
			got := []string{}
			for _, p := range list {
				got = append(got, p.ProductID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("List ids = %v, want %v", got, tt.want)
			}
		})
	}
}

func seedIDs() []string {
	var ids []string
	for _, s := range seedProducts {
		ids = append(ids, s.id)
	}
	return ids
}

func TestGetUnknown(t *testing.T) {
	_, err := Default().Get("NOPE")
	var de *domain.Error
	if got, want := errors.As(err, &de), true; got != want {
		t.Fatalf("errors.As(%v, *domain.Error) = %v, want %v", err, got, want)
	}
	if got, want := de.Code, domain.CodeNotFound; got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
}

// TestGetReturnsCopy checks callers can't change the catalog through results.
func TestGetReturnsCopy(t *testing.T) {
	c := Default()
	p, err := c.Get("ISV-CONTOSO-ANALYTICS")
	if err != nil {
		t.Fatal(err)
	}
	p.AvailableCountries[0] = "XX"
	p.Offers[0].Trial.Days = 1
	p.Offers[0].UnitPrice.Amount = 1
	again, _ := c.Get("ISV-CONTOSO-ANALYTICS")
	if got, want := again.AvailableCountries[0], "US"; got != want {
		t.Errorf("AvailableCountries[0] after mutation = %q, want %q", got, want)
	}
	if got, want := again.Offers[0].Trial.Days, 30; got != want {
		t.Errorf("Offers[0].Trial.Days after mutation = %d, want %d", got, want)
	}
	if got, want := again.Offers[0].UnitPrice.Amount, int64(2500); got != want {
		t.Errorf("Offers[0].UnitPrice.Amount after mutation = %d, want %d", got, want)
	}
}

// validProduct is a self-service product that passes validation; the bad
// catalogs below each break one rule of it.
const validProduct = `{"productId":"P1","name":"P one","publisher":"microsoft","billingType":"license","category":"enterprise",
"selfServiceEligible":true,"defaultPolicyValue":"Enabled","addOnOf":[],"limitOnePerTenant":false,"availableCountries":[],
"availableViaPartner":true,"exclusivePartnerIds":[],"offers":[
{"billingFrequency":"monthly","unitPrice":{"amount":100,"currency":"USD"},"cancellationWindow":"PT24H","trial":{"days":30,"requiresPaymentMethod":false}}` + annualOffer + `]}`

// annualOffer is the last offer of validProduct, with its leading comma.
const annualOffer = `,
{"billingFrequency":"annual","unitPrice":{"amount":1200,"currency":"USD"},"cancellationWindow":"P14D"}`

func catalogOf(products ...string) []byte {
	return []byte(`{"version":1,"products":[` + strings.Join(products, ",") + `]}`)
}

func TestParseValid(t *testing.T) {
	addOn := strings.NewReplacer(`"P1"`, `"A1"`, `"addOnOf":[]`, `"addOnOf":["P1"]`,
		`"selfServiceEligible":true,"defaultPolicyValue":"Enabled"`, `"selfServiceEligible":false`).Replace(validProduct)
	c, err := Parse(catalogOf(addOn, validProduct)) // add-on before its base is fine
	if err != nil {
		t.Fatalf("Parse error = %v, want nil", err)
	}
	if got, want := len(c.List(domain.ProductFilter{})), 2; got != want {
		t.Errorf("len(List) = %d, want %d", got, want)
	}
}

func TestParseRejects(t *testing.T) {
	r := func(pairs ...string) string { return strings.NewReplacer(pairs...).Replace(validProduct) }
	nonEligible := func(s string) string {
		return strings.Replace(s, `"selfServiceEligible":true,"defaultPolicyValue":"Enabled"`, `"selfServiceEligible":false`, 1)
	}
	tests := []struct {
		name string
		want string // a part of the error
		data []byte
	}{
		{"not JSON", "decode", []byte(`{`)},
		{"trailing data", "trailing", append(catalogOf(validProduct), []byte(`{}`)...)},
		{"version 0", "version", []byte(`{"version":0,"products":[` + validProduct + `]}`)},
		{"no products", "no products", catalogOf()},
		{"unknown top-level field", "unknown field \"extra\"", []byte(`{"version":1,"extra":true,"products":[` + validProduct + `]}`)},
		{"unknown product field", "unknown field \"colour\"", catalogOf(r(`"name":`, `"colour":"red","name":`))},
		{"unknown offer field", "unknown field \"discount\"", catalogOf(r(`"cancellationWindow":"P14D"`, `"cancellationWindow":"P14D","discount":5`))},
		{"duplicate id", "duplicate productId", catalogOf(validProduct, validProduct)},
		{"bad id", "not a valid id", catalogOf(r(`"P1"`, `"P#1"`))},
		{"empty name", "name is required", catalogOf(r(`"P one"`, `""`))},
		{"bad publisher", "publisher", catalogOf(r(`"microsoft"`, `"contoso"`))},
		{"bad billing type", "billingType", catalogOf(r(`"license"`, `"seat"`))},
		{"bad category", "category", catalogOf(r(`"enterprise"`, `"education"`))},
		{"bad frequency", "billingFrequency", catalogOf(r(`"annual"`, `"yearly"`))},
		{"duplicate frequency", "more than one monthly", catalogOf(r(`"annual"`, `"monthly"`))},
		{"bad currency", "ISO 4217", catalogOf(r(`"currency":"USD"}`, `"currency":"usd"}`))},
		{"negative price", "negative", catalogOf(r(`"amount":100`, `"amount":-100`))},
		{"bad duration", "cancellationWindow", catalogOf(r(`"PT24H"`, `"24 hours"`))},
		{"month duration", "cancellationWindow", catalogOf(r(`"P14D"`, `"P1M"`))},
		{"trial of 0 days", "trial days", catalogOf(r(`"days":30`, `"days":0`))},
		{"trial of 366 days", "trial days", catalogOf(r(`"days":30`, `"days":366`))},
		{"eligible product missing annual offer", "monthly and an annual", catalogOf(r(annualOffer, ``))},
		{"eligible product with bad default policy", "defaultPolicyValue", catalogOf(r(`"Enabled"`, `"Allow"`))},
		{"eligible product without default policy", "defaultPolicyValue", catalogOf(r(`,"defaultPolicyValue":"Enabled"`, ``))},
		{"non-eligible product with default policy", "not self-service eligible", catalogOf(r(`"selfServiceEligible":true`, `"selfServiceEligible":false`))},
		{"no offers", "at least one offer", catalogOf(nonEligible(validProduct[:strings.Index(validProduct, `"offers":[`)] + `"offers":[]}`))},
		{"add-on of missing base", "unknown product \"MISSING\"", catalogOf(nonEligible(r(`"addOnOf":[]`, `"addOnOf":["MISSING"]`)))},
		{"add-on of itself", "the product itself", catalogOf(nonEligible(r(`"addOnOf":[]`, `"addOnOf":["P1"]`)))},
		{"add-on of an add-on", "itself an add-on", catalogOf(
			nonEligible(r(`"P1"`, `"BASE"`)),
			nonEligible(r(`"P1"`, `"A1"`, `"addOnOf":[]`, `"addOnOf":["BASE"]`)),
			nonEligible(r(`"P1"`, `"A2"`, `"addOnOf":[]`, `"addOnOf":["A1"]`)),
		)},
		{"bad country", "alpha-2", catalogOf(r(`"availableCountries":[]`, `"availableCountries":["usa"]`))},
		{"bad exclusive partner id", "exclusivePartnerIds", catalogOf(r(`"exclusivePartnerIds":[]`, `"exclusivePartnerIds":["a#b"]`))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil {
				t.Fatalf("Parse error = nil, want an error containing %q", tt.want)
			}
			if got, want := err.Error(), tt.want; !strings.Contains(got, want) {
				t.Errorf("Parse error = %q, want it to contain %q", got, want)
			}
		})
	}
}

// TestParseErrorNamesProduct checks validation errors say which product is wrong.
func TestParseErrorNamesProduct(t *testing.T) {
	bad := strings.Replace(strings.Replace(validProduct, `"P1"`, `"BROKEN-1"`, 1), `"USD"`, `"usd"`, 1)
	_, err := Parse(catalogOf(validProduct, bad))
	if err == nil {
		t.Fatal("Parse error = nil, want an error")
	}
	if got, want := strings.Contains(err.Error(), "BROKEN-1"), true; got != want {
		t.Errorf("error %q names BROKEN-1 = %v, want %v", err, got, want)
	}
}

func TestCancellationWindowDefaultsByFrequency(t *testing.T) {
	c, err := Parse([]byte(`{"version":1,"products":[{"productId":"P1","name":"P","publisher":"microsoft","billingType":"license",
		"category":"enterprise","selfServiceEligible":true,"defaultPolicyValue":"Enabled","availableViaPartner":true,
		"offers":[{"billingFrequency":"monthly","unitPrice":{"amount":100,"currency":"USD"}},
		          {"billingFrequency":"annual","unitPrice":{"amount":1200,"currency":"USD"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Get("P1")
	for _, tt := range []struct{ freq, want string }{{"monthly", "PT24H"}, {"annual", "P14D"}} {
		o, _ := p.Offer(tt.freq)
		if got := o.CancellationWindow; got != tt.want {
			t.Errorf("%s cancellationWindow = %q, want %q", tt.freq, got, tt.want)
		}
	}
}

package domain

import "testing"

func TestProductFilterMatch(t *testing.T) {
	yes, no := true, false
	p := Product{ProductID: "P", Publisher: PublisherMicrosoft, BillingType: BillingLicense, Category: CategoryEnterprise, SelfServiceEligible: true}
	tests := []struct {
		name string
		f    ProductFilter
		want bool
	}{
		{"empty filter", ProductFilter{}, true},
		{"publisher match", ProductFilter{Publisher: PublisherMicrosoft}, true},
		{"publisher mismatch", ProductFilter{Publisher: PublisherPartner}, false},
		{"billing type mismatch", ProductFilter{BillingType: BillingUsage}, false},
		{"category mismatch", ProductFilter{Category: CategorySmallBusiness}, false},
		{"self service true", ProductFilter{SelfService: &yes}, true},
		{"self service false", ProductFilter{SelfService: &no}, false},
		{"all match", ProductFilter{Publisher: PublisherMicrosoft, BillingType: BillingLicense, Category: CategoryEnterprise, SelfService: &yes}, true},
		{"one of many mismatches", ProductFilter{Publisher: PublisherMicrosoft, BillingType: BillingLicense, Category: CategoryTrial}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.f.Match(p), tt.want; got != want {
				t.Errorf("Match = %v, want %v", got, want)
			}
		})
	}
}

func TestProductOfferAndIsAddOn(t *testing.T) {
	p := Product{Offers: []Offer{{BillingFrequency: FrequencyAnnual, CancellationWindow: "P14D"}}}
	tests := []struct {
		freq   string
		wantOK bool
	}{
		{FrequencyAnnual, true},
		{FrequencyMonthly, false},
		{"", false},
	}
	for _, tt := range tests {
		o, ok := p.Offer(tt.freq)
		if got, want := ok, tt.wantOK; got != want {
			t.Errorf("Offer(%q) ok = %v, want %v", tt.freq, got, want)
		}
		if got, want := o.BillingFrequency, map[bool]string{true: tt.freq, false: ""}[tt.wantOK]; got != want {
			t.Errorf("Offer(%q).BillingFrequency = %q, want %q", tt.freq, got, want)
		}
	}
	if got, want := p.IsAddOn(), false; got != want {
		t.Errorf("IsAddOn() without addOnOf = %v, want %v", got, want)
	}
	p.AddOnOf = []string{"BASE"}
	if got, want := p.IsAddOn(), true; got != want {
		t.Errorf("IsAddOn() with addOnOf = %v, want %v", got, want)
	}
}

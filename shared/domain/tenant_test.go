package domain

import (
	"strings"
	"testing"
	"time"
)

func TestNewTenant(t *testing.T) {
	s := func(v string) *string { return &v }
	b := func(v bool) *bool { return &v }
	tm := func(v time.Time) *time.Time { return &v }
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	later := created.Add(48 * time.Hour)
	putAt := created.Add(24 * time.Hour)
	plus2 := time.FixedZone("UTC+2", 2*60*60)
	valid := func() TenantInput {
		return TenantInput{Name: s("Contoso"), Country: s("US"), CreatedAt: tm(created)}
	}
	with := func(f func(*TenantInput)) TenantInput { in := valid(); f(&in); return in }
	tests := []struct {
		name     string
		id       string
		in       TenantInput
		want     Tenant
		wantCode Code
	}{
		{"valid minimal, firstBillingAt defaults to createdAt", "t1", valid(),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: created}, ""},
		{"valid full", "contoso.com", with(func(in *TenantInput) {
			in.HasAgreement, in.PartnerID, in.FirstBillingAt = b(true), s("partner-fabrikam"), tm(later)
		}), Tenant{TenantID: "contoso.com", Name: "Contoso", Country: "US", HasAgreement: true, PartnerID: "partner-fabrikam", CreatedAt: created, FirstBillingAt: later}, ""},
		{"firstBillingAt equal to createdAt", "t1", with(func(in *TenantInput) { in.FirstBillingAt = tm(created) }),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: created}, ""},
		{"times are stored in UTC", "t1", with(func(in *TenantInput) {
			in.CreatedAt, in.FirstBillingAt = tm(created.In(plus2)), tm(later.In(plus2))
		}), Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: later}, ""},
		{"empty partnerId means none", "t1", with(func(in *TenantInput) { in.PartnerID = s("") }),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: created}, ""},
		{"hasAgreement false", "t1", with(func(in *TenantInput) { in.HasAgreement = b(false) }),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: created}, ""},
		{"name of 256 characters", "t1", with(func(in *TenantInput) { in.Name = s(strings.Repeat("n", 256)) }),
			Tenant{TenantID: "t1", Name: strings.Repeat("n", 256), Country: "US", CreatedAt: created, FirstBillingAt: created}, ""},

		{"missing name", "t1", with(func(in *TenantInput) { in.Name = nil }), Tenant{}, CodeInvalidRequest},
		{"empty name", "t1", with(func(in *TenantInput) { in.Name = s("") }), Tenant{}, CodeInvalidRequest},
		{"name too long", "t1", with(func(in *TenantInput) { in.Name = s(strings.Repeat("n", 257)) }), Tenant{}, CodeInvalidRequest},
		{"missing country", "t1", with(func(in *TenantInput) { in.Country = nil }), Tenant{}, CodeInvalidRequest},
		{"bad country usa", "t1", with(func(in *TenantInput) { in.Country = s("usa") }), Tenant{}, CodeInvalidRequest},
		{"lowercase country", "t1", with(func(in *TenantInput) { in.Country = s("us") }), Tenant{}, CodeInvalidRequest},
		{"missing createdAt: the first PUT's time", "t1", with(func(in *TenantInput) { in.CreatedAt = nil }),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: putAt, FirstBillingAt: putAt}, ""},
		{"billingEmail", "t1", with(func(in *TenantInput) { in.BillingEmail = s("billing@contoso.example") }),
			Tenant{TenantID: "t1", Name: "Contoso", Country: "US", CreatedAt: created, FirstBillingAt: created, BillingEmail: "billing@contoso.example"}, ""},
		{"bad billingEmail", "t1", with(func(in *TenantInput) { in.BillingEmail = s("Billing <b@contoso.example>") }), Tenant{}, CodeInvalidRequest},
		{"zero createdAt", "t1", with(func(in *TenantInput) { in.CreatedAt = tm(time.Time{}) }), Tenant{}, CodeInvalidRequest},
		{"own partner", "t1", with(func(in *TenantInput) { in.PartnerID = s("t1") }), Tenant{}, CodeInvalidRequest},
		{"bad partnerId", "t1", with(func(in *TenantInput) { in.PartnerID = s("p#1") }), Tenant{}, CodeInvalidRequest},
		{"firstBillingAt before createdAt", "t1", with(func(in *TenantInput) { in.FirstBillingAt = tm(created.Add(-time.Second)) }), Tenant{}, CodeInvalidRequest},
		{"id with #", "t#1", valid(), Tenant{}, CodeInvalidRequest},
		{"empty id", "", valid(), Tenant{}, CodeInvalidRequest},
		{"id starting with a dot", ".t1", valid(), Tenant{}, CodeInvalidRequest},
		{"id of 65 characters", strings.Repeat("a", 65), valid(), Tenant{}, CodeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewTenant(tt.id, tt.in, nil, putAt)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("NewTenant error = %v, want nil", err)
				}
			} else {
				if err == nil {
					t.Fatalf("NewTenant error = nil, want %s", tt.wantCode)
				}
				if got, want := codeOf(t, err), tt.wantCode; got != want {
					t.Errorf("NewTenant error code = %q, want %q", got, want)
				}
			}
			want := tt.want
			if got.TenantID != want.TenantID || got.Name != want.Name || got.Country != want.Country ||
				got.HasAgreement != want.HasAgreement || got.PartnerID != want.PartnerID || got.Policies != nil {
				t.Errorf("NewTenant = %+v, want %+v", got, want)
			}
			// == on time.Time also compares the location, so this checks UTC too.
			if got, want := got.CreatedAt, want.CreatedAt; got != want {
				t.Errorf("CreatedAt = %v, want %v", got, want)
			}
			if got, want := got.FirstBillingAt, want.FirstBillingAt; got != want {
				t.Errorf("FirstBillingAt = %v, want %v", got, want)
			}
		})
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a", true},
		{"CFQ7TTC0L3PB", true},
		{"ISV-CONTOSO-ANALYTICS", true},
		{"contoso.onmicrosoft.com", true},
		{"user_1", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"-a", false},
		{"a#b", false},
		{"a b", false},
		{"a/b", false},
		{"é", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got, want := ValidID(tt.id), tt.want; got != want {
				t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, want)
			}
		})
	}
}

// A replacement that omits createdAt keeps the tenant's (docs/spec.md §15).
func TestReplacedTenantKeepsCreatedAt(t *testing.T) {
	first := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	name, country := "Contoso", "US"
	before, err := NewTenant("t1", TenantInput{Name: &name, Country: &country}, nil, first)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewTenant("t1", TenantInput{Name: &name, Country: &country}, &before, first.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(first) || !got.FirstBillingAt.Equal(first) {
		t.Errorf("createdAt %v firstBillingAt %v, want both %v", got.CreatedAt, got.FirstBillingAt, first)
	}
}

package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Tenant is a customer organization and its commercial facts (set by an
// Operator). Its JSON form is what the API shows.
type Tenant struct {
	TenantID       string    `json:"tenantId"`
	Name           string    `json:"name"`
	Country        string    `json:"country"`
	HasAgreement   bool      `json:"hasAgreement"`
	PartnerID      string    `json:"partnerId,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	FirstBillingAt time.Time `json:"firstBillingAt"`
	// BillingEmail gets the tenant's payment failures and invoices
	// (docs/spec.md §11, §15).
	BillingEmail string `json:"billingEmail,omitempty"`
	// Policies are the explicit AllowSelfServicePurchase values by productId.
	Policies map[string]PolicySetting `json:"-"`
	// Permissions are the customer permissions of docs/spec.md §5 (off by default).
	Permissions CustomerPermissions `json:"customerPermissions"`
}

// CustomerPermissions are what a customer's partner lets its users do.
type CustomerPermissions struct {
	Reservations Permission `json:"reservations"`
}

// PermissionReservations names the one customer permission (docs/spec.md §5).
const PermissionReservations = "reservations"

// Permission is a customer permission's state; the zero value is off.
type Permission struct {
	Enabled   bool      `json:"enabled"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	UpdatedBy string    `json:"updatedBy,omitempty"`
}

// TenantInput is the body of PutTenant.
type TenantInput struct {
	Name           *string    `json:"name"`
	Country        *string    `json:"country"`
	HasAgreement   *bool      `json:"hasAgreement"`
	PartnerID      *string    `json:"partnerId"`
	CreatedAt      *time.Time `json:"createdAt"`
	FirstBillingAt *time.Time `json:"firstBillingAt"`
	BillingEmail   *string    `json:"billingEmail"`
}

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

// ValidID reports whether s may be used as a tenant, partner, user or product
// id: 1–64 characters of letters, digits, '.', '_' and '-', starting with a
// letter or digit. The '#' used in storage keys is never allowed.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// CheckID returns CodeInvalidRequest naming what, the field at fault, when
// s is not a ValidID.
func CheckID(what, s string) error {
	if !ValidID(s) {
		return FieldErrorf(what, "%s must be 1-64 letters, digits, '.', '_' or '-'", what)
	}
	return nil
}

// NewTenant validates in and returns the tenant it describes, as PUT at
// now over before (nil: a new tenant). Name and country are required;
// createdAt defaults to the first PUT's time (docs/spec.md §15), so a
// replacement that omits it keeps it; firstBillingAt defaults to createdAt
// and may not be before it; billingEmail is optional; a tenant can't be its
// own partner.
func NewTenant(id string, in TenantInput, before *Tenant, now time.Time) (Tenant, error) {
	if err := CheckID("tenantId", id); err != nil {
		return Tenant{}, AtField(err, "") // the id is the path's, not a member
	}
	switch {
	case in.Name == nil || strings.TrimSpace(*in.Name) == "" || utf8.RuneCountInString(*in.Name) > 256 ||
		strings.ContainsFunc(*in.Name, unicode.IsControl) || strings.ContainsRune(*in.Name, utf8.RuneError):
		return Tenant{}, FieldErrorf("name", "name is required: 1-256 printable characters")
	case in.Country == nil || !countryPattern.MatchString(*in.Country):
		return Tenant{}, FieldErrorf("country", "country is required as an ISO 3166-1 alpha-2 code such as US")
	case in.CreatedAt != nil && in.CreatedAt.IsZero():
		return Tenant{}, FieldErrorf("createdAt", "createdAt must be an RFC 3339 time")
	case in.BillingEmail != nil && !ValidEmail(*in.BillingEmail):
		return Tenant{}, FieldErrorf("billingEmail", "billingEmail must be an email address")
	}
	created := now.UTC()
	switch {
	case in.CreatedAt != nil:
		created = in.CreatedAt.UTC()
	case before != nil:
		created = before.CreatedAt
	}
	in.CreatedAt = &created
	t := Tenant{TenantID: id, Name: *in.Name, Country: *in.Country, CreatedAt: created, FirstBillingAt: created}
	if in.BillingEmail != nil {
		t.BillingEmail = *in.BillingEmail
	}
	if in.HasAgreement != nil {
		t.HasAgreement = *in.HasAgreement
	}
	if in.PartnerID != nil && *in.PartnerID != "" {
		if err := CheckID("partnerId", *in.PartnerID); err != nil {
			return Tenant{}, err
		}
		if *in.PartnerID == id {
			return Tenant{}, FieldErrorf("partnerId", "a tenant can't be its own partner")
		}
		t.PartnerID = *in.PartnerID
	}
	if in.FirstBillingAt != nil {
		if in.FirstBillingAt.Before(*in.CreatedAt) {
			return Tenant{}, FieldErrorf("firstBillingAt", "firstBillingAt can't be before createdAt")
		}
		t.FirstBillingAt = in.FirstBillingAt.UTC()
	}
	return t, nil
}

// TenantChanges returns the commercial facts that differ between before (nil
// for a new tenant) and after, as activity-log before/after maps.
func TenantChanges(before *Tenant, after Tenant) (map[string]any, map[string]any) {
	fields := func(t Tenant) map[string]any {
		return map[string]any{"name": t.Name, "country": t.Country, "hasAgreement": t.HasAgreement,
			"partnerId": t.PartnerID, "createdAt": t.CreatedAt.UTC(), "firstBillingAt": t.FirstBillingAt.UTC(), "billingEmail": t.BillingEmail}
	}
	a := fields(after)
	if before == nil {
		return nil, a
	}
	b := fields(*before)
	for k, v := range a {
		if b[k] == v {
			delete(a, k)
			delete(b, k)
		}
	}
	return b, a
}

package domain

import (
	"slices"
	"strings"
)

// Role is a token role (docs/spec.md §1). A principal with no role is a plain user.
type Role string

// The roles of docs/spec.md §1.
const (
	RoleGlobalAdmin   Role = "GlobalAdmin"
	RoleBillingAdmin  Role = "BillingAdmin"
	RoleAdminAgent    Role = "AdminAgent"
	RoleSalesAgent    Role = "SalesAgent"
	RoleHelpdeskAgent Role = "HelpdeskAgent"
	RoleOperator      Role = "Operator"
)

// Roles lists every role, in the order of docs/spec.md §1.
var Roles = []Role{RoleGlobalAdmin, RoleBillingAdmin, RoleAdminAgent, RoleSalesAgent, RoleHelpdeskAgent, RoleOperator}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// IsAgent reports whether r is a partner-agent role.
func (r Role) IsAgent() bool {
	return r == RoleAdminAgent || r == RoleSalesAgent || r == RoleHelpdeskAgent
}

// IsAdmin reports whether r is a tenant-admin role.
func (r Role) IsAdmin() bool { return r == RoleGlobalAdmin || r == RoleBillingAdmin }

// Principal is the authenticated caller, taken from verified token claims.
type Principal struct {
	UserID   string `json:"userId"`
	TenantID string `json:"tenantId"`
	Roles    []Role `json:"roles"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	// Locale is the token's locale claim as one of Locales ("" for none).
	Locale string `json:"locale,omitempty"`
}

// Has reports whether p holds role r.
func (p Principal) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// Actor is how a principal or a scheduled function appears in the activity log.
type Actor struct {
	UserID   string `json:"userId,omitempty"`
	TenantID string `json:"tenantId,omitempty"`
	Roles    []Role `json:"roles,omitempty"`
	// System is "system:<sweep>" for scheduled functions, empty for people.
	System string `json:"system,omitempty"`
}

// ActorOf returns the activity-log actor for p.
func ActorOf(p Principal) Actor {
	return Actor{UserID: p.UserID, TenantID: p.TenantID, Roles: p.Roles}
}

// Locales are the languages selfserve speaks (docs/spec.md §11, §13): the
// console's and the purchaser's e-mail.
var Locales = []string{"en", "fr", "zh-CN", "zh-TW"}

// CheckLocale returns invalid_request for a locale selfserve doesn't speak.
func CheckLocale(l string) error {
	if slices.Contains(Locales, l) {
		return nil
	}
	return Errorf(CodeInvalidRequest, "locale %q is not one of %v", l, Locales)
}

// LocaleOf maps a BCP 47 tag as identity providers send it ("fr-FR",
// "zh-Hant-TW", "en_US") to the nearest of Locales: "" when selfserve
// doesn't speak its language (mails are then in English).
func LocaleOf(tag string) string {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	lang, rest, _ := strings.Cut(t, "-")
	switch lang {
	case "en", "fr":
		return lang
	case "zh":
		for _, sub := range strings.Split(rest, "-") {
			switch sub {
			case "hant", "tw", "hk", "mo":
				return "zh-TW"
			}
		}
		return "zh-CN"
	}
	return ""
}

package httpapi

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"selfserve/shared/domain"
)

// PrincipalFrom returns the caller from the verified JWT claims that API
// Gateway's JWT authorizer puts in the request context (deployed), or that
// the local runner puts in the same place after verifying its own tokens.
// Returns CodeUnauthorized when they are missing or malformed.
func PrincipalFrom(ctx context.Context) (domain.Principal, error) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(ctx)
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return domain.Principal{}, domain.Errorf(domain.CodeUnauthorized, "a bearer token is required")
	}
	return PrincipalFromClaims(rc.Authorizer.JWT.Claims)
}

// PrincipalFromClaims reads sub, tid, roles, name, email and locale (an
// unknown language is no locale). Unknown roles
// are ignored: tokens may carry roles of other applications.
func PrincipalFromClaims(claims map[string]string) (domain.Principal, error) {
	p := domain.Principal{UserID: claims["sub"], TenantID: claims["tid"], Name: claims["name"], Email: claims["email"], Locale: domain.LocaleOf(claims["locale"])}
	if !validSubject(p.UserID) || !domain.ValidID(p.TenantID) {
		return domain.Principal{}, domain.Errorf(domain.CodeUnauthorized, "the token's sub and tid claims are missing or malformed")
	}
	for _, r := range ParseRolesClaim(claims["roles"]) {
		if role := domain.Role(r); role.Valid() {
			p.Roles = append(p.Roles, role)
		}
	}
	return p, nil
}

// ParseRolesClaim reads the roles claim as API Gateway's JWT authorizer
// passes it. An array claim arrives as "[a b c]": exactly that form —
// brackets, values separated by single spaces — is the list. Anything else
// is one role value, never split in two (docs/spec.md §15): a plain string
// claim "Reader,GlobalAdmin" or "Reader GlobalAdmin" is one value, no role
// of ours. So identity providers must issue roles as an array of values
// without spaces or commas (README "Deploy", docs/decisions.md).
func ParseRolesClaim(s string) []string {
	if s == "" {
		return nil
	}
	if inner, ok := strings.CutPrefix(s, "["); ok {
		if inner, ok = strings.CutSuffix(inner, "]"); ok {
			if inner == "" {
				return []string{}
			}
			if values := strings.Split(inner, " "); !slices.Contains(values, "") {
				return values
			}
		}
	}
	return []string{s}
}

// FormatRolesClaim writes roles the way API Gateway passes an array claim.
func FormatRolesClaim(roles []string) string { return "[" + strings.Join(roles, " ") + "]" }

func validSubject(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '#' {
			return false
		}
	}
	return true
}

package domain

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func TestErrorf(t *testing.T) {
	e := Errorf(CodeNotFound, "product %q does not exist", "X")
	if got, want := e.Error(), `not_found: product "X" does not exist`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestErrorWithDoesNotMutate(t *testing.T) {
	orig := Errorf(CodeInsufficientLicenses, "not enough").With("available", 2)
	next := orig.With("subscriptionId", "s1")
	tests := []struct {
		name string
		e    *Error
		want map[string]any
	}{
		{"original", orig, map[string]any{"available": 2}},
		{"copy", next, map[string]any{"available": 2, "subscriptionId": "s1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := len(tt.e.Extra), len(tt.want); got != want {
				t.Fatalf("len(Extra) = %d, want %d (%v)", got, want, tt.e.Extra)
			}
			for k, want := range tt.want {
				if got := tt.e.Extra[k]; got != want {
					t.Errorf("Extra[%q] = %v, want %v", k, got, want)
				}
			}
			if got, want := tt.e.Code, CodeInsufficientLicenses; got != want {
				t.Errorf("Code = %q, want %q", got, want)
			}
		})
	}
	if got, want := orig == next, false; got != want {
		t.Errorf("With returned its receiver = %v, want %v", got, want)
	}
	// Overwriting a key in the copy leaves the original alone.
	over := orig.With("available", 5)
	if got, want := orig.Extra["available"], any(2); got != want {
		t.Errorf("original Extra[available] after overwrite = %v, want %v", got, want)
	}
	if got, want := over.Extra["available"], any(5); got != want {
		t.Errorf("copy Extra[available] = %v, want %v", got, want)
	}
	// With on an error without extras.
	plain := Errorf(CodeConflict, "x")
	_ = plain.With("k", "v")
	if got, want := plain.Extra == nil, true; got != want {
		t.Errorf("plain.Extra == nil after With = %v, want %v", got, want)
	}
}

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"domain error", Errorf(CodeConflict, "x"), CodeConflict},
		{"wrapped domain error", fmt.Errorf("store: %w", Errorf(CodePolicyDisabled, "no")), CodePolicyDisabled},
		{"doubly wrapped", fmt.Errorf("a: %w", fmt.Errorf("b: %w", Errorf(CodeNotFound, "x"))), CodeNotFound},
		{"joined", errors.Join(io.EOF, Errorf(CodeForbidden, "x")), CodeForbidden},
		{"plain error", errors.New("boom"), CodeInternal},
		{"wrapped plain error", fmt.Errorf("x: %w", io.EOF), CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := ErrorCode(tt.err), tt.want; got != want {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, want)
			}
		})
	}
}

func TestFieldErrors(t *testing.T) {
	named := FieldErrorf("quantity", "quantity must be from 1 to %d", 10)
	extra := Errorf(CodeInvalidRequest, "x").With("available", 2).At("users.3.email")
	tests := []struct {
		name      string
		err       error
		wantCode  Code
		wantField string
		wantExtra int
	}{
		{"FieldErrorf", named, CodeInvalidRequest, "quantity", 1},
		{"At keeps other members", extra, CodeInvalidRequest, "users.3.email", 2},
		{"At again renames", extra.At("users.4.email"), CodeInvalidRequest, "users.4.email", 2},
		{`At("") names none`, extra.At(""), CodeInvalidRequest, "", 1},
		{`At("") of a lone field`, named.At(""), CodeInvalidRequest, "", 0},
		{"AtField of an invalid_request", AtField(Errorf(CodeInvalidRequest, "x"), "url"), CodeInvalidRequest, "url", 1},
		{"AtField of a wrapped one", AtField(fmt.Errorf("w: %w", named), "reason"), CodeInvalidRequest, "reason", 1},
		{"AtField leaves other codes", AtField(Errorf(CodeNotFound, "x"), "url"), CodeNotFound, "", 0},
		{"AtField leaves plain errors", AtField(io.EOF, "url"), CodeInternal, "", 0},
		{"plain Errorf names none", Errorf(CodeInvalidRequest, "x"), CodeInvalidRequest, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := ErrorCode(tt.err), tt.wantCode; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got, want := FieldOf(tt.err), tt.wantField; got != want {
				t.Errorf("field = %q, want %q", got, want)
			}
			var e *Error
			if errors.As(tt.err, &e) {
				if got, want := len(e.Extra), tt.wantExtra; got != want {
					t.Errorf("len(Extra) = %d, want %d (%v)", got, want, e.Extra)
				}
			}
		})
	}
	if got, want := FieldOf(named), "quantity"; got != want {
		t.Errorf("At(\"\") changed its receiver: field = %q, want %q", got, want)
	}
}

// TestRulesNameTheirField: each rule's invalid_request names the member
// it is about, as the client spells it; rules about no one member name none.
func TestRulesNameTheirField(t *testing.T) {
	str := func(s string) *string { return &s }
	pv := func(v PolicyValue) *PolicyValue { return &v }
	yes := true
	okUser := func(id string) LicenseUser {
		return LicenseUser{ID: id, Name: "User " + id, Email: id + "@example.com"}
	}
	badEmail := []LicenseUser{okUser("a"), okUser("b"), {ID: "c", Name: "C", Email: "nope"}}
	badName := []LicenseUser{okUser("a"), {ID: "b", Name: " ", Email: "b@example.com"}}
	twice := []LicenseUser{okUser("a"), okUser("b"), okUser("a")}
	badID := []LicenseUser{{ID: "#", Name: "X", Email: "x@example.com"}}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tenant := func(in TenantInput) error { _, err := NewTenant("contoso", in, nil, now); return err }
	valid := TenantInput{Name: str("Contoso"), Country: str("US")}
	withPartner := valid
	withPartner.PartnerID = str("contoso")
	withEmail := valid
	withEmail.BillingEmail = str("nope")
	policy := func(u PolicyUpdate) error { _, err := u.Value(); return err }
	cancel := func(code, text string) error { _, err := NewCancelReason(code, text); return err }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"quantity 0", CheckQuantity(0), "quantity"},
		{"quantity over the most", CheckQuantity(MaxQuantity + 1), "quantity"},
		{"id", CheckID("targetSubscriptionId", "a#b"), "targetSubscriptionId"},
		{"reason", CheckReason(""), "reason"},
		{"cancel reasonCode", cancel("bored", ""), "reasonCode"},
		{"cancel reason text", cancel("", strings.Repeat("r", 501)), "reason"},
		{"suspension reason", CheckSuspensionReason("whim"), "reason"},
		{"event type", CheckEventTypes([]string{"nope"}), "eventTypes"},
		{"event type twice", CheckEventTypes([]string{EventTypes[0], EventTypes[0]}), "eventTypes"},
		{"no users", CheckLicenseUsers(nil, 5), "users"},
		{"too many users", CheckLicenseUsers(twice, 2), "users"},
		{"user email", CheckLicenseUsers(badEmail, 5), "users.2.email"},
		{"user name", CheckLicenseUsers(badName, 5), "users.1.name"},
		{"user twice", CheckLicenseUsers(twice, 5), "users.2.id"},
		{"user id", CheckLicenseUsers(badID, 5), "users.0.id"},
		{"policyValue", policy(PolicyUpdate{PolicyValue: pv("Sometimes")}), "policyValue"},
		{"no policyValue", policy(PolicyUpdate{}), "policyValue"},
		{"both policy forms", policy(PolicyUpdate{PolicyValue: pv(PolicyEnabled), Enabled: &yes}), ""},
		{"tenant name", tenant(TenantInput{Country: str("US")}), "name"},
		{"tenant country", tenant(TenantInput{Name: str("C"), Country: str("usa")}), "country"},
		{"tenant billingEmail", tenant(withEmail), "billingEmail"},
		{"tenant own partner", tenant(withPartner), "partnerId"},
		{"tenant id (a path parameter)", func() error { _, err := NewTenant("a#b", valid, nil, now); return err }(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := ErrorCode(tt.err), CodeInvalidRequest; got != want {
				t.Fatalf("code = %q (%v), want %q", got, tt.err, want)
			}
			if got, want := FieldOf(tt.err), tt.want; got != want {
				t.Errorf("field = %q (%v), want %q", got, tt.err, want)
			}
		})
	}
}

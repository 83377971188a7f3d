package domain

import (
	"errors"
	"fmt"
	"io"
	"testing"
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

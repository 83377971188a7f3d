package domain_test

import (
	"testing"

	"selfserve/shared/domain"
)

// TestReserveAndAssignReserved: a bulk assignment's steps — seats reserved
// for the users without one, then licensed out of the reservation — keep
// the rules of AssignLicenses and never hand out a reserved seat twice.
func TestReserveAndAssignReserved(t *testing.T) {
	u := func(ids ...string) []domain.LicenseUser {
		out := make([]domain.LicenseUser, len(ids))
		for i, id := range ids {
			out[i] = domain.LicenseUser{ID: id, Name: id, Email: id + "@example.com"}
		}
		return out
	}
	three := mustCreate(t, ssPurchase(t, pidPowerBIPro)) // 3 seats
	tests := []struct {
		name                  string
		requested             []domain.LicenseUser
		assigned              map[string]bool
		wantReserved          int
		wantCode              domain.Code
		wantAvailableAfter    int
		wantAssignedAfterStep int
	}{
		{"two new users", u("a", "b"), nil, 2, "", 1, 2},
		{"one of them holds a license", u("a", "b"), map[string]bool{"a": true}, 1, "", 2, 1},
		{"all hold one", u("a"), map[string]bool{"a": true}, 0, "", 3, 0},
		{"more than the seats", u("a", "b", "c", "d"), nil, 0, domain.CodeInsufficientLicenses, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after, n, err := three.ReserveLicenses(tt.requested, tt.assigned, t0)
			if got := codeOf(t, err); got != tt.wantCode {
				t.Fatalf("code = %q, want %q", got, tt.wantCode)
			}
			if got, want := n, tt.wantReserved; got != want {
				t.Errorf("reserved %d, want %d", got, want)
			}
			if got, want := after.Available(), tt.wantAvailableAfter; got != want {
				t.Errorf("available after reserving = %d, want %d", got, want)
			}
			if err != nil {
				return
			}
			var todo []domain.LicenseUser
			for _, r := range tt.requested {
				if !tt.assigned[r.ID] {
					todo = append(todo, r)
				}
			}
			step, licenses, err := after.AssignReserved(todo, n, "admin", t0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(licenses), tt.wantAssignedAfterStep; got != want {
				t.Errorf("licensed %d, want %d", got, want)
			}
			if step.ReservedLicenses != 0 || step.Available() != tt.wantAvailableAfter {
				t.Errorf("after the step: reserved %d available %d, want 0 and %d", step.ReservedLicenses, step.Available(), tt.wantAvailableAfter)
			}
		})
	}
	// Reserved seats are not available to anyone else.
	held, _, _ := three.ReserveLicenses(u("a", "b", "c"), nil, t0)
	if _, _, err := held.AssignLicenses(u("x"), nil, "admin", t0); codeOf(t, err) != domain.CodeInsufficientLicenses {
		t.Errorf("assigning a reserved seat to another user: %v, want insufficient_licenses", err)
	}
	if got := held.Release(5).ReservedLicenses; got != 0 {
		t.Errorf("releasing more than reserved leaves %d, want 0", got)
	}
}

// TestUsageBasedHasNoLicenses: a usage-based subscription (an Azure plan)
// takes no license — assigned, reserved for a bulk assignment or a move —
// and its allowedActions say so.
func TestUsageBasedHasNoLicenses(t *testing.T) {
	usage := mustCreate(t, ssPurchase(t, pidPowerBIPro))
	usage.BillingType, usage.Quantity = domain.BillingUsage, 1
	users := []domain.LicenseUser{{ID: "zed", Name: "Zed", Email: "zed@example.com"}}
	_, _, err := usage.AssignLicenses(users, nil, "alice", t0)
	if got, want := codeOf(t, err), domain.CodeInvalidRequest; got != want {
		t.Errorf("assign: code %q, want %q", got, want)
	}
	_, _, err = usage.ReserveLicenses(users, nil, t0)
	if got, want := codeOf(t, err), domain.CodeInvalidRequest; got != want {
		t.Errorf("reserve (bulk, move target): code %q, want %q", got, want)
	}
	for _, a := range usage.AllowedActions(domain.Viewer{Admin: true}, t0, nil) {
		if a.Action == domain.ActionAssignLicenses && a.Allowed {
			t.Errorf("allowedActions: assignLicenses allowed on a usage-based subscription")
		}
	}
}

package domain

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// LicenseUser is a user to license: id, display name and email.
type LicenseUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// License is one user's seat on a subscription (docs/spec.md §4.7).
type License struct {
	// TenantID is where the license is kept (not shown: the path names it).
	TenantID       string    `json:"-"`
	SubscriptionID string    `json:"subscriptionId"`
	ProductID      string    `json:"productId"`
	ProductName    string    `json:"productName"`
	PurchaserID    string    `json:"purchaserId"`
	UserID         string    `json:"userId"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	AssignedAt     time.Time `json:"assignedAt"`
	AssignedBy     string    `json:"assignedBy"`
}

// MaxUsersPerAssignment bounds one AssignLicenses request, so it commits in
// one transaction.
const MaxUsersPerAssignment = 90

// MaxUsersPerBulkAssignment bounds one bulk assignment, committed in steps
// (docs/spec.md §4.7): the largest quantity.
const MaxUsersPerBulkAssignment = MaxQuantity

// CheckLicenseUsers validates a request's users: 1..most, valid ids, no id
// twice, names 1–256 printable characters, valid emails.
func CheckLicenseUsers(users []LicenseUser, most int) error {
	if len(users) == 0 || len(users) > most {
		return FieldErrorf("users", "users must hold 1 to %d users", most)
	}
	seen := map[string]bool{}
	for i, u := range users {
		at := "users." + strconv.Itoa(i) + "."
		if err := CheckID(at+"id", u.ID); err != nil {
			return err
		}
		if seen[u.ID] {
			return FieldErrorf(at+"id", "user %s is listed twice", u.ID)
		}
		seen[u.ID] = true
		if strings.TrimSpace(u.Name) == "" || utf8.RuneCountInString(u.Name) > 256 || strings.ContainsFunc(u.Name, func(r rune) bool { return r < ' ' }) {
			return FieldErrorf(at+"name", "user %s needs a name of 1-256 printable characters", u.ID)
		}
		if !ValidEmail(u.Email) {
			return FieldErrorf(at+"email", "user %s needs a valid email address", u.ID)
		}
	}
	return nil
}

// Available is how many more users s can license now.
func (s Subscription) Available() int {
	return max(0, s.Quantity-s.AssignedLicenses-s.ReservedLicenses)
}

// AssignLicenses licenses the users of requested not in assigned (those are
// no-ops), up to the quantity, on a Trial or Active subscription (docs/spec.md
// §4.7). It returns the subscription after and the new licenses.
// Returns CodeInvalidStatus, CodeInsufficientLicenses (with available and
// requested).
func (s Subscription) AssignLicenses(requested []LicenseUser, assigned map[string]bool, by string, now time.Time) (Subscription, []License, error) {
	if s.BillingType == BillingUsage { // no seats: not a move's target either
		return s, nil, Errorf(CodeInvalidRequest, "%s is usage-based: it has no licenses to assign", s.ProductName)
	}
	if s.Status != StatusActive && s.Status != StatusTrial && s.Status != StatusPastDue {
		return s, nil, invalidStatus(s, "licensed")
	}
	if err := s.checkNotMoving(); err != nil {
		return s, nil, err
	}
	var out []License
	for _, u := range requested {
		if !assigned[u.ID] {
			out = append(out, License{TenantID: s.TenantID, SubscriptionID: s.ID, ProductID: s.ProductID, ProductName: s.ProductName, PurchaserID: s.Purchaser.UserID,
				UserID: u.ID, Name: u.Name, Email: u.Email, AssignedAt: now, AssignedBy: by})
		}
	}
	if len(out) > s.Available() {
		return s, nil, Errorf(CodeInsufficientLicenses, "%d licenses are available, %d requested", s.Available(), len(out)).
			With("available", s.Available()).With("requested", len(out))
	}
	s.AssignedLicenses += len(out)
	return s, out, nil
}

// ReserveLicenses holds a seat for each user of requested not in assigned,
// for an assignment committed in steps (docs/spec.md §4.7): the checks of
// AssignLicenses, the seats reserved instead of assigned. It returns the
// subscription after and how many seats it holds.
func (s Subscription) ReserveLicenses(requested []LicenseUser, assigned map[string]bool, now time.Time) (Subscription, int, error) {
	after, licenses, err := s.AssignLicenses(requested, assigned, "", now)
	if err != nil {
		return s, 0, err
	}
	after.AssignedLicenses -= len(licenses)
	after.ReservedLicenses += len(licenses)
	return after, len(licenses), nil
}

// AssignReserved licenses users (none of whom holds a license of s) on
// seats reserved for them, release of which are given back first: one step
// of a bulk assignment or a move (docs/spec.md §4.7, §4.8).
func (s Subscription) AssignReserved(users []LicenseUser, release int, by string, now time.Time) (Subscription, []License, error) {
	return s.Release(release).AssignLicenses(users, nil, by, now)
}

// Release gives back n reserved seats.
func (s Subscription) Release(n int) Subscription {
	s.ReservedLicenses = max(0, s.ReservedLicenses-n)
	return s
}

// UnassignLicense frees one user's seat. Returns CodeInvalidStatus for a
// Deleted or Expired subscription (their licenses are gone already).
func (s Subscription) UnassignLicense() (Subscription, error) {
	if !s.Status.Live() {
		return s, invalidStatus(s, "changed")
	}
	if err := s.checkNotMoving(); err != nil {
		return s, err
	}
	if s.AssignedLicenses > 0 {
		s.AssignedLicenses--
	}
	return s, nil
}

// ValidEmail reports whether s is a bare email address (RFC 5322, at most
// 320 characters).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 320
}

// Package mail is the port through which selfserve sends e-mail
// (docs/spec.md §11): one message with a text and an HTML part to one
// recipient. Adapters live in their own packages: smtpmail (SMTP, Mailpit
// locally) and sesmail (Amazon SES v2).
package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Address is a mailbox: a display name (may be empty) and an e-mail address.
type Address struct{ Name, Email string }

// String formats the address for a header: "Name <email>", the name
// encoded (RFC 2047) when it is not plain ASCII, or "<email>" without one.
func (a Address) String() string {
	return (&netmail.Address{Name: a.Name, Address: a.Email}).String()
}

// Message is one mail with a text and an HTML part.
type Message struct {
	// ID is the Message-ID without angle brackets, e.g.
	// "dlv_01J…@selfserve" (the caller derives it from the event id).
	ID string
	// Date is the Date header (from the caller's injected clock).
	Date time.Time
	From Address
	To   Address
	// Subject is UTF-8 (Chinese or French as well as English).
	Subject string
	Text    string
	HTML    string
}

// Sender sends a message.
type Sender interface {
	// Send sends m once. An error for which Permanent is true will not
	// succeed when retried (an address rejected, an SMTP 5xx reply, SES's
	// MessageRejected); other errors may.
	Send(ctx context.Context, m Message) error
}

// PermanentError is an error that retrying will not cure.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }

func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent reports whether err, or an error it wraps, is a
// *PermanentError: sending the same message again will fail again.
func Permanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Validate checks that m can be sent as it is: both addresses are single
// bare addresses (user@domain), the ID is a single id-left@id-right, the
// date is set, subject and both parts are not empty, everything is valid
// UTF-8 and no header field holds a control character (CR and LF above
// all, so no header can be injected). Its errors are permanent.
func (m Message) Validate() error {
	err := errors.Join(
		checkAddress("From", m.From),
		checkAddress("To", m.To),
		checkID(m.ID),
		checkHeader("Subject", m.Subject),
		checkBody("Text", m.Text),
		checkBody("HTML", m.HTML),
	)
	if m.Date.IsZero() {
		err = errors.Join(err, errors.New("date is not set"))
	}
	if err != nil {
		return &PermanentError{fmt.Errorf("mail: invalid message: %w", err)}
	}
	return nil
}

func checkAddress(field string, a Address) error {
	if a.Name != "" {
		if err := checkHeader(field+" name", a.Name); err != nil {
			return err
		}
	}
	if a.Email == "" {
		return fmt.Errorf("%s address is empty", field)
	}
	if err := checkHeader(field+" address", a.Email); err != nil {
		return err
	}
	// A bare addr-spec parses back to itself; a list, a display name or
	// a comment ("a@x, b@y", "x <a@y>") does not.
	p, err := netmail.ParseAddress(a.Email)
	if err != nil || p.Name != "" || p.Address != a.Email {
		return fmt.Errorf("%s address %q is not a single bare address", field, a.Email)
	}
	return nil
}

func checkID(id string) error {
	if err := checkHeader("ID", id); err != nil {
		return err
	}
	left, right, ok := strings.Cut(id, "@")
	if !ok || left == "" || right == "" || strings.ContainsAny(id, " <>\"(),;:\\[]") || strings.Contains(right, "@") {
		return fmt.Errorf("ID %q is not id-left@id-right", id)
	}
	return nil
}

// checkHeader refuses an empty value, invalid UTF-8 and control characters.
func checkHeader(field, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%s is empty", field)
	case !utf8.ValidString(v):
		return fmt.Errorf("%s is not valid UTF-8", field)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return fmt.Errorf("%s holds a control character (CR, LF, …)", field)
	}
	return nil
}

// checkBody refuses an empty part and invalid UTF-8.
func checkBody(part, v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("%s part is empty", part)
	case !utf8.ValidString(v):
		return fmt.Errorf("%s part is not valid UTF-8", part)
	}
	return nil
}

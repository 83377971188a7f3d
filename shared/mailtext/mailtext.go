// Package mailtext writes the notification e-mails of docs/spec.md §11 —
// subject, text part and HTML part — in English, French, Simplified and
// Traditional Chinese. It is pure: no I/O, no clock.
//
// Each locale's wording is one map of message templates (messages_*.go),
// all keyed alike; which messages a mail is made of is decided once for
// every locale (compose.go); one layout per part lays them out (layout.go).
// Text is written with text/template and HTML with html/template, so every
// value in the HTML part is escaped.
package mailtext

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"selfserve/shared/domain"
)

// Template names, one per mail of docs/spec.md §11 (the names the domain's
// rules of who gets what give). What Data.Date means
// for each is said beside it; "(needs X)" names the fields Render requires.
const (
	// Purchased confirms a paid purchase (not a trial). Date: the end of
	// the first term, if set, shown as "Renews on" with AutoRenew, else
	// "Ends on". Amount: charged. AutoRenew: whether it renews.
	Purchased = domain.MailPurchased
	// TrialStarted confirms a trial and says what happens at its end, from
	// HasPaymentMethod and AutoRenew: it becomes paid (both), or it ends
	// unless a payment method is added (none on file) or recurring billing
	// is turned on (off). Date: the trial's end (needs Date). Amount: the
	// price after the trial, if set.
	TrialStarted = domain.MailTrialStarted
	// TrialEnding says the trial ends in 3 days and, as TrialStarted, what
	// happens then (HasPaymentMethod, AutoRenew) and what to do to keep it
	// or stop it. Date: the trial's end (needs Date). Amount: the price
	// after the trial, if set (what the payment method on file is charged).
	TrialEnding = domain.MailTrialEnding
	// TrialConverted says the trial is now paid. Amount: charged. Date: the
	// end of the term, if set ("Renews on" or "Ends on", as Purchased).
	TrialConverted = domain.MailTrialConverted
	// TrialExpired says the trial ended without converting. Date: the
	// trial's end, if set.
	TrialExpired = domain.MailTrialExpired
	// Renewed is a renewal receipt. Amount: charged. Date: the new term's
	// end (needs Date; "Renews on" or "Ends on", as Purchased).
	Renewed = domain.MailRenewed
	// PaymentFailed says a charge was declined and what to do. Amount: due.
	// DeclineCode: the provider's. Date: the next retry; zero after the last
	// attempt, when the subscription is suspended for non-payment. To a
	// BillingContact, the link is to the bills page.
	PaymentFailed = domain.MailPaymentFailed
	// CancellationScheduled says the subscription ends at term end, by the
	// purchaser's choice or, with ByAdmin, an admin's (then with Reason and
	// ReasonText). Date: the term's end (needs Date). Credit: if any
	// (usually none).
	CancellationScheduled = domain.MailCancellationScheduled
	// Cancelled says the subscription is cancelled now, by the purchaser
	// or, with ByAdmin, an admin (then with Reason and ReasonText), with
	// the Credit or that there is none. Date: the cancellation date, if set.
	Cancelled = domain.MailCancelled
	// UsersMoved says an admin moved the users to TargetProductName (if
	// set) and this purchase ended. Credit: if any.
	UsersMoved = domain.MailUsersMoved
	// Suspended says the subscription is suspended, why (Reason) and when
	// its data will be deleted. Date: the data deletion (needs Date).
	Suspended = domain.MailSuspended
	// DeletionWarning says the data will be deleted in DaysLeft days (30,
	// 7 or 1) and what to do. Date: the data deletion (needs Date, DaysLeft).
	DeletionWarning = domain.MailDeletionWarning
	// DataDeleted says the data is deleted; it is the last mail about the
	// subscription. Date: the deletion date, if set. It has no link: the
	// subscription's page is gone (ActionURL is ignored).
	DataDeleted = domain.MailDataDeleted
	// TakenOver says an admin took the purchase over.
	TakenOver = domain.MailTakenOver
	// InvoiceIssued tells a billing address that an invoice is ready.
	// Date: any time in the invoice's month (needs Date, InvoiceNumber).
	// Amount: the total, if set. ProductName: the products on it, if set.
	InvoiceIssued = domain.MailInvoiceIssued
)

// Templates lists every template name.
var Templates = []string{
	Purchased, TrialStarted, TrialEnding, TrialConverted, TrialExpired, Renewed, PaymentFailed,
	CancellationScheduled, Cancelled, UsersMoved, Suspended, DeletionWarning, DataDeleted, TakenOver,
	InvoiceIssued,
}

// Locales are the languages mails are written in (domain.Locales).
var Locales = domain.Locales

// Data is what a mail is about. Which fields a template uses is said at
// its name; fields it doesn't use are ignored.
type Data struct {
	Locale            string // en, fr, zh-CN, zh-TW; anything else (or "") → en
	RecipientName     string // may be empty → a greeting without a name
	ProductName       string
	TargetProductName string // usersMoved
	SubscriptionID    string
	Quantity          int
	Amount            domain.Money // charged / due / invoice total; zero Amount = none
	Credit            domain.Money // zero Amount = no credit
	Date              time.Time    // the date the mail is about (see each template)
	DaysLeft          int
	DeclineCode       string // e.g. card_declined, insufficient_funds, expired_card
	// Reason is a code. Suspended: the suspension's reason (customerRequest,
	// nonPayment, fraud, other; anything else is other). Cancelled and
	// CancellationScheduled with ByAdmin: the cancellation's reason
	// (domain.CancelReasonCodes: noLongerNeeded, tooExpensive,
	// switchingProduct, boughtByMistake, other; anything else is left out).
	Reason string
	// ReasonText is the free text an admin gave with a cancellation
	// (Cancelled, CancellationScheduled with ByAdmin), shown quoted; may be
	// empty. It is user input: put on one line and, in HTML, escaped.
	ReasonText    string
	InvoiceNumber string
	// ActionURL is where to act: for a purchaser's mail, the subscription's
	// page in the console; for a billing contact's, the bills page. Empty →
	// no link.
	ActionURL string
	// HasPaymentMethod says a payment method is on file for the
	// subscription (TrialStarted, TrialEnding).
	HasPaymentMethod bool
	// AutoRenew says the subscription renews automatically (recurring
	// billing is on): TrialStarted, TrialEnding (a trial becomes paid only
	// with both), Purchased, TrialConverted, Renewed ("Renews on" rather
	// than "Ends on").
	AutoRenew bool
	// ByAdmin says an admin of the organization did it, not the purchaser:
	// Cancelled, CancellationScheduled.
	ByAdmin bool
	// BillingContact says the recipient is a billing address (a tenant's or
	// partner's billingEmail) rather than the purchaser: the footer says
	// so. InvoiceIssued always is.
	BillingContact bool
}

// Message is a rendered mail.
type Message struct{ Subject, Text, HTML string }

// Errors Render returns (wrapped, with the details).
var (
	ErrUnknownTemplate = errors.New("mailtext: unknown template")
	ErrMissingData     = errors.New("mailtext: missing data")
)

// Render writes template name for d in d's locale. An unknown template is
// ErrUnknownTemplate; a template without the data it needs (see its name)
// is ErrMissingData. String values are put on one line (line breaks and
// runs of spaces become one space), so none can add a header or a line.
func Render(name string, d Data) (Message, error) {
	if !slices.Contains(Templates, name) {
		return Message{}, fmt.Errorf("%w %q", ErrUnknownTemplate, name)
	}
	if err := checkData(name, d); err != nil {
		return Message{}, err
	}
	return render(name, d)
}

// checkData refuses d if template name needs a field d lacks.
func checkData(name string, d Data) error {
	var missing []string
	if d.ProductName == "" && name != InvoiceIssued {
		missing = append(missing, "ProductName")
	}
	switch name {
	case TrialStarted, TrialEnding, Renewed, CancellationScheduled, Suspended, DeletionWarning, InvoiceIssued:
		if d.Date.IsZero() {
			missing = append(missing, "Date")
		}
	}
	if name == DeletionWarning && d.DaysLeft <= 0 {
		missing = append(missing, "DaysLeft")
	}
	if name == InvoiceIssued && d.InvoiceNumber == "" {
		missing = append(missing, "InvoiceNumber")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s needs %v", ErrMissingData, name, missing)
	}
	return nil
}

package mailtext

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"selfserve/shared/domain"
)

// vars are the values message templates refer to, formatted for the
// mail's locale.
type vars struct {
	Name, Product, TargetProduct, SubscriptionID string
	Quantity                                     int
	Amount, Credit                               string // "" when zero
	Date, Month                                  string // "" when zero
	DaysLeft                                     int
	Days                                         string // DaysLeft with its unit: "7 days"
	DeclineCode, InvoiceNumber                   string
	ReasonText                                   string // an admin's text with a cancellation
	// Command is the CLI command that changes the payment method.
	Command string
	URL     string // ActionURL
}

// OneLine is s on one line, its runs of spaces and control characters
// (line breaks, tabs) made one space: a value can't add a line to the
// text part or a header to the subject.
func OneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// newVars formats d's values for locale (Days is filled in by the renderer).
func newVars(locale string, d Data) vars {
	v := vars{
		Name: OneLine(d.RecipientName), Product: OneLine(d.ProductName), TargetProduct: OneLine(d.TargetProductName),
		SubscriptionID: OneLine(d.SubscriptionID), Quantity: d.Quantity, DaysLeft: d.DaysLeft,
		DeclineCode: OneLine(d.DeclineCode), InvoiceNumber: OneLine(d.InvoiceNumber), URL: OneLine(d.ActionURL),
		ReasonText: OneLine(d.ReasonText),
	}
	if d.Amount.Amount != 0 {
		v.Amount = FormatMoney(locale, d.Amount)
	}
	if d.Credit.Amount != 0 {
		v.Credit = FormatMoney(locale, d.Credit)
	}
	if !d.Date.IsZero() {
		v.Date, v.Month = FormatDate(locale, d.Date), formatMonth(locale, d.Date)
	}
	id := v.SubscriptionID
	if id == "" {
		id = "SUBSCRIPTION_ID"
	}
	// The CLI's own usage: "payment-method ID PAYMENT_METHOD" (cmd/selfserve).
	v.Command = "selfserve subscriptions payment-method " + id + " PAYMENT_METHOD"
	return v
}

// mail is what one mail is made of: message keys, and the facts (label
// key and formatted value) listed under its body.
type mail struct {
	subject, heading string
	body             []string
	facts            []fact
	next             []string // "what you can do next"
	action           string   // the link's label, shown only with an ActionURL
	billing          bool     // sent to a billing address, not the purchaser
}

// fact is a label key and a formatted value, or the key of a message that
// is the value (valueKey).
type fact struct{ label, value, valueKey string }

// declineCodes are the decline codes with a sentence of their own; others
// get decline.other, and the code is listed as it is.
var declineCodes = []string{"card_declined", "generic_decline", "insufficient_funds", "expired_card",
	"incorrect_cvc", "lost_card", "stolen_card", "processing_error"}

// suspensionReason is r if it is one of domain.SuspensionReasons, else "other".
func suspensionReason(r string) string {
	if slices.Contains(domain.SuspensionReasons, r) {
		return r
	}
	return "other"
}

// cancelReason is the key of cancellation reason code r, or "" for a code
// that isn't one of domain.CancelReasonCodes.
func cancelReason(r string) string {
	if slices.Contains(domain.CancelReasonCodes, r) {
		return "cancelReason." + r
	}
	return ""
}

// What becomes of a trial when it ends (trialOutcome).
const (
	trialPaid      = iota // it becomes a paid subscription
	trialNoPayment        // it ends: no payment method is on file
	trialRenewOff         // it ends: recurring billing is off
)

// trialOutcome is what becomes of d's trial when it ends: only with a
// payment method on file and recurring billing on does it become paid.
func trialOutcome(d Data) int {
	switch {
	case !d.HasPaymentMethod:
		return trialNoPayment
	case !d.AutoRenew:
		return trialRenewOff
	}
	return trialPaid
}

// compose says which messages template name is made of for d (v is d formatted).
func compose(name string, d Data, v vars) mail {
	// facts lists the facts whose value is set, in order.
	facts := func(fs ...fact) []fact {
		var out []fact
		for _, f := range fs {
			if f.value != "" || f.valueKey != "" {
				out = append(out, f)
			}
		}
		return out
	}
	// when returns keys if ok, else nothing.
	when := func(ok bool, keys ...string) []string {
		if ok {
			return keys
		}
		return nil
	}
	quantity := ""
	if v.Quantity > 0 {
		quantity = strconv.Itoa(v.Quantity)
	}
	product := val("label.product", v.Product)
	sub := val("label.subscription", v.SubscriptionID)
	qty := val("label.quantity", quantity)
	credit := val("label.credit", v.Credit)
	// termEnd is the end of a paid term: when it renews, or when it ends.
	termEnd := val("label.endsOn", v.Date)
	renewal, keepRenewing := []string{"common.noRenew"}, "common.renewOn"
	if d.AutoRenew {
		termEnd.label, renewal, keepRenewing = "label.renewsOn", []string{"common.renews"}, "common.stopRenewing"
	}
	// converts says the trial becomes paid, charging Amount if set.
	converts := "trial.converts"
	if v.Amount != "" {
		converts = "trial.converts.amount"
	}
	// byAdmin is how a cancellation by an admin is told: the reason's code
	// and the admin's text, if any.
	var byAdmin []fact
	if d.ByAdmin {
		if key := cancelReason(d.Reason); key != "" {
			byAdmin = append(byAdmin, fact{label: "label.reason", valueKey: key})
		}
		if v.ReasonText != "" {
			byAdmin = append(byAdmin, fact{label: "label.comment", valueKey: "reasonText"})
		}
	}

	m := mail{subject: name + ".subject", heading: name + ".heading"}
	switch name {
	case Purchased:
		m.body = concat([]string{"purchased.body"}, when(v.Amount != "", "common.charged"), renewal)
		m.facts = facts(product, sub, qty, val("label.charged", v.Amount), termEnd)
		m.next = []string{"purchased.next.assign", keepRenewing, "common.cancel"}
		m.action = "action.manage"
	case TrialStarted:
		m.body = []string{"trialStarted.body"}
		m.facts = facts(product, sub, qty, val("label.trialEnds", v.Date), val("label.priceAfterTrial", v.Amount))
		m.next = []string{"trialStarted.next.assign"}
		switch trialOutcome(d) {
		case trialPaid:
			m.body = append(m.body, converts)
			m.next = append(m.next, "trial.stop")
		case trialNoPayment:
			m.body = append(m.body, "trialStarted.noPayment")
			m.next = append(m.next, "trial.keep.add", "common.cli")
		case trialRenewOff:
			m.body = append(m.body, "trialStarted.renewOff")
			m.next = append(m.next, "trial.keep.renewOn")
		}
		m.next = append(m.next, "trialStarted.next.reminder")
		m.action = "action.manage"
	case TrialEnding:
		m.body = []string{"trialEnding.body"}
		m.facts = facts(product, sub, val("label.trialEnds", v.Date), val("label.priceAfterTrial", v.Amount))
		m.action = "action.manage"
		switch trialOutcome(d) {
		case trialPaid:
			m.body = append(m.body, converts)
			m.next = []string{"trialEnding.next.nothing", "trial.stop"}
		case trialNoPayment:
			m.body = append(m.body, "trialEnding.expires.noPayment")
			m.next = []string{"trial.keep.add", "common.cli", "trialEnding.next.letEnd"}
			m.action = "action.addPaymentMethod"
		case trialRenewOff:
			m.body = append(m.body, "trialEnding.expires.renewOff")
			m.next = []string{"trial.keep.renewOn", "trialEnding.next.letEnd"}
		}
	case TrialConverted:
		m.body = concat([]string{"trialConverted.body"}, when(v.Amount != "", "common.charged"), renewal)
		m.facts = facts(product, sub, qty, val("label.charged", v.Amount), termEnd)
		m.next = []string{"trialConverted.next.keep", keepRenewing, "common.cancel"}
		m.action = "action.manage"
	case TrialExpired:
		m.body = []string{"trialExpired.body", "trialExpired.access"}
		m.facts = facts(product, sub, val("label.trialEnded", v.Date))
		m.next = []string{"trialExpired.next.buy"}
		m.action = "action.view"
	case Renewed:
		m.body = concat([]string{"renewed.body"}, when(v.Amount != "", "common.charged"), when(!d.AutoRenew, renewal...))
		m.facts = facts(product, sub, qty, val("label.charged", v.Amount), termEnd)
		m.next = []string{"renewed.next.stop", "common.cancel"}
		if !d.AutoRenew {
			m.next[0] = keepRenewing
		}
		m.action = "action.manage"
	case PaymentFailed:
		m.body = []string{"paymentFailed.body"}
		switch {
		case d.DeclineCode == "":
		case slices.Contains(declineCodes, d.DeclineCode):
			m.body = append(m.body, "decline."+d.DeclineCode)
		default:
			m.body = append(m.body, "decline.other")
		}
		m.facts = facts(product, sub, val("label.due", v.Amount), val("label.declineCode", v.DeclineCode),
			val("label.nextRetry", v.Date))
		switch {
		case v.Date != "" && d.BillingContact: // a central subscription: no payment method to change
			m.body = append(m.body, "paymentFailed.pastDue", "paymentFailed.warning")
			m.next = []string{"paymentFailed.next.billing"}
			m.action = "action.bills"
		case v.Date != "":
			m.body = append(m.body, "paymentFailed.pastDue", "paymentFailed.warning")
			m.next = []string{"paymentFailed.next.change", "common.cli"}
			m.action = "action.changePaymentMethod"
		default:
			m.body = append(m.body, "paymentFailed.last")
			m.next = []string{"paymentFailed.next.reactivate"}
			m.action = "action.view"
		}
		m.billing = d.BillingContact
	case CancellationScheduled:
		m.body = concat([]string{"cancellationScheduled.body", "cancellationScheduled.until"},
			when(v.Credit != "", "common.credit"), when(v.Credit == "", "cancellationScheduled.noCredit"))
		m.facts = facts(slices.Concat([]fact{product, sub, val("label.endsOn", v.Date)}, byAdmin, []fact{credit})...)
		m.next = []string{"cancellationScheduled.next.undo", "cancellationScheduled.next.prepare"}
		if d.ByAdmin {
			m.heading, m.body[0] = "cancellationScheduled.heading.admin", "cancellationScheduled.body.admin"
			m.next = []string{"cancellationScheduled.next.prepare", "common.askAdmin"}
		}
		m.action = "action.manage"
	case Cancelled:
		m.body = concat([]string{"cancelled.body"}, when(v.Credit != "", "common.credit"), when(v.Credit == "", "cancelled.noCredit"))
		m.facts = facts(slices.Concat([]fact{product, sub, val("label.cancelledOn", v.Date)}, byAdmin, []fact{credit})...)
		m.next = []string{"cancelled.next.again"}
		if d.ByAdmin {
			m.heading, m.body[0] = "cancelled.heading.admin", "cancelled.body.admin"
			m.next = []string{"common.askAdmin"}
		}
		m.action = "action.view"
	case UsersMoved:
		m.body = concat(when(v.TargetProduct != "", "usersMoved.body.target"), when(v.TargetProduct == "", "usersMoved.body.noTarget"),
			[]string{"usersMoved.ended"}, when(v.Credit != "", "common.credit"))
		m.facts = facts(product, sub, val("label.movedTo", v.TargetProduct), credit)
		m.next = []string{"common.contactAdmin"}
		m.action = "action.view"
	case Suspended:
		reason := suspensionReason(d.Reason)
		m.body = []string{"suspended.body", "suspended.why." + reason, "suspended.deletion"}
		m.facts = facts(product, sub, fact{label: "label.reason", valueKey: "reason." + reason}, val("label.deletion", v.Date))
		m.next = []string{"common.reactivate", "common.export"}
		m.action = "action.view"
	case DeletionWarning:
		m.body = []string{"deletionWarning.body", "deletionWarning.final"}
		m.facts = facts(product, sub, val("label.deletion", v.Date))
		m.next = []string{"common.reactivate", "common.export"}
		m.action = "action.view"
	case DataDeleted:
		m.body = []string{"dataDeleted.body", "dataDeleted.last"}
		m.facts = facts(product, sub, val("label.deletedOn", v.Date))
		m.next = []string{"dataDeleted.next.again"}
		// No link: the subscription's page is gone with the subscription.
	case TakenOver:
		m.body = []string{"takenOver.body", "takenOver.you"}
		m.facts = facts(product, sub, qty)
		m.next = []string{"common.contactAdmin"}
		m.action = "action.view"
	case InvoiceIssued:
		m.body = []string{"invoiceIssued.body"}
		m.facts = facts(val("label.invoice", v.InvoiceNumber), val("label.period", v.Month),
			val("label.total", v.Amount), val("label.products", v.Product))
		m.next = []string{"invoiceIssued.next.view"}
		m.action = "action.viewInvoice"
		m.billing = true
	}
	m.billing = m.billing || d.BillingContact
	if m.billing && m.action != "" && m.action != "action.viewInvoice" {
		m.action = "action.bills" // a billing contact's link is to the bills page
	}
	return m
}

func concat(parts ...[]string) []string { return slices.Concat(parts...) }

// val is the fact label with value (empty: left out).
func val(label, value string) fact { return fact{label: label, value: value} }

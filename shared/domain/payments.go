package domain

import (
	"slices"
	"strings"
	"time"
)

// PaymentRetryDays are the days after a declined renewal on which its
// charge is tried again (docs/spec.md §10); after the last it is suspended.
var PaymentRetryDays = []int{1, 3, 5, 7}

// PaymentDue is what a PastDue subscription owes: the renewal charge that
// was declined, retried on PaymentRetryDays — always for the same orders.
type PaymentDue struct {
	Amount Money     `json:"amount"`
	Since  time.Time `json:"since"`
	// Attempts counts the declined charges so far (1 after the renewal's).
	Attempts    int        `json:"attempts"`
	NextRetryAt *time.Time `json:"nextRetryAt,omitempty"`
	DeclineCode string     `json:"declineCode,omitempty"`
	// Orders are the unpaid orders a successful charge pays: the base's
	// and its add-ons' of the same renewal.
	Orders []OrderRef `json:"-"`
}

// OrderRef locates an order and says what it is owed.
type OrderRef struct {
	ID             string
	SubscriptionID string
	At             time.Time
	Amount         Money
}

// ChargeRef is a provider charge that paid part of the current term, and
// how much of it was refunded since.
type ChargeRef struct {
	ID       string
	Amount   Money
	Refunded Money
}

// RefundPart is the part of a credit order paid back on one charge.
type RefundPart struct {
	OrderID  string
	OrderAt  time.Time
	ChargeID string
	Amount   Money
}

// PaysByCard reports whether s's charges go to its purchaser's payment
// method (docs/spec.md §10): self-service purchases, their conversions,
// renewals, prorations and add-ons. Central and partner purchases are
// invoiced to the tenant or the partner.
func (s Subscription) PaysByCard() bool { return s.Channel == ChannelSelfService }

// NeedsCharge reports whether o waits for a card charge.
func (o Order) NeedsCharge() bool {
	return o.Payment == PaymentCard && !o.Paid && o.Type != OrderCredit && o.Amount.Amount > 0
}

// Ref is o as the reference a PastDue subscription keeps of what it owes.
func (o Order) Ref() OrderRef {
	return OrderRef{ID: o.ID, SubscriptionID: o.SubscriptionID, At: o.At, Amount: o.Amount}
}

// paymentOf is how an order of s of amount is paid, and whether it is
// settled already: invoiced orders are; a card charge once charged, a card
// credit once refunded — at once when there is nothing to move
// (docs/spec.md §10).
func (s Subscription) paymentOf(amount Money) (string, bool) {
	if !s.PaysByCard() {
		return PaymentInvoice, true
	}
	return PaymentCard, amount.Amount == 0
}

// Charged records that charge chargeID paid amount of s's current term.
func (s Subscription) Charged(chargeID string, amount Money) Subscription {
	s.TermCharges = append(slices.Clone(s.TermCharges), ChargeRef{ID: chargeID, Amount: amount, Refunded: Money{Currency: amount.Currency}})
	return s
}

// RefundFor queues the refund of card credit o on the charges of s's
// current term, latest first (docs/spec.md §10: a credit on a card-paid
// subscription is paid back through the provider). The payments sweep
// pays PendingRefunds out. What no charge covers is not refunded.
func (s Subscription) RefundFor(o Order) Subscription {
	if o.Type != OrderCredit || o.Payment != PaymentCard {
		return s
	}
	left := o.Amount.Amount
	charges := slices.Clone(s.TermCharges)
	refunds := slices.Clone(s.PendingRefunds)
	for i := len(charges) - 1; i >= 0 && left > 0; i-- {
		c := &charges[i]
		n := min(left, c.Amount.Amount-c.Refunded.Amount)
		if n <= 0 {
			continue
		}
		c.Refunded.Amount += n
		left -= n
		refunds = append(refunds, RefundPart{OrderID: o.ID, OrderAt: o.At, ChargeID: c.ID, Amount: Money{Amount: n, Currency: o.Amount.Currency}})
	}
	s.TermCharges, s.PendingRefunds = charges, refunds
	return s
}

// RefundsPaid clears the refunds the payments sweep paid out.
func (s Subscription) RefundsPaid() Subscription {
	s.PendingRefunds = nil
	return s
}

// Unpaid takes an unpaid charge out of what s's term was charged, so no
// credit ever pays back money that was never paid.
func (s Subscription) Unpaid(amount Money) Subscription {
	s.ChargedThisTerm = s.ChargedThisTerm.Minus(amount)
	return s
}

// Declined makes base s PastDue after the charge of orders (its renewal's,
// or its trial's conversion) was declined with code at at (docs/spec.md
// §10): licenses keep working and the charge is retried on
// PaymentRetryDays after at.
func (s Subscription) Declined(orders []OrderRef, code string, at time.Time) Subscription {
	total := Money{Currency: s.UnitPrice.Currency}
	for _, o := range orders {
		total = total.Plus(o.Amount)
	}
	next := at.AddDate(0, 0, PaymentRetryDays[0])
	s.Status = StatusPastDue
	s.PaymentDue = &PaymentDue{Amount: total, Since: at, Attempts: 1, NextRetryAt: &next, DeclineCode: code, Orders: orders}
	return s
}

// RetryDeclined records another declined attempt of PastDue s's charge
// with code (docs/spec.md §10): the next retry is scheduled, or, after the
// last one, none is and exhausted says s is to be suspended for
// nonPayment (§4.5, by the caller, with its add-ons).
func (s Subscription) RetryDeclined(code string) (after Subscription, exhausted bool, err error) {
	if s.Status != StatusPastDue || s.PaymentDue == nil {
		return s, false, invalidStatus(s, "charged again")
	}
	due := *s.PaymentDue
	due.Attempts++
	due.DeclineCode, due.NextRetryAt = code, nil
	if due.Attempts <= len(PaymentRetryDays) {
		next := due.Since.AddDate(0, 0, PaymentRetryDays[due.Attempts-1])
		due.NextRetryAt = &next
	}
	s.PaymentDue = &due
	return s, due.NextRetryAt == nil, nil
}

// Recovered returns PastDue base s to Active once charge chargeID paid what
// it owed (docs/spec.md §10); its term dates are unchanged.
func (s Subscription) Recovered() Subscription {
	s.Status, s.PaymentDue = StatusActive, nil
	return s
}

// Forgive takes the unpaid orders of member id — an add-on ended while
// its base s was PastDue — out of what s owes: they are never charged
// (docs/decisions.md). With nothing left owed, s is Active again.
func (s Subscription) Forgive(id string) Subscription {
	if s.PaymentDue == nil {
		return s
	}
	due := *s.PaymentDue
	due.Orders = nil
	due.Amount = Money{Currency: s.PaymentDue.Amount.Currency}
	for _, o := range s.PaymentDue.Orders {
		if o.SubscriptionID != id {
			due.Orders = append(due.Orders, o)
			due.Amount = due.Amount.Plus(o.Amount)
		}
	}
	if len(due.Orders) == 0 {
		return s.Recovered()
	}
	s.PaymentDue = &due
	return s
}

// PaidLate counts amount, paid late by chargeID, as charged this term
// again (each member of a family whose renewal was PastDue).
func (s Subscription) PaidLate(chargeID string, amount Money) Subscription {
	s.ChargedThisTerm = s.ChargedThisTerm.Plus(amount)
	return s.Charged(chargeID, amount)
}

// SetPaymentMethod gives s a new payment method (docs/spec.md §10): an
// Active or PastDue subscription is charged with it from now on (a PastDue
// one at once, by the caller); a Trial without one becomes convertible and
// renews — only while its product's policy is Enabled (policy is the
// tenant's effective value).
// Returns CodeInvalidRequest, CodeInvalidStatus, CodePolicyTrialsOnly.
func (s Subscription) SetPaymentMethod(pm string, policy PolicyValue) (Subscription, error) {
	if err := CheckPaymentMethodID(pm, true); err != nil {
		return s, err
	}
	if !s.PaysByCard() {
		return s, Errorf(CodeInvalidRequest, "a %s subscription is invoiced to its %s; it has no payment method", s.Channel, s.BillTo.Type)
	}
	switch s.Status {
	case StatusActive, StatusPastDue:
	case StatusTrial:
		if !s.HasPaymentMethod && policy != PolicyEnabled {
			return s, trialsOnly(s.ProductName)
		}
		s.AutoRenew = true
	default:
		return s, invalidStatus(s, "given a payment method")
	}
	s.PaymentMethodID, s.HasPaymentMethod = pm, true
	return s, nil
}

// CheckPaymentMethodID refuses a paymentMethodId that isn't 1-128
// printable characters, or is blank (required: it can't be empty either).
func CheckPaymentMethodID(pm string, required bool) error {
	bad := len(pm) > 128 || strings.ContainsFunc(pm, func(r rune) bool { return r < ' ' }) || (pm != "" && strings.TrimSpace(pm) == "")
	if bad || (required && pm == "") {
		return FieldErrorf("paymentMethodId", "paymentMethodId must be 1-128 printable characters, not blank")
	}
	return nil
}

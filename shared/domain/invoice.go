package domain

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
)

// InvoiceAccount is who an invoice is addressed to (docs/spec.md §10).
type InvoiceAccount struct {
	Type     string `json:"type"`               // InvoicePurchaser | InvoiceTenant | InvoicePartner
	ID       string `json:"id"`                 // the user id, tenant id or partner id
	TenantID string `json:"tenantId,omitempty"` // the purchaser's tenant ("" for a partner)
}

// Invoice account types (docs/spec.md §10): the purchaser of self-service
// (card-paid) orders, the tenant of central purchases, the partner of
// partner purchases.
const (
	InvoicePurchaser = "purchaser"
	InvoiceTenant    = "tenant"
	InvoicePartner   = "partner"
)

// Invoice statuses (docs/spec.md §10).
const (
	InvoicePaid = "paid"
	InvoiceOpen = "open"
	InvoiceVoid = "void"
)

// InvoiceLine is one order on an invoice (docs/spec.md §10).
type InvoiceLine struct {
	OrderID        string    `json:"orderId"`
	SubscriptionID string    `json:"subscriptionId"`
	TenantID       string    `json:"tenantId"`
	ProductID      string    `json:"productId"`
	ProductName    string    `json:"productName"`
	Type           string    `json:"type"`
	Quantity       int       `json:"quantity"`
	PeriodStart    time.Time `json:"periodStart"`
	PeriodEnd      time.Time `json:"periodEnd"`
	At             time.Time `json:"at"`
	// Amount is signed: charges positive, credits negative.
	Amount Money `json:"amount"`
	// Paid is false for an unpaid charge (a renewal still in dunning).
	Paid bool `json:"paid"`
}

// Invoice is one bill-to account's orders of one UTC calendar month
// (docs/spec.md §10).
type Invoice struct {
	ID         string         `json:"id"`     // InvoiceID(account, month)
	Number     string         `json:"number"` // INV-2027-000001, assigned at finalization
	Account    InvoiceAccount `json:"billTo"`
	BillToName string         `json:"billToName,omitempty"`
	Month      string         `json:"month"` // "2027-01"
	// PeriodStart and PeriodEnd are the month's bounds, UTC [start, end).
	PeriodStart time.Time     `json:"periodStart"`
	PeriodEnd   time.Time     `json:"periodEnd"`
	IssuedAt    time.Time     `json:"issuedAt"`
	Lines       []InvoiceLine `json:"lines"`
	Totals      []Money       `json:"totals"` // one per currency, sorted by currency code
	Status      string        `json:"status"`
}

// InvoiceAccountOf is the account whose invoice carries o (docs/spec.md §10):
// the purchaser (in their tenant) for a card-paid order; otherwise the
// order's bill-to, the tenant for a central purchase or the partner for a
// partner purchase.
func InvoiceAccountOf(o Order) InvoiceAccount {
	switch {
	case o.Payment == PaymentCard:
		return InvoiceAccount{Type: InvoicePurchaser, ID: o.PurchaserID, TenantID: o.TenantID}
	case o.BillTo.Type == "partner":
		return InvoiceAccount{Type: InvoicePartner, ID: o.BillTo.ID}
	default:
		return InvoiceAccount{Type: InvoiceTenant, ID: o.BillTo.ID, TenantID: o.BillTo.ID}
	}
}

// InvoiceMonthOf is the first instant of t's UTC calendar month.
func InvoiceMonthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// InvoiceID is the deterministic id of acct's invoice for the month holding
// month: "inv_", the month as yyyymm, "_" and 20 lowercase hex digits of a
// SHA-256 of the account and the month. Ids sort by month, and are safe as
// a DynamoDB key part and a URL path segment.
func InvoiceID(acct InvoiceAccount, month time.Time) string {
	h := sha256.New()
	for _, part := range []string{acct.Type, acct.ID, acct.TenantID, InvoiceMonthOf(month).Format("2006-01")} {
		// Length-prefixed, so no two accounts share an input.
		fmt.Fprintf(h, "%d:%s;", len(part), part)
	}
	return "inv_" + InvoiceMonthOf(month).Format("200601") + "_" + hex.EncodeToString(h.Sum(nil)[:10])
}

// InvoiceNumber is the invoice number of the seq-th invoice of year, e.g.
// INV-2027-000001: at least six digits, more when seq > 999999
// (docs/spec.md §10).
func InvoiceNumber(year int, seq int64) string {
	return fmt.Sprintf("INV-%04d-%06d", year, seq)
}

// BuildInvoice is acct's invoice for the UTC month holding month, made of
// orders, issued at issuedAt (docs/spec.md §10). Its lines are the orders
// sorted by At then order id, each with the order's amount, negated for a
// credit; its totals are the sum of the lines per currency. An order of an
// earlier month is a late order, recorded after its month's invoice was
// final: it is billed on this one. It refuses an empty order list, an
// order that is not of acct (InvoiceAccountOf), one at or after the
// month's end, a repeated order id, and an amount that is negative or has
// no ISO 4217 currency.
//
// Status (docs/spec.md §10): for an invoiced account (tenant or partner)
// InvoiceOpen, or InvoiceVoid when every total is ≤ 0; for a purchaser
// (card-paid) InvoiceOpen when any charge line is unpaid (a renewal in
// dunning), else InvoiceVoid when every total is ≤ 0, else InvoicePaid.
// Number and BillToName are left empty: the store assigns the number at
// finalization.
func BuildInvoice(acct InvoiceAccount, month time.Time, orders []Order, issuedAt time.Time) (Invoice, error) {
	switch acct.Type {
	case InvoicePurchaser, InvoiceTenant, InvoicePartner:
	default:
		return Invoice{}, Errorf(CodeInternal, "invoice account type %q is not purchaser, tenant or partner", acct.Type)
	}
	if len(orders) == 0 {
		return Invoice{}, Errorf(CodeInternal, "an invoice needs at least one order")
	}
	start := InvoiceMonthOf(month)
	end := start.AddDate(0, 1, 0)
	inv := Invoice{
		ID: InvoiceID(acct, start), Account: acct, Month: start.Format("2006-01"),
		PeriodStart: start, PeriodEnd: end, IssuedAt: issuedAt,
		Lines: make([]InvoiceLine, 0, len(orders)),
	}
	seen := make(map[string]bool, len(orders))
	for _, o := range orders {
		if got := InvoiceAccountOf(o); got != acct {
			return Invoice{}, Errorf(CodeInternal, "order %s belongs to %s %s, not %s %s", o.ID, got.Type, got.ID, acct.Type, acct.ID)
		}
		if !o.At.Before(end) {
			return Invoice{}, Errorf(CodeInternal, "order %s at %s is after %s", o.ID, o.At.UTC().Format(time.RFC3339), inv.Month)
		}
		if seen[o.ID] {
			return Invoice{}, Errorf(CodeInternal, "order %s is listed twice", o.ID)
		}
		seen[o.ID] = true
		if err := o.Amount.Validate(); err != nil {
			return Invoice{}, Errorf(CodeInternal, "order %s: %v", o.ID, err)
		}
		amount := o.Amount
		if o.Type == OrderCredit {
			amount.Amount = -amount.Amount
		}
		inv.Lines = append(inv.Lines, InvoiceLine{
			OrderID: o.ID, SubscriptionID: o.SubscriptionID, TenantID: o.TenantID, ProductID: o.ProductID,
			ProductName: o.ProductName, Type: o.Type, Quantity: o.Quantity,
			PeriodStart: o.PeriodStart, PeriodEnd: o.PeriodEnd, At: o.At, Amount: amount,
			// Credits and invoiced orders are never unpaid (docs/spec.md §10).
			Paid: o.Paid || o.Type == OrderCredit || o.Payment != PaymentCard,
		})
	}
	slices.SortFunc(inv.Lines, func(a, b InvoiceLine) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.OrderID, b.OrderID)
	})
	inv.Totals = invoiceTotals(inv.Lines)
	inv.Status = invoiceStatus(acct, inv.Lines, inv.Totals)
	return inv, nil
}

// invoiceTotals sums lines per currency, sorted by currency code.
func invoiceTotals(lines []InvoiceLine) []Money {
	sums := map[string]int64{}
	for _, l := range lines {
		sums[l.Amount.Currency] += l.Amount.Amount
	}
	totals := make([]Money, 0, len(sums))
	for c, a := range sums {
		totals = append(totals, Money{Amount: a, Currency: c})
	}
	slices.SortFunc(totals, func(a, b Money) int { return cmp.Compare(a.Currency, b.Currency) })
	return totals
}

// invoiceStatus is the status rule documented on BuildInvoice.
func invoiceStatus(acct InvoiceAccount, lines []InvoiceLine, totals []Money) string {
	if acct.Type == InvoicePurchaser {
		for _, l := range lines {
			if l.Type != OrderCredit && !l.Paid {
				return InvoiceOpen
			}
		}
	}
	nothingDue := true
	for _, t := range totals {
		if t.Amount > 0 {
			nothingDue = false
		}
	}
	switch {
	case nothingDue:
		return InvoiceVoid
	case acct.Type == InvoicePurchaser:
		return InvoicePaid
	default:
		return InvoiceOpen
	}
}

// SweepInvoices is the scheduled function that finalizes invoices
// (docs/spec.md §10).
const SweepInvoices = "InvoicesSweep"

// InvoiceGrace is how long after a month ends its invoices wait for the
// orders committed at its last instants (docs/decisions.md); later ones
// are billed on the next month's invoice.
const InvoiceGrace = time.Hour

// InvoiceFinalizeAt is when the invoices of the month holding month are
// finalized: on the 1st of the next month, InvoiceGrace after midnight UTC.
func InvoiceFinalizeAt(month time.Time) time.Time {
	return InvoiceMonthOf(month).AddDate(0, 1, 0).Add(InvoiceGrace)
}

// InvoiceMonthFinalizedAt is the month whose invoices are finalized at
// at (InvoiceFinalizeAt's inverse).
func InvoiceMonthFinalizedAt(at time.Time) time.Time {
	return InvoiceMonthOf(at.Add(-InvoiceGrace)).AddDate(0, -1, 0)
}

// InvoiceOf is the invoice o is billed on when it is recorded: its
// account's invoice for the month of its At.
func InvoiceOf(o Order) (id string, finalizeAt time.Time) {
	return InvoiceID(InvoiceAccountOf(o), o.At), InvoiceFinalizeAt(o.At)
}

// SettleLine records that the charge of line orderID, unpaid when inv was
// finalized (a renewal in dunning), was paid: the line is paid and the
// status follows (docs/spec.md §10). False when inv has no such unpaid
// line.
func (inv *Invoice) SettleLine(orderID string) bool {
	for i, l := range inv.Lines {
		if l.OrderID == orderID && !l.Paid {
			inv.Lines[i].Paid = true
			inv.Status = invoiceStatus(inv.Account, inv.Lines, inv.Totals)
			return true
		}
	}
	return false
}

// InvoiceFinalizedEvent is the invoice.finalized event of inv
// (docs/spec.md §10), routed to the bill-to's tenant: the purchaser's, the
// tenant itself, or the partner's own tenant.
func InvoiceFinalizedEvent(id string, inv Invoice) Event {
	e := Event{ID: id, Type: EventInvoiceFinalized, TenantID: inv.Account.TenantID, OccurredAt: inv.IssuedAt,
		Data: map[string]any{"invoiceId": inv.ID, "number": inv.Number, "billTo": inv.Account, "month": inv.Month,
			"totals": inv.Totals, "status": inv.Status}}
	switch inv.Account.Type {
	case InvoicePurchaser:
		e.PurchaserID = inv.Account.ID
	case InvoicePartner:
		e.TenantID = inv.Account.ID
	}
	return e
}

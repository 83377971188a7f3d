package client

import (
	"context"
	"iter"
	"time"
)

// InvoiceAccount is who an invoice is addressed to.
type InvoiceAccount struct {
	// Type is purchaser (self-service, card-paid orders), tenant (central
	// purchases) or partner (partner purchases).
	Type string `json:"type"`
	// ID is the purchaser's user id, the tenant's id or the partner's id.
	ID string `json:"id"`
	// TenantID is the purchaser's tenant, or the tenant itself; "" for a
	// partner.
	TenantID string `json:"tenantId,omitempty"`
}

// InvoiceLine is one order on an invoice.
type InvoiceLine struct {
	OrderID        string `json:"orderId"`
	SubscriptionID string `json:"subscriptionId"`
	TenantID       string `json:"tenantId"`
	ProductID      string `json:"productId"`
	ProductName    string `json:"productName"`
	// Type is purchase, renewal, trialConversion, proration or credit.
	Type        string    `json:"type"`
	Quantity    int       `json:"quantity"`
	PeriodStart time.Time `json:"periodStart"`
	PeriodEnd   time.Time `json:"periodEnd"`
	// At is when the order was recorded; an order of an earlier month came
	// after that month's invoice was final.
	At time.Time `json:"at"`
	// Amount is signed: negative for a credit.
	Amount Money `json:"amount"`
	// Paid is false for a card charge not paid yet (a renewal in dunning).
	Paid bool `json:"paid"`
}

// Invoice is one bill-to account's orders of one UTC calendar month, final.
type Invoice struct {
	ID string `json:"id"` // inv_YYYYMM_…
	// Number is gapless per issuer and year of issue, e.g. INV-2026-000001.
	Number     string         `json:"number"`
	BillTo     InvoiceAccount `json:"billTo"`
	BillToName string         `json:"billToName,omitempty"`
	Month      string         `json:"month"` // YYYY-MM
	// PeriodStart and PeriodEnd are the month's bounds, [start, end).
	PeriodStart time.Time     `json:"periodStart"`
	PeriodEnd   time.Time     `json:"periodEnd"`
	IssuedAt    time.Time     `json:"issuedAt"`
	Lines       []InvoiceLine `json:"lines"`
	// Totals are one per currency, by currency code; negative when the
	// credits outweigh the charges.
	Totals []Money `json:"totals"`
	// Status is paid (card-paid, every charge succeeded), open (invoiced
	// accounts, or a renewal still unpaid) or void (nothing left to pay).
	Status string `json:"status"`
}

// ListInvoicesParams filters and pages ListInvoices; the filters combine
// with AND.
type ListInvoicesParams struct {
	// BillTo is "tenant" for the tenant's own invoices or a purchaser's user
	// id for theirs; "" for all the caller may see.
	BillTo string `url:"billTo,omitempty"`
	Status string `url:"status,omitempty"` // paid, open or void
	From   string `url:"from,omitempty"`   // first month listed, YYYY-MM
	To     string `url:"to,omitempty"`     // last month listed, YYYY-MM
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListInvoicesParams) setCursor(c string) { p.Cursor = c }

// ListPartnerInvoicesParams filters and pages ListPartnerInvoices.
type ListPartnerInvoicesParams struct {
	Status string `url:"status,omitempty"` // paid, open or void
	From   string `url:"from,omitempty"`   // first month listed, YYYY-MM
	To     string `url:"to,omitempty"`     // last month listed, YYYY-MM
	Limit  int    `url:"limit,omitempty"`
	Cursor string `url:"cursor,omitempty"`
}

func (p *ListPartnerInvoicesParams) setCursor(c string) { p.Cursor = c }

// ListInvoices lists one page of the tenant's invoices and its purchasers',
// newest month first (a user sees only their own).
func (c *Client) ListInvoices(ctx context.Context, tenantID string, params *ListInvoicesParams, opts ...CallOption) (*Page[Invoice], error) {
	return do[Page[Invoice]](ctx, c, "ListInvoices", []string{tenantID}, params, nil, opts)
}

// AllInvoices yields every invoice ListInvoices lists.
func (c *Client) AllInvoices(ctx context.Context, tenantID string, params *ListInvoicesParams, opts ...CallOption) iter.Seq2[Invoice, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListInvoicesParams) (*Page[Invoice], error) {
		return c.ListInvoices(ctx, tenantID, p, opts...)
	}))
}

// GetInvoice gets an invoice with its lines.
func (c *Client) GetInvoice(ctx context.Context, tenantID, invoiceID string, opts ...CallOption) (*Invoice, error) {
	return do[Invoice](ctx, c, "GetInvoice", []string{tenantID, invoiceID}, nil, nil, opts)
}

// GetInvoicePdf returns an invoice rendered as PDF. It asks for
// application/pdf and refuses a 2xx answer of another media type; an error
// answer is a *Problem as for every operation.
func (c *Client) GetInvoicePdf(ctx context.Context, tenantID, invoiceID string, opts ...CallOption) ([]byte, error) {
	var pdf []byte
	opts = append(opts[:len(opts):len(opts)], accept(mediaPDF))
	if err := c.call(ctx, "GetInvoicePdf", []string{tenantID, invoiceID}, nil, nil, &pdf, opts); err != nil {
		return nil, err
	}
	return pdf, nil
}

// ListPartnerInvoices lists one page of a partner's invoices (its partner
// purchases), newest month first.
func (c *Client) ListPartnerInvoices(ctx context.Context, partnerID string, params *ListPartnerInvoicesParams, opts ...CallOption) (*Page[Invoice], error) {
	return do[Page[Invoice]](ctx, c, "ListPartnerInvoices", []string{partnerID}, params, nil, opts)
}

// AllPartnerInvoices yields every invoice ListPartnerInvoices lists.
func (c *Client) AllPartnerInvoices(ctx context.Context, partnerID string, params *ListPartnerInvoicesParams, opts ...CallOption) iter.Seq2[Invoice, error] {
	return All(ctx, pages(params, func(ctx context.Context, p *ListPartnerInvoicesParams) (*Page[Invoice], error) {
		return c.ListPartnerInvoices(ctx, partnerID, p, opts...)
	}))
}

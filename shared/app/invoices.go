package app

import (
	"context"
	"errors"
	"time"

	"selfserve/shared/access"
	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/store"
)

// RunInvoiceDue does one item of the invoices sweep's work
// (docs/spec.md §10): it finalizes an invoice whose month is over, or marks
// paid the line of an invoiced order paid since. It returns how many
// invoices it wrote (0: another run did, or nothing was left).
func (a *App) RunInvoiceDue(ctx context.Context, d store.InvoiceDue, now time.Time) (int, error) {
	if d.Settled != nil {
		return a.settleInvoiceLine(ctx, d)
	}
	written := 0
	var inv domain.Invoice
	var rest []domain.Order // orders still waiting once the invoice is final
	err := store.Retry(ctx, func() error {
		orders, err := a.Store.InvoiceOrders(ctx, d)
		if err != nil || len(orders) == 0 {
			rest = nil
			return err
		}
		inv, rest, err = a.finalize(ctx, d, orders)
		if err == nil {
			written = 1
		}
		if errors.Is(err, store.ErrInvoiceFinal) { // another run was first
			inv, _, err = a.Store.GetInvoice(ctx, d.Account, d.InvoiceID)
			rest, written = orders, 0
		}
		return err
	})
	if err != nil {
		return written, err
	}
	if a.Hooks.AfterInvoice != nil {
		if err := a.Hooks.AfterInvoice(inv); err != nil {
			return written, err
		}
	}
	// Each order leaves the index as billed, or, too late for this
	// invoice (not among its lines), waits for the next month's.
	billed := make(map[string]bool, len(inv.Lines))
	for _, l := range inv.Lines {
		billed[l.OrderID] = true
	}
	nextID, nextAt := domain.InvoiceID(d.Account, inv.PeriodEnd), domain.InvoiceFinalizeAt(inv.PeriodEnd)
	for _, o := range rest {
		if billed[o.ID] {
			err = a.Store.MarkInvoiced(ctx, o, inv.ID, now)
		} else {
			err = a.Store.MoveToInvoice(ctx, o, nextID, nextAt)
		}
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// finalize builds invoice d from orders, numbers it and writes it,
// marking the first store.FinalizeMarks orders billed in the same
// transaction; it returns the orders left to mark.
func (a *App) finalize(ctx context.Context, d store.InvoiceDue, orders []domain.Order) (domain.Invoice, []domain.Order, error) {
	// Dated at its due instant, not the run's clock (docs/spec.md §7): a
	// late run writes what a punctual one would.
	month, at := domain.InvoiceMonthFinalizedAt(d.FinalizeAt), d.FinalizeAt
	draft, err := domain.BuildInvoice(d.Account, month, orders, at)
	if err != nil {
		return draft, nil, err
	}
	if draft.BillToName, err = a.billToName(ctx, d.Account, orders[0]); err != nil {
		return draft, nil, err
	}
	marks := orders[:min(len(orders), store.FinalizeMarks)]
	a.numbering.Lock()
	defer a.numbering.Unlock()
	actor := domain.Actor{System: "system:" + domain.SweepInvoices}
	inv, err := a.Store.FinalizeInvoice(ctx, draft, marks, at, func(inv domain.Invoice) store.Effects {
		tenant := inv.Account.TenantID
		if inv.Account.Type == domain.InvoicePartner {
			tenant = inv.Account.ID
		}
		return store.Effects{At: at, Events: []domain.Event{domain.InvoiceFinalizedEvent(ids.New("evt", at), inv)},
			Activity: newActivity(actor, at, tenant, access.Operation("FinalizeInvoice"), "invoice", inv.ID, nil,
				map[string]any{"number": inv.Number, "billTo": inv.Account, "month": inv.Month, "totals": inv.Totals, "status": inv.Status})}
	})
	return inv, orders[len(marks):], err
}

// billToName is the name an invoice of acct is addressed to: the tenant's
// or partner's name, or the purchaser's as their subscription of o holds it.
func (a *App) billToName(ctx context.Context, acct domain.InvoiceAccount, o domain.Order) (string, error) {
	if acct.Type == domain.InvoicePurchaser {
		s, _, err := a.Store.GetSubscription(ctx, o.TenantID, o.SubscriptionID)
		if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
			return "", err
		}
		if s.Purchaser.Name != "" {
			return s.Purchaser.Name, nil
		}
		return s.Purchaser.Email, nil
	}
	t, err := a.Store.GetTenant(ctx, acct.ID)
	if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
		return "", err
	}
	return t.Name, nil
}

// settleInvoiceLine marks the line of d.Settled paid on its final invoice
// and takes the order off the index, once.
func (a *App) settleInvoiceLine(ctx context.Context, d store.InvoiceDue) (int, error) {
	n := 0
	err := store.Retry(ctx, func() error {
		inv, version, err := a.Store.GetInvoice(ctx, d.Account, d.InvoiceID)
		if err != nil {
			return err
		}
		n = 0
		if !inv.SettleLine(d.Settled.ID) { // nothing to mark (a refund paid out): off the index only
			return a.Store.MarkInvoiced(ctx, *d.Settled, inv.ID, time.Time{})
		}
		n = 1
		return a.Store.SettleInvoiceLine(ctx, inv, version, *d.Settled)
	})
	return n, err
}

// ListInvoices lists the invoices of a tenant's partition (docs/spec.md
// §10): its own and its purchasers' to admins and agents, a user's own to
// a user (a user asking for another bill-to is refused).
func (a *App) ListInvoices(ctx context.Context, p domain.Principal, tenantID string, f store.InvoiceFilter, page func(store.InvoiceFilter) (Page, error)) ([]domain.Invoice, []byte, error) {
	c, err := a.authorizeIn(ctx, p, tenantID, "ListInvoices")
	if err != nil {
		return nil, nil, err
	}
	if c.onlyUser() {
		if f.TenantOnly || (f.Purchaser != "" && f.Purchaser != c.UserID) {
			return nil, nil, domain.Errorf(domain.CodeForbidden, "a user sees only their own invoices")
		}
		f.Purchaser = c.UserID
	}
	pg, err := page(f)
	if err != nil {
		return nil, nil, err
	}
	return a.Store.ListInvoices(ctx, tenantID, f, pg)
}

// GetInvoice is invoice id of a tenant's partition, to those who may list
// it; others get 404 whether or not it exists.
func (a *App) GetInvoice(ctx context.Context, p domain.Principal, tenantID, id string, op access.Operation) (domain.Invoice, error) {
	c, err := a.authorizeIn(ctx, p, tenantID, op)
	if err != nil {
		return domain.Invoice{}, err
	}
	inv, err := a.Store.GetTenantInvoice(ctx, tenantID, id)
	if err != nil {
		return inv, err
	}
	if c.onlyUser() && (inv.Account.Type != domain.InvoicePurchaser || inv.Account.ID != c.UserID) {
		return domain.Invoice{}, store.ErrInvoiceNotFound
	}
	return inv, nil
}

// ListPartnerInvoices lists a partner's invoices to its selling agents
// and its own admins (docs/spec.md §10).
func (a *App) ListPartnerInvoices(ctx context.Context, p domain.Principal, partnerID string, f store.InvoiceFilter, page func() (Page, error)) ([]domain.Invoice, []byte, error) {
	if err := access.Decide(p, "ListPartnerInvoices", access.Target{TenantID: partnerID}); err != nil {
		return nil, nil, err
	}
	pg, err := page()
	if err != nil {
		return nil, nil, err
	}
	return a.Store.ListPartnerInvoices(ctx, partnerID, f, pg)
}

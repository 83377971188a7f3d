package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// Invoices (docs/spec.md §10, docs/data-model.md §2.5). Every order is
// recorded with a due-index entry for the invoice it is billed on, sorted
// by that invoice's finalization time, then invoice id, then order id: the
// invoices sweep reads only the orders of the month it closes, an
// invoice's orders side by side, so its cost follows the accounts with
// orders. Finalizing writes the invoice and its number in one
// transaction; each order then leaves the index, or moves to the next
// month's invoice when it came too late for this one.

// invoiceDueAt places an order on invoice invoiceID, finalized at at.
func invoiceDueAt(at time.Time, invoiceID, orderID string) string {
	return sortableTime(at) + "#" + invoiceID + "#" + orderID
}

// invoiceDue sets an order item's due entry for the invoice it is billed on.
func (it *orderItem) invoiceDue(invoiceID string, finalizeAt time.Time) {
	it.DueShard, it.DueAt = dueShard(domain.SweepInvoices, invoiceID), invoiceDueAt(finalizeAt, invoiceID, it.ID)
}

// InvoiceDue is an invoice with orders waiting for it, or an invoiced
// order paid after its invoice was final (Settled set).
type InvoiceDue struct {
	InvoiceID  string
	Account    domain.InvoiceAccount
	FinalizeAt time.Time
	// Settled is the order to mark paid on the final invoice InvoiceID.
	Settled *domain.Order
}

// DueInvoices returns one page of the invoice work due at now in one shard
// of the due index (one round trip): each invoice with orders waiting once
// (the page may end within an invoice's orders; the next page names it
// again), and each invoiced order paid since. The index is eventually
// consistent: FinalizeInvoice and SettleInvoiceLine re-check.
func (s *Store) DueInvoices(ctx context.Context, shard int, now time.Time, p Page) ([]InvoiceDue, []byte, error) {
	var items []orderItem
	next, err := s.queryPage(ctx, dueQuery(domain.SweepInvoices, shard, now), p, &items)
	if err != nil {
		return nil, nil, err
	}
	var out []InvoiceDue
	for _, it := range items {
		if it.InvoiceID != "" {
			o := it.toDomain()
			out = append(out, InvoiceDue{InvoiceID: it.InvoiceID, Account: domain.InvoiceAccountOf(o), Settled: &o})
			continue
		}
		at, id, ok := parseInvoiceDue(it.DueAt)
		if !ok {
			return nil, nil, fmt.Errorf("order %s: due entry %q is not an invoice's", it.ID, it.DueAt)
		}
		if n := len(out); n > 0 && out[n-1].Settled == nil && out[n-1].InvoiceID == id {
			continue
		}
		out = append(out, InvoiceDue{InvoiceID: id, Account: domain.InvoiceAccountOf(it.toDomain()), FinalizeAt: at})
	}
	return out, next, nil
}

// parseInvoiceDue reads an order's invoice due entry.
func parseInvoiceDue(dueAt string) (time.Time, string, bool) {
	parts := strings.Split(dueAt, "#")
	if len(parts) != 3 {
		return time.Time{}, "", false
	}
	at, err := time.Parse(sortableLayout, parts[0])
	return at, parts[1], err == nil
}

// InvoiceOrders reads every order waiting for invoice d (all pages).
func (s *Store) InvoiceOrders(ctx context.Context, d InvoiceDue) ([]domain.Order, error) {
	prefix := sortableTime(d.FinalizeAt) + "#" + d.InvoiceID + "#"
	q := query{index: dueIndex, key: expression.Key("dueShard").Equal(expression.Value(dueShard(domain.SweepInvoices, d.InvoiceID))).
		And(expression.Key("dueAt").BeginsWith(prefix))}
	var out []domain.Order
	p := Page{Limit: 1000}
	for {
		orders, next, err := domainPage[orderItem, domain.Order](ctx, s, q, p)
		if err != nil {
			return nil, err
		}
		out = append(out, orders...)
		if next == nil {
			return out, nil
		}
		p.After = next
	}
}

type invoiceItem struct {
	PK          string         `dynamodbav:"pk"`
	SK          string         `dynamodbav:"sk"`
	GSI1PK      string         `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK      string         `dynamodbav:"gsi1sk,omitempty"`
	Kind        string         `dynamodbav:"kind"`
	ID          string         `dynamodbav:"id"`
	Number      string         `dynamodbav:"number"`
	AccountType string         `dynamodbav:"accountType"`
	AccountID   string         `dynamodbav:"accountId"`
	TenantID    string         `dynamodbav:"tenantId,omitempty"`
	BillToName  string         `dynamodbav:"billToName,omitempty"`
	Month       string         `dynamodbav:"month"`
	PeriodStart time.Time      `dynamodbav:"periodStart"`
	PeriodEnd   time.Time      `dynamodbav:"periodEnd"`
	IssuedAt    time.Time      `dynamodbav:"issuedAt"`
	Status      string         `dynamodbav:"status"`
	Totals      []domain.Money `dynamodbav:"totals"`
	// LinesZ are the lines as JSON, deflated: an invoice of a busy
	// account has hundreds.
	LinesZ  []byte `dynamodbav:"linesZ"`
	Version int64  `dynamodbav:"version"`
}

// invoiceKey is where an invoice is kept: in its tenant's partition (a
// purchaser's or a tenant's), or in its partner's.
func invoiceKey(acct domain.InvoiceAccount, id string) key {
	if acct.Type == domain.InvoicePartner {
		return key{partnerPK(acct.ID), invoiceSK(id)}
	}
	return key{tenantPK(acct.TenantID), invoiceSK(id)}
}

func partnerPK(partnerID string) string { return "PARTNER#" + partnerID }
func invoiceSK(id string) string        { return "INVOICE#" + id }

func toInvoiceItem(inv domain.Invoice, version int64) (invoiceItem, error) {
	lines, err := json.Marshal(inv.Lines)
	if err != nil {
		return invoiceItem{}, err
	}
	k := invoiceKey(inv.Account, inv.ID)
	it := invoiceItem{PK: k.pk, SK: k.sk, Kind: "invoice", ID: inv.ID, Number: inv.Number,
		AccountType: inv.Account.Type, AccountID: inv.Account.ID, TenantID: inv.Account.TenantID, BillToName: inv.BillToName,
		Month: inv.Month, PeriodStart: inv.PeriodStart.UTC(), PeriodEnd: inv.PeriodEnd.UTC(), IssuedAt: inv.IssuedAt.UTC(),
		Status: inv.Status, Totals: inv.Totals, LinesZ: deflate(lines), Version: version}
	if inv.Account.Type == domain.InvoicePurchaser {
		it.GSI1PK, it.GSI1SK = userGSI1PK(inv.Account.TenantID, inv.Account.ID), k.sk
	}
	return it, nil
}

func (it invoiceItem) toDomain() (domain.Invoice, error) {
	inv := domain.Invoice{ID: it.ID, Number: it.Number, BillToName: it.BillToName, Month: it.Month,
		Account:     domain.InvoiceAccount{Type: it.AccountType, ID: it.AccountID, TenantID: it.TenantID},
		PeriodStart: it.PeriodStart, PeriodEnd: it.PeriodEnd, IssuedAt: it.IssuedAt, Status: it.Status, Totals: it.Totals}
	lines, err := inflate(it.LinesZ)
	if err != nil {
		return inv, fmt.Errorf("invoice %s lines: %w", it.ID, err)
	}
	return inv, json.Unmarshal(lines, &inv.Lines)
}

// ErrInvoiceNotFound answers an invoice the caller can't see or that
// doesn't exist.
var ErrInvoiceNotFound = domain.Errorf(domain.CodeNotFound, "invoice not found")

// GetInvoice reads invoice id of acct (one consistent GetItem); its
// version is what SettleInvoiceLine conditions on.
func (s *Store) GetInvoice(ctx context.Context, acct domain.InvoiceAccount, id string) (domain.Invoice, int64, error) {
	var it invoiceItem
	if err := s.getItem(ctx, invoiceKey(acct, id), &it, ErrInvoiceNotFound); err != nil {
		return domain.Invoice{}, 0, err
	}
	inv, err := it.toDomain()
	return inv, it.Version, err
}

// GetTenantInvoice reads invoice id kept in tenantID's partition: its own
// or one of its purchasers' (one GetItem).
func (s *Store) GetTenantInvoice(ctx context.Context, tenantID, id string) (domain.Invoice, error) {
	inv, _, err := s.GetInvoice(ctx, domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: tenantID, TenantID: tenantID}, id)
	return inv, err
}

// InvoiceFilter narrows an invoice list.
type InvoiceFilter struct {
	// Purchaser lists one purchaser's invoices (through the index);
	// TenantOnly the tenant's own.
	Purchaser  string
	TenantOnly bool
	Status     string
	// From and To bound the months, inclusive ("" = open).
	From, To time.Time
}

// ListInvoices lists the invoices kept in a tenant's partition, newest
// month first: its own and its purchasers' (one round trip per page).
func (s *Store) ListInvoices(ctx context.Context, tenantID string, f InvoiceFilter, p Page) ([]domain.Invoice, []byte, error) {
	pk, pkName, skName, index := tenantPK(tenantID), "pk", "sk", ""
	if f.Purchaser != "" {
		pk, pkName, skName, index = userGSI1PK(tenantID, f.Purchaser), "gsi1pk", "gsi1sk", gsi1
	}
	var conds []expression.ConditionBuilder
	if f.TenantOnly {
		conds = append(conds, expression.Name("accountType").Equal(expression.Value(domain.InvoiceTenant)))
	}
	return s.invoicePage(ctx, pk, pkName, skName, index, f, conds, p)
}

// ListPartnerInvoices lists a partner's invoices, newest month first.
func (s *Store) ListPartnerInvoices(ctx context.Context, partnerID string, f InvoiceFilter, p Page) ([]domain.Invoice, []byte, error) {
	return s.invoicePage(ctx, partnerPK(partnerID), "pk", "sk", "", f, nil, p)
}

func (s *Store) invoicePage(ctx context.Context, pk, pkName, skName, index string, f InvoiceFilter, conds []expression.ConditionBuilder, p Page) ([]domain.Invoice, []byte, error) {
	from, to := invoiceSK("inv_"), invoiceSK("inv_~")
	if !f.From.IsZero() {
		from = invoiceSK("inv_" + f.From.UTC().Format("200601"))
	}
	if !f.To.IsZero() {
		to = invoiceSK("inv_" + f.To.UTC().Format("200601") + "~")
	}
	q := query{index: index, newestFirst: true,
		key: expression.Key(pkName).Equal(expression.Value(pk)).And(expression.Key(skName).Between(expression.Value(from), expression.Value(to)))}
	if f.Status != "" {
		conds = append(conds, expression.Name("status").Equal(expression.Value(f.Status)))
	}
	q.filter = and(conds)
	var items []invoiceItem
	next, err := s.queryPage(ctx, q, p, &items)
	if err != nil {
		return nil, nil, err
	}
	out := make([]domain.Invoice, len(items))
	for i, it := range items {
		if out[i], err = it.toDomain(); err != nil {
			return nil, nil, err
		}
	}
	return out, next, nil
}

// invoiceSeqKey is the counter of the invoice numbers of one year.
func invoiceSeqKey(year int) key { return key{fmt.Sprintf("INVOICESEQ#%04d", year), "SEQ"} }

type invoiceSeqItem struct {
	PK  string `dynamodbav:"pk"`
	SK  string `dynamodbav:"sk"`
	Seq int64  `dynamodbav:"seq"`
}

// ErrInvoiceFinal is FinalizeInvoice's answer when the invoice is final
// already (another run finalized it first).
var ErrInvoiceFinal = errors.New("invoice already final")

// FinalizeMarks is how many of an invoice's orders FinalizeInvoice marks
// billed in its own transaction (DynamoDB: 100 actions, with the invoice,
// the counter, the event and the activity record); MarkInvoiced marks the
// others.
const FinalizeMarks = 90

// FinalizeInvoice numbers inv and writes it once, with fx, in one
// transaction: the invoice on condition it doesn't exist
// (ErrInvoiceFinal), the year's counter on condition that it still holds
// the number read, so numbers are gapless (docs/spec.md §10), and the
// orders of marks (at most FinalizeMarks, as read) billed on it. A lost
// race is ErrConflict: Retry reruns. It returns inv as written.
func (s *Store) FinalizeInvoice(ctx context.Context, inv domain.Invoice, marks []domain.Order, now time.Time, fx func(domain.Invoice) Effects) (domain.Invoice, error) {
	if len(marks) > FinalizeMarks {
		return inv, fmt.Errorf("finalize marks %d orders, at most %d", len(marks), FinalizeMarks)
	}
	year := inv.IssuedAt.UTC().Year()
	var seq invoiceSeqItem
	if err := s.getItem(ctx, invoiceSeqKey(year), &seq, errNoItem); err != nil && !errors.Is(err, errNoItem) {
		return inv, err
	}
	inv.Number = domain.InvoiceNumber(year, seq.Seq+1)
	it, err := toInvoiceItem(inv, 1)
	if err != nil {
		return inv, err
	}
	notExists := expression.AttributeNotExists(expression.Name("pk"))
	put, err := s.put(it, &notExists, ErrInvoiceFinal)
	if err != nil {
		return inv, err
	}
	counterCond := expression.AttributeNotExists(expression.Name("pk"))
	if seq.Seq > 0 {
		counterCond = expression.Name("seq").Equal(expression.Value(seq.Seq))
	}
	counter, err := s.update(invoiceSeqKey(year), expression.Set(expression.Name("seq"), expression.Value(seq.Seq+1)), &counterCond, ErrConflict)
	if err != nil {
		return inv, err
	}
	writes := []write{put, counter}
	for _, o := range marks {
		w, err := s.markUpdate(o, inv.ID)
		if err != nil {
			return inv, err
		}
		w.onCondition = ErrConflict // paid since it was read: read again
		writes = append(writes, w)
	}
	return inv, s.commit(ctx, now, writes, fx(inv))
}

// SettleInvoiceLine writes inv, read at version, with a line newly paid
// (domain.Invoice.SettleLine), and takes order o off the due index, in one
// transaction.
func (s *Store) SettleInvoiceLine(ctx context.Context, inv domain.Invoice, version int64, o domain.Order) error {
	it, err := toInvoiceItem(inv, version+1)
	if err != nil {
		return err
	}
	cond := expression.Name("version").Equal(expression.Value(version))
	put, err := s.put(it, &cond, ErrConflict)
	if err != nil {
		return err
	}
	done, err := s.invoicedUpdate(o, inv.ID)
	if err != nil {
		return err
	}
	return s.commit(ctx, time.Time{}, []write{put, done}, Effects{})
}

// invoicedUpdate takes o off the due index as billed on invoice invoiceID.
func (s *Store) invoicedUpdate(o domain.Order, invoiceID string) (write, error) {
	cond := expression.AttributeExists(expression.Name("pk"))
	return s.update(key{tenantPK(o.TenantID), orderSK(o.At, o.ID)}, invoicedExpr(invoiceID), &cond, ErrConflict)
}

func invoicedExpr(invoiceID string) expression.UpdateBuilder {
	return expression.Remove(expression.Name("dueShard")).Remove(expression.Name("dueAt")).
		Set(expression.Name("invoiceId"), expression.Value(invoiceID))
}

// settleDue is the due entry of an invoiced order paid at at: the invoices
// sweep then marks its line paid.
func settleDue(o domain.Order, at time.Time) (shard, dueAt string) {
	return dueShard(domain.SweepInvoices, o.ID), sortableTime(at) + "#settle#" + o.ID
}

// markUpdate takes o, as read, off the due index as billed on invoice
// invoiceID: an unpaid charge on condition that it is still unpaid
// (errPaidSince), as its line says so.
func (s *Store) markUpdate(o domain.Order, invoiceID string) (write, error) {
	if o.Paid || o.Type == domain.OrderCredit || o.Payment != domain.PaymentCard {
		return s.invoicedUpdate(o, invoiceID)
	}
	cond := expression.Name("paid").Equal(expression.Value(false))
	return s.update(key{tenantPK(o.TenantID), orderSK(o.At, o.ID)}, invoicedExpr(invoiceID), &cond, errPaidSince)
}

// MarkInvoiced records that o, as read, is billed on final invoice
// invoiceID: it leaves the due index (one UpdateItem; repeating it changes
// nothing). A charge unpaid on the invoice but paid since gets a settle
// entry instead, so its line is marked paid next.
func (s *Store) MarkInvoiced(ctx context.Context, o domain.Order, invoiceID string, now time.Time) error {
	w, err := s.markUpdate(o, invoiceID)
	if err != nil {
		return err
	}
	if err := s.updateOne(ctx, w); !errors.Is(err, errPaidSince) {
		return err
	}
	shard, at := settleDue(o, now)
	upd := expression.Set(expression.Name("invoiceId"), expression.Value(invoiceID)).
		Set(expression.Name("dueShard"), expression.Value(shard)).Set(expression.Name("dueAt"), expression.Value(at))
	if w, err = s.update(key{tenantPK(o.TenantID), orderSK(o.At, o.ID)}, upd, nil, nil); err != nil {
		return err
	}
	return s.updateOne(ctx, w)
}

var errPaidSince = errors.New("paid since")

// MoveToInvoice moves o, too late for the invoice it waited for, onto
// invoice invoiceID finalized at finalizeAt (one UpdateItem).
func (s *Store) MoveToInvoice(ctx context.Context, o domain.Order, invoiceID string, finalizeAt time.Time) error {
	upd := expression.Set(expression.Name("dueShard"), expression.Value(dueShard(domain.SweepInvoices, invoiceID))).
		Set(expression.Name("dueAt"), expression.Value(invoiceDueAt(finalizeAt, invoiceID, o.ID)))
	cond := expression.AttributeExists(expression.Name("pk")).And(expression.AttributeNotExists(expression.Name("invoiceId")))
	w, err := s.update(key{tenantPK(o.TenantID), orderSK(o.At, o.ID)}, upd, &cond, ErrConflict)
	if err != nil {
		return err
	}
	return s.updateOne(ctx, w)
}

// updateOne sends a lone Update as an UpdateItem.
func (s *Store) updateOne(ctx context.Context, w write) error {
	u := w.item.Update
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression,
		ConditionExpression: u.ConditionExpression, ExpressionAttributeNames: u.ExpressionAttributeNames,
		ExpressionAttributeValues: u.ExpressionAttributeValues})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		if w.onCondition != nil {
			return w.onCondition
		}
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("update item: %w", err)
	}
	return nil
}

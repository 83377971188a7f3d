package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// payItem is what checkPayments reads of an item: a local provider's
// charge or refund (shared/payments/localpay), a charge's claim
// (CHARGE#<id>, shared/store) or an order.
type payItem struct {
	PK             string       `dynamodbav:"pk"`
	SK             string       `dynamodbav:"sk"`
	Kind           string       `dynamodbav:"kind"`
	ID             string       `dynamodbav:"id"`
	Key            string       `dynamodbav:"key"`
	Status         string       `dynamodbav:"status"`
	State          string       `dynamodbav:"state"`
	ChargeID       string       `dynamodbav:"chargeId"`
	OrderID        string       `dynamodbav:"orderId"`
	SubscriptionID string       `dynamodbav:"subscriptionId"`
	Type           string       `dynamodbav:"type"`
	Payment        string       `dynamodbav:"payment"`
	Paid           bool         `dynamodbav:"paid"`
	Amount         domain.Money `dynamodbav:"amount"`
	Refunded       domain.Money `dynamodbav:"refunded"`
	CreatedAt      time.Time    `dynamodbav:"createdAt"`
	At             time.Time    `dynamodbav:"at"`
}

// The local provider's keys (shared/payments/localpay) and the claims'.
const (
	localCharge  = "LOCALPAY#CHARGE#" // + id, sk CHARGE: a charge
	localRefund  = "LOCALPAY#REFUND#" // + key, sk REFUND: a refund
	localCharges = "LOCALPAY#CHARGES" // sk time#id: the charges reconciliation lists
	claimPrefix  = "CHARGE#"          // + id, sk CHARGE: the charge's claim
	orphanKey    = "orphan#"          // + id: the key of reconciliation's refund
)

// sweepReport is a sweep's report (shared/sweeps.Report); for
// PaymentReconcileSweep, processed are the charges it refunded, skipped
// the others it checked.
type sweepReport struct{ Processed, Skipped, Failed int }

// local POSTs body to the runner's local endpoint path once and decodes
// its answer into out; an answer other than 200 is a violation.
func (s *soak) local(ctx context.Context, path, body string, out any) error {
	a, err := s.call(ctx, "POST", path, "", body, "")
	if err != nil {
		return fmt.Errorf("POST %s: %w", path, err)
	}
	if a.Status != http.StatusOK || json.Unmarshal(a.Body, out) != nil {
		s.violate("", "POST %s %s answered %d: %s", path, body, a.Status, a.Body)
	}
	return nil
}

// ledger is the table's money, as checkPayments reads it.
type ledger struct {
	charges  map[string]payItem   // provider charges by id
	listed   map[string]bool      // charge ids in the provider's list
	refunds  map[string][]payItem // refunds by charge id
	refundID map[string]payItem   // refunds by id
	claims   map[string]payItem   // claims by charge id
	orders   map[string]payItem   // orders by id
	carrying map[string][]string  // ids of the charge orders carrying a charge id
}

// readLedger scans the table for the provider's records, the claims and
// the orders.
func (s *soak) readLedger(ctx context.Context) (*ledger, error) {
	db, err := s.db(ctx)
	if err != nil {
		return nil, err
	}
	l := &ledger{charges: map[string]payItem{}, listed: map[string]bool{}, refunds: map[string][]payItem{},
		refundID: map[string]payItem{}, claims: map[string]payItem{}, orders: map[string]payItem{}, carrying: map[string][]string{}}
	str := func(m map[string]types.AttributeValue, name string) string {
		if v, ok := m[name].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		return ""
	}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		for _, m := range page.Items {
			pk, sk, kind := str(m, "pk"), str(m, "sk"), str(m, "kind")
			ours := kind == "order" || pk == localCharges ||
				(sk == "CHARGE" && (strings.HasPrefix(pk, localCharge) || strings.HasPrefix(pk, claimPrefix))) ||
				(sk == "REFUND" && strings.HasPrefix(pk, localRefund))
			if !ours {
				continue
			}
			var it payItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return nil, fmt.Errorf("item %s %s: %w", pk, sk, err)
			}
			switch {
			case kind == "order":
				l.orders[it.ID] = it
				if it.ChargeID != "" && it.Type != domain.OrderCredit {
					l.carrying[it.ChargeID] = append(l.carrying[it.ChargeID], it.ID)
				}
			case pk == localCharges:
				l.listed[it.ID] = true
			case strings.HasPrefix(pk, localCharge):
				l.charges[it.ID] = it
			case strings.HasPrefix(pk, localRefund):
				l.refunds[it.ChargeID] = append(l.refunds[it.ChargeID], it)
				l.refundID[it.ID] = it
			default:
				l.claims[strings.TrimPrefix(pk, claimPrefix)] = it
			}
		}
	}
	for _, ids := range l.carrying {
		slices.Sort(ids)
	}
	return l, nil
}

// checkPayments proves exactly-once charging (docs/spec.md §10). It moves
// the runner's clock 2 hours on — past app.ReconcileGrace — which runs the
// due sweeps (PaymentRetrySweep pays the card cancels' refunds,
// PaymentReconcileSweep refunds the charges no order claimed), runs
// PaymentReconcileSweep once more, then reads the table straight: every
// succeeded charge is claimed by exactly one order (the order carries it,
// paid, and its CHARGE# claim is paid and names it) or was refunded in
// full as an orphan; no order carries a charge the provider doesn't have;
// no two orders share one; each acknowledged card purchase has one paid
// purchase order and its claimed charge; each card credit was refunded.
func (s *soak) checkPayments(ctx context.Context, chains []*chain) error {
	// Once each, not retried: a clock moved by a try that answered 5xx
	// would move again.
	began := time.Now()
	var moved struct{ Sweeps map[string]sweepReport }
	if err := s.local(ctx, "/_local/clock", `{"advance":"2h"}`, &moved); err != nil {
		return err
	}
	var again sweepReport
	if err := s.local(ctx, "/_local/sweeps/PaymentReconcileSweep", "", &again); err != nil {
		return err
	}
	retry, rec := moved.Sweeps["PaymentRetrySweep"], moved.Sweeps["PaymentReconcileSweep"]
	s.logf("moved the runner's clock 2h on and ran the sweeps in %s: PaymentRetrySweep did %d, PaymentReconcileSweep refunded %d of %d charges, then %d of %d",
		time.Since(began).Round(10*time.Millisecond), retry.Processed, rec.Processed, rec.Processed+rec.Skipped, again.Processed, again.Processed+again.Skipped)
	l, err := s.readLedger(ctx)
	if err != nil {
		return err
	}
	amount := func(m domain.Money) string { return fmt.Sprintf("%d %s", m.Amount, m.Currency) }

	// Orders: each charge an order carries is one the provider made, and
	// each refund a credit carries is one it paid back.
	for _, id := range sortedKeys(l.orders) {
		o := l.orders[id]
		switch {
		case o.ChargeID == "":
			if o.Paid && o.Payment == domain.PaymentCard && o.Type != domain.OrderCredit && o.Amount.Amount > 0 {
				s.violate("", "order %s (%s of %s) is paid by card, but carries no charge", o.ID, o.Type, o.SubscriptionID)
			}
		case o.Type == domain.OrderCredit:
			if rf, ok := l.refundID[o.ChargeID]; !ok || !strings.HasPrefix(rf.Key, o.ID+"#") {
				s.violate("", "credit order %s of %s carries refund %s, which the provider has not made for it", o.ID, o.SubscriptionID, o.ChargeID)
			}
		default:
			if ch, ok := l.charges[o.ChargeID]; !ok || ch.Status != string(payments.ChargeSucceeded) {
				s.violate("", "order %s (%s of %s) carries charge %s, which the provider doesn't have as succeeded (%q)", o.ID, o.Type, o.SubscriptionID, o.ChargeID, ch.Status)
			}
			if !o.Paid {
				s.violate("", "order %s (%s of %s) carries charge %s, but is not paid", o.ID, o.Type, o.SubscriptionID, o.ChargeID)
			}
		}
	}
	// Claims: each names a charge the provider made.
	for _, id := range sortedKeys(l.claims) {
		if ch, ok := l.charges[id]; !ok || ch.Status != string(payments.ChargeSucceeded) {
			s.violate("", "claim %s (%s, order %q) names a charge the provider doesn't have as succeeded (%q)", id, l.claims[id].State, l.claims[id].OrderID, ch.Status)
		}
	}
	// Charges: claimed by one order, or refunded in full as orphans.
	charges, claimed, orphans, reused := 0, 0, 0, 0
	for _, id := range sortedKeys(l.charges) {
		ch := l.charges[id]
		if ch.Status != string(payments.ChargeSucceeded) {
			continue
		}
		charges++
		if !l.listed[id] {
			s.violate("", "charge %s is missing from the provider's list, which reconciliation reads", id)
		}
		refunded := int64(0)
		for _, rf := range l.refunds[id] {
			refunded += rf.Amount.Amount
		}
		if refunded != ch.Refunded.Amount {
			s.violate("", "charge %s says %s refunded, its refunds add up to %d", id, amount(ch.Refunded), refunded)
		}
		carrying := l.carrying[id]
		if len(carrying) > 1 {
			s.duplicate(len(carrying)-1, "charge %s (%s) is carried by %d orders: %v", id, amount(ch.Amount), len(carrying), carrying)
		}
		claim := l.claims[id]
		switch claim.State {
		case store.ClaimPaid:
			claimed++
			// A claim is dated by the try that committed it, which decided
			// before it charged: one dated after the charge is a later try's
			// (after a kill, or a conflict, between charge and commit) that
			// got the same charge back.
			if claim.At.After(ch.CreatedAt) {
				reused++
			}
			if !slices.Contains(carrying, claim.OrderID) {
				s.violate("", "charge %s (%s) is claimed by order %s, but the orders carrying it are %v", id, amount(ch.Amount), claim.OrderID, carrying)
			}
			for _, rf := range l.refunds[id] {
				credit := l.orders[strings.TrimSuffix(rf.Key, "#"+id)]
				if rf.Key == orphanKey+id || credit.Type != domain.OrderCredit || !strings.HasSuffix(rf.Key, "#"+id) {
					s.violate("", "charge %s, claimed by order %s, was refunded %s by refund %s (key %s), which no credit order asked for", id, claim.OrderID, amount(rf.Amount), rf.ID, rf.Key)
				}
			}
		case store.ClaimRefunded:
			orphans++
			if len(carrying) > 0 {
				s.violate("", "charge %s was refunded as an orphan, but orders %v carry it", id, carrying)
			}
			hasOrphanRefund := slices.ContainsFunc(l.refunds[id], func(rf payItem) bool { return rf.Key == orphanKey+id })
			if !hasOrphanRefund || ch.Refunded != ch.Amount {
				s.violate("", "orphan charge %s of %s is marked refunded, but the provider refunded %s of it (reconciliation's refund: %v)", id, amount(ch.Amount), amount(ch.Refunded), hasOrphanRefund)
			}
		case store.ClaimOrphan:
			s.violate("", "charge %s of %s (created %s) was marked an orphan, but not refunded", id, amount(ch.Amount), ch.CreatedAt)
		default:
			s.violate("", "charge %s of %s (created %s, key %s) is claimed by no order, and reconciliation did not refund it (claim state %q, orders carrying it %v)", id, amount(ch.Amount), ch.CreatedAt, ch.Key, claim.State, carrying)
		}
	}
	// Chains: each acknowledged card purchase has one paid purchase order
	// and its claimed charge; a central purchase none. Counts other than
	// one were reported by checkOrders.
	purchases, credits := map[string][]payItem{}, map[string][]payItem{}
	for _, id := range sortedKeys(l.orders) {
		switch o := l.orders[id]; o.Type {
		case domain.OrderPurchase:
			purchases[o.SubscriptionID] = append(purchases[o.SubscriptionID], o)
		case domain.OrderCredit:
			credits[o.SubscriptionID] = append(credits[o.SubscriptionID], o)
		}
	}
	cardCredits := 0
	for _, c := range chains {
		if c.Sub == "" || !c.Reqs[0].acked() || len(purchases[c.Sub]) != 1 {
			continue
		}
		o := purchases[c.Sub][0]
		if !c.Card {
			if o.ChargeID != "" || o.Payment == domain.PaymentCard {
				s.violate("", "chain %d: central purchase %s was charged to a card (%q, charge %q)", c.N, c.Sub, o.Payment, o.ChargeID)
			}
			continue
		}
		ch, claim := l.charges[o.ChargeID], l.claims[o.ChargeID]
		if !o.Paid || o.ChargeID == "" || ch.Status != string(payments.ChargeSucceeded) || claim.State != store.ClaimPaid || claim.OrderID != o.ID || ch.Amount != o.Amount {
			s.violate(c.Reqs[0].Key, "chain %d: card purchase %s has order %s (paid %v, %s, charge %q), the charge is %q for %s, its claim %q names order %q",
				c.N, c.Sub, o.ID, o.Paid, amount(o.Amount), o.ChargeID, ch.Status, amount(ch.Amount), claim.State, claim.OrderID)
		}
		// An acknowledged cancel inside the refund window credits the
		// purchase once, and the credit is refunded to the card.
		last := c.Reqs[len(c.Reqs)-1]
		if last.Op != "cancel" || !last.acked() || viewOf(last.Answer)["status"] != string(domain.StatusDeleted) {
			continue
		}
		switch n := len(credits[c.Sub]); {
		case n == 0:
			s.violate(last.Key, "chain %d: the cancel of %s acknowledged as %s made no credit order", c.N, c.Sub, domain.StatusDeleted)
		case n > 1:
			s.duplicate(n-1, "chain %d: %d credit orders for the cancel of %s", c.N, n, c.Sub)
		}
		for _, cr := range credits[c.Sub] {
			cardCredits++
			refunded := int64(0)
			for _, rf := range l.refunds[o.ChargeID] {
				if rf.Key == cr.ID+"#"+o.ChargeID {
					refunded += rf.Amount.Amount
				}
			}
			if !cr.Paid || refunded != cr.Amount.Amount {
				s.violate("", "chain %d: credit order %s of %s for %s (paid %v) got %d back on charge %s", c.N, cr.ID, c.Sub, amount(cr.Amount), cr.Paid, refunded, o.ChargeID)
			}
		}
	}
	s.vmu.Lock()
	s.charges, s.claimed, s.reused, s.orphans = charges, claimed, reused, orphans
	s.vmu.Unlock()
	s.logf("checked %d card charges (%d claimed by an order, %d of them by a later try than the one that charged; %d orphans refunded), %d claims, %d refunds, %d card credits",
		charges, claimed, reused, orphans, len(l.claims), len(l.refundID), cardCredits)
	return nil
}

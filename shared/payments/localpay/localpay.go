// Package localpay is the local test payment provider (docs/spec.md §10):
// the default of `make run` and the tests. It honours Stripe's test
// payment-method names — every id succeeds except those containing
// "chargeDeclined", which decline with the code the rest of the name spells
// (pm_card_chargeDeclined → generic_decline,
// pm_card_chargeDeclinedInsufficientFunds → insufficient_funds) — and keeps
// its charges and refunds durably in the DynamoDB table, apart from the
// application's items, so a process killed mid-request finds them again
// and tests can count them.
package localpay

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
	"selfserve/shared/ids"
	"selfserve/shared/payments"
	"selfserve/shared/store"
)

// Provider is the local test provider on a DynamoDB table.
type Provider struct {
	db    *dynamodb.Client
	table string
	now   func() time.Time
}

// New returns the provider keeping its records in table through db, with
// the clock now (the runner's, so local time travel dates charges too).
func New(db *dynamodb.Client, table string, now func() time.Time) *Provider {
	return &Provider{db: db, table: table, now: now}
}

var _ payments.Provider = (*Provider)(nil)

// DeclineCode is the decline code the test payment method pm asks for, ""
// when it succeeds.
func DeclineCode(pm string) string {
	_, rest, found := strings.Cut(pm, "chargeDeclined")
	if !found {
		return ""
	}
	if rest == "" {
		return "generic_decline"
	}
	var b strings.Builder
	for i, r := range rest {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

const listPK = "LOCALPAY#CHARGES"

type item struct {
	PK              string       `dynamodbav:"pk"`
	SK              string       `dynamodbav:"sk"`
	Kind            string       `dynamodbav:"kind"`
	ID              string       `dynamodbav:"id"`
	Key             string       `dynamodbav:"key"`
	Status          string       `dynamodbav:"status,omitempty"`
	DeclineCode     string       `dynamodbav:"declineCode,omitempty"`
	Amount          domain.Money `dynamodbav:"amount"`
	Refunded        domain.Money `dynamodbav:"refunded"`
	PaymentMethodID string       `dynamodbav:"paymentMethodId,omitempty"`
	OrderID         string       `dynamodbav:"orderId,omitempty"`
	TenantID        string       `dynamodbav:"tenantId,omitempty"`
	SubscriptionID  string       `dynamodbav:"subscriptionId,omitempty"`
	ChargeID        string       `dynamodbav:"chargeId,omitempty"`
	ListSK          string       `dynamodbav:"listSk,omitempty"`
	CreatedAt       time.Time    `dynamodbav:"createdAt"`
}

func (it item) charge() payments.Charge {
	return payments.Charge{ID: it.ID, Key: it.Key, Status: payments.ChargeStatus(it.Status), DeclineCode: it.DeclineCode,
		Amount: it.Amount, PaymentMethodID: it.PaymentMethodID, OrderID: it.OrderID, TenantID: it.TenantID,
		SubscriptionID: it.SubscriptionID, Refunded: it.Refunded, CreatedAt: it.CreatedAt}
}

func (it item) refund() payments.Refund {
	return payments.Refund{ID: it.ID, Key: it.Key, ChargeID: it.ChargeID, Amount: it.Amount, OrderID: it.OrderID, CreatedAt: it.CreatedAt}
}

func sortable(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// Charge charges req once per key: a repeated key answers the first
// outcome, whatever the request says now (as Stripe does within a day).
func (p *Provider) Charge(ctx context.Context, req payments.ChargeRequest) (payments.Charge, error) {
	if req.Key == "" || req.Amount.Amount <= 0 {
		return payments.Charge{}, fmt.Errorf("localpay: a charge needs a key and a positive amount")
	}
	keyPK := "LOCALPAY#KEY#" + req.Key
	if it, ok, err := p.get(ctx, keyPK, "KEY"); err != nil || ok {
		return it.charge(), err
	}
	now := p.now()
	it := item{Kind: "localCharge", ID: ids.New("pi", now), Key: req.Key, Status: string(payments.ChargeSucceeded),
		Amount: req.Amount, Refunded: domain.Money{Currency: req.Amount.Currency}, PaymentMethodID: req.PaymentMethodID,
		OrderID: req.OrderID, TenantID: req.TenantID, SubscriptionID: req.SubscriptionID, CreatedAt: now.UTC()}
	if code := DeclineCode(req.PaymentMethodID); code != "" {
		it.Status, it.DeclineCode = string(payments.ChargeDeclined), code
	}
	it.ListSK = sortable(now) + "#" + it.ID
	writes := []item{withKey(it, keyPK, "KEY"), withKey(it, "LOCALPAY#CHARGE#"+it.ID, "CHARGE")}
	if it.Status == string(payments.ChargeSucceeded) {
		writes = append(writes, withKey(it, listPK, it.ListSK))
	}
	if err := p.putNew(ctx, writes...); err != nil {
		if errors.Is(err, errTaken) { // another call with the key won
			got, _, gerr := p.get(ctx, keyPK, "KEY")
			return got.charge(), gerr
		}
		return payments.Charge{}, err
	}
	return it.charge(), nil
}

// Refund refunds req.Amount of a charge once per key.
func (p *Provider) Refund(ctx context.Context, req payments.RefundRequest) (payments.Refund, error) {
	if req.Key == "" || req.Amount.Amount <= 0 {
		return payments.Refund{}, fmt.Errorf("localpay: a refund needs a key and a positive amount")
	}
	keyPK := "LOCALPAY#REFUND#" + req.Key
	for {
		if it, ok, err := p.get(ctx, keyPK, "REFUND"); err != nil || ok {
			return it.refund(), err
		}
		ch, ok, err := p.get(ctx, "LOCALPAY#CHARGE#"+req.ChargeID, "CHARGE")
		if err != nil {
			return payments.Refund{}, err
		}
		if !ok || ch.Status != string(payments.ChargeSucceeded) {
			return payments.Refund{}, payments.ErrUnknownCharge
		}
		if req.Amount.Currency != ch.Amount.Currency || ch.Refunded.Amount+req.Amount.Amount > ch.Amount.Amount {
			return payments.Refund{}, fmt.Errorf("localpay: refund of %d %s exceeds what is left of charge %s", req.Amount.Amount, req.Amount.Currency, ch.ID)
		}
		now := p.now()
		rf := item{Kind: "localRefund", ID: ids.New("re", now), Key: req.Key, Amount: req.Amount, ChargeID: ch.ID,
			OrderID: req.OrderID, CreatedAt: now.UTC()}
		err = p.refundTx(ctx, withKey(rf, keyPK, "REFUND"), ch, ch.Refunded.Amount+req.Amount.Amount)
		if errors.Is(err, errTaken) {
			continue // a concurrent refund of the charge or with the key: read again
		}
		return rf.refund(), err
	}
}

// Charges lists the succeeded charges created in [from, to), oldest first.
func (p *Provider) Charges(ctx context.Context, from, to time.Time, after string, limit int) ([]payments.Charge, bool, error) {
	lower := sortable(from)
	if after != "" {
		ch, ok, err := p.get(ctx, "LOCALPAY#CHARGE#"+after, "CHARGE")
		if err != nil || !ok {
			return nil, false, errors.Join(err, payments.ErrUnknownCharge)
		}
		lower = ch.ListSK + "~" // just after it
	}
	out, err := p.db.Query(ctx, &dynamodb.QueryInput{TableName: &p.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression: aws.String("pk = :pk AND sk BETWEEN :lo AND :hi"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: listPK},
			":lo": &types.AttributeValueMemberS{Value: lower}, ":hi": &types.AttributeValueMemberS{Value: sortable(to)}},
		Limit: aws.Int32(int32(limit + 1))})
	if err != nil {
		return nil, false, fmt.Errorf("localpay: list charges: %w", err)
	}
	var items []item
	if err := attributevalue.UnmarshalListOfMaps(out.Items, &items); err != nil {
		return nil, false, err
	}
	var charges []payments.Charge
	for _, it := range items {
		if !it.CreatedAt.Before(to) {
			break
		}
		charges = append(charges, it.charge())
	}
	more := len(charges) > limit
	if more {
		charges = charges[:limit]
	}
	return charges, more, nil
}

func withKey(it item, pk, sk string) item {
	it.PK, it.SK = pk, sk
	return it
}

var errTaken = errors.New("localpay: taken")

func (p *Provider) get(ctx context.Context, pk, sk string) (item, bool, error) {
	out, err := p.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &p.table, ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}}})
	if err != nil || out.Item == nil {
		return item{}, false, err
	}
	var it item
	err = attributevalue.UnmarshalMap(out.Item, &it)
	return it, err == nil, err
}

// putNew writes items in one transaction, each on condition that it is new.
func (p *Provider) putNew(ctx context.Context, items ...item) error {
	tx := make([]types.TransactWriteItem, len(items))
	for i, it := range items {
		av, err := attributevalue.MarshalMap(it)
		if err != nil {
			return err
		}
		tx[i] = types.TransactWriteItem{Put: &types.Put{TableName: &p.table, Item: av, ConditionExpression: aws.String("attribute_not_exists(pk)")}}
	}
	return p.transact(ctx, tx)
}

// refundTx records refund rf of charge ch, whose refunded total becomes
// refunded, on condition that nothing was refunded meanwhile.
func (p *Provider) refundTx(ctx context.Context, rf, ch item, refunded int64) error {
	av, err := attributevalue.MarshalMap(rf)
	if err != nil {
		return err
	}
	tx := []types.TransactWriteItem{{Put: &types.Put{TableName: &p.table, Item: av, ConditionExpression: aws.String("attribute_not_exists(pk)")}}}
	for _, k := range [][2]string{{"LOCALPAY#CHARGE#" + ch.ID, "CHARGE"}, {"LOCALPAY#KEY#" + ch.Key, "KEY"}, {listPK, ch.ListSK}} {
		tx = append(tx, types.TransactWriteItem{Update: &types.Update{TableName: &p.table,
			Key:                       map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: k[0]}, "sk": &types.AttributeValueMemberS{Value: k[1]}},
			UpdateExpression:          aws.String("SET #r.#a = :new"),
			ConditionExpression:       aws.String("#r.#a = :old"),
			ExpressionAttributeNames:  map[string]string{"#r": "refunded", "#a": "Amount"}, // domain.Money's field, as marshalled
			ExpressionAttributeValues: map[string]types.AttributeValue{":new": num(refunded), ":old": num(ch.Refunded.Amount)}}})
	}
	return p.transact(ctx, tx)
}

func num(n int64) types.AttributeValue { return &types.AttributeValueMemberN{Value: fmt.Sprint(n)} }

func (p *Provider) transact(ctx context.Context, tx []types.TransactWriteItem) error {
	_, err := p.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tx})
	var canceled *types.TransactionCanceledException
	if errors.As(err, &canceled) {
		for _, r := range canceled.CancellationReasons {
			if c := aws.ToString(r.Code); c == "ConditionalCheckFailed" || c == "TransactionConflict" {
				return errTaken
			}
		}
	}
	if err != nil {
		return fmt.Errorf("localpay: %w", err)
	}
	return nil
}

// On returns the provider keeping its records beside st's, in its table.
func On(st *store.Store, now func() time.Time) *Provider {
	db, table := st.DB()
	return New(db, table, now)
}

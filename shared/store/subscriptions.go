package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// subscriptionItem is a subscription as stored. Add-on ids extend their
// base's id, so the base and its add-ons share the sort-key prefix
// SUB#<baseId> and one Query reads a whole family.
type subscriptionItem struct {
	PK                   string              `dynamodbav:"pk"`
	SK                   string              `dynamodbav:"sk"`
	GSI1PK               string              `dynamodbav:"gsi1pk"`
	GSI1SK               string              `dynamodbav:"gsi1sk"`
	Kind                 string              `dynamodbav:"kind"`
	ID                   string              `dynamodbav:"id"`
	TenantID             string              `dynamodbav:"tenantId"`
	ProductID            string              `dynamodbav:"productId"`
	ProductName          string              `dynamodbav:"productName"`
	BillingType          string              `dynamodbav:"billingType"`
	BillingFrequency     string              `dynamodbav:"billingFrequency"`
	Quantity             int                 `dynamodbav:"quantity"`
	Channel              string              `dynamodbav:"channel"`
	Purchaser            purchaserAttr       `dynamodbav:"purchaser"`
	Status               string              `dynamodbav:"status"`
	AutoRenew            bool                `dynamodbav:"autoRenew,omitempty"`
	CancelAtTermEnd      bool                `dynamodbav:"cancelAtTermEnd,omitempty"`
	HasPaymentMethod     bool                `dynamodbav:"hasPaymentMethod,omitempty"`
	PaymentMethodID      string              `dynamodbav:"paymentMethodId,omitempty"`
	CreatedAt            time.Time           `dynamodbav:"createdAt"`
	TrialEndsAt          *time.Time          `dynamodbav:"trialEndsAt,omitempty"`
	TermAnchor           time.Time           `dynamodbav:"termAnchor"`
	TermIndex            int                 `dynamodbav:"termIndex,omitempty"`
	TermStart            time.Time           `dynamodbav:"termStart"`
	TermEnd              time.Time           `dynamodbav:"termEnd"`
	RefundableUntil      *time.Time          `dynamodbav:"refundableUntil,omitempty"`
	SuspendedAt          *time.Time          `dynamodbav:"suspendedAt,omitempty"`
	SuspensionReason     string              `dynamodbav:"suspensionReason,omitempty"`
	DataDeletionAt       *time.Time          `dynamodbav:"dataDeletionAt,omitempty"`
	CancelledAt          *time.Time          `dynamodbav:"cancelledAt,omitempty"`
	CancellationReason   string              `dynamodbav:"cancellationReason,omitempty"`
	CancellationCode     string              `dynamodbav:"cancellationReasonCode,omitempty"`
	TakenOver            *takeOverAttr       `dynamodbav:"takenOver,omitempty"`
	BaseSubscriptionID   string              `dynamodbav:"baseSubscriptionId,omitempty"`
	PartnerID            string              `dynamodbav:"partnerId,omitempty"`
	CustomerPurchase     bool                `dynamodbav:"customerPurchase,omitempty"`
	AzureSubscriptionID  string              `dynamodbav:"azureSubscriptionId,omitempty"`
	BillTo               billToAttr          `dynamodbav:"billTo"`
	UnitPrice            domain.Money        `dynamodbav:"unitPrice"`
	Price                domain.Money        `dynamodbav:"price"`
	ChargedThisTerm      domain.Money        `dynamodbav:"chargedThisTerm"`
	CancellationWindow   string              `dynamodbav:"cancellationWindow"`
	AssignedLicenses     int                 `dynamodbav:"assignedLicenses,omitempty"`
	ReservedLicenses     int                 `dynamodbav:"reservedLicenses,omitempty"`
	MovingTo             string              `dynamodbav:"movingTo,omitempty"`
	RefundWindowClosed   bool                `dynamodbav:"refundWindowClosed,omitempty"`
	TrialWarned          bool                `dynamodbav:"trialWarned,omitempty"`
	HasAddOns            bool                `dynamodbav:"hasAddOns,omitempty"`
	LimitOnePerTenant    bool                `dynamodbav:"limitOnePerTenant,omitempty"`
	DeletionWarningsSent []int               `dynamodbav:"deletionWarningsSent,omitempty"`
	PaymentDue           *paymentDueAttr     `dynamodbav:"paymentDue,omitempty"`
	TermCharges          []domain.ChargeRef  `dynamodbav:"termCharges,omitempty"`
	PendingRefunds       []domain.RefundPart `dynamodbav:"pendingRefunds,omitempty"`
	// DueShard, DueAt and DueAction place the next scheduled action in the
	// sparse due index (absent when nothing is due).
	DueShard  string            `dynamodbav:"dueShard,omitempty"`
	DueAt     string            `dynamodbav:"dueAt,omitempty"`
	DueAction string            `dynamodbav:"dueAction,omitempty"`
	Version   int64             `dynamodbav:"version"`
	EventSeq  int64             `dynamodbav:"eventSeq"`
	Extra     map[string]string `dynamodbav:"extra,omitempty"`
}

type purchaserAttr struct {
	UserID string `dynamodbav:"userId"`
	Name   string `dynamodbav:"name,omitempty"`
	Email  string `dynamodbav:"email,omitempty"`
	Locale string `dynamodbav:"locale,omitempty"`
}

// paymentDueAttr is domain.PaymentDue as stored (its orders included).
type paymentDueAttr struct {
	Amount      domain.Money      `dynamodbav:"amount"`
	Since       time.Time         `dynamodbav:"since"`
	Attempts    int               `dynamodbav:"attempts"`
	NextRetryAt *time.Time        `dynamodbav:"nextRetryAt,omitempty"`
	DeclineCode string            `dynamodbav:"declineCode,omitempty"`
	Orders      []domain.OrderRef `dynamodbav:"orders"`
}

type takeOverAttr struct {
	By string    `dynamodbav:"by"`
	At time.Time `dynamodbav:"at"`
}

type billToAttr struct {
	Type string `dynamodbav:"type"`
	ID   string `dynamodbav:"id"`
}

func toSubscriptionItem(s domain.Subscription) subscriptionItem {
	k := subKey(s.TenantID, s.ID)
	it := subscriptionItem{
		PK: k.pk, SK: k.sk, GSI1PK: userGSI1PK(s.TenantID, s.Purchaser.UserID), GSI1SK: k.sk, Kind: "subscription",
		ID: s.ID, TenantID: s.TenantID, ProductID: s.ProductID, ProductName: s.ProductName, BillingType: s.BillingType,
		BillingFrequency: s.BillingFrequency, Quantity: s.Quantity, Channel: string(s.Channel),
		Purchaser: purchaserAttr(s.Purchaser), Status: string(s.Status), AutoRenew: s.AutoRenew, CancelAtTermEnd: s.CancelAtTermEnd,
		HasPaymentMethod: s.HasPaymentMethod, PaymentMethodID: s.PaymentMethodID, CreatedAt: s.CreatedAt.UTC(),
		TrialEndsAt: utcPtr(s.TrialEndsAt), TermAnchor: s.TermAnchor.UTC(), TermIndex: s.TermIndex, TermStart: s.TermStart.UTC(),
		TermEnd: s.TermEnd.UTC(), RefundableUntil: utcPtr(s.RefundableUntil), SuspendedAt: utcPtr(s.SuspendedAt),
		SuspensionReason: s.SuspensionReason, DataDeletionAt: utcPtr(s.DataDeletionAt), CancelledAt: utcPtr(s.CancelledAt),
		CancellationReason: s.CancellationReason, CancellationCode: s.CancellationReasonCode, BaseSubscriptionID: s.BaseSubscriptionID, PartnerID: s.PartnerID,
		CustomerPurchase: s.CustomerPurchase, AzureSubscriptionID: s.AzureSubscriptionID,
		BillTo: billToAttr(s.BillTo), UnitPrice: s.UnitPrice, Price: s.Price, ChargedThisTerm: s.ChargedThisTerm,
		CancellationWindow: s.CancellationWindow, AssignedLicenses: s.AssignedLicenses, Version: s.Version, EventSeq: s.EventSeq,
		ReservedLicenses: s.ReservedLicenses, MovingTo: s.MovingTo,
		RefundWindowClosed: s.RefundWindowClosed, TrialWarned: s.TrialWarned, DeletionWarningsSent: s.DeletionWarningsSent,
		HasAddOns: s.HasAddOns, LimitOnePerTenant: s.LimitOnePerTenant, TermCharges: s.TermCharges, PendingRefunds: s.PendingRefunds,
	}
	if d := s.PaymentDue; d != nil {
		it.PaymentDue = &paymentDueAttr{Amount: d.Amount, Since: d.Since.UTC(), Attempts: d.Attempts, NextRetryAt: utcPtr(d.NextRetryAt),
			DeclineCode: d.DeclineCode, Orders: d.Orders}
	}
	if d, ok := s.NextDue(); ok {
		it.DueShard, it.DueAt, it.DueAction = dueShard(d.Action.Sweep(), s.ID), dueAt(d.At, s.ID), string(d.Action)
	}
	if s.TakenOver != nil {
		it.TakenOver = &takeOverAttr{By: s.TakenOver.By, At: s.TakenOver.At.UTC()}
	}
	return it
}

func (it subscriptionItem) toDomain() domain.Subscription {
	s := domain.Subscription{
		ID: it.ID, TenantID: it.TenantID, ProductID: it.ProductID, ProductName: it.ProductName, BillingType: it.BillingType,
		BillingFrequency: it.BillingFrequency, Quantity: it.Quantity, Channel: domain.Channel(it.Channel),
		Purchaser: domain.Purchaser(it.Purchaser), Status: domain.Status(it.Status), AutoRenew: it.AutoRenew,
		CancelAtTermEnd: it.CancelAtTermEnd, HasPaymentMethod: it.HasPaymentMethod, PaymentMethodID: it.PaymentMethodID,
		CreatedAt: it.CreatedAt, TrialEndsAt: it.TrialEndsAt, TermAnchor: it.TermAnchor, TermIndex: it.TermIndex,
		TermStart: it.TermStart, TermEnd: it.TermEnd, RefundableUntil: it.RefundableUntil, SuspendedAt: it.SuspendedAt,
		SuspensionReason: it.SuspensionReason, DataDeletionAt: it.DataDeletionAt, CancelledAt: it.CancelledAt,
		CancellationReason: it.CancellationReason, CancellationReasonCode: it.CancellationCode, BaseSubscriptionID: it.BaseSubscriptionID, PartnerID: it.PartnerID,
		CustomerPurchase: it.CustomerPurchase, AzureSubscriptionID: it.AzureSubscriptionID,
		BillTo: domain.BillTo(it.BillTo), UnitPrice: it.UnitPrice, Price: it.Price, ChargedThisTerm: it.ChargedThisTerm,
		CancellationWindow: it.CancellationWindow, AssignedLicenses: it.AssignedLicenses, Version: it.Version, EventSeq: it.EventSeq,
		ReservedLicenses: it.ReservedLicenses, MovingTo: it.MovingTo,
		RefundWindowClosed: it.RefundWindowClosed, TrialWarned: it.TrialWarned, DeletionWarningsSent: it.DeletionWarningsSent,
		HasAddOns: it.HasAddOns, LimitOnePerTenant: it.LimitOnePerTenant, TermCharges: it.TermCharges, PendingRefunds: it.PendingRefunds,
	}
	if d := it.PaymentDue; d != nil {
		s.PaymentDue = &domain.PaymentDue{Amount: d.Amount, Since: d.Since, Attempts: d.Attempts, NextRetryAt: d.NextRetryAt,
			DeclineCode: d.DeclineCode, Orders: d.Orders}
	}
	if it.TakenOver != nil {
		s.TakenOver = &domain.TakeOver{By: it.TakenOver.By, At: it.TakenOver.At}
	}
	return s
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type orderItem struct {
	PK             string       `dynamodbav:"pk"`
	SK             string       `dynamodbav:"sk"`
	GSI1PK         string       `dynamodbav:"gsi1pk"`
	GSI1SK         string       `dynamodbav:"gsi1sk"`
	Kind           string       `dynamodbav:"kind"`
	ID             string       `dynamodbav:"id"`
	TenantID       string       `dynamodbav:"tenantId"`
	SubscriptionID string       `dynamodbav:"subscriptionId"`
	ProductID      string       `dynamodbav:"productId"`
	ProductName    string       `dynamodbav:"productName"`
	Type           string       `dynamodbav:"type"`
	Quantity       int          `dynamodbav:"quantity"`
	Amount         domain.Money `dynamodbav:"amount"`
	BillTo         billToAttr   `dynamodbav:"billTo"`
	PurchaserID    string       `dynamodbav:"purchaserId"`
	PeriodStart    time.Time    `dynamodbav:"periodStart"`
	PeriodEnd      time.Time    `dynamodbav:"periodEnd"`
	At             time.Time    `dynamodbav:"at"`
	Payment        string       `dynamodbav:"payment,omitempty"`
	Paid           bool         `dynamodbav:"paid"`
	ChargeID       string       `dynamodbav:"chargeId,omitempty"`
	// DueShard and DueAt place the order on the invoice it waits for;
	// InvoiceID is the final invoice it is billed on (invoices.go).
	DueShard  string `dynamodbav:"dueShard,omitempty"`
	DueAt     string `dynamodbav:"dueAt,omitempty"`
	InvoiceID string `dynamodbav:"invoiceId,omitempty"`
}

func (s *Store) putOrder(o domain.Order) (write, error) {
	sk := orderSK(o.At, o.ID)
	it := orderItem{PK: tenantPK(o.TenantID), SK: sk, GSI1PK: userGSI1PK(o.TenantID, o.PurchaserID), GSI1SK: sk, Kind: "order",
		ID: o.ID, TenantID: o.TenantID, SubscriptionID: o.SubscriptionID, ProductID: o.ProductID, ProductName: o.ProductName,
		Type: o.Type, Quantity: o.Quantity, Amount: o.Amount, BillTo: billToAttr(o.BillTo), PurchaserID: o.PurchaserID,
		PeriodStart: o.PeriodStart.UTC(), PeriodEnd: o.PeriodEnd.UTC(), At: o.At.UTC(), Payment: o.Payment, Paid: o.Paid, ChargeID: o.ChargeID}
	it.invoiceDue(domain.InvoiceOf(o))
	cond := expression.AttributeNotExists(expression.Name("pk"))
	return s.put(it, &cond, ErrConflict)
}

// appendOrders appends the Puts of orders to writes.
func (s *Store) appendOrders(writes []write, orders []domain.Order) ([]write, error) {
	for _, o := range orders {
		w, err := s.putOrder(o)
		if err != nil {
			return nil, err
		}
		writes = append(writes, w)
	}
	return writes, nil
}

func (it orderItem) toDomain() domain.Order {
	return domain.Order{ID: it.ID, TenantID: it.TenantID, SubscriptionID: it.SubscriptionID, ProductID: it.ProductID,
		ProductName: it.ProductName, Type: it.Type, Quantity: it.Quantity, Amount: it.Amount, BillTo: domain.BillTo(it.BillTo),
		PurchaserID: it.PurchaserID, PeriodStart: it.PeriodStart, PeriodEnd: it.PeriodEnd, At: it.At,
		Payment: it.Payment, Paid: it.Paid, ChargeID: it.ChargeID}
}

// CreateContext is what deciding a purchase needs, read in one round trip.
type CreateContext struct {
	Tenant domain.Tenant
	// TrialUsed is true when the purchaser already had a trial of the product.
	TrialUsed bool
	// LimitHolder is the live subscription of a limit-one-per-tenant product,
	// with its status, or "" when there is none.
	LimitHolder       string
	LimitHolderStatus domain.Status
	// Replay is the live idempotency record of the request's key, if any.
	Replay *Idempotency
}

type markerItem struct {
	PK             string `dynamodbav:"pk"`
	SK             string `dynamodbav:"sk"`
	Kind           string `dynamodbav:"kind"`
	SubscriptionID string `dynamodbav:"subscriptionId"`
	Status         string `dynamodbav:"status,omitempty"`
}

// LoadCreateContext reads the tenant, the markers of productID for userID
// and the idempotency record of idemHash in one BatchGetItem. Returns
// CodeNotFound for a missing tenant.
func (s *Store) LoadCreateContext(ctx context.Context, tenantID, productID, userID, idemHash string, now time.Time) (CreateContext, error) {
	keys := []key{tenantKey(tenantID), trialKey(tenantID, productID, userID), limitKey(tenantID, productID), idempotencyKey(idemHash)}
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return CreateContext{}, err
	}
	var cc CreateContext
	if ii, ok := items[idempotencyKey(idemHash)]; ok {
		var it idempotencyItem
		if err := attributevalue.UnmarshalMap(ii, &it); err != nil {
			return cc, err
		}
		if it.ExpiresAt > now.Unix() {
			rec, err := it.record(idemHash)
			if err != nil {
				return cc, err
			}
			cc.Replay = &rec
		}
	}
	tk := tenantKey(tenantID)
	ti, ok := items[tk]
	if !ok {
		return cc, tenantNotFound(tenantID)
	}
	var t tenantItem
	if err := attributevalue.UnmarshalMap(ti, &t); err != nil {
		return cc, err
	}
	cc.Tenant = t.toDomain()
	_, cc.TrialUsed = items[trialKey(tenantID, productID, userID)]
	if li, ok := items[limitKey(tenantID, productID)]; ok {
		var m markerItem
		if err := attributevalue.UnmarshalMap(li, &m); err != nil {
			return cc, err
		}
		cc.LimitHolder, cc.LimitHolderStatus = m.SubscriptionID, domain.Status(m.Status)
	}
	return cc, nil
}

// batchGet reads keys (≤ 100) strongly consistently in one round trip (plus
// one per throttled remainder) and returns the items found by key.
func (s *Store) batchGet(ctx context.Context, keys []key) (map[key]map[string]types.AttributeValue, error) {
	req := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		req[i] = k.av()
	}
	out := map[key]map[string]types.AttributeValue{}
	pending := map[string]types.KeysAndAttributes{s.table: {Keys: req, ConsistentRead: aws.Bool(true)}}
	for len(pending) > 0 && len(pending[s.table].Keys) > 0 {
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
		if err != nil {
			return nil, fmt.Errorf("batch get: %w", err)
		}
		for _, it := range res.Responses[s.table] {
			pk, _ := it["pk"].(*types.AttributeValueMemberS)
			sk, _ := it["sk"].(*types.AttributeValueMemberS)
			if pk != nil && sk != nil {
				out[key{pk.Value, sk.Value}] = it
			}
		}
		pending = res.UnprocessedKeys
	}
	return out, nil
}

// Markers says which uniqueness markers a creation writes.
type Markers struct {
	// Trial: one trial per purchaser and product (never released).
	Trial bool
	// Limit: one live subscription per tenant for the product.
	Limit bool
	// Owner, for a customer's reservation purchase, fails the creation
	// unless the reservations permission is still on and the buyer still
	// Owner of the Active Azure plan subscription.
	Owner *AzurePlanOwner
}

// CreateSubscription commits a new subscription with its markers and
// effects in one transaction. Returns ErrConflict when a marker appeared
// since they were read: the caller decides again on what it reads then (a
// trial used, the tenant's one subscription).
func (s *Store) CreateSubscription(ctx context.Context, sub domain.Subscription, m Markers, fx Effects) error {
	notExists := expression.AttributeNotExists(expression.Name("pk"))
	w, err := s.put(toSubscriptionItem(sub), &notExists, ErrConflict)
	if err != nil {
		return err
	}
	writes := []write{w}
	if m.Trial {
		k := trialKey(sub.TenantID, sub.ProductID, sub.Purchaser.UserID)
		w, err := s.put(markerItem{PK: k.pk, SK: k.sk, Kind: "trialMarker", SubscriptionID: sub.ID}, &notExists, ErrConflict)
		if err != nil {
			return err
		}
		writes = append(writes, w)
	}
	if m.Limit {
		k := limitKey(sub.TenantID, sub.ProductID)
		w, err := s.put(markerItem{PK: k.pk, SK: k.sk, Kind: "limitMarker", SubscriptionID: sub.ID, Status: string(sub.Status)}, &notExists, ErrConflict)
		if err != nil {
			return err
		}
		writes = append(writes, w)
	}
	if m.Owner != nil {
		perm, err := s.conditionCheck(tenantKey(sub.TenantID), expression.Name("permissions").AppendName(expression.Name(domain.PermissionReservations)).
			AppendName(expression.Name("enabled")).Equal(expression.Value(true)),
			domain.Errorf(domain.CodeCustomerPermissionReq, "your partner turned the reservations permission off").AsRefusal())
		if err != nil {
			return err
		}
		checks, err := s.ownerChecks(sub.TenantID, *m.Owner, true)
		if err != nil {
			return err
		}
		writes = append(append(writes, perm), checks...)
	}
	return s.commit(ctx, fx.At, writes, fx)
}

// conditionCheck builds a ConditionCheck of the item at k.
func (s *Store) conditionCheck(k key, cond expression.ConditionBuilder, onCondition error) (write, error) {
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return write{}, err
	}
	return write{item: types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: k.av(),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}},
		onCondition: onCondition}, nil
}

// Family is a base subscription and its add-ons, read together.
type Family struct {
	Base   domain.Subscription
	AddOns []domain.Subscription
}

// Get returns the member of the family with id.
func (f Family) Get(id string) (domain.Subscription, bool) {
	if f.Base.ID == id {
		return f.Base, true
	}
	for _, a := range f.AddOns {
		if a.ID == id {
			return a, true
		}
	}
	return domain.Subscription{}, false
}

// baseIDLen is the length of a base subscription id ("sub_" + 26).
const baseIDLen = 30

// BaseID returns the id of the family root of subscription id.
func BaseID(id string) string {
	if len(id) > baseIDLen {
		return id[:baseIDLen]
	}
	return id
}

func subscriptionNotFound(id string) error {
	return domain.Errorf(domain.CodeNotFound, "subscription %q not found", id)
}

// GetFamily reads the family of subscription id (its base and every add-on)
// in one consistent Query. Returns CodeNotFound.
func (s *Store) GetFamily(ctx context.Context, tenantID, id string) (Family, error) {
	kc := expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith(subSK(BaseID(id))))
	items, err := queryAll[subscriptionItem](ctx, s, query{key: kc})
	if err != nil {
		return Family{}, err
	}
	var f Family
	found := false
	for _, it := range items {
		sub := it.toDomain()
		if sub.ID == id {
			found = true
		}
		if sub.BaseSubscriptionID == "" {
			f.Base = sub
		} else {
			f.AddOns = append(f.AddOns, sub)
		}
	}
	if !found || f.Base.ID == "" {
		return Family{}, subscriptionNotFound(id)
	}
	return f, nil
}

// GetSubscription reads subscription id of tenantID — with its base when
// it is an add-on — in one round trip: a GetItem, or one BatchGetItem of
// the two. Returns CodeNotFound.
func (s *Store) GetSubscription(ctx context.Context, tenantID, id string) (domain.Subscription, *domain.Subscription, error) {
	if BaseID(id) == id {
		var it subscriptionItem
		if err := s.getItem(ctx, subKey(tenantID, id), &it, subscriptionNotFound(id)); err != nil {
			return domain.Subscription{}, nil, err
		}
		return it.toDomain(), nil, nil
	}
	k, bk := subKey(tenantID, id), subKey(tenantID, BaseID(id))
	items, err := s.batchGet(ctx, []key{k, bk})
	if err != nil {
		return domain.Subscription{}, nil, err
	}
	var it, bt subscriptionItem
	if items[k] == nil || items[bk] == nil {
		return domain.Subscription{}, nil, subscriptionNotFound(id)
	}
	if err := attributevalue.UnmarshalMap(items[k], &it); err != nil {
		return domain.Subscription{}, nil, err
	}
	if err := attributevalue.UnmarshalMap(items[bk], &bt); err != nil {
		return domain.Subscription{}, nil, err
	}
	base := bt.toDomain()
	return it.toDomain(), &base, nil
}

// GetIdempotency returns the live record for hash, or ok=false.
func (s *Store) GetIdempotency(ctx context.Context, hash string, now time.Time) (Idempotency, bool, error) {
	var it idempotencyItem
	missing := domain.Errorf(domain.CodeNotFound, "no record")
	err := s.getItem(ctx, idempotencyKey(hash), &it, missing)
	if err == missing || (err == nil && it.ExpiresAt <= now.Unix()) {
		return Idempotency{}, false, nil
	}
	if err != nil {
		return Idempotency{}, false, err
	}
	rec, err := it.record(hash)
	return rec, err == nil, err
}

// deleteItem builds an unconditional Delete of k.
func (s *Store) deleteItem(k key) (write, error) {
	return write{item: types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: k.av()}}}, nil
}

// SubscriptionFilter selects subscriptions in a list; empty fields match all.
type SubscriptionFilter struct {
	Channel     string
	Status      string
	ProductID   string
	PurchaserID string
}

// ListSubscriptions lists a tenant's subscriptions newest first, one page
// per round trip; with a purchaser it reads that purchaser's index
// partition. A page may hold fewer items than its limit when filtered.
func (s *Store) ListSubscriptions(ctx context.Context, tenantID string, f SubscriptionFilter, p Page) ([]domain.Subscription, []byte, error) {
	q := query{newestFirst: true, key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith("SUB#"))}
	if f.PurchaserID != "" {
		q = query{newestFirst: true, index: gsi1, key: expression.Key("gsi1pk").Equal(expression.Value(userGSI1PK(tenantID, f.PurchaserID))).
			And(expression.Key("gsi1sk").BeginsWith("SUB#"))}
	}
	var conds []expression.ConditionBuilder
	for name, v := range map[string]string{"channel": f.Channel, "status": f.Status, "productId": f.ProductID} {
		if v != "" {
			conds = append(conds, expression.Name(name).Equal(expression.Value(v)))
		}
	}
	q.filter = and(conds)
	return domainPage[subscriptionItem, domain.Subscription](ctx, s, q, p)
}

// ListOrders lists a tenant's orders newest first (a purchaser's own through
// the index), optionally of one subscription.
func (s *Store) ListOrders(ctx context.Context, tenantID, purchaserID, subscriptionID string, p Page) ([]domain.Order, []byte, error) {
	q := query{newestFirst: true, key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith("ORDER#"))}
	if purchaserID != "" {
		q = query{newestFirst: true, index: gsi1, key: expression.Key("gsi1pk").Equal(expression.Value(userGSI1PK(tenantID, purchaserID))).
			And(expression.Key("gsi1sk").BeginsWith("ORDER#"))}
	}
	if subscriptionID != "" {
		q.filter = and([]expression.ConditionBuilder{expression.Name("subscriptionId").Equal(expression.Value(subscriptionID))})
	}
	return domainPage[orderItem, domain.Order](ctx, s, q, p)
}

func and(conds []expression.ConditionBuilder) *expression.ConditionBuilder {
	switch len(conds) {
	case 0:
		return nil
	case 1:
		return &conds[0]
	}
	c := expression.And(conds[0], conds[1], conds[2:]...)
	return &c
}

// ImportSubscriptions writes subscriptions as they are, without effects,
// 25 per BatchWriteItem: for seeding benchmarks and tests with large
// tables, never for the API (which commits every change with its effects).
func (s *Store) ImportSubscriptions(ctx context.Context, subs []domain.Subscription) error {
	reqs := make([]types.WriteRequest, 0, len(subs))
	for _, sub := range subs {
		av, err := attributevalue.MarshalMap(toSubscriptionItem(sub))
		if err != nil {
			return err
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: av}})
	}
	return s.batchWrite(ctx, reqs)
}

// batchWrite sends reqs 25 per BatchWriteItem (its limit), resending what
// DynamoDB leaves unprocessed. Not transactional: only for idempotent
// writes outside the API's change path.
func (s *Store) batchWrite(ctx context.Context, reqs []types.WriteRequest) error {
	for i := 0; i < len(reqs); i += 25 {
		pending := map[string][]types.WriteRequest{s.table: reqs[i:min(i+25, len(reqs))]}
		for len(pending[s.table]) > 0 {
			out, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return fmt.Errorf("batch write: %w", err)
			}
			pending = out.UnprocessedItems
		}
	}
	return nil
}

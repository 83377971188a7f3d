package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/domain"
)

// tenantItem is a tenant with its policy settings in one item, so a policy
// read is one GetItem and a policy change one transaction.
type tenantItem struct {
	PK             string                    `dynamodbav:"pk"`
	SK             string                    `dynamodbav:"sk"`
	GSI1PK         string                    `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK         string                    `dynamodbav:"gsi1sk,omitempty"`
	Kind           string                    `dynamodbav:"kind"`
	TenantID       string                    `dynamodbav:"tenantId"`
	Name           string                    `dynamodbav:"name"`
	Country        string                    `dynamodbav:"country"`
	HasAgreement   bool                      `dynamodbav:"hasAgreement"`
	PartnerID      string                    `dynamodbav:"partnerId,omitempty"`
	CreatedAt      time.Time                 `dynamodbav:"createdAt"`
	FirstBillingAt time.Time                 `dynamodbav:"firstBillingAt"`
	BillingEmail   string                    `dynamodbav:"billingEmail,omitempty"`
	Policies       map[string]policyAttr     `dynamodbav:"policies"`
	Permissions    map[string]permissionAttr `dynamodbav:"permissions,omitempty"`
	Version        int64                     `dynamodbav:"version"`
}

type policyAttr struct {
	Value     string    `dynamodbav:"value"`
	UpdatedAt time.Time `dynamodbav:"updatedAt"`
	UpdatedBy string    `dynamodbav:"updatedBy"`
}

func (it tenantItem) toDomain() domain.Tenant {
	t := domain.Tenant{TenantID: it.TenantID, Name: it.Name, Country: it.Country, HasAgreement: it.HasAgreement,
		PartnerID: it.PartnerID, CreatedAt: it.CreatedAt, FirstBillingAt: it.FirstBillingAt, BillingEmail: it.BillingEmail,
		Policies: make(map[string]domain.PolicySetting, len(it.Policies))}
	for id, p := range it.Policies {
		t.Policies[id] = domain.PolicySetting{Value: domain.PolicyValue(p.Value), UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	}
	if p, ok := it.Permissions[domain.PermissionReservations]; ok {
		t.Permissions.Reservations = domain.Permission{Enabled: p.Enabled, UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	}
	return t
}

func tenantNotFound(id string) error {
	return domain.Errorf(domain.CodeNotFound, "tenant %q not found", id)
}

// GetTenant returns a tenant with its policy settings in one round trip.
// Returns CodeNotFound.
func (s *Store) GetTenant(ctx context.Context, tenantID string) (domain.Tenant, error) {
	var it tenantItem
	if err := s.getItem(ctx, tenantKey(tenantID), &it, tenantNotFound(tenantID)); err != nil {
		return domain.Tenant{}, err
	}
	return it.toDomain(), nil
}

// PutTenant creates or replaces tenantID's commercial facts, keeping its
// policy settings and permissions, with optimistic locking against
// concurrent writers. decide gets the tenant as it is (nil if new) and
// returns the tenant to write with its effects, or false when there is
// nothing to change: then only the effects' idempotency record is written,
// so a replay still answers as the first request did. It reports whether
// the tenant was created. Returns decide's errors, ErrConflict.
func (s *Store) PutTenant(ctx context.Context, tenantID string, now time.Time, decide func(before *domain.Tenant) (domain.Tenant, Effects, bool, error)) (created bool, err error) {
	var before *domain.Tenant
	var version int64
	var it tenantItem
	switch err := s.getItem(ctx, tenantKey(tenantID), &it, tenantNotFound(tenantID)); {
	case err == nil:
		b := it.toDomain()
		before, version = &b, it.Version
	case domain.ErrorCode(err) != domain.CodeNotFound:
		return false, err
	}
	t, effects, change, err := decide(before)
	if err != nil {
		return false, err
	}
	if !change {
		if effects.Idempotency == nil {
			return false, nil
		}
		return false, s.commit(ctx, now, nil, Effects{Idempotency: effects.Idempotency})
	}
	k := tenantKey(t.TenantID)
	upd := expression.Set(expression.Name("kind"), expression.Value("tenant")).
		Set(expression.Name("tenantId"), expression.Value(t.TenantID)).
		Set(expression.Name("name"), expression.Value(t.Name)).
		Set(expression.Name("country"), expression.Value(t.Country)).
		Set(expression.Name("hasAgreement"), expression.Value(t.HasAgreement)).
		Set(expression.Name("createdAt"), expression.Value(t.CreatedAt.UTC())).
		Set(expression.Name("firstBillingAt"), expression.Value(t.FirstBillingAt.UTC())).
		Set(expression.Name("billingEmail"), expression.Value(t.BillingEmail)).
		Set(expression.Name("policies"), expression.IfNotExists(expression.Name("policies"), expression.Value(map[string]policyAttr{}))).
		Set(expression.Name("version"), expression.Value(version+1))
	if t.PartnerID != "" {
		upd = upd.Set(expression.Name("partnerId"), expression.Value(t.PartnerID)).
			Set(expression.Name("gsi1pk"), expression.Value(partnerGSI1PK(t.PartnerID))).
			Set(expression.Name("gsi1sk"), expression.Value(k.pk))
	} else {
		upd = upd.Remove(expression.Name("partnerId")).Remove(expression.Name("gsi1pk")).Remove(expression.Name("gsi1sk"))
	}
	var cond expression.ConditionBuilder
	if before == nil {
		cond = expression.AttributeNotExists(expression.Name("pk"))
	} else {
		cond = expression.Name("version").Equal(expression.Value(version))
	}
	w, err := s.update(k, upd, &cond, ErrConflict)
	if err != nil {
		return false, err
	}
	return before == nil, s.commit(ctx, now, []write{w}, effects)
}

// SetPolicy sets a tenant's AllowSelfServicePurchase value for a product in
// one round trip: a blind write, so the activity record has no "before"
// (the previous value is the "after" of the product's previous record).
// Returns CodeNotFound when the tenant doesn't exist.
func (s *Store) SetPolicy(ctx context.Context, tenantID, productID string, v domain.PolicySetting, now time.Time, fx Effects) error {
	upd := expression.Set(expression.Name("policies").AppendName(expression.Name(productID)),
		expression.Value(policyAttr{Value: string(v.Value), UpdatedAt: v.UpdatedAt.UTC(), UpdatedBy: v.UpdatedBy})).
		Add(expression.Name("version"), expression.Value(1))
	cond := expression.AttributeExists(expression.Name("pk"))
	w, err := s.update(tenantKey(tenantID), upd, &cond, tenantNotFound(tenantID))
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w}, fx)
}

// Page asks for one page of a list: at most Limit items after the opaque
// position After (from a previous page's Next).
type Page struct {
	Limit int32
	After []byte
}

// ListCustomers lists the tenants whose partner is partnerID, one page per
// round trip, through gsi1.
func (s *Store) ListCustomers(ctx context.Context, partnerID string, p Page) ([]domain.Tenant, []byte, error) {
	return domainPage[tenantItem, domain.Tenant](ctx, s, query{index: gsi1, key: expression.Key("gsi1pk").Equal(expression.Value(partnerGSI1PK(partnerID)))}, p)
}

// query is one Query: an index ("" for the table), its key condition and
// the order.
type query struct {
	index       string
	key         expression.KeyConditionBuilder
	filter      *expression.ConditionBuilder
	newestFirst bool
}

// storedAs is a storage item that converts to its domain value D.
type storedAs[D any] interface{ toDomain() D }

// domainPage runs one page of q (one round trip) and converts its items.
func domainPage[I storedAs[D], D any](ctx context.Context, s *Store, q query, p Page) ([]D, []byte, error) {
	var items []I
	next, err := s.queryPage(ctx, q, p, &items)
	if err != nil {
		return nil, nil, err
	}
	return toDomains[I, D](items), next, nil
}

// toDomains converts storage items to their domain values.
func toDomains[I storedAs[D], D any](items []I) []D {
	out := make([]D, len(items))
	for i, it := range items {
		out[i] = it.toDomain()
	}
	return out
}

// queryPage runs one page of q from p.After into out (a pointer to a slice of
// item structs) in one round trip, and returns the next page's position.
// Table queries read consistently; index queries can't.
func (s *Store) queryPage(ctx context.Context, q query, p Page, out any) ([]byte, error) {
	b := expression.NewBuilder().WithKeyCondition(q.key)
	if q.filter != nil {
		b = b.WithFilter(*q.filter)
	}
	expr, err := b.Build()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{TableName: &s.table, Limit: aws.Int32(p.Limit), ScanIndexForward: aws.Bool(!q.newestFirst),
		KeyConditionExpression: expr.KeyCondition(), FilterExpression: expr.Filter(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	} else {
		in.ConsistentRead = aws.Bool(true)
	}
	if in.ExclusiveStartKey, err = decodePosition(p.After); err != nil {
		return nil, err
	}
	res, err := s.db.Query(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if err := attributevalue.UnmarshalListOfMaps(res.Items, out); err != nil {
		return nil, err
	}
	return encodePosition(res.LastEvaluatedKey)
}

// encodePosition turns a LastEvaluatedKey (string attributes only, as every
// key of the table is) into bytes the transport seals into a cursor.
func encodePosition(k map[string]types.AttributeValue) ([]byte, error) {
	if len(k) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(k))
	for name, v := range k {
		s, ok := v.(*types.AttributeValueMemberS)
		if !ok {
			return nil, fmt.Errorf("key attribute %s is not a string", name)
		}
		m[name] = s.Value
	}
	return json.Marshal(m)
}

func decodePosition(b []byte) (map[string]types.AttributeValue, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, domain.FieldErrorf("cursor", "cursor is not valid")
	}
	out := make(map[string]types.AttributeValue, len(m))
	for name, v := range m {
		out[name] = &types.AttributeValueMemberS{Value: v}
	}
	return out, nil
}

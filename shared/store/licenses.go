package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// licenseItem is one user's seat: LICENSE#<subId>#<userId> in the tenant's
// partition. A license counts only while its subscription is Trial/Active.
type licenseItem struct {
	PK             string    `dynamodbav:"pk"`
	SK             string    `dynamodbav:"sk"`
	Kind           string    `dynamodbav:"kind"`
	TenantID       string    `dynamodbav:"tenantId"`
	SubscriptionID string    `dynamodbav:"subscriptionId"`
	ProductID      string    `dynamodbav:"productId"`
	ProductName    string    `dynamodbav:"productName"`
	PurchaserID    string    `dynamodbav:"purchaserId"`
	UserID         string    `dynamodbav:"userId"`
	Name           string    `dynamodbav:"name"`
	Email          string    `dynamodbav:"email"`
	AssignedAt     time.Time `dynamodbav:"assignedAt"`
	AssignedBy     string    `dynamodbav:"assignedBy"`
}

func (it licenseItem) toDomain() domain.License {
	return domain.License{TenantID: it.TenantID, SubscriptionID: it.SubscriptionID, ProductID: it.ProductID, ProductName: it.ProductName,
		PurchaserID: it.PurchaserID, UserID: it.UserID, Name: it.Name, Email: it.Email, AssignedAt: it.AssignedAt, AssignedBy: it.AssignedBy}
}

func (s *Store) putLicense(l domain.License) (write, error) {
	k := licenseKey(l.TenantID, l.SubscriptionID, l.UserID)
	it := licenseItem{PK: k.pk, SK: k.sk, Kind: "license", TenantID: l.TenantID, SubscriptionID: l.SubscriptionID, ProductID: l.ProductID,
		ProductName: l.ProductName, PurchaserID: l.PurchaserID, UserID: l.UserID, Name: l.Name, Email: l.Email,
		AssignedAt: l.AssignedAt.UTC(), AssignedBy: l.AssignedBy}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	return s.put(it, &cond, ErrConflict)
}

// AssignedAmong returns which of userIDs hold a license of the subscription,
// in one BatchGetItem (≤ 100 users).
func (s *Store) AssignedAmong(ctx context.Context, tenantID, subID string, userIDs []string) (map[string]bool, error) {
	keys := make([]key, len(userIDs))
	for i, u := range userIDs {
		keys[i] = licenseKey(tenantID, subID, u)
	}
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for i, k := range keys {
		if _, ok := items[k]; ok {
			out[userIDs[i]] = true
		}
	}
	return out, nil
}

// appendLicenses appends the writes of added licenses (each on condition
// that the user holds none of that subscription yet) and removed ones (each
// on condition that it exists) to writes.
func (s *Store) appendLicenses(writes []write, added, removed []domain.License) ([]write, error) {
	for _, l := range added {
		w, err := s.putLicense(l)
		if err != nil {
			return nil, err
		}
		writes = append(writes, w)
	}
	exists, err := expression.NewBuilder().WithCondition(expression.AttributeExists(expression.Name("pk"))).Build()
	if err != nil {
		return nil, err
	}
	for _, l := range removed {
		w, _ := s.deleteItem(licenseKey(l.TenantID, l.SubscriptionID, l.UserID))
		w.item.Delete.ConditionExpression, w.item.Delete.ExpressionAttributeNames = exists.Condition(), exists.Names()
		w.onCondition = domain.Errorf(domain.CodeNotFound, "user %q holds no license of this subscription", l.UserID)
		writes = append(writes, w)
	}
	return writes, nil
}

// ListLicenses lists a subscription's licenses by user id, one page per
// round trip.
func (s *Store) ListLicenses(ctx context.Context, tenantID, subID string, p Page) ([]domain.License, []byte, error) {
	kc := expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith(licensePrefix(subID)))
	return domainPage[licenseItem, domain.License](ctx, s, query{key: kc}, p)
}

// AllLicenses reads every license of the tenant, or of one subscription
// when subID is set, page after page.
func (s *Store) AllLicenses(ctx context.Context, tenantID, subID string) ([]domain.License, error) {
	prefix := "LICENSE#"
	if subID != "" {
		prefix = licensePrefix(subID)
	}
	items, err := queryAll[licenseItem](ctx, s, query{key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith(prefix))})
	return toDomains[licenseItem, domain.License](items), err
}

// AllSubscriptions reads every subscription of the tenant, page after page.
func (s *Store) AllSubscriptions(ctx context.Context, tenantID string) ([]domain.Subscription, error) {
	items, err := queryAll[subscriptionItem](ctx, s, query{key: expression.Key("pk").Equal(expression.Value(tenantPK(tenantID))).And(expression.Key("sk").BeginsWith("SUB#"))})
	return toDomains[subscriptionItem, domain.Subscription](items), err
}

// queryAll runs q page after page and returns every item.
func queryAll[T any](ctx context.Context, s *Store, q query) ([]T, error) {
	var out []T
	p := Page{Limit: 1000}
	for {
		var items []T
		next, err := s.queryPage(ctx, q, p, &items)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if next == nil {
			return out, nil
		}
		p.After = next
	}
}

// DeleteLicenses removes every license item of a subscription, 25 per
// BatchWriteItem; deleting an absent item is a no-op, so it can be
// repeated. For data deletion, whose licenses are too many for the
// transaction that records it.
func (s *Store) DeleteLicenses(ctx context.Context, tenantID, subID string) error {
	ls, err := s.AllLicenses(ctx, tenantID, subID)
	if err != nil {
		return err
	}
	reqs := make([]types.WriteRequest, len(ls))
	for i, l := range ls {
		reqs[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: licenseKey(tenantID, subID, l.UserID).av()}}
	}
	return s.batchWrite(ctx, reqs)
}

package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// roleItem is a user's role on a subscription (the Azure plan's Owner).
type roleItem struct {
	PK             string    `dynamodbav:"pk"`
	SK             string    `dynamodbav:"sk"`
	Kind           string    `dynamodbav:"kind"`
	SubscriptionID string    `dynamodbav:"subscriptionId"`
	UserID         string    `dynamodbav:"userId"`
	Role           string    `dynamodbav:"role"`
	AssignedAt     time.Time `dynamodbav:"assignedAt"`
	AssignedBy     string    `dynamodbav:"assignedBy"`
}

func roleKey(tenantID, subID, userID string) key {
	return key{tenantPK(tenantID), rolePrefix(subID) + userID}
}

// rolePrefix starts the sort keys of a subscription's roles.
func rolePrefix(subID string) string { return "ROLE#" + subID + "#" }

// AssignRole gives userID role on the subscription, guarded by the
// subscription's version as read (so it is still Active), with the effects.
func (s *Store) AssignRole(ctx context.Context, sub domain.Subscription, userID, role, by string, now time.Time, fx Effects) error {
	k := roleKey(sub.TenantID, sub.ID, userID)
	w, err := s.put(roleItem{PK: k.pk, SK: k.sk, Kind: "role", SubscriptionID: sub.ID, UserID: userID, Role: role, AssignedAt: now.UTC(), AssignedBy: by}, nil, nil)
	if err != nil {
		return err
	}
	guard, err := s.conditionCheck(subKey(sub.TenantID, sub.ID), expression.Name("version").Equal(expression.Value(sub.Version)), ErrConflict)
	if err != nil {
		return err
	}
	return s.commit(ctx, now, []write{w, guard}, fx)
}

package store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// DueSubscriptions returns one page of the subscriptions whose next action
// belongs to sweep and is due at now, from one shard of the due index (one
// round trip). The index is eventually consistent: callers re-check each
// item with a conditional write.
func (s *Store) DueSubscriptions(ctx context.Context, sweep string, shard int, now time.Time, p Page) ([]domain.Subscription, []byte, error) {
	kc := expression.Key("dueShard").Equal(expression.Value(fmt.Sprintf("DUE#%s#%d", sweep, shard))).
		And(expression.Key("dueAt").LessThanEqual(expression.Value(sortableTime(now) + "#~")))
	var items []subscriptionItem
	next, err := s.queryPage(ctx, query{index: dueIndex, key: kc}, p, &items)
	if err != nil {
		return nil, nil, err
	}
	out := make([]domain.Subscription, len(items))
	for i, it := range items {
		out[i] = it.toDomain()
	}
	return out, next, nil
}

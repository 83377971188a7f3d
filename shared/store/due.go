package store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"selfserve/shared/domain"
)

// DueSubscriptions returns one page of the subscriptions whose next action
// belongs to sweep and is due at now, from one shard of the due index (one
// round trip). The index is eventually consistent: callers re-check each
// item with a conditional write.
func (s *Store) DueSubscriptions(ctx context.Context, sweep string, shard int, now time.Time, p Page) ([]domain.Subscription, []byte, error) {
	return domainPage[subscriptionItem, domain.Subscription](ctx, s, dueQuery(sweep, shard, now), p)
}

// DueDeliveries returns one page of the pending deliveries due at now from
// one shard of the due index (one round trip, eventually consistent:
// callers commit conditioned on the version read).
func (s *Store) DueDeliveries(ctx context.Context, shard int, now time.Time, p Page) ([]domain.Delivery, []byte, error) {
	return domainPage[deliveryItem, domain.Delivery](ctx, s, dueQuery(SweepWebhookRetries, shard, now), p)
}

// dueQuery reads a shard of a sweep's due work up to now, oldest first.
func dueQuery(sweep string, shard int, now time.Time) query {
	return query{index: dueIndex, key: expression.Key("dueShard").Equal(expression.Value(dueShardKey(sweep, shard))).
		And(expression.Key("dueAt").LessThanEqual(expression.Value(sortableTime(now) + "#~")))}
}

package store

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// key is an item's primary key. Key helpers below are the only place that
// knows the key layout of docs/data-model.md.
type key struct{ pk, sk string }

func (k key) av() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: k.pk},
		"sk": &types.AttributeValueMemberS{Value: k.sk},
	}
}

const (
	skTenant      = "TENANT"
	skEvent       = "EVENT"
	skIdempotency = "IDEMPOTENCY"
	gsi1          = "gsi1"
	dueIndex      = "due"
)

func tenantPK(tenantID string) string       { return "TENANT#" + tenantID }
func tenantKey(tenantID string) key         { return key{tenantPK(tenantID), skTenant} }
func partnerGSI1PK(partnerID string) string { return "PARTNER#" + partnerID }
func activityPK(tenantID string) string     { return "ACTIVITY#" + tenantID }

// activitySK sorts a tenant's activity by time; the id breaks ties.
func activitySK(at time.Time, id string) string { return sortableTime(at) + "#" + id }
func eventKey(eventID string) key               { return key{"EVENT#" + eventID, skEvent} }
func idempotencyKey(hash string) key            { return key{"IDEMPOTENCY#" + hash, skIdempotency} }

// sortableLayout is a time in UTC with a fixed width, so strings sort as times.
const sortableLayout = "2006-01-02T15:04:05.000000000Z"

// sortableTime formats t in UTC with a fixed width so strings sort as times.
func sortableTime(t time.Time) string { return t.UTC().Format(sortableLayout) }

func subSK(subID string) string                 { return "SUB#" + subID }
func subKey(tenantID, subID string) key         { return key{tenantPK(tenantID), subSK(subID)} }
func userGSI1PK(tenantID, userID string) string { return tenantPK(tenantID) + "#USER#" + userID }
func licensePrefix(subID string) string         { return "LICENSE#" + subID + "#" }
func licenseKey(tenantID, subID, userID string) key {
	return key{tenantPK(tenantID), licensePrefix(subID) + userID}
}
func trialKey(tenantID, productID, userID string) key {
	return key{tenantPK(tenantID), "TRIAL#" + productID + "#" + userID}
}
func limitKey(tenantID, productID string) key     { return key{tenantPK(tenantID), "LIMIT#" + productID} }
func orderSK(at time.Time, orderID string) string { return "ORDER#" + sortableTime(at) + "#" + orderID }

// DueShards is how many partitions of the due index each sweep's work is
// spread over, so no sweep's work sits on one hot partition.
const DueShards = 8

// dueShard is the due-index partition of an item's next action.
func dueShard(sweep, id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	return dueShardKey(sweep, int(h.Sum32()%DueShards))
}

// dueShardKey is the due-index partition n of a sweep.
func dueShardKey(sweep string, n int) string { return fmt.Sprintf("DUE#%s#%d", sweep, n) }

// dueAt sorts due work by time; the id keeps keys unique.
func dueAt(at time.Time, id string) string { return sortableTime(at) + "#" + id }

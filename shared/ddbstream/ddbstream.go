// Package ddbstream reads a table's DynamoDB stream the way Lambda's event
// source mapping does and turns its records into the events Lambda
// delivers: the local runner feeds stream-triggered functions with it, and
// tests read what a change really put on the stream.
package ddbstream

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// BatchSize is the most records a batch holds (the event source's default).
const BatchSize = 100

// ARN returns the table's stream ARN.
func ARN(ctx context.Context, db *dynamodb.Client, table string) (string, error) {
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		return "", err
	}
	if out.Table.LatestStreamArn == nil {
		return "", errors.New("the table has no stream")
	}
	return *out.Table.LatestStreamArn, nil
}

// Reader reads every shard of a stream from its oldest record
// (TRIM_HORIZON), so nothing written before it started is missed, and
// remembers its position in each shard.
type Reader struct {
	streams   *dynamodbstreams.Client
	arn       string
	iterators map[string]*string // open shards being read, by shard id
	done      map[string]bool    // closed shards fully read
}

// NewReader returns a reader of the stream arn.
func NewReader(streams *dynamodbstreams.Client, arn string) *Reader {
	return &Reader{streams: streams, arn: arn, iterators: map[string]*string{}, done: map[string]bool{}}
}

// Next returns the records that arrived since the last call, one batch
// (of at most BatchSize records, in order) per shard read.
func (r *Reader) Next(ctx context.Context) ([]events.DynamoDBEvent, error) {
	if err := r.discoverShards(ctx); err != nil {
		return nil, err
	}
	var batches []events.DynamoDBEvent
	for shard, it := range r.iterators {
		out, err := r.streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(BatchSize)})
		if err != nil {
			return batches, err
		}
		if len(out.Records) > 0 {
			batches = append(batches, ToEvent(r.arn, out.Records))
		}
		if out.NextShardIterator == nil {
			delete(r.iterators, shard)
			r.done[shard] = true
		} else {
			r.iterators[shard] = out.NextShardIterator
		}
	}
	return batches, nil
}

// discoverShards starts reading shards not seen before.
func (r *Reader) discoverShards(ctx context.Context) error {
	var start *string
	for {
		out, err := r.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(r.arn), ExclusiveStartShardId: start})
		if err != nil {
			return err
		}
		for _, s := range out.StreamDescription.Shards {
			id := aws.ToString(s.ShardId)
			if _, open := r.iterators[id]; open || r.done[id] {
				continue
			}
			it, err := r.streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(r.arn),
				ShardId: s.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if err != nil {
				return err
			}
			r.iterators[id] = it.ShardIterator
		}
		if start = out.StreamDescription.LastEvaluatedShardId; start == nil {
			return nil
		}
	}
}

// ToEvent converts stream records to the event Lambda delivers.
func ToEvent(arn string, recs []types.Record) events.DynamoDBEvent {
	ev := events.DynamoDBEvent{Records: make([]events.DynamoDBEventRecord, 0, len(recs))}
	for _, r := range recs {
		sr := r.Dynamodb
		rec := events.DynamoDBEventRecord{
			AWSRegion: aws.ToString(r.AwsRegion), EventID: aws.ToString(r.EventID), EventName: string(r.EventName),
			EventSource: aws.ToString(r.EventSource), EventVersion: aws.ToString(r.EventVersion), EventSourceArn: arn,
		}
		if sr != nil {
			rec.Change = events.DynamoDBStreamRecord{
				Keys: toAttrs(sr.Keys), NewImage: toAttrs(sr.NewImage), OldImage: toAttrs(sr.OldImage),
				SequenceNumber: aws.ToString(sr.SequenceNumber), SizeBytes: aws.ToInt64(sr.SizeBytes), StreamViewType: string(sr.StreamViewType),
			}
			if sr.ApproximateCreationDateTime != nil {
				rec.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *sr.ApproximateCreationDateTime}
			}
		}
		ev.Records = append(ev.Records, rec)
	}
	return ev
}

func toAttrs(m map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(m))
	for k, v := range m {
		out[k] = toAttr(v)
	}
	return out
}

func toAttr(v types.AttributeValue) events.DynamoDBAttributeValue {
	switch a := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(a.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(a.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(a.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(a.Value)
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute()
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(a.Value)
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(a.Value)
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(a.Value)
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, len(a.Value))
		for i, x := range a.Value {
			l[i] = toAttr(x)
		}
		return events.NewListAttribute(l)
	case *types.AttributeValueMemberM:
		return events.NewMapAttribute(toAttrs(a.Value))
	}
	panic(fmt.Sprintf("unknown attribute value type %T", v))
}

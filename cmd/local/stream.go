package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// StreamHandler is a stream-triggered function's handler, as lambda.Start
// receives it (with ReportBatchItemFailures).
type StreamHandler func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

// Stream polling settings, close to the event source mapping's defaults.
const (
	streamBatchSize   = 100
	streamIdle        = 200 * time.Millisecond
	streamMaxAttempts = 5
)

// pollStream feeds the table's stream to h the way Lambda's event source
// mapping does: every shard from its oldest record, batches in order, and a
// batch whose items failed (or that errored) retried from the first failed
// record, up to streamMaxAttempts times. It returns when ctx ends.
func (rn *runner) pollStream(ctx context.Context, name string, h StreamHandler) {
	arn, err := rn.streamARN(ctx)
	if err != nil {
		rn.log.Error("stream not available", "function", name, "err", err.Error())
		return
	}
	iterators := map[string]*string{} // open shards we read, by shard id
	done := map[string]bool{}         // closed shards fully read
	for ctx.Err() == nil {
		if err := rn.discoverShards(ctx, arn, iterators, done); err != nil && ctx.Err() == nil {
			rn.log.Warn("describe stream", "err", err.Error())
		}
		busy := false
		for shard, it := range iterators {
			out, err := rn.streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(streamBatchSize)})
			if err != nil {
				if ctx.Err() == nil {
					rn.log.Warn("get records", "shard", shard, "err", err.Error())
				}
				continue
			}
			if len(out.Records) > 0 {
				busy = true
				rn.deliver(ctx, name, h, toEvent(arn, out.Records))
			}
			if out.NextShardIterator == nil {
				delete(iterators, shard)
				done[shard] = true
			} else {
				iterators[shard] = out.NextShardIterator
			}
		}
		if !busy {
			select {
			case <-ctx.Done():
			case <-time.After(streamIdle):
			}
		}
	}
}

func (rn *runner) streamARN(ctx context.Context) (string, error) {
	out, err := rn.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(rn.table)})
	if err != nil {
		return "", err
	}
	if out.Table.LatestStreamArn == nil {
		return "", errors.New("the table has no stream")
	}
	return *out.Table.LatestStreamArn, nil
}

// discoverShards starts reading shards not seen before, from their oldest
// record (TRIM_HORIZON), so nothing written while the runner was down is lost.
func (rn *runner) discoverShards(ctx context.Context, arn string, iterators map[string]*string, done map[string]bool) error {
	var start *string
	for {
		out, err := rn.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(arn), ExclusiveStartShardId: start})
		if err != nil {
			return err
		}
		for _, s := range out.StreamDescription.Shards {
			id := aws.ToString(s.ShardId)
			if _, open := iterators[id]; open || done[id] {
				continue
			}
			it, err := rn.streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(arn),
				ShardId: s.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if err != nil {
				return err
			}
			iterators[id] = it.ShardIterator
		}
		if start = out.StreamDescription.LastEvaluatedShardId; start == nil {
			return nil
		}
	}
}

// deliver invokes h on the batch, retrying from the first failed record.
func (rn *runner) deliver(ctx context.Context, name string, h StreamHandler, ev events.DynamoDBEvent) {
	for attempt := 1; len(ev.Records) > 0; attempt++ {
		resp, err := h(ctx, ev)
		from := len(ev.Records)
		if err != nil {
			from = 0
		}
		for _, f := range resp.BatchItemFailures {
			for i, r := range ev.Records {
				if r.Change.SequenceNumber == f.ItemIdentifier && i < from {
					from = i
				}
			}
		}
		if from == len(ev.Records) || ctx.Err() != nil {
			return
		}
		if attempt == streamMaxAttempts {
			rn.log.Error("stream batch dropped after retries", "function", name, "records", len(ev.Records)-from)
			return
		}
		ev.Records = ev.Records[from:]
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// toEvent converts stream records to the event Lambda delivers.
func toEvent(arn string, recs []types.Record) events.DynamoDBEvent {
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

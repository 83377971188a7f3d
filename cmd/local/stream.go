package main

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/ddbstream"
)

// StreamHandler is a stream-triggered function's handler, as lambda.Start
// receives it (with ReportBatchItemFailures).
type StreamHandler func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

// Stream polling settings, close to the event source mapping's defaults.
const (
	streamIdle        = 200 * time.Millisecond
	streamMaxAttempts = 5
)

// pollStream feeds the table's stream to h the way Lambda's event source
// mapping does: every shard from its oldest record, batches in order, and a
// batch whose items failed (or that errored) retried from the first failed
// record, up to streamMaxAttempts times. It returns when ctx ends.
func (rn *runner) pollStream(ctx context.Context, name string, h StreamHandler) {
	arn, err := ddbstream.ARN(ctx, rn.db, rn.table)
	if err != nil {
		rn.log.Error("stream not available", "function", name, "err", err.Error())
		return
	}
	reader := ddbstream.NewReader(rn.streams, arn)
	for ctx.Err() == nil {
		batches, err := reader.Next(ctx)
		if err != nil && ctx.Err() == nil {
			rn.log.Warn("read stream", "err", err.Error())
		}
		for _, b := range batches {
			rn.deliver(ctx, name, h, b)
		}
		if len(batches) == 0 {
			select {
			case <-ctx.Done():
			case <-time.After(streamIdle):
			}
		}
	}
}

// deliver invokes h on the batch, retrying from the first failed record.
func (rn *runner) deliver(ctx context.Context, name string, h StreamHandler, ev events.DynamoDBEvent) {
	h = asFunction(name, rn.onInvoke, h)
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

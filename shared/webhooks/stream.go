package webhooks

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/store"
)

// deadlineMargin is kept free before the function's deadline to report.
const deadlineMargin = 3 * time.Second

// HandleStream is WebhookDispatch: it delivers the outbox events inserted
// in a batch of the table's stream and reports, through
// ReportBatchItemFailures, the records to process again. Other records
// (modifications, TTL removals, other items) are skipped: the deployed
// event source filters them out, the local runner does not.
func (dl *Deliverer) HandleStream(ctx context.Context, batch events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var evs []store.OutboxEvent
	var seqs []string
	var resp events.DynamoDBEventResponse
	for _, r := range batch.Records {
		if r.EventName != string(events.DynamoDBOperationTypeInsert) {
			continue
		}
		image, err := fromStreamImage(r.Change.NewImage)
		var ev store.OutboxEvent
		ok := false
		if err == nil {
			ev, ok, err = store.DecodeOutboxEvent(image)
		}
		if err != nil {
			// A record that can never be decoded is logged and skipped:
			// retrying it would block the shard.
			dl.log().Error("stream record skipped", "eventId", r.EventID, "err", err.Error())
			continue
		}
		if ok {
			evs, seqs = append(evs, ev), append(seqs, r.Change.SequenceNumber)
		}
	}
	// Attempts still running this close to the deadline are cut off and
	// their records reported, rather than the whole batch timing out.
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-deadlineMargin))
		defer cancel()
	}
	for _, i := range dl.DeliverEvents(ctx, evs) {
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: seqs[i]})
	}
	return resp, nil
}

// fromStreamImage converts a stream image (the Lambda event's attribute
// values) to the SDK's, which the store decodes.
func fromStreamImage(m map[string]events.DynamoDBAttributeValue) (map[string]types.AttributeValue, error) {
	out := make(map[string]types.AttributeValue, len(m))
	for k, v := range m {
		av, err := fromStreamValue(v)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", k, err)
		}
		out[k] = av
	}
	return out, nil
}

func fromStreamValue(v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	switch v.DataType() {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: v.Number()}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: v.Binary()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: v.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: v.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: v.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: v.BinarySet()}, nil
	case events.DataTypeList:
		l := make([]types.AttributeValue, len(v.List()))
		for i, x := range v.List() {
			av, err := fromStreamValue(x)
			if err != nil {
				return nil, err
			}
			l[i] = av
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case events.DataTypeMap:
		m, err := fromStreamImage(v.Map())
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, fmt.Errorf("unknown attribute type %d", v.DataType())
}

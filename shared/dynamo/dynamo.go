// Package dynamo builds the DynamoDB clients once per process (cold start) and
// counts their round trips, so tests can assert the round-trip budgets of
// docs/data-model.md; an overloaded or unreachable DynamoDB is reported as
// the domain's CodeUnavailable, never as an internal error.
package dynamo

import (
	"context"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"selfserve/shared/dynamo/overload"
)

// EndpointEnv names the variable holding DynamoDB Local's URL (never set
// when deployed).
const EndpointEnv = "DYNAMODB_ENDPOINT"

// Options configure the clients.
type Options struct {
	// Endpoint is DynamoDB Local's URL; empty means the AWS endpoint of the
	// environment's region and credentials.
	Endpoint string
	// Counter, if set, counts every HTTP round trip the clients make.
	Counter *Counter
}

// Config loads the AWS configuration: the environment's when deployed, fixed
// local credentials and region for DynamoDB Local.
func Config(ctx context.Context, opt Options) (aws.Config, error) {
	var extra []func(*config.LoadOptions) error
	if opt.Endpoint != "" {
		extra = append(extra,
			config.WithRegion("us-east-1"),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")),
			config.WithBaseEndpoint(opt.Endpoint),
		)
	}
	// The SDK retries throttling with backoff; its client-side retry quota
	// would fail requests under load on top of DynamoDB's own answer.
	extra = append(extra, config.WithRetryer(overload.Retryer))
	cfg, err := config.LoadDefaultConfig(ctx, extra...)
	if err != nil {
		return aws.Config{}, err
	}
	cfg.APIOptions = append(cfg.APIOptions, overload.Middleware)
	if opt.Counter != nil {
		cfg.APIOptions = append(cfg.APIOptions, opt.Counter.middleware)
	}
	return cfg, nil
}

// NewClient returns a DynamoDB client for opt.
func NewClient(ctx context.Context, opt Options) (*dynamodb.Client, error) {
	cfg, err := Config(ctx, opt)
	if err != nil {
		return nil, err
	}
	return NewClientFromConfig(cfg, opt.Endpoint), nil
}

// NewClientFromConfig returns a DynamoDB client for cfg; endpoint is
// DynamoDB Local's URL or "".
func NewClientFromConfig(cfg aws.Config, endpoint string) *dynamodb.Client {
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		// DynamoDB Local's CRC32 header doesn't always match its body.
		o.DisableValidateResponseChecksum = endpoint != ""
	})
}

// Counter counts round trips (HTTP attempts, retries included) by operation.
type Counter struct {
	mu     sync.Mutex
	byOp   map[string]int
	total  int
	inputs []any
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter { return &Counter{byOp: map[string]int{}} }

func (c *Counter) middleware(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("InputRecorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c.mu.Lock()
			c.inputs = append(c.inputs, in.Parameters)
			c.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
	if err != nil {
		return err
	}
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("RoundTripCounter",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			c.mu.Lock()
			c.total++
			c.byOp[middleware.GetOperationName(ctx)]++
			c.mu.Unlock()
			return next.HandleDeserialize(ctx, in)
		}), middleware.After)
}

// Total is the number of round trips since the last Reset.
func (c *Counter) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// Operations lists the operations counted since the last Reset, one entry per
// round trip, sorted, e.g. ["GetItem", "TransactWriteItems"].
func (c *Counter) Operations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for op, n := range c.byOp {
		for range n {
			out = append(out, op)
		}
	}
	sort.Strings(out)
	return out
}

// Inputs are the operations' inputs (e.g. *dynamodb.GetItemInput) since
// the last Reset, one per call (retries not repeated), in call order.
func (c *Counter) Inputs() []any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]any(nil), c.inputs...)
}

// Reset sets the counts to zero.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.inputs = 0, nil
	c.byOp = map[string]int{}
}

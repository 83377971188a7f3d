package ddblocal

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
)

// WaitForCommits returns a client like c whose transactions return only
// once DynamoDB Local has committed them.
//
// DynamoDB Local answers TransactWriteItems (and ExecuteTransaction) before
// it commits: its SQLiteDBAccess.commitTransaction puts the COMMIT on the
// single SQLite job queue and returns without waiting for it, unlike every
// other database access, which waits for its job. A JVM killed in between
// (kill -9, or the runner's death through Pdeathsig) loses a transaction
// it acknowledged. The queue is first in, first out, so any request made
// after the answer runs after that COMMIT: one ListTables of one name,
// made before the transaction's caller gets its answer, turns "answered"
// into "committed". If it fails, so does the transaction's call (it may or
// may not have committed, as with any lost answer; callers retry with
// their Idempotency-Key).
//
// Only DynamoDB Local needs this; the deployed functions talk to DynamoDB.
func WaitForCommits(c *dynamodb.Client) *dynamodb.Client {
	return dynamodb.New(c.Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Initialize.Add(commitBarrier(c), middleware.After)
		})
	})
}

func commitBarrier(c *dynamodb.Client) middleware.InitializeMiddleware {
	return middleware.InitializeMiddlewareFunc("ddblocal.WaitForCommit",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleInitialize(ctx, in)
			if err != nil {
				return out, md, err
			}
			switch in.Parameters.(type) {
			case *dynamodb.TransactWriteItemsInput, *dynamodb.ExecuteTransactionInput:
				if _, berr := c.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)}); berr != nil {
					return out, md, fmt.Errorf("DynamoDB Local answered the transaction but did not confirm its commit: %w", berr)
				}
			}
			return out, md, nil
		})
}

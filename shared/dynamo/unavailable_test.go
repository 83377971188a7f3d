package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/dynamo/overload"
)

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

var _ net.Error = timeoutError{}

func TestUnavailable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"throttling", &smithy.GenericAPIError{Code: "ThrottlingException"}, true},
		{"provisioned throughput", &types.ProvisionedThroughputExceededException{}, true},
		{"request limit", &types.RequestLimitExceeded{}, true},
		{"DynamoDB's 500", &types.InternalServerError{}, true},
		{"retry quota", fmt.Errorf("retry: %w", ratelimit.QuotaExceededError{Available: 0, Requested: 5}), true},
		{"connection refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{"timeout", fmt.Errorf("send: %w", timeoutError{}), true},
		{"an HTTP 503", &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 503}}, Err: errors.New("x")}, true},
		{"a condition", &types.ConditionalCheckFailedException{}, false},
		{"a cancelled transaction", &types.TransactionCanceledException{}, false},
		{"validation", &smithy.GenericAPIError{Code: "ValidationException"}, false},
		{"the caller went away", context.Canceled, false},
	}
	for _, tt := range tests {
		if got := overload.Unavailable(tt.err); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A DynamoDB that can't be reached answers CodeUnavailable through the
// client, not an internal error.
func TestUnreachableIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connections are refused
	client, err := dynamo.NewClient(context.Background(), dynamo.Options{Endpoint: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
	if got, want := domain.ErrorCode(err), domain.CodeUnavailable; got != want {
		t.Errorf("got %q (%v), want %q", got, err, want)
	}
}

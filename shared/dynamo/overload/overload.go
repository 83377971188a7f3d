// Package overload is how every DynamoDB client of the project answers an
// overloaded or unreachable DynamoDB: the SDK retries throttling itself,
// without a client-side retry quota, and what is left becomes the domain's
// CodeUnavailable (503 with Retry-After), never an internal error. It
// imports no SDK configuration package, so the functions' lean client can
// use it without growing their cold start.
package overload

import (
	"context"
	"errors"
	"net"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"selfserve/shared/domain"
)

// Retryer is the SDK's standard retryer without its client-side retry
// quota, which would fail requests under load on top of DynamoDB's own
// answer.
func Retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None })
}

// Middleware turns what is left, after the SDK's retries, of an overloaded
// or unreachable DynamoDB into CodeUnavailable, whatever the operation.
func Middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("UnavailableAsDomainError",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleInitialize(ctx, in)
			if err != nil && Unavailable(err) {
				e := domain.Errorf(domain.CodeUnavailable, "the service is busy; retry in a moment")
				e.Cause = err
				return out, md, e
			}
			return out, md, err
		}), middleware.Before)
}

// Unavailable reports whether err means DynamoDB can't serve now rather
// than that the request is wrong: throttling, its own server errors, the
// client's retry quota, or a connection refused or timed out.
func Unavailable(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
			"InternalServerError", "ServiceUnavailable", "ServiceUnavailableException":
			return true
		}
	}
	var quota ratelimit.QuotaExceededError
	var resp *smithyhttp.ResponseError
	var netErr net.Error
	switch {
	case errors.As(err, &quota), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return true
	case errors.As(err, &resp) && resp.HTTPStatusCode() >= 500:
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true
	}
	return false
}

package sesmail

import (
	"context"
	"errors"
	"net/http"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// answered wraps err as the SDK returns SES's answer of status status.
func answered(status int, err error) error {
	return &smithy.OperationError{ServiceID: "SESv2", OperationName: "SendEmail", Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      err,
		},
		RequestID: "req-1",
	}}
}

// TestPermanent: SES's refusals of the message are permanent; throttling,
// quotas, a paused or suspended account, access denied, 5xx and the
// network are not.
func TestPermanent(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"MessageRejected", answered(400, &types.MessageRejected{}), true},
		{"MailFromDomainNotVerified", answered(400, &types.MailFromDomainNotVerifiedException{}), true},
		{"BadRequest", answered(400, &types.BadRequestException{}), true},
		{"other 400", answered(400, &smithy.GenericAPIError{Code: "InvalidParameterValue"}), true},
		{"AccountSuspended", answered(400, &types.AccountSuspendedException{}), false},
		{"SendingPaused", answered(400, &types.SendingPausedException{}), false},
		{"LimitExceeded", answered(400, &types.LimitExceededException{}), false},
		{"TooManyRequests", answered(429, &types.TooManyRequestsException{}), false},
		{"NotFound", answered(404, &types.NotFoundException{}), false},
		{"access denied", answered(403, &smithy.GenericAPIError{Code: "AccessDeniedException"}), false},
		{"InternalServiceError", answered(500, &types.InternalServiceErrorException{}), false},
		{"503", answered(503, &smithy.GenericAPIError{Code: "ServiceUnavailable"}), false},
		{"network", errors.New("dial tcp: connection refused"), false},
		{"cancelled", context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := permanent(tt.err), tt.want; got != want {
				t.Errorf("permanent(%v) = %v, want %v", tt.err, got, want)
			}
		})
	}
}

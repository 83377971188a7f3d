// Package sesmail sends mail.Messages through Amazon SES v2 (SendEmail
// with simple content: a subject and a text and an HTML body, all UTF-8),
// as deployed (docs/spec.md §11).
package sesmail

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"selfserve/shared/mail"
)

// Sender sends mail with one SES v2 client.
type Sender struct {
	client           *sesv2.Client
	configurationSet string
}

var _ mail.Sender = (*Sender)(nil)

// New returns a Sender through client, sending with the configuration set
// configurationSet ("" for none).
func New(client *sesv2.Client, configurationSet string) *Sender {
	return &Sender{client: client, configurationSet: configurationSet}
}

const charset = "UTF-8"

// Send sends m with SendEmail. SES assigns the Message-ID header itself
// (its answer's MessageId), so m.ID is not sent: simple content's Headers
// may not set Message-ID. m.Date is not sent either: SES dates the mail.
//
// Errors are permanent (mail.Permanent) when the message itself is
// refused: MessageRejected, MailFromDomainNotVerifiedException,
// BadRequestException or another HTTP 400 answer, or an invalid message.
// They are not when trying later may succeed: throttling
// (TooManyRequestsException), quotas (LimitExceededException), an account
// whose sending is paused or suspended (it resumes once the account is
// put right), a missing configuration set (NotFoundException, likewise),
// access denied, SES's 5xx, the network, or the end of ctx.
func (s *Sender) Send(ctx context.Context, m mail.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.From.String()),
		Destination:      &types.Destination{ToAddresses: []string{m.To.String()}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: aws.String(charset)},
			Body: &types.Body{
				Text: &types.Content{Data: aws.String(m.Text), Charset: aws.String(charset)},
				Html: &types.Content{Data: aws.String(m.HTML), Charset: aws.String(charset)},
			},
		}},
	}
	if s.configurationSet != "" {
		in.ConfigurationSetName = aws.String(s.configurationSet)
	}
	if _, err := s.client.SendEmail(ctx, in); err != nil {
		err = fmt.Errorf("sesmail: %w", err)
		if permanent(err) {
			return &mail.PermanentError{Err: err}
		}
		return err
	}
	return nil
}

// permanent tells the errors of SendEmail that retrying will not cure.
func permanent(err error) bool {
	var (
		rejected   *types.MessageRejected
		unverified *types.MailFromDomainNotVerifiedException
		bad        *types.BadRequestException
		suspended  *types.AccountSuspendedException
		paused     *types.SendingPausedException
		limit      *types.LimitExceededException
		throttled  *types.TooManyRequestsException
		response   *awshttp.ResponseError
	)
	switch {
	case errors.As(err, &rejected), errors.As(err, &unverified), errors.As(err, &bad):
		return true
	case errors.As(err, &suspended), errors.As(err, &paused), errors.As(err, &limit), errors.As(err, &throttled):
		return false
	case errors.As(err, &response):
		return response.HTTPStatusCode() == http.StatusBadRequest
	}
	return false
}

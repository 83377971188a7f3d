package sesmail

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go"

	"selfserve/shared/mail"
	"selfserve/shared/sesemu"
)

func message(from, to mail.Address, subject string) mail.Message {
	return mail.Message{
		ID:      "dlv_01J9ZQ4K7XW3SE@selfserve",
		Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		From:    from,
		To:      to,
		Subject: subject,
		Text:    "Bonjour Zoé, 您好 — le nom <script>alert(1)</script> n’est pas exécuté.\n",
		HTML:    "<p>Bonjour Zoé, 您好 — le nom &lt;script&gt;alert(1)&lt;/script&gt; n’est pas exécuté.</p>",
	}
}

// TestSend: SES (moto) accepts the mail and keeps its sender and
// recipient with their names, its subject and its parts, all UTF-8.
func TestSend(t *testing.T) {
	tests := []struct {
		name   string
		m      mail.Message
		config string
	}{
		{"French", message(
			mail.Address{Name: "Libre-service Contoso", Email: sender},
			mail.Address{Name: "Zoé Lefèvre", Email: "zoe@contoso.example"},
			"Votre abonnement à Microsoft 365 Business Basic"), ""},
		{"Chinese, configuration set", message(
			mail.Address{Name: "自助服务", Email: sender},
			mail.Address{Name: "王小明", Email: "wang@contoso.example"},
			"您的订阅已被接管"), "selfserve"},
		{"no names", message(
			mail.Address{Email: sender},
			mail.Address{Email: "admin@contoso.example"},
			"Your subscription was taken over"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			before, err := moto.Sent(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := New(moto.Client(), tt.config).Send(ctx, tt.m); err != nil {
				t.Fatal(err)
			}

			sent, err := moto.Sent(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(sent), len(before)+1; got != want {
				t.Fatalf("%d messages accepted, want %d", got, want)
			}
			got := sent[len(sent)-1]
			for _, f := range []struct{ field, got, want string }{
				{"source", got.Source, tt.m.From.String()},
				{"subject", got.Subject, tt.m.Subject},
				{"body", got.Body, tt.m.HTML},
			} {
				if f.got != f.want {
					t.Errorf("accepted %s %q, want %q", f.field, f.got, f.want)
				}
			}
			if got, want := got.Destinations, (sesemu.Destination{ToAddresses: []string{tt.m.To.String()}}); !equal(got, want) {
				t.Errorf("accepted destinations %+v, want %+v", got, want)
			}

			reqs, err := moto.Requests(ctx)
			if err != nil {
				t.Fatal(err)
			}
			req := reqs[len(reqs)-1]
			simple := req.Content.Simple
			for _, f := range []struct {
				field     string
				got, want sesemu.Content
			}{
				{"subject", simple.Subject, sesemu.Content{Data: tt.m.Subject, Charset: "UTF-8"}},
				{"text", simple.Body.Text, sesemu.Content{Data: tt.m.Text, Charset: "UTF-8"}},
				{"HTML", simple.Body.Html, sesemu.Content{Data: tt.m.HTML, Charset: "UTF-8"}},
			} {
				if f.got != f.want {
					t.Errorf("request %s %+v, want %+v", f.field, f.got, f.want)
				}
			}
			if got, want := req.ConfigurationSetName, tt.config; got != want {
				t.Errorf("request configuration set %q, want %q", got, want)
			}
		})
	}
}

func equal(a, b sesemu.Destination) bool {
	return slices.Equal(a.ToAddresses, b.ToAddresses) && slices.Equal(a.CcAddresses, b.CcAddresses) &&
		slices.Equal(a.BccAddresses, b.BccAddresses)
}

// TestSendErrors: an unverified sender and an invalid message are
// refused for good; an unreachable SES is worth retrying.
func TestSendErrors(t *testing.T) {
	to := mail.Address{Name: "Zoé", Email: "zoe@contoso.example"}
	unreachable := sesv2.New(sesv2.Options{
		Region:           sesemu.Region,
		BaseEndpoint:     aws.String("http://127.0.0.1:1"),
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	})
	tests := []struct {
		name      string
		client    *sesv2.Client
		m         mail.Message
		permanent bool
		code      string // SES's error code, if SES answered
	}{
		{"unverified sender", moto.Client(), message(mail.Address{Email: "someone@unverified.example"}, to, "Bonjour"), true, "MessageRejected"},
		{"header injection", moto.Client(), message(mail.Address{Email: sender}, to, "Bonjour\r\nBcc: victim@example.com"), true, ""},
		{"unreachable", unreachable, message(mail.Address{Email: sender}, to, "Bonjour"), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(tt.client, "").Send(context.Background(), tt.m)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			var apiErr smithy.APIError
			if errors.As(err, &apiErr) || tt.code != "" {
				if apiErr == nil || apiErr.ErrorCode() != tt.code {
					t.Errorf("Send = %v, want SES's %q", err, tt.code)
				}
			}
			if got, want := mail.Permanent(err), tt.permanent; got != want {
				t.Errorf("Permanent(%v) = %v, want %v", err, got, want)
			}
		})
	}
}

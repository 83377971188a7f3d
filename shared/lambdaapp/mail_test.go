package lambdaapp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/mail/sesmail"
	"selfserve/shared/mail/smtpmail"
	"selfserve/shared/sesemu"
	"selfserve/shared/store"
)

// awsEnv is a function's AWS environment, with test credentials.
func awsEnv(t *testing.T) {
	t.Setenv("AWS_REGION", sesemu.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
}

// TestNewMailer: the sender MAIL names, with what it needs.
func TestNewMailer(t *testing.T) {
	awsEnv(t)
	st := store.New(nil, "t")
	for _, tc := range []struct {
		name string
		c    lambdaapp.MailConfig
		want string
	}{
		{"unset", lambdaapp.MailConfig{}, "none"},
		{"off", lambdaapp.MailConfig{Kind: "off", From: "x"}, "none"},
		{"smtp", lambdaapp.MailConfig{Kind: "smtp", SMTP: "127.0.0.1:1025", From: "Contoso <billing@contoso.example>"}, "smtp"},
		{"smtp without a server", lambdaapp.MailConfig{Kind: "smtp", From: "billing@contoso.example"}, "error"},
		{"ses", lambdaapp.MailConfig{Kind: "ses", From: "billing@contoso.example"}, "ses"},
		{"no sender", lambdaapp.MailConfig{Kind: "ses"}, "error"},
		{"a sender that isn't an address", lambdaapp.MailConfig{Kind: "smtp", SMTP: "127.0.0.1:1025", From: "billing"}, "error"},
		{"unknown", lambdaapp.MailConfig{Kind: "pigeon", From: "billing@contoso.example"}, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := lambdaapp.NewMailer(tc.c, st, time.Now, nil)
			got := "error"
			switch {
			case err == nil && m == nil:
				got = "none"
			case err == nil:
				switch m.Sender.(type) {
				case *smtpmail.Sender:
					got = "smtp"
				case *sesmail.Sender:
					got = "ses"
				}
			}
			if got != tc.want {
				t.Errorf("NewMailer(%+v) = %v, %v; want %s", tc.c, m, err, tc.want)
			}
		})
	}
}

// TestMailThroughSES: as deployed (MAIL=ses), an outbox event's mail goes
// through the SES v2 API — here moto's emulator — from the sender of
// MAIL_FROM to the purchaser, in her language, with both parts.
func TestMailThroughSES(t *testing.T) {
	ctx := context.Background()
	ses, err := sesemu.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ses.Stop()
	if err := ses.VerifyIdentity(ctx, "contoso.example"); err != nil {
		t.Fatal(err)
	}
	awsEnv(t)
	t.Setenv(lambdaapp.EnvMail, "ses")
	t.Setenv(lambdaapp.EnvMailFrom, "Contoso <billing@contoso.example>")
	t.Setenv(lambdaapp.EnvSESEndpoint, ses.URL)
	t.Setenv(lambdaapp.EnvConsoleURL, "https://console.contoso.example/")
	db := ddbtest.New(t)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	m, err := lambdaapp.NewMailer(lambdaapp.MailConfigFromEnv(), store.New(db.Client, db.Table), func() time.Time { return at }, ddbtest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	s := domain.Subscription{ID: "sub_1", TenantID: "contoso", ProductName: "Power BI Pro", Channel: domain.ChannelSelfService,
		Status: domain.StatusActive, Quantity: 1, TakenOver: &domain.TakeOver{By: "alice", At: at},
		Purchaser: domain.Purchaser{UserID: "wen", Name: "王文", Email: "wen@contoso.example", Locale: "zh-TW"}}
	ev := domain.NewSubscriptionEvent("evt_01kjpwd6m0z73pqhem035bfbxq", domain.EventSubscriptionTakenOver, &s, at, nil)
	payload, err := ev.Payload()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Deliver(ctx, store.OutboxEvent{Event: ev, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	reqs, err := ses.Requests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 {
		t.Fatalf("SES got %d SendEmail requests, want 1", len(reqs))
	}
	r := reqs[0]
	simple := r.Content.Simple
	if !strings.Contains(r.FromEmailAddress, "billing@contoso.example") || len(r.Destination.ToAddresses) != 1 ||
		!strings.Contains(r.Destination.ToAddresses[0], "wen@contoso.example") {
		t.Errorf("from %q to %v", r.FromEmailAddress, r.Destination.ToAddresses)
	}
	if !strings.Contains(simple.Subject.Data, "Power BI Pro") || !strings.Contains(simple.Subject.Data, "訂閱") {
		t.Errorf("subject %q is not the zh-TW take-over's", simple.Subject.Data)
	}
	if !strings.Contains(simple.Body.Text.Data, "王文") || !strings.Contains(simple.Body.Html.Data, `lang="zh-TW"`) ||
		!strings.Contains(simple.Body.Html.Data, "https://console.contoso.example/#/purchases/sub_1") {
		t.Errorf("parts:\n%s\n%s", simple.Body.Text.Data, simple.Body.Html.Data)
	}
	sent, err := ses.Sent(ctx)
	if err != nil || len(sent) != 1 {
		t.Errorf("SES accepted %d messages (%v), want 1", len(sent), err)
	}
	// The same stream record again: already sent, nothing more.
	if err := m.Deliver(ctx, store.OutboxEvent{Event: ev, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := ses.Requests(ctx); len(reqs) != 1 {
		t.Errorf("SES got %d requests after the record came again, want 1", len(reqs))
	}
}

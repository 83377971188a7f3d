package lambdaapp

import (
	"fmt"
	"log/slog"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"selfserve/shared/mail"
	"selfserve/shared/mail/sesmail"
	"selfserve/shared/mail/smtpmail"
	"selfserve/shared/notify"
	"selfserve/shared/store"
)

// Env names of the notification mails (docs/spec.md §11).
const (
	// EnvMail is ses (Amazon SES v2), smtp (SMTP_ADDR) or off (the
	// default: no mail).
	EnvMail = "MAIL"
	// EnvMailFrom is the sender, "Name <address>" or an address; deployed,
	// an identity verified in SES (template parameter MailFrom).
	EnvMailFrom = "MAIL_FROM"
	// EnvSMTPAddr is the SMTP server's host:port (locally Mailpit's).
	EnvSMTPAddr = "SMTP_ADDR"
	// EnvSESEndpoint replaces SES's endpoint (an SES emulator, tests).
	EnvSESEndpoint = "SES_ENDPOINT"
	// EnvSESConfigurationSet is the SES configuration set of the mails
	// (optional).
	EnvSESConfigurationSet = "SES_CONFIGURATION_SET"
	// EnvConsoleURL is the admin console's base URL, for the mails' links.
	EnvConsoleURL = "CONSOLE_URL"
)

// MailConfig is how mails are sent.
type MailConfig struct {
	Kind    string // ses, smtp or off ("": off)
	From    string
	SMTP    string // host:port, for smtp
	Console string // the console's base URL ("": no links)
	// SES: an endpoint other than AWS's, and a configuration set.
	SESEndpoint, SESConfigurationSet string
}

// MailConfigFromEnv reads MAIL, MAIL_FROM, SMTP_ADDR, SES_ENDPOINT,
// SES_CONFIGURATION_SET and CONSOLE_URL.
func MailConfigFromEnv() MailConfig {
	return MailConfig{Kind: os.Getenv(EnvMail), From: os.Getenv(EnvMailFrom), SMTP: os.Getenv(EnvSMTPAddr),
		Console: os.Getenv(EnvConsoleURL), SESEndpoint: os.Getenv(EnvSESEndpoint), SESConfigurationSet: os.Getenv(EnvSESConfigurationSet)}
}

// NewMailer returns the notification mailer c describes over st, or nil
// when mails are off; an error names the setting at fault. Built once per
// process.
func NewMailer(c MailConfig, st *store.Store, now func() time.Time, log *slog.Logger) (*notify.Mailer, error) {
	var sender mail.Sender
	switch c.Kind {
	case "", "off":
		return nil, nil
	case "smtp":
		if c.SMTP == "" {
			return nil, fmt.Errorf("%s=smtp needs %s (host:port)", EnvMail, EnvSMTPAddr)
		}
		sender = smtpmail.New(c.SMTP)
	case "ses":
		cfg, err := awsConfig("")
		if err != nil {
			return nil, fmt.Errorf("%s=ses: %w", EnvMail, err)
		}
		client := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) {
			if c.SESEndpoint != "" {
				o.BaseEndpoint = aws.String(c.SESEndpoint)
			}
		})
		sender = sesmail.New(client, c.SESConfigurationSet)
	default:
		return nil, fmt.Errorf("%s must be ses, smtp or off, not %q", EnvMail, c.Kind)
	}
	from, err := netmail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("%s=%q is not an e-mail address: %w", EnvMailFrom, c.From, err)
	}
	return &notify.Mailer{Store: st, Sender: sender, From: mail.Address{Name: from.Name, Email: from.Address},
		ConsoleURL: strings.TrimSuffix(c.Console, "/"), Now: now, Log: log}, nil
}

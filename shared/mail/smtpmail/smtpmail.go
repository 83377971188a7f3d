// Package smtpmail sends mail.Messages over plain SMTP without
// authentication, as to the Mailpit that `make run` starts (docs/spec.md
// §11). Each message is a MIME multipart/alternative mail: a text part
// then an HTML part, both UTF-8 and quoted-printable, its non-ASCII
// headers encoded (RFC 2047).
package smtpmail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"selfserve/shared/mail"
)

// Sender sends mail to one SMTP server.
type Sender struct {
	addr   string
	dialer net.Dialer
}

var _ mail.Sender = (*Sender)(nil)

// New returns a Sender to the SMTP server at addr (host:port).
func New(addr string) *Sender { return &Sender{addr: addr} }

// Send sends m in one SMTP session, within ctx's deadline. A 5xx reply is
// a permanent error (mail.Permanent), so is an invalid message; a 4xx
// reply, a connection failure or the end of ctx is not.
func (s *Sender) Send(ctx context.Context, m mail.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	msg, err := compose(m)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(s.addr)
	if err != nil {
		return fmt.Errorf("smtpmail: server address %q: %w", s.addr, err)
	}
	conn, err := s.dialer.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("smtpmail: %w", err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(d); err != nil {
			return fmt.Errorf("smtpmail: %w", err)
		}
	}
	// Cancelling ctx interrupts whatever the session is waiting for.
	defer context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })()

	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return failed(ctx, "greeting", err)
	}
	defer c.Close()
	if err := c.Mail(m.From.Email); err != nil {
		return failed(ctx, "MAIL FROM", err)
	}
	if err := c.Rcpt(m.To.Email); err != nil {
		return failed(ctx, "RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return failed(ctx, "DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return failed(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return failed(ctx, "DATA", err)
	}
	// The server took the mail: a failing QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// failed wraps the error of an SMTP step: permanent for a 5xx reply.
func failed(ctx context.Context, step string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("smtpmail: %s: %w (%w)", step, ctx.Err(), err)
	}
	err = fmt.Errorf("smtpmail: %s: %w", step, err)
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 && reply.Code < 600 {
		return &mail.PermanentError{Err: err}
	}
	return err
}

// compose writes m as a MIME message with CRLF line ends.
func compose(m mail.Message) ([]byte, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, h := range [][2]string{
		{"From", m.From.String()},
		{"To", m.To.String()},
		{"Subject", encode(m.Subject)},
		{"Date", m.Date.Format(time.RFC1123Z)},
		{"Message-ID", "<" + m.ID + ">"},
		{"MIME-Version", "1.0"},
		{"Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})},
	} {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	for _, p := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(p.typ, map[string]string{"charset": "utf-8"})},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(p.body)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encode encodes a header value that is not plain ASCII as RFC 2047
// encoded words, Q or B, whichever is shorter (B for Chinese, Q for
// French), folding the line between words.
func encode(v string) string {
	q := mime.QEncoding.Encode("utf-8", v)
	if q == v {
		return v
	}
	if b := mime.BEncoding.Encode("utf-8", v); len(b) < len(q) {
		q = b
	}
	return strings.ReplaceAll(q, "?= =?", "?=\r\n =?")
}

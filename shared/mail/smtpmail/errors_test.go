package smtpmail

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"selfserve/shared/mail"
)

func message(to string) mail.Message {
	return mail.Message{
		ID:      "dlv_01J9ZQ4K7XW3ER@selfserve",
		Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		From:    mail.Address{Name: "Selfserve", Email: "noreply@selfserve.example"},
		To:      mail.Address{Name: "Zoé", Email: to},
		Subject: "Votre abonnement à Microsoft 365 Business Basic",
		Text:    "Bonjour",
		HTML:    "<p>Bonjour</p>",
	}
}

// scripted starts a minimal SMTP server on a loopback port that greets
// with greeting and answers each command with replies[verb] (250 unless
// given; the end of DATA is "."), then returns its address.
func scripted(t *testing.T, greeting string, replies map[string]string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go serve(conn, greeting, replies)
		}
	}()
	return l.Addr().String()
}

func serve(conn net.Conn, greeting string, replies map[string]string) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	reply := func(s string) bool {
		_, err := conn.Write([]byte(s + "\r\n"))
		return err == nil && s[0] < '4'
	}
	answer := func(verb, fallback string) bool {
		if s, ok := replies[verb]; ok {
			return reply(s)
		}
		return reply(fallback)
	}
	if !reply(greeting) {
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(line)), " ")
		switch verb {
		case "QUIT":
			reply("221 bye")
			return
		case "DATA":
			if !answer("DATA", "354 go ahead") {
				continue
			}
			for line != ".\r\n" {
				if line, err = r.ReadString('\n'); err != nil {
					return
				}
			}
			answer(".", "250 queued")
		default:
			answer(verb, "250 ok")
		}
	}
}

// TestSendErrors: a 5xx reply is permanent, whether Mailpit rejects the
// recipient or a server refuses at another step; a 4xx reply, a closed
// port and a cancelled send are not.
func TestSendErrors(t *testing.T) {
	closed := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	}
	tests := []struct {
		name      string
		addr      func(t *testing.T) string
		to        string
		permanent bool
	}{
		{"Mailpit rejects the recipient (550)", func(*testing.T) string { return pit.SMTPAddr }, "nobody@rejected.example", true},
		{"greeting 554", func(t *testing.T) string { return scripted(t, "554 no service", nil) }, "zoe@contoso.example", true},
		{"greeting 421", func(t *testing.T) string { return scripted(t, "421 busy", nil) }, "zoe@contoso.example", false},
		{"MAIL FROM 553", func(t *testing.T) string {
			return scripted(t, "220 hi", map[string]string{"MAIL": "553 sender not allowed"})
		}, "zoe@contoso.example", true},
		{"RCPT TO 550", func(t *testing.T) string {
			return scripted(t, "220 hi", map[string]string{"RCPT": "550 no such user"})
		}, "zoe@contoso.example", true},
		{"RCPT TO 451", func(t *testing.T) string {
			return scripted(t, "220 hi", map[string]string{"RCPT": "451 try again later"})
		}, "zoe@contoso.example", false},
		{"end of DATA 552", func(t *testing.T) string {
			return scripted(t, "220 hi", map[string]string{".": "552 too big"})
		}, "zoe@contoso.example", true},
		{"end of DATA 452", func(t *testing.T) string {
			return scripted(t, "220 hi", map[string]string{".": "452 no space"})
		}, "zoe@contoso.example", false},
		{"closed port", closed, "zoe@contoso.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(tt.addr(t)).Send(context.Background(), message(tt.to))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			t.Log(err)
			if got, want := mail.Permanent(err), tt.permanent; got != want {
				t.Errorf("Permanent(%v) = %v, want %v", err, got, want)
			}
		})
	}
}

// TestSendAccepted: a server that accepts the mail is a success, even if
// it then answers QUIT with an error.
func TestSendAccepted(t *testing.T) {
	addr := scripted(t, "220 hi", map[string]string{"QUIT": "500 what"})
	if err := New(addr).Send(context.Background(), message("zoe@contoso.example")); err != nil {
		t.Errorf("Send = %v, want nil", err)
	}
}

// TestSendCancelled: cancelling ctx ends a send waiting on a server that
// never greets, with ctx's error, not a permanent one.
func TestSendCancelled(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		cancel() // connected, no greeting: Send is waiting for it
		_, _ = conn.Read(make([]byte, 1))
	}()
	err = New(l.Addr().String()).Send(ctx, message("zoe@contoso.example"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Send = %v, want %v", err, context.Canceled)
	}
	if mail.Permanent(err) {
		t.Errorf("Permanent(%v) = true, want false", err)
	}
}

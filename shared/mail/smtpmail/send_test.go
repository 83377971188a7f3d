package smtpmail

import (
	"context"
	"strings"
	"testing"
	"time"

	"selfserve/shared/mail"
)

// TestSendMailpit: Mailpit reads back exactly what was sent — subject,
// names and parts in French and Chinese, escaped HTML, the Message-ID and
// the date — from a multipart/alternative mail.
func TestSendMailpit(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		m    mail.Message
	}{
		{"French", mail.Message{
			ID:      "dlv_01J9ZQ4K7XW3FR@selfserve",
			Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, paris),
			From:    mail.Address{Name: "Libre-service Contoso", Email: "noreply@selfserve.example"},
			To:      mail.Address{Name: "Zoé Lefèvre-Dupré", Email: "zoe@contoso.example"},
			Subject: "Votre abonnement à Microsoft 365 Business Basic",
			Text: "Bonjour Zoé,\n\nVotre administrateur a pris en charge votre abonnement à Microsoft 365 Business Basic " +
				"(5 licences, 6,00 € par utilisateur et par mois). Vous n’avez plus rien à payer.\n\n" +
				"Le champ « nom » valait <script>alert(1)</script> ; rien n’est exécuté.\n",
			HTML: "<!doctype html><html><body><p>Bonjour Zoé,</p><p>Votre administrateur a pris en charge " +
				"votre abonnement à <b>Microsoft 365 Business Basic</b> (6,00&nbsp;€).</p>" +
				"<p>Le champ « nom » valait &lt;script&gt;alert(1)&lt;/script&gt;.</p></body></html>",
		}},
		{"Chinese", mail.Message{
			ID:      "dlv_01J9ZQ4K7XW3ZH@selfserve",
			Date:    time.Date(2026, 3, 1, 16, 30, 0, 0, time.FixedZone("CST", 8*3600)),
			From:    mail.Address{Name: "自助服务", Email: "noreply@selfserve.example"},
			To:      mail.Address{Name: "王小明", Email: "wang@contoso.example"},
			Subject: "您的订阅已被接管",
			Text:    "王小明，您好：\n\n您的管理员已接管您的 Microsoft 365 商业基础版订阅（¥36.00/用户/月）。\n名称 <script>alert(1)</script> 不会被执行。\n",
			HTML:    "<p>王小明，您好：</p><p>您的管理员已接管您的 <b>Microsoft 365 商业基础版</b> 订阅。</p><p>名称 &lt;script&gt;alert(1)&lt;/script&gt;</p>",
		}},
		{"long subject, folded", mail.Message{
			ID:      "dlv_01J9ZQ4K7XW3LG@selfserve",
			Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
			From:    mail.Address{Email: "noreply@selfserve.example"},
			To:      mail.Address{Email: "admin@contoso.example"},
			Subject: strings.Repeat("您的订阅已被接管，", 6) + "Votre abonnement à Microsoft 365 Business Basic a été repris",
			Text:    "x",
			HTML:    "<p>x</p>",
		}},
		{"ASCII", mail.Message{
			ID:      "dlv_01J9ZQ4K7XW3EN@selfserve",
			Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
			From:    mail.Address{Name: "Selfserve", Email: "noreply@selfserve.example"},
			To:      mail.Address{Name: "Alex O'Neil", Email: "alex@contoso.example"},
			Subject: "Your subscription was taken over",
			Text:    "Hello Alex,\n" + strings.Repeat("a line longer than seventy-six characters is soft-broken ", 3) + "\n",
			HTML:    "<p>Hello Alex,</p><p>=3D is not an escape here</p>",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := pit.DeleteAll(ctx); err != nil {
				t.Fatal(err)
			}
			if err := New(pit.SMTPAddr).Send(ctx, tt.m); err != nil {
				t.Fatal(err)
			}
			list, err := pit.WaitFor(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pit.Message(ctx, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.To) != 1 {
				t.Fatalf("To = %v, want one address", got.To)
			}
			// Mail's line ends are CRLF.
			lf := strings.NewReplacer("\r\n", "\n")
			for _, f := range []struct{ field, got, want string }{
				{"Subject", got.Subject, tt.m.Subject},
				{"From name", got.From.Name, tt.m.From.Name},
				{"From address", got.From.Address, tt.m.From.Email},
				{"To name", got.To[0].Name, tt.m.To.Name},
				{"To address", got.To[0].Address, tt.m.To.Email},
				{"Message-ID", got.MessageID, tt.m.ID},
				{"Text", lf.Replace(got.Text), tt.m.Text},
				{"HTML", lf.Replace(got.HTML), tt.m.HTML},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.field, f.got, f.want)
				}
			}
			if !got.Date.Equal(tt.m.Date) {
				t.Errorf("Date = %v, want %v", got.Date, tt.m.Date)
			}

			h, err := pit.Headers(ctx, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct{ header, prefix string }{
				{"Mime-Version", "1.0"},
				{"Content-Type", "multipart/alternative; boundary="},
			} {
				if v := strings.Join(h[f.header], ","); !strings.HasPrefix(v, f.prefix) {
					t.Errorf("%s: %q, want %q…", f.header, v, f.prefix)
				}
			}
		})
	}
}

// TestSendInvalid: an invalid message is refused, permanently, before any
// connection.
func TestSendInvalid(t *testing.T) {
	m := mail.Message{
		ID:      "dlv_1@selfserve",
		Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		From:    mail.Address{Email: "noreply@selfserve.example"},
		To:      mail.Address{Email: "zoe@contoso.example"},
		Subject: "Hello\r\nBcc: victim@contoso.example",
		Text:    "x",
		HTML:    "<p>x</p>",
	}
	err := New("127.0.0.1:1").Send(context.Background(), m)
	if err == nil || !mail.Permanent(err) {
		t.Errorf("Send(header injection) = %v, want a permanent error", err)
	}
}

package mail

import (
	"testing"
	"time"
)

func valid() Message {
	return Message{
		ID:      "dlv_01J9ZQ4K7XW3@selfserve",
		Date:    time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		From:    Address{"Selfserve", "noreply@selfserve.example"},
		To:      Address{"Zoé Lefèvre", "zoe@contoso.example"},
		Subject: "Votre abonnement à Microsoft 365 Business Basic",
		Text:    "Bonjour,\n",
		HTML:    "<p>Bonjour,</p>",
	}
}

// TestValidate: a message is sendable only with both addresses single and
// bare, an id-left@id-right ID, a date, a subject and both parts, and no
// control character (CR, LF, …) in any header field.
func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Message)
		ok   bool
	}{
		{"valid", func(*Message) {}, true},
		{"Chinese subject and name", func(m *Message) { m.Subject, m.To.Name = "您的订阅已被接管", "王小明" }, true},
		{"no names", func(m *Message) { m.From.Name, m.To.Name = "", "" }, true},
		{"empty To address", func(m *Message) { m.To.Email = "" }, false},
		{"empty From address", func(m *Message) { m.From.Email = "" }, false},
		{"empty subject", func(m *Message) { m.Subject = "" }, false},
		{"empty text", func(m *Message) { m.Text = "" }, false},
		{"blank text", func(m *Message) { m.Text = " \n" }, false},
		{"empty HTML", func(m *Message) { m.HTML = "" }, false},
		{"empty ID", func(m *Message) { m.ID = "" }, false},
		{"ID without @", func(m *Message) { m.ID = "dlv_01J9" }, false},
		{"ID in brackets", func(m *Message) { m.ID = "<dlv_01J9@selfserve>" }, false},
		{"ID with a space", func(m *Message) { m.ID = "dlv 01J9@selfserve" }, false},
		{"zero date", func(m *Message) { m.Date = time.Time{} }, false},
		{"LF in subject", func(m *Message) { m.Subject = "Hello\nBcc: victim@example.com" }, false},
		{"CRLF in subject", func(m *Message) { m.Subject = "Hello\r\nBcc: victim@example.com" }, false},
		{"CR in subject", func(m *Message) { m.Subject = "Hello\rBcc: victim@example.com" }, false},
		{"NUL in subject", func(m *Message) { m.Subject = "Hello\x00" }, false},
		{"LF in To name", func(m *Message) { m.To.Name = "Zoé\nBcc: victim@example.com" }, false},
		{"CRLF in From name", func(m *Message) { m.From.Name = "Selfserve\r\nBcc: victim@example.com" }, false},
		{"LF in To address", func(m *Message) { m.To.Email = "zoe@contoso.example\nBcc: victim@example.com" }, false},
		{"CRLF in From address", func(m *Message) { m.From.Email = "noreply@selfserve.example\r\nX: y" }, false},
		{"CRLF in ID", func(m *Message) { m.ID = "a@b\r\nBcc: victim@example.com" }, false},
		{"two To addresses", func(m *Message) { m.To.Email = "zoe@contoso.example, victim@example.com" }, false},
		{"To address with a name", func(m *Message) { m.To.Email = "Zoé <zoe@contoso.example>" }, false},
		{"To address without domain", func(m *Message) { m.To.Email = "zoe" }, false},
		{"invalid UTF-8 subject", func(m *Message) { m.Subject = "caf\xe9" }, false},
		{"invalid UTF-8 HTML", func(m *Message) { m.HTML = "<p>caf\xe9</p>" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(&m)
			err := m.Validate()
			if got, want := err == nil, tt.ok; got != want {
				t.Fatalf("Validate() = %v, want ok %v", err, want)
			}
			if err != nil && !Permanent(err) {
				t.Errorf("Validate() = %v: not permanent", err)
			}
		})
	}
}

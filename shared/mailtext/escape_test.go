package mailtext

import (
	"strings"
	"testing"
)

// TestHTMLEscapesValues: a value is escaped in the HTML part of every
// mail, and appears as it is in the text part.
func TestHTMLEscapesValues(t *testing.T) {
	const evil = `<script>alert(1)</script>`
	const escaped = `&lt;script&gt;alert(1)&lt;/script&gt;`
	for _, name := range Templates {
		for _, loc := range Locales {
			d := fullData(name, loc)
			d.RecipientName, d.ProductName, d.TargetProductName = evil, evil, evil
			d.SubscriptionID, d.DeclineCode, d.InvoiceNumber, d.ReasonText = evil, evil, evil, evil
			m, err := Render(name, d)
			if err != nil {
				t.Errorf("%s %s: %v", name, loc, err)
				continue
			}
			if strings.Contains(m.HTML, "<script") || strings.Contains(m.HTML, "alert(1)</") {
				t.Errorf("%s %s: raw script in the HTML:\n%s", name, loc, m.HTML)
			}
			if !strings.Contains(m.HTML, escaped) {
				t.Errorf("%s %s: %q not in the HTML:\n%s", name, loc, escaped, m.HTML)
			}
			if !strings.Contains(m.Text, evil) {
				t.Errorf("%s %s: the text part doesn't show %q as it is", name, loc, evil)
			}
		}
	}
}

// TestHTMLLinks: the action link's URL is escaped as an attribute and a
// script URL is neutralized; the text part shows the URL as it is.
func TestHTMLLinks(t *testing.T) {
	tests := []struct {
		url, wantHTML, notHTML string
	}{
		{"https://selfserve.example/p?a=1&b=2", `href="https://selfserve.example/p?a=1&amp;b=2"`, ""},
		{`https://selfserve.example/"><b>x`, `href="https://selfserve.example/%22%3e%3cb%3ex"`, `"><b>`},
		{"javascript:alert(1)", `href="#ZgotmplZ"`, "javascript:"},
	}
	for _, tt := range tests {
		d := fullData(Renewed, "en")
		d.ActionURL = tt.url
		m, err := Render(Renewed, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.HTML, tt.wantHTML) {
			t.Errorf("%q: %q not in the HTML:\n%s", tt.url, tt.wantHTML, m.HTML)
		}
		if tt.notHTML != "" && strings.Contains(m.HTML, tt.notHTML) {
			t.Errorf("%q: %q in the HTML", tt.url, tt.notHTML)
		}
		if !strings.Contains(m.Text, tt.url) {
			t.Errorf("%q: not in the text", tt.url)
		}
	}
}

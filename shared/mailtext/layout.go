package mailtext

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	"sync"
	texttemplate "text/template"
)

// messages are the message templates of each locale, keyed alike.
var messages = map[string]map[string]string{
	"en":    messagesEN,
	"fr":    messagesFR,
	"zh-CN": messagesZhCN,
	"zh-TW": messagesZhTW,
}

// catalog is one locale's messages, parsed for each part.
type catalog struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// codeStyle is how a command looks in the HTML part.
const codeStyle = "font-family:Consolas,Menlo,monospace;font-size:14px;background-color:#f5f5f5;padding:2px 4px;border-radius:3px;"

var (
	textFuncs = texttemplate.FuncMap{
		"code": func(s string) string { return s },
		"de":   frenchDe,
	}
	htmlFuncs = htmltemplate.FuncMap{
		"code": func(s string) htmltemplate.HTML {
			return htmltemplate.HTML(`<code style="` + codeStyle + `">` + htmltemplate.HTMLEscapeString(s) + `</code>`)
		},
		"de": frenchDe,
	}
)

// catalogs parses every locale's messages once. A message that doesn't
// parse is a bug the tests catch: it panics.
var catalogs = sync.OnceValue(func() map[string]catalog {
	out := map[string]catalog{}
	for loc, msgs := range messages {
		c := catalog{
			text: texttemplate.New(loc).Funcs(textFuncs).Option("missingkey=error"),
			html: htmltemplate.New(loc).Funcs(htmlFuncs).Option("missingkey=error"),
		}
		for key, msg := range msgs {
			texttemplate.Must(c.text.New(key).Parse(msg))
			htmltemplate.Must(c.html.New(key).Parse(msg))
		}
		out[loc] = c
	}
	return out
})

// renderer writes one mail's messages; the first error sticks.
type renderer struct {
	c   catalog
	v   vars
	err error
}

// text is message key in the text part.
func (r *renderer) text(key string) string {
	var b strings.Builder
	if t := r.c.text.Lookup(key); t == nil {
		r.fail(fmt.Errorf("mailtext: no message %q", key))
	} else if err := t.Execute(&b, r.v); err != nil {
		r.fail(err)
	}
	return b.String()
}

// html is message key in the HTML part, its values escaped.
func (r *renderer) html(key string) htmltemplate.HTML {
	var b strings.Builder
	if t := r.c.html.Lookup(key); t == nil {
		r.fail(fmt.Errorf("mailtext: no message %q", key))
	} else if err := t.Execute(&b, r.v); err != nil {
		r.fail(err)
	}
	return htmltemplate.HTML(b.String()) // escaped by html/template
}

func (r *renderer) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// textPage and htmlPage are what the layouts lay out.
type textPage struct {
	Greeting    string
	Body        []string
	Facts       []string // "Label: value"
	NextHeading string
	Next        []string
	Link        string // "Label: URL", or ""
	Signature   string
	Footer      []string
}

type htmlPage struct {
	Lang, Subject          string
	Heading, Greeting      htmltemplate.HTML
	Body                   []htmltemplate.HTML
	Facts                  []htmlFact
	NextHeading            string
	Next                   []htmltemplate.HTML
	URL, Action, Signature string
	Footer                 []htmltemplate.HTML
}

type htmlFact struct{ Label, Value string }

// render writes template name for d (checked) in d's locale.
func render(name string, d Data) (Message, error) {
	loc := ResolveLocale(d.Locale)
	r := &renderer{c: catalogs()[loc], v: newVars(loc, d)}
	// Plural: English "1 day", French "0 jour"/"1 jour"; Chinese has one form.
	if r.v.DaysLeft == 1 || (loc == "fr" && r.v.DaysLeft == 0) {
		r.v.Days = r.text("days.one")
	} else {
		r.v.Days = r.text("days.other")
	}
	m := compose(name, d, r.v)

	greeting := "greeting.anonymous"
	if r.v.Name != "" {
		greeting = "greeting.named"
	}
	footer := []string{"footer.purchaser", "footer.automatic"}
	if m.billing {
		footer[0] = "footer.billing"
	}
	tp := textPage{Greeting: r.text(greeting), NextHeading: r.text("next.heading"), Signature: r.text("signature")}
	hp := htmlPage{Lang: loc, Heading: r.html(m.heading), Greeting: r.html(greeting), NextHeading: tp.NextHeading,
		Signature: tp.Signature}
	for _, k := range m.body {
		tp.Body = append(tp.Body, r.text(k))
		hp.Body = append(hp.Body, r.html(k))
	}
	for _, f := range m.facts {
		value := f.value
		if f.valueKey != "" {
			value = r.text(f.valueKey)
		}
		label := r.text(f.label)
		tp.Facts = append(tp.Facts, r.format("layout.fact", label, value))
		hp.Facts = append(hp.Facts, htmlFact{label, value})
	}
	for _, k := range m.next {
		tp.Next = append(tp.Next, r.text(k))
		hp.Next = append(hp.Next, r.html(k))
	}
	if r.v.URL != "" && m.action != "" {
		hp.URL, hp.Action = r.v.URL, r.text(m.action)
		tp.Link = r.format("layout.link", hp.Action, r.v.URL)
	}
	for _, k := range footer {
		tp.Footer = append(tp.Footer, r.text(k))
		hp.Footer = append(hp.Footer, r.html(k))
	}
	subject := r.text(m.subject)
	hp.Subject = subject
	if r.err != nil {
		return Message{}, fmt.Errorf("mailtext: %s in %s: %w", name, loc, r.err)
	}

	var text, html bytes.Buffer
	if err := textLayout.Execute(&text, tp); err != nil {
		return Message{}, fmt.Errorf("mailtext: %s in %s: %w", name, loc, err)
	}
	if err := htmlLayout.Execute(&html, hp); err != nil {
		return Message{}, fmt.Errorf("mailtext: %s in %s: %w", name, loc, err)
	}
	return Message{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

// format writes a layout message (layout.fact, layout.link) of label and value.
func (r *renderer) format(key, label, value string) string {
	var b strings.Builder
	if t := r.c.text.Lookup(key); t == nil {
		r.fail(fmt.Errorf("mailtext: no message %q", key))
	} else if err := t.Execute(&b, struct{ Label, Value string }{label, value}); err != nil {
		r.fail(err)
	}
	return b.String()
}

// textLayout is the text part: greeting, body, facts, next steps, link,
// signature, and a footer after the signature separator.
var textLayout = texttemplate.Must(texttemplate.New("text").Parse(`{{.Greeting}}

{{range .Body}}{{.}}

{{end}}{{with .Facts}}{{range .}}{{.}}
{{end}}
{{end}}{{with .Next}}{{$.NextHeading}}
{{range .}}- {{.}}
{{end}}
{{end}}{{with .Link}}{{.}}

{{end}}{{.Signature}}

-- 
{{range .Footer}}{{.}}
{{end}}`))

// htmlLayout is the HTML part: one column, inline styles only, no
// external resources, the link as a button.
var htmlLayout = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f5f5f5;">
<div style="max-width:600px;margin:0 auto;padding:32px 24px;background-color:#ffffff;color:#242424;font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
<h1 style="margin:0 0 24px;font-size:24px;line-height:1.3;font-weight:600;">{{.Heading}}</h1>
<p style="margin:0 0 16px;">{{.Greeting}}</p>
{{range .Body}}<p style="margin:0 0 16px;">{{.}}</p>
{{end}}{{with .Facts}}<table style="margin:8px 0 24px;border-collapse:collapse;">
{{range .}}<tr><th scope="row" style="padding:4px 16px 4px 0;text-align:left;vertical-align:top;font-weight:600;">{{.Label}}</th><td style="padding:4px 0;vertical-align:top;">{{.Value}}</td></tr>
{{end}}</table>
{{end}}{{with .Next}}<h2 style="margin:0 0 8px;font-size:18px;line-height:1.3;font-weight:600;">{{$.NextHeading}}</h2>
<ul style="margin:0 0 24px;padding-left:24px;">
{{range .}}<li style="margin:0 0 8px;">{{.}}</li>
{{end}}</ul>
{{end}}{{with .URL}}<p style="margin:0 0 24px;"><a href="{{.}}" style="display:inline-block;padding:10px 20px;border-radius:4px;background-color:#0f6cbd;color:#ffffff;font-weight:600;text-decoration:none;">{{$.Action}}</a></p>
{{end}}<p style="margin:0 0 24px;">{{.Signature}}</p>
<hr style="margin:0 0 16px;border:none;border-top:1px solid #e0e0e0;">
{{range .Footer}}<p style="margin:0 0 8px;font-size:13px;color:#616161;">{{.}}</p>
{{end}}</div>
</body>
</html>
`))

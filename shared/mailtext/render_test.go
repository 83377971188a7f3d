package mailtext

import (
	"errors"
	"fmt"
	"html"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	nov27 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	dec1  = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

// fullData is d with every field set, as a mail about a self-service
// purchase of Microsoft 365 E3 would carry: a payment method on file,
// recurring billing on, a cancellation by an admin with a reason.
func fullData(name, locale string) Data {
	d := Data{
		Locale: locale, RecipientName: "Camille Martin", ProductName: "Microsoft 365 E3",
		TargetProductName: "Microsoft 365 E5", SubscriptionID: "sub_01JC9Z", Quantity: 5,
		Amount: money(18000, "EUR"), Credit: money(1234, "EUR"), Date: nov27, DaysLeft: 7,
		DeclineCode: "insufficient_funds", Reason: "nonPayment", ReasonText: "Bought twice", InvoiceNumber: "INV-2026-000042",
		ActionURL:        "https://selfserve.example/#/purchases/sub_01JC9Z?tab=billing&x=1",
		HasPaymentMethod: true, AutoRenew: true, ByAdmin: true,
	}
	switch name {
	case DeletionWarning:
		d.DaysLeft = 30
	case Cancelled, CancellationScheduled:
		d.Reason = "boughtByMistake"
	}
	return d
}

// withFlags is d under every combination of the flags that change what a
// mail says: a payment method on file or not, recurring billing on or
// off, cancelled by an admin or not, with an admin's text or without.
func withFlags(d Data) []Data {
	var out []Data
	for _, pm := range []bool{false, true} {
		for _, renew := range []bool{false, true} {
			for _, admin := range []bool{false, true} {
				for _, text := range []string{"", "doublon\nde commande"} {
					v := d
					v.HasPaymentMethod, v.AutoRenew, v.ByAdmin, v.ReasonText = pm, renew, admin, text
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// flags names d's flags, for a test's messages.
func flags(d Data) string {
	return fmt.Sprintf("paymentMethod=%t autoRenew=%t byAdmin=%t reason=%q reasonText=%q",
		d.HasPaymentMethod, d.AutoRenew, d.ByAdmin, d.Reason, d.ReasonText)
}

// minimalData is what template name needs, nothing more.
func minimalData(name, locale string) Data {
	d := Data{Locale: locale, ProductName: "Microsoft 365 E3"}
	switch name {
	case TrialStarted, TrialEnding, Renewed, CancellationScheduled, Suspended, DeletionWarning, InvoiceIssued:
		d.Date = nov27
	}
	if name == DeletionWarning {
		d.DaysLeft = 1
	}
	if name == InvoiceIssued {
		d.ProductName, d.InvoiceNumber = "", "INV-2026-000042"
	}
	return d
}

// checkMessage reports what is wrong with m, rendered from d: an empty
// part, a placeholder left, a value left blank, a missing product name.
func checkMessage(t *testing.T, what string, d Data, m Message) {
	t.Helper()
	parts := map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML}
	for part, s := range parts {
		if strings.TrimSpace(s) == "" {
			t.Errorf("%s: empty %s", what, part)
			continue
		}
		for _, bad := range []string{"{{", "}}", "<no value>", "%!", "  ", " .", " ,", "()", "（）", "ZgotmplZ"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: %s contains %q:\n%s", what, part, bad, s)
			}
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("%s: subject %q spans lines", what, m.Subject)
	}
	product := OneLine(d.ProductName)
	if product != "" && !strings.Contains(m.Subject+m.Text, product) {
		t.Errorf("%s: product %q neither in the subject nor the text:\n%s\n%s", what, product, m.Subject, m.Text)
	}
	if product != "" && !strings.Contains(m.HTML, product) {
		t.Errorf("%s: product %q not in the HTML", what, product)
	}
	loc := ResolveLocale(d.Locale)
	if !strings.Contains(m.HTML, `<html lang="`+loc+`">`) || !strings.Contains(m.HTML, "<h1 ") || !strings.Contains(m.HTML, "<title>") {
		t.Errorf("%s: HTML without lang=%q, a heading or a title:\n%s", what, loc, m.HTML)
	}
	for _, external := range []string{"<img", "<link", "<script", "src=", "url("} {
		if strings.Contains(m.HTML, external) {
			t.Errorf("%s: HTML loads something (%q)", what, external)
		}
	}
	if loc == "fr" && strings.Contains(m.Subject+m.Text, " :") {
		t.Errorf("%s: a French colon after a breaking space (want U+00A0):\n%s", what, m.Text)
	}
	if !strings.HasSuffix(m.Text, "\n") || strings.HasSuffix(m.Text, "\n\n") {
		t.Errorf("%s: text doesn't end with exactly one newline", what)
	}
	// A message that rendered empty leaves an empty paragraph, item or cell.
	if strings.Contains(m.Text, "\n\n\n") || strings.Contains(m.Text, "\n- \n") || strings.Contains(m.Text, ": \n") {
		t.Errorf("%s: text with an empty paragraph, item or value:\n%s", what, m.Text)
	}
	// (every element of the layout has a style attribute, ending in ;")
	for _, empty := range []string{`;"></p>`, `;"></li>`, `;"></td>`, `;"></th>`, `;"></h1>`, `;"></a>`, "<title></title>"} {
		if strings.Contains(m.HTML, empty) {
			t.Errorf("%s: HTML with an empty element (%q):\n%s", what, empty, m.HTML)
		}
	}
}

// checkFlags reports what m, rendered from d, says wrongly or leaves out
// about d's flags, in any locale: what becomes of a trial, whether the
// term renews or ends, who cancelled and why. It compares with the
// locale's own messages, rendered for d.
func checkFlags(t *testing.T, what, name string, d Data, m Message) {
	t.Helper()
	loc := ResolveLocale(d.Locale)
	r := &renderer{c: catalogs()[loc], v: newVars(loc, d)}
	say := func(key string) string { return r.text(key) }
	fact := func(label, value string) string { return r.format("layout.fact", say(label), value) + "\n" }
	says := func(s string, want bool) {
		t.Helper()
		if strings.Contains(m.Text, s) != want {
			t.Errorf("%s: has %q = %t, want %t:\n%s", what, s, !want, want, m.Text)
		}
	}
	reasonText := OneLine(d.ReasonText)
	switch name {
	case Purchased, Renewed, TrialConverted:
		if r.v.Date != "" {
			says(fact("label.renewsOn", r.v.Date), d.AutoRenew)
			says(fact("label.endsOn", r.v.Date), !d.AutoRenew)
		}
		says(say("common.noRenew"), !d.AutoRenew)
		if name != Renewed {
			says(say("common.renews"), d.AutoRenew)
		}
	case TrialStarted, TrialEnding:
		paid := d.HasPaymentMethod && d.AutoRenew
		converts := "trial.converts"
		if r.v.Amount != "" {
			converts += ".amount"
			says(r.v.Amount, true)
		}
		says(say(converts), paid)
		says(say("trial.stop"), paid)
		says(say("trial.keep.add"), !d.HasPaymentMethod)
		says(say("trial.keep.renewOn"), d.HasPaymentMethod && !d.AutoRenew)
		if r.v.URL != "" {
			says(r.format("layout.link", say("action.addPaymentMethod"), r.v.URL), !d.HasPaymentMethod && name == TrialEnding)
		}
	case Cancelled, CancellationScheduled:
		says(say(name+".body.admin"), d.ByAdmin)
		says(say(name+".body"), !d.ByAdmin)
		if code := cancelReason(d.Reason); code != "" {
			says(fact("label.reason", say(code)), d.ByAdmin)
		} else {
			says(r.format("layout.fact", say("label.reason"), ""), false)
		}
		if reasonText != "" {
			says(fact("label.comment", say("reasonText")), d.ByAdmin)
			if d.ByAdmin && !strings.Contains(m.HTML, html.EscapeString(reasonText)) {
				t.Errorf("%s: the admin's text not in the HTML:\n%s", what, m.HTML)
			}
		}
		if !d.ByAdmin || reasonText == "" {
			says(r.format("layout.fact", say("label.comment"), ""), false)
		}
		if d.ByAdmin != strings.Contains(m.HTML, say(name+".heading.admin")) {
			t.Errorf("%s: the heading doesn't say who cancelled:\n%s", what, m.HTML)
		}
	}
	if reasonText != "" && !(d.ByAdmin && (name == Cancelled || name == CancellationScheduled)) {
		says(reasonText, false)
	}
	if r.err != nil {
		t.Errorf("%s: %v", what, r.err)
	}
}

// TestRenderEveryTemplateAndLocale renders every template in every locale,
// with every field set and with only the required ones, each also under
// every combination of the flags (withFlags).
func TestRenderEveryTemplateAndLocale(t *testing.T) {
	for _, name := range Templates {
		var en Message
		for _, loc := range Locales {
			var variants []struct {
				kind string
				d    Data
			}
			for _, base := range []struct {
				kind string
				d    Data
			}{{"full", fullData(name, loc)}, {"minimal", minimalData(name, loc)}} {
				variants = append(variants, base)
				for _, d := range withFlags(base.d) {
					variants = append(variants, struct {
						kind string
						d    Data
					}{base.kind + " " + flags(d), d})
				}
			}
			for _, variant := range variants {
				what := name + " " + loc + " " + variant.kind
				d := variant.d
				m, err := Render(name, d)
				if err != nil {
					t.Errorf("%s: %v", what, err)
					continue
				}
				checkMessage(t, what, d, m)
				checkFlags(t, what, name, d, m)

				greeting := strings.SplitN(m.Text, "\n", 2)[0]
				if gotName := strings.Contains(greeting, "Camille Martin"); gotName != (d.RecipientName != "") {
					t.Errorf("%s: greeting %q, recipient %q", what, greeting, d.RecipientName)
				}
				// DataDeleted has no link: the subscription's page is gone.
				wantLink := d.ActionURL != "" && name != DataDeleted
				if gotLink := strings.Contains(m.Text, d.ActionURL) && strings.Contains(m.HTML, "<a href="); wantLink && !gotLink {
					t.Errorf("%s: the action link is missing", what)
				}
				if !wantLink && (strings.Contains(m.HTML, "<a ") || strings.Contains(m.Text, "http")) {
					t.Errorf("%s: a link without an ActionURL, or to a deleted subscription:\n%s", what, m.Text)
				}
				if variant.kind != "full" {
					continue
				}
				if loc == "en" {
					en = m
				} else if m.Subject == en.Subject || m.Text == en.Text {
					t.Errorf("%s: not translated:\n%s\n%s", what, m.Subject, m.Text)
				}
			}
		}
	}
}

func TestRenderRefuses(t *testing.T) {
	tests := []struct {
		name string
		d    Data
		want error
	}{
		{"nope", fullData(Purchased, "en"), ErrUnknownTemplate},
		{"", fullData(Purchased, "en"), ErrUnknownTemplate},
		{"Purchased", fullData(Purchased, "en"), ErrUnknownTemplate},
		{Purchased, Data{Locale: "en"}, ErrMissingData},
		{TrialEnding, Data{ProductName: "P"}, ErrMissingData},
		{Renewed, Data{ProductName: "P"}, ErrMissingData},
		{Suspended, Data{ProductName: "P"}, ErrMissingData},
		{DeletionWarning, Data{ProductName: "P", Date: nov27}, ErrMissingData},
		{InvoiceIssued, Data{Date: nov27}, ErrMissingData},
		{InvoiceIssued, Data{InvoiceNumber: "INV-1"}, ErrMissingData},
	}
	for _, tt := range tests {
		_, err := Render(tt.name, tt.d)
		if got := err; !errors.Is(got, tt.want) {
			t.Errorf("Render(%q, %+v) = %v, want %v", tt.name, tt.d, got, tt.want)
		}
	}
}

// TestRenderAmounts: amounts and credits are written for the locale, in
// both parts.
func TestRenderAmounts(t *testing.T) {
	tests := []struct {
		name, locale string
		d            Data
		want         string
	}{
		{Cancelled, "fr", Data{ProductName: "P", Credit: money(1234, "EUR")}, "12,34\u00a0€"},
		{Cancelled, "en", Data{ProductName: "P", Credit: money(1234, "EUR")}, "€12.34"},
		{Cancelled, "zh-CN", Data{ProductName: "P", Credit: money(1234, "CNY")}, "¥12.34"},
		{Cancelled, "zh-TW", Data{ProductName: "P", Credit: money(1234, "TWD")}, "$12.34"},
		{UsersMoved, "fr", Data{ProductName: "P", Credit: money(123456, "USD")}, "1\u202f234,56\u00a0$US"},
		{CancellationScheduled, "en", Data{ProductName: "P", Date: dec1, Credit: money(500, "GBP")}, "£5.00"},
		{Renewed, "en", Data{ProductName: "P", Date: dec1, Amount: money(123456, "USD")}, "$1,234.56"},
		{Renewed, "fr", Data{ProductName: "P", Date: dec1, Amount: money(123456, "USD")}, "1\u202f234,56\u00a0$US"},
		{Purchased, "zh-TW", Data{ProductName: "P", Amount: money(123456, "USD")}, "US$1,234.56"},
		{TrialConverted, "zh-CN", Data{ProductName: "P", Amount: money(9900, "CNY")}, "¥99.00"},
		{TrialEnding, "en", Data{ProductName: "P", Date: dec1, Amount: money(1235, "JPY")}, "¥1,235"},
		{PaymentFailed, "zh-TW", Data{ProductName: "P", Date: dec1, Amount: money(45000, "TWD")}, "$450.00"},
		{PaymentFailed, "fr", Data{ProductName: "P", Date: dec1, Amount: money(-1, "EUR")}, "-0,01\u00a0€"},
		{InvoiceIssued, "fr", Data{InvoiceNumber: "INV-1", Date: dec1, Amount: money(1234567, "EUR")}, "12\u202f345,67\u00a0€"},
		{InvoiceIssued, "en", Data{InvoiceNumber: "INV-1", Date: dec1, Amount: money(1234567, "KWD")}, "KWD\u00a01,234.567"},
	}
	for _, tt := range tests {
		tt.d.Locale = tt.locale
		m, err := Render(tt.name, tt.d)
		if err != nil {
			t.Errorf("%s %s: %v", tt.name, tt.locale, err)
			continue
		}
		if !strings.Contains(m.Text, tt.want) || !strings.Contains(m.HTML, tt.want) {
			t.Errorf("%s %s: %q missing:\n%s", tt.name, tt.locale, tt.want, m.Text)
		}
	}
}

// TestRenderDates: the dates a mail is about are written for the locale.
func TestRenderDates(t *testing.T) {
	tests := []struct {
		name, locale string
		want         []string
	}{
		{TrialEnding, "en", []string{"ends on December 1, 2026", "in 3 days, on December 1, 2026"}},
		{TrialEnding, "fr", []string{"se termine le 1er décembre 2026"}},
		{Renewed, "zh-CN", []string{"有效期至 2026年12月1日。"}},
		{Suspended, "zh-TW", []string{"若未在 2026年12月1日之前重新啟用"}},
		{InvoiceIssued, "en", []string{"for December 2026"}},
		{InvoiceIssued, "fr", []string{"en décembre 2026"}},
		{InvoiceIssued, "zh-CN", []string{"（2026年12月）"}},
	}
	for _, tt := range tests {
		d := fullData(tt.name, tt.locale)
		d.Date = dec1
		m, err := Render(tt.name, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(m.Subject+"\n"+m.Text, w) {
				t.Errorf("%s %s: %q missing:\n%s\n%s", tt.name, tt.locale, w, m.Subject, m.Text)
			}
		}
	}
}

// TestRenderVariants: what a mail says depends on its data.
func TestRenderVariants(t *testing.T) {
	with := func(name, locale string, change func(*Data)) Data {
		d := fullData(name, locale)
		change(&d)
		return d
	}
	tests := []struct {
		what, name string
		d          Data
		want, not  []string
	}{
		{"no credit", Cancelled, with(Cancelled, "en", func(d *Data) { d.Credit.Amount = 0 }),
			[]string{"No credit is due"}, []string{"Credit:", "refunded"}},
		{"credit", Cancelled, fullData(Cancelled, "en"),
			[]string{"We’ll refund €12.34 to your payment method.", "Credit: €12.34"}, []string{"No credit"}},
		{"credit, fr", Cancelled, fullData(Cancelled, "fr"),
			[]string{"Nous vous rembourserons 12,34\u00a0€ sur votre mode de paiement."}, []string{"Un crédit de", "sera remboursé"}},
		{"no credit, fr", Cancelled, with(Cancelled, "fr", func(d *Data) { d.Credit.Amount = 0 }),
			[]string{"Aucun crédit n’est accordé"}, []string{"Crédit\u00a0:"}},
		{"scheduled, no credit", CancellationScheduled, with(CancellationScheduled, "en", func(d *Data) { d.Credit.Amount = 0 }),
			[]string{"There is no credit", "Ends on: November 27, 2026"}, []string{"refund"}},
		{"moved, no credit", UsersMoved, with(UsersMoved, "en", func(d *Data) { d.Credit.Amount = 0 }),
			[]string{"to a subscription to Microsoft 365 E5", "Users moved to: Microsoft 365 E5"}, []string{"credit", "Credit"}},
		{"moved, no target", UsersMoved, with(UsersMoved, "zh-CN", func(d *Data) { d.TargetProductName = "" }),
			[]string{"移动到另一个订阅"}, []string{"用户已移动到："}},
		{"retry ahead", PaymentFailed, fullData(PaymentFailed, "en"),
			[]string{"We’ll try your payment method again on November 27, 2026", "suspended for non-payment",
				"selfserve subscriptions payment-method sub_01JC9Z PAYMENT_METHOD", "Change the payment method: https://"},
			[]string{"last attempt:"}},
		{"last attempt", PaymentFailed, with(PaymentFailed, "en", func(d *Data) { d.Date = time.Time{} }),
			[]string{"This was the last attempt", "reactivate"}, []string{"try your payment method again", "Next payment attempt", "payment-method sub_"}},
		{"known decline", PaymentFailed, with(PaymentFailed, "fr", func(d *Data) { d.DeclineCode = "expired_card" }),
			[]string{"La carte a expiré.", "Code de refus\u00a0: expired_card"}, nil},
		{"unknown decline", PaymentFailed, with(PaymentFailed, "en", func(d *Data) { d.DeclineCode = "do_not_honor" }),
			[]string{"Your payment method was declined.", "Decline code: do_not_honor"}, nil},
		{"no decline code", PaymentFailed, with(PaymentFailed, "en", func(d *Data) { d.DeclineCode = "" }),
			nil, []string{"Decline code", "declined"}},
		{"card_declined, zh-TW", PaymentFailed, with(PaymentFailed, "zh-TW", func(d *Data) { d.DeclineCode = "card_declined" }),
			[]string{"發卡機構拒絕了此筆扣款。"}, nil},
		{"1 day", DeletionWarning, with(DeletionWarning, "en", func(d *Data) { d.DaysLeft = 1 }),
			[]string{"deleted in 1 day, on November 27, 2026"}, []string{"1 days"}},
		{"7 days", DeletionWarning, with(DeletionWarning, "en", func(d *Data) { d.DaysLeft = 7 }),
			[]string{"deleted in 7 days"}, nil},
		{"1 jour", DeletionWarning, with(DeletionWarning, "fr", func(d *Data) { d.DaysLeft = 1 }),
			[]string{"supprimées dans 1\u00a0jour, le 27 novembre 2026"}, []string{"1\u00a0jours"}},
		{"30 jours", DeletionWarning, fullData(DeletionWarning, "fr"),
			[]string{"supprimées dans 30\u00a0jours"}, nil},
		{"30 天", DeletionWarning, fullData(DeletionWarning, "zh-CN"),
			[]string{"将在 30 天后（2026年11月27日）删除"}, nil},
		{"trial ending, no payment method", TrialEnding, with(TrialEnding, "en", func(d *Data) { d.HasPaymentMethod = false }),
			[]string{"No payment method is on file", "the trial expires", "add a payment method before November 27, 2026",
				"Price after the trial: €180.00", "Add a payment method: https://", "selfserve subscriptions payment-method sub_01JC9Z"},
			[]string{"is charged", "turn off recurring billing"}},
		{"French elision", TrialStarted, with(TrialStarted, "fr", func(d *Data) { d.ProductName = "Azure plan" }),
			[]string{"Votre essai d’Azure plan a démarré"}, []string{"de Azure"}},
		{"billing contact", PaymentFailed, with(PaymentFailed, "en", func(d *Data) { d.BillingContact = true }),
			[]string{"billing contact of the account"}, []string{"you bought"}},
		{"purchaser", PaymentFailed, fullData(PaymentFailed, "en"),
			[]string{"because you bought Microsoft 365 E3"}, []string{"billing contact"}},
		{"invoice", InvoiceIssued, fullData(InvoiceIssued, "zh-TW"),
			[]string{"發票號碼：INV-2026-000042", "總計：€180.00", "帳單連絡人"}, []string{"購買 Microsoft"}},
		{"no quantity", Purchased, with(Purchased, "en", func(d *Data) { d.Quantity = 0 }),
			nil, []string{"Quantity"}},
		{"line breaks in values", Renewed, with(Renewed, "en", func(d *Data) {
			d.ProductName, d.RecipientName = "Evil\r\nBcc: victim@example.com", "Ann\n\nLee"
		}), []string{"subscription to Evil Bcc: victim@example.com", "Hello Ann Lee,\n"}, []string{"\r", "Evil\n"}},
		{"suspended for fraud", Suspended, with(Suspended, "fr", func(d *Data) { d.Reason = "fraud" }),
			[]string{"L’abonnement a été suspendu en raison d’une suspicion de fraude."}, []string{"défaut de paiement", "Il a été"}},
		{"anonymous", Renewed, with(Renewed, "zh-TW", func(d *Data) { d.RecipientName = "  " }),
			[]string{"您好：\n"}, nil},
	}
	for _, tt := range tests {
		m, err := Render(tt.name, tt.d)
		if err != nil {
			t.Errorf("%s: %v", tt.what, err)
			continue
		}
		checkMessage(t, tt.what, tt.d, m)
		all := m.Subject + "\n" + m.Text
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q missing:\n%s", tt.what, w, all)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(all, n) {
				t.Errorf("%s: %q present:\n%s", tt.what, n, all)
			}
		}
	}
}

// TestRenderSuspensionReasons: each reason is translated, an unknown one
// is "other".
func TestRenderSuspensionReasons(t *testing.T) {
	tests := []struct {
		locale, reason, want string
	}{
		{"en", "customerRequest", "Customer request"},
		{"en", "nonPayment", "Non-payment"},
		{"en", "fraud", "Fraud"},
		{"en", "other", "Other"},
		{"en", "", "Other"},
		{"en", "sunspots", "Other"},
		{"fr", "customerRequest", "Demande du client"},
		{"fr", "nonPayment", "Défaut de paiement"},
		{"fr", "fraud", "Fraude"},
		{"fr", "other", "Autre"},
		{"zh-CN", "customerRequest", "客户请求"},
		{"zh-CN", "nonPayment", "未付款"},
		{"zh-CN", "fraud", "欺诈"},
		{"zh-CN", "other", "其他"},
		{"zh-TW", "customerRequest", "客戶要求"},
		{"zh-TW", "nonPayment", "未付款"},
		{"zh-TW", "fraud", "詐騙"},
		{"zh-TW", "other", "其他"},
	}
	for _, tt := range tests {
		d := fullData(Suspended, tt.locale)
		d.Reason = tt.reason
		m, err := Render(Suspended, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.HTML, ">"+tt.want+"</td>") || !strings.Contains(m.Text, tt.want+"\n") {
			t.Errorf("suspended %s %q: want %q in:\n%s", tt.locale, tt.reason, tt.want, m.Text)
		}
	}
}

// TestRenderConcurrently: Render is safe to call from many goroutines
// (run with -race).
func TestRenderConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for _, loc := range Locales {
		for _, name := range Templates {
			wg.Go(func() {
				if _, err := Render(name, fullData(name, loc)); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
}

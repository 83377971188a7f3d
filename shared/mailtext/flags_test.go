package mailtext

import (
	"slices"
	"strings"
	"testing"
	"time"

	"selfserve/shared/domain"
)

// flagCase is a mail whose wording depends on Data's flags: what its
// subject and text part (and, with html, its HTML part) must and must not say.
type flagCase struct {
	what, name    string
	d             Data
	want, not     []string
	html, notHTML []string
}

func (tt flagCase) check(t *testing.T) {
	t.Helper()
	m, err := Render(tt.name, tt.d)
	if err != nil {
		t.Errorf("%s: %v", tt.what, err)
		return
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
	for _, w := range tt.html {
		if !strings.Contains(m.HTML, w) {
			t.Errorf("%s: %q missing from the HTML:\n%s", tt.what, w, m.HTML)
		}
	}
	for _, n := range tt.notHTML {
		if strings.Contains(m.HTML, n) {
			t.Errorf("%s: %q present in the HTML:\n%s", tt.what, n, m.HTML)
		}
	}
}

// change is template name's fullData in locale, changed.
func change(name, locale string, f func(*Data)) Data {
	d := fullData(name, locale)
	f(&d)
	return d
}

// TestRenderTrialOutcomes: a trial's mails say what happens at its end
// from whether a payment method is on file and recurring billing is on,
// rather than telling everyone to add a payment method.
func TestRenderTrialOutcomes(t *testing.T) {
	noCard := func(d *Data) { d.HasPaymentMethod, d.AutoRenew = false, false }
	renewOff := func(d *Data) { d.AutoRenew = false }
	tests := []flagCase{
		{what: "trialEnding, card, auto-renew", name: TrialEnding, d: fullData(TrialEnding, "en"),
			want: []string{"ends in 3 days, on November 27, 2026.",
				"On that date, it becomes a paid subscription, and the payment method on file is charged €180.00.",
				"To keep using Microsoft 365 E3, you have nothing to do",
				"turn off recurring billing or cancel the subscription before November 27, 2026",
				"Manage your subscription: https://"},
			not: []string{"add a payment method", "Add a payment method", "payment-method", "expires", "Otherwise"}},
		{what: "trialEnding, card, auto-renew, no price", name: TrialEnding, d: change(TrialEnding, "en", func(d *Data) { d.Amount = domain.Money{} }),
			want: []string{"On that date, it becomes a paid subscription, charged to the payment method on file."},
			not:  []string{"add a payment method", "is charged"}},
		{what: "trialEnding, no card", name: TrialEnding, d: change(TrialEnding, "en", noCard),
			want: []string{"No payment method is on file: unless you add one before then, the trial expires",
				"add a payment method before November 27, 2026", "Add a payment method: https://",
				"If you don’t want to continue, you have nothing to do"},
			not: []string{"is charged", "becomes a paid subscription, and", "turn off recurring billing"}},
		{what: "trialEnding, card, recurring billing off", name: TrialEnding, d: change(TrialEnding, "en", renewOff),
			want: []string{"Recurring billing is off: unless you turn it on before then, the trial expires without any charge",
				"turn on recurring billing before November 27, 2026", "Manage your subscription: https://"},
			not: []string{"add a payment method", "Add a payment method", "is charged €180.00"}},
		{what: "trialStarted, card, auto-renew", name: TrialStarted, d: fullData(TrialStarted, "en"),
			want: []string{"It’s free until November 27, 2026.",
				"On that date, it becomes a paid subscription, and the payment method on file is charged €180.00.",
				"turn off recurring billing or cancel the subscription before November 27, 2026"},
			not: []string{"if a payment method", "Otherwise", "add a payment method"}},
		{what: "trialStarted, no card", name: TrialStarted, d: change(TrialStarted, "en", noCard),
			want: []string{"No payment method is on file, so nothing will be charged: the trial simply ends on that date.",
				"add a payment method before November 27, 2026"},
			not: []string{"if a payment method", "becomes a paid subscription, and", "is charged"}},
		{what: "trialStarted, card, recurring billing off", name: TrialStarted, d: change(TrialStarted, "en", renewOff),
			want: []string{"Recurring billing is off, so nothing will be charged", "turn on recurring billing before November 27, 2026"},
			not:  []string{"if a payment method", "add a payment method", "is charged"}},

		{what: "trialEnding fr, card, auto-renew", name: TrialEnding, d: fullData(TrialEnding, "fr"),
			want: []string{"À cette date, l’essai deviendra un abonnement payant et nous prélèverons 180,00\u00a0€ sur le mode de paiement enregistré.",
				"désactivez la facturation récurrente ou annulez l’abonnement avant le 27 novembre 2026",
				"Gérer votre abonnement\u00a0: https://"},
			not: []string{"ajoutez un mode de paiement", "Ajouter un mode de paiement", "Sinon"}},
		{what: "trialEnding fr, no card", name: TrialEnding, d: change(TrialEnding, "fr", noCard),
			want: []string{"Aucun mode de paiement n’est enregistré", "ajoutez un mode de paiement avant le 27 novembre 2026",
				"Ajouter un mode de paiement\u00a0: https://"},
			not: []string{"nous prélèverons"}},
		{what: "trialEnding fr, card, recurring billing off", name: TrialEnding, d: change(TrialEnding, "fr", renewOff),
			want: []string{"La facturation récurrente est désactivée", "activez la facturation récurrente avant le 27 novembre 2026"},
			not:  []string{"ajoutez un mode de paiement", "nous prélèverons"}},
		{what: "trialStarted fr, card, auto-renew", name: TrialStarted, d: fullData(TrialStarted, "fr"),
			want: []string{"Il est gratuit jusqu’au 27 novembre 2026.", "nous prélèverons 180,00\u00a0€"},
			not:  []string{"si un mode de paiement", "Sinon"}},
		{what: "trialStarted fr, no card", name: TrialStarted, d: change(TrialStarted, "fr", noCard),
			want: []string{"l’essai prendra donc simplement fin à cette date, sans aucun prélèvement",
				"ajoutez un mode de paiement avant le 27 novembre 2026"},
			not: []string{"nous prélèverons"}},
		{what: "trialEnding zh-CN, card, auto-renew", name: TrialEnding, d: fullData(TrialEnding, "zh-CN"),
			want: []string{"届时试用将转换为付费订阅，并从你已登记的付款方式中扣除 €180.00。"},
			not:  []string{"添加付款方式"}},
		{what: "trialEnding zh-TW, no card", name: TrialEnding, d: change(TrialEnding, "zh-TW", noCard),
			want: []string{"您尚未登記付款方式。", "請在 2026年11月27日之前新增付款方式"},
			not:  []string{"收取 €180.00"}},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// TestRenderCancelledBy: a cancellation by an admin says so, with the
// reason (translated) and the admin's text (quoted, escaped in HTML); the
// purchaser's own says neither.
func TestRenderCancelledBy(t *testing.T) {
	admin := func(code, text string) func(*Data) {
		return func(d *Data) { d.ByAdmin, d.Reason, d.ReasonText = true, code, text }
	}
	purchaser := func(d *Data) { d.ByAdmin = false }
	tests := []flagCase{
		{what: "cancelled by an admin", name: Cancelled, d: change(Cancelled, "en", admin("boughtByMistake", "doublon")),
			want: []string{"An admin of your organization cancelled your subscription to Microsoft 365 E3.",
				"Reason: Bought by mistake\n", "Admin’s comment: “doublon”\n",
				"If you have questions about this cancellation or still need Microsoft 365 E3, contact your admin.",
				"View your subscription: https://"},
			not:  []string{"ask your admin for a license", "Go to My purchases"},
			html: []string{">An admin cancelled your subscription</h1>", ">Bought by mistake</td>", ">“doublon”</td>"}},
		{what: "cancelled by an admin, each reason", name: Cancelled, d: change(Cancelled, "en", admin("noLongerNeeded", "")),
			want: []string{"Reason: No longer needed\n"}, not: []string{"comment"}},
		{what: "cancelled by an admin, too expensive", name: Cancelled, d: change(Cancelled, "en", admin("tooExpensive", "")),
			want: []string{"Reason: Too expensive\n"}},
		{what: "cancelled by an admin, switching", name: Cancelled, d: change(Cancelled, "en", admin("switchingProduct", "")),
			want: []string{"Reason: Switching to another product\n"}},
		{what: "cancelled by an admin, other", name: Cancelled, d: change(Cancelled, "en", admin("other", "")),
			want: []string{"Reason: Other\n"}},
		{what: "cancelled by an admin, unknown code", name: Cancelled, d: change(Cancelled, "en", admin("sunspots", "moved to Fabrikam")),
			want: []string{"Admin’s comment: “moved to Fabrikam”\n"}, not: []string{"Reason:", "sunspots"}},
		{what: "cancelled by an admin, no reason", name: Cancelled, d: change(Cancelled, "en", admin("", "")),
			want: []string{"An admin of your organization cancelled"}, not: []string{"Reason:", "comment"}},
		{what: "cancelled by the purchaser", name: Cancelled, d: change(Cancelled, "en", purchaser),
			want: []string{"Your subscription to Microsoft 365 E3 has been cancelled.", "ask your admin for a license",
				"View your subscription: https://"},
			not:  []string{"An admin", "Reason:", "Bought twice", "comment"},
			html: []string{">Your subscription has been cancelled</h1>"}},
		{what: "cancelled by an admin, fr", name: Cancelled, d: change(Cancelled, "fr", admin("boughtByMistake", "doublon")),
			want: []string{"Un administrateur de votre organisation a annulé votre abonnement à Microsoft 365 E3.",
				"Motif\u00a0: Acheté par erreur\n", "Commentaire de l’administrateur\u00a0: «\u00a0doublon\u00a0»\n",
				"contactez votre administrateur", "Voir votre abonnement\u00a0: https://"},
			not:  []string{"Accéder à Mes achats", "demandez une licence"},
			html: []string{">Un administrateur a annulé votre abonnement</h1>"}},
		{what: "cancelled by the purchaser, fr", name: Cancelled, d: change(Cancelled, "fr", purchaser),
			want: []string{"Votre abonnement à Microsoft 365 E3 a été annulé."}, not: []string{"administrateur de votre organisation a annulé", "Motif"}},
		{what: "cancelled by an admin, zh-CN", name: Cancelled, d: change(Cancelled, "zh-CN", admin("tooExpensive", "doublon")),
			want: []string{"你所在组织的管理员已取消你的 Microsoft 365 E3 订阅。", "原因：价格过高\n", "管理员备注：“doublon”\n", "查看你的订阅："}},
		{what: "cancelled by an admin, zh-TW", name: Cancelled, d: change(Cancelled, "zh-TW", admin("switchingProduct", "doublon")),
			want: []string{"您組織的系統管理員已取消您的 Microsoft 365 E3 訂閱。", "原因：改用其他產品\n", "系統管理員備註：「doublon」\n", "檢視您的訂閱："}},
		{what: "scheduled by an admin", name: CancellationScheduled, d: change(CancellationScheduled, "en", admin("tooExpensive", "doublon")),
			want: []string{"An admin of your organization cancelled your subscription to Microsoft 365 E3 as of the end of its current term, on November 27, 2026.",
				"Reason: Too expensive\n", "Admin’s comment: “doublon”\n", "contact your admin"},
			not:  []string{"Turn recurring billing back on"},
			html: []string{">An admin scheduled the end of your subscription</h1>"}},
		{what: "scheduled by the purchaser", name: CancellationScheduled, d: change(CancellationScheduled, "en", purchaser),
			want: []string{"Your subscription to Microsoft 365 E3 is cancelled as of the end of its current term", "Turn recurring billing back on"},
			not:  []string{"An admin", "Reason:", "doublon"},
			html: []string{">Your cancellation is scheduled</h1>"}},
		{what: "scheduled by an admin, fr", name: CancellationScheduled, d: change(CancellationScheduled, "fr", admin("noLongerNeeded", "doublon")),
			want: []string{"Un administrateur de votre organisation a annulé votre abonnement à Microsoft 365 E3 à compter de la fin de la période en cours, le 27 novembre 2026.",
				"Motif\u00a0: N’est plus nécessaire\n", "«\u00a0doublon\u00a0»"},
			html: []string{">Un administrateur a programmé la fin de votre abonnement</h1>"}},
		{what: "admin's text is user input", name: Cancelled, d: change(Cancelled, "en", admin("other", "<b>x</b>\r\n  and <i>more</i>")),
			want:    []string{"Admin’s comment: “<b>x</b> and <i>more</i>”\n"},
			html:    []string{"&lt;b&gt;x&lt;/b&gt; and &lt;i&gt;more&lt;/i&gt;"},
			notHTML: []string{"<b>x", "<i>more"}},
		{what: "admin's text is user input, fr", name: CancellationScheduled, d: change(CancellationScheduled, "fr", admin("other", "<b>x</b>")),
			html: []string{"«\u00a0&lt;b&gt;x&lt;/b&gt;\u00a0»"}, notHTML: []string{"<b>x"}},
		{what: "a suspension's reason isn't a cancellation's", name: Suspended, d: change(Suspended, "en", admin("fraud", "doublon")),
			want: []string{"Reason: Fraud\n"}, not: []string{"doublon", "comment"}},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// TestRenderTermEnd: a paid term's end is when it renews with recurring
// billing on, or when it ends without — never an ambiguous "expiration".
func TestRenderTermEnd(t *testing.T) {
	renewOff := func(d *Data) { d.AutoRenew = false }
	tests := []flagCase{
		{what: "purchased, auto-renew", name: Purchased, d: fullData(Purchased, "en"),
			want: []string{"Renews on: November 27, 2026\n", "The subscription renews automatically", "turn off recurring billing"},
			not:  []string{"Ends on", "Expiration date", "Recurring billing is off"}},
		{what: "purchased, no auto-renew", name: Purchased, d: change(Purchased, "en", renewOff),
			want: []string{"Ends on: November 27, 2026\n", "Recurring billing is off, so the subscription won’t renew", "turn on recurring billing"},
			not:  []string{"Renews on", "Expiration date", "renews automatically", "turn off recurring billing"}},
		{what: "renewed, auto-renew", name: Renewed, d: fullData(Renewed, "en"),
			want: []string{"Renews on: November 27, 2026\n", "turn off recurring billing before November 27, 2026"},
			not:  []string{"Ends on", "Expiration date"}},
		{what: "renewed, no auto-renew", name: Renewed, d: change(Renewed, "en", renewOff),
			want: []string{"Ends on: November 27, 2026\n", "Recurring billing is off", "turn on recurring billing"},
			not:  []string{"Renews on", "turn off recurring billing"}},
		{what: "trialConverted, auto-renew", name: TrialConverted, d: fullData(TrialConverted, "en"),
			want: []string{"Renews on: November 27, 2026\n"}, not: []string{"Ends on", "Expiration date"}},
		{what: "trialConverted, no auto-renew", name: TrialConverted, d: change(TrialConverted, "en", renewOff),
			want: []string{"Ends on: November 27, 2026\n"}, not: []string{"Renews on", "Expiration date"}},
		{what: "purchased fr, auto-renew", name: Purchased, d: fullData(Purchased, "fr"),
			want: []string{"Date de renouvellement\u00a0: 27 novembre 2026\n",
				"Nous avons prélevé 180,00\u00a0€ sur votre mode de paiement.\n\nL’abonnement est renouvelé automatiquement"},
			not: []string{"Date d’expiration", "Date de fin", "Il est renouvelé"}},
		{what: "renewed fr, auto-renew", name: Renewed, d: fullData(Renewed, "fr"),
			want: []string{"Date de renouvellement\u00a0: 27 novembre 2026\n"}, not: []string{"Date d’expiration", "Date de fin"}},
		{what: "trialConverted fr, no auto-renew", name: TrialConverted, d: change(TrialConverted, "fr", renewOff),
			want: []string{"Date de fin\u00a0: 27 novembre 2026\n", "La facturation récurrente est désactivée"},
			not:  []string{"Date de renouvellement", "Date d’expiration", "est renouvelé automatiquement"}},
		{what: "renewed zh-CN", name: Renewed, d: fullData(Renewed, "zh-CN"),
			want: []string{"续订日期：2026年11月27日\n"}, not: []string{"到期日期"}},
		{what: "purchased zh-TW, no auto-renew", name: Purchased, d: change(Purchased, "zh-TW", renewOff),
			want: []string{"結束日：2026年11月27日\n"}, not: []string{"到期日", "續訂日"}},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// subscriptionActions are the labels of a link to the subscription's
// page, where a purchaser's mail links.
var subscriptionActions = []string{"action.manage", "action.view", "action.addPaymentMethod", "action.changePaymentMethod"}

// TestLinkLabels: a link's label says where it goes — a purchaser's mail
// to the subscription's page, a billing contact's to the bills page (the
// invoice, for an invoice) — and a deleted subscription has no link.
func TestLinkLabels(t *testing.T) {
	for _, name := range Templates {
		for _, billing := range []bool{false, true} {
			for _, d := range dataVariants(name) {
				d.BillingContact = billing
				m := compose(name, d, newVars("en", d))
				switch {
				case name == DataDeleted:
					if m.action != "" {
						t.Errorf("%s: a link (%s) to a deleted subscription", name, m.action)
					}
				case name == InvoiceIssued:
					if m.action != "action.viewInvoice" {
						t.Errorf("%s: link %q, want action.viewInvoice", name, m.action)
					}
				case billing:
					if m.action != "action.bills" {
						t.Errorf("%s to a billing contact (%s): link %q, want action.bills", name, flags(d), m.action)
					}
				case !slices.Contains(subscriptionActions, m.action):
					t.Errorf("%s (%s): link %q, not to the subscription", name, flags(d), m.action)
				}
			}
		}
	}
	tests := []flagCase{
		{what: "trial expired", name: TrialExpired, d: fullData(TrialExpired, "en"), want: []string{"View your subscription: https://"}},
		{what: "users moved, fr", name: UsersMoved, d: fullData(UsersMoved, "fr"),
			want: []string{"Voir votre abonnement\u00a0: https://"}, not: []string{"Accéder à"}},
		{what: "cancelled, zh-CN", name: Cancelled, d: fullData(Cancelled, "zh-CN"),
			want: []string{"查看你的订阅：https://"}, not: []string{"转到"}},
		{what: "cancelled, zh-TW", name: Cancelled, d: fullData(Cancelled, "zh-TW"),
			want: []string{"檢視您的訂閱：https://"}, not: []string{"前往", "["}},
		{what: "data deleted", name: DataDeleted, d: fullData(DataDeleted, "en"),
			want: []string{"Deleted on: November 27, 2026\n"}, not: []string{"https://", "My purchases:"}, notHTML: []string{"<a "}},
		{what: "payment failed, billing contact", name: PaymentFailed, d: change(PaymentFailed, "en", func(d *Data) { d.BillingContact = true }),
			want: []string{"View bills & payments: https://", "on the Bills & payments page"},
			not:  []string{"Change the payment method", "payment-method"}},
		{what: "payment failed, billing contact, fr", name: PaymentFailed, d: change(PaymentFailed, "fr", func(d *Data) { d.BillingContact = true }),
			want: []string{"Voir les factures et paiements\u00a0: https://"}, not: []string{"Modifier le mode de paiement"}},
		{what: "payment failed, billing contact, last attempt", name: PaymentFailed,
			d:    change(PaymentFailed, "en", func(d *Data) { d.BillingContact, d.Date = true, time.Time{} }),
			want: []string{"View bills & payments: https://"}, not: []string{"View your subscription"}},
		{what: "invoice", name: InvoiceIssued, d: fullData(InvoiceIssued, "fr"), want: []string{"Voir la facture\u00a0: https://"}},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// TestPageNamesQuoted: a console page named in running text is quoted the
// locale's way: « » in French, “” in Simplified Chinese, 「」 in
// Traditional Chinese — never in brackets.
func TestPageNamesQuoted(t *testing.T) {
	tests := []struct {
		locale string
		want   []string
		never  []string
	}{
		{"fr", []string{"«\u00a0Mes achats\u00a0»", "«\u00a0Factures et paiements\u00a0»"}, []string{"[", "]", "“"}},
		{"zh-CN", []string{"“我的购买”", "“账单和付款”"}, []string{"[", "]", "「", "」"}},
		{"zh-TW", []string{"「我的購買」", "「帳單與付款」"}, []string{"[", "]", "“", "”"}},
	}
	for _, tt := range tests {
		all := ""
		for _, msg := range messages[tt.locale] {
			all += msg + "\n"
		}
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q never said", tt.locale, w)
			}
		}
		for key, msg := range messages[tt.locale] {
			for _, n := range tt.never {
				if strings.Contains(msg, n) {
					t.Errorf("%s %s: %q in %q", tt.locale, key, n, msg)
				}
			}
		}
	}
}

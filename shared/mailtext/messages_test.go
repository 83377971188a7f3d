package mailtext

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"selfserve/shared/domain"
)

// TestMessagesSameKeys: every locale defines every key English defines,
// and no other.
func TestMessagesSameKeys(t *testing.T) {
	if got, want := slices.Sorted(maps.Keys(messages)), slices.Sorted(slices.Values(Locales)); !slices.Equal(got, want) {
		t.Fatalf("message locales %v, want %v", got, want)
	}
	for _, loc := range Locales {
		for key := range messagesEN {
			if _, ok := messages[loc][key]; !ok {
				t.Errorf("%s: no %q", loc, key)
			}
		}
		for key := range messages[loc] {
			if _, ok := messagesEN[key]; !ok {
				t.Errorf("%s: %q is not an English key", loc, key)
			}
		}
	}
}

// TestMessagesParse: every message parses, and uses the same values in
// every locale (a translation doesn't drop the amount or the date).
func TestMessagesParse(t *testing.T) {
	catalogs() // panics on a message that doesn't parse
	for key, en := range messagesEN {
		want := fieldsOf(en)
		for _, loc := range Locales {
			if got := fieldsOf(messages[loc][key]); !slices.Equal(got, want) {
				t.Errorf("%s %s uses %v, want %v (as English)", loc, key, got, want)
			}
		}
	}
}

// fieldsOf lists the {{…}} actions of msg, sorted and without the
// functions around them ({{de .Product}} is .Product).
func fieldsOf(msg string) []string {
	var out []string
	for _, part := range strings.Split(msg, "{{")[1:] {
		action, _, _ := strings.Cut(part, "}}")
		f := strings.Fields(action)
		out = append(out, f[len(f)-1])
	}
	slices.Sort(out)
	return out
}

// TestMessagesUsed: every message is used by some mail (no dead wording to
// keep translating), and every key a mail uses exists.
func TestMessagesUsed(t *testing.T) {
	used := map[string]bool{}
	for _, key := range []string{"greeting.named", "greeting.anonymous", "next.heading", "signature",
		"footer.purchaser", "footer.billing", "footer.automatic", "layout.fact", "layout.link", "days.one", "days.other"} {
		used[key] = true
	}
	for _, name := range Templates {
		for _, d := range dataVariants(name) {
			m := compose(name, d, newVars("en", d))
			keys := slices.Concat([]string{m.subject, m.heading}, m.body, m.next)
			if m.action != "" || name != DataDeleted { // only DataDeleted has no link
				keys = append(keys, m.action)
			}
			for _, f := range m.facts {
				keys = append(keys, f.label)
				if f.valueKey != "" {
					keys = append(keys, f.valueKey)
				}
			}
			for _, k := range keys {
				if _, ok := messagesEN[k]; !ok {
					t.Errorf("%s uses %q, which no locale defines", name, k)
				}
				used[k] = true
			}
		}
	}
	for key := range messagesEN {
		if !used[key] {
			t.Errorf("%q is used by no mail", key)
		}
	}
}

// dataVariants are data that reach every branch of compose for name, each
// also under every combination of the flags (withFlags).
func dataVariants(name string) []Data {
	full := fullData(name, "en")
	out := []Data{full, minimalData(name, "en")}
	for _, code := range append(slices.Clone(declineCodes), "unknown_code") {
		d := full
		d.DeclineCode = code
		out = append(out, d)
	}
	for _, r := range domain.SuspensionReasons {
		d := full
		d.Reason = r
		out = append(out, d)
	}
	for _, r := range append(slices.Clone(domain.CancelReasonCodes), "unknown_code") {
		d := full
		d.Reason = r
		out = append(out, d)
	}
	noTarget := full
	noTarget.TargetProductName = ""
	billing := full
	billing.BillingContact = true
	out = append(out, noTarget, billing)
	for _, d := range slices.Clone(out) {
		out = append(out, withFlags(d)...)
	}
	return out
}

// TestMessagesScript: zh-CN is written in Simplified characters, zh-TW in
// Traditional ones with Taiwan's terms — not a converted copy.
func TestMessagesScript(t *testing.T) {
	tests := []struct {
		locale string
		never  []string
	}{
		// Traditional-only characters, and Taiwan's terms, in Simplified text.
		{"zh-CN", []string{"訂", "閱", "試", "許", "證", "費", "帳", "戶", "數", "據", "刪", "郵", "們", "將", "後", "權", "資", "啟", "用戶", "您"}},
		// Simplified-only characters, and mainland terms, in Traditional text.
		{"zh-TW", []string{"订", "阅", "试", "许", "证", "费", "账", "户", "数", "据", "删", "邮", "们", "将", "后", "权", "资", "启",
			"許可證", "數據", "賬", "用戶", "信息", "激活", "默認", "你"}},
	}
	for _, tt := range tests {
		for key, msg := range messages[tt.locale] {
			for _, n := range tt.never {
				if strings.Contains(msg, n) {
					t.Errorf("%s %s: %q in %q", tt.locale, key, n, msg)
				}
			}
		}
	}
	for _, w := range []string{"訂閱", "授權", "付款方式", "帳單", "系統管理員", "使用者", "資料", "重新啟用"} {
		found := false
		for _, msg := range messagesZhTW {
			found = found || strings.Contains(msg, w)
		}
		if !found {
			t.Errorf("zh-TW never says %q", w)
		}
	}
	same := 0
	for key, msg := range messagesZhTW {
		if msg == messagesZhCN[key] && strings.ContainsFunc(msg, func(r rune) bool { return r > 0x2e80 }) {
			same++
			t.Logf("zh-TW %s is zh-CN's: %q", key, msg)
		}
	}
	if same*10 > len(messagesZhTW) {
		t.Errorf("%d of %d Chinese messages are the same in zh-CN and zh-TW", same, len(messagesZhTW))
	}
}

package mailtext

import (
	"math"
	"testing"
	"time"

	"selfserve/shared/domain"
)

func money(amount int64, currency string) domain.Money {
	return domain.Money{Amount: amount, Currency: currency}
}

func TestFormatMoney(t *testing.T) {
	const (
		nb  = "\u00a0" // before a French currency symbol, after an unknown code
		nnb = "\u202f" // French group separator
	)
	tests := []struct {
		locale string
		m      domain.Money
		want   string
	}{
		{"en", money(123456, "USD"), "$1,234.56"},
		{"en", money(123456, "EUR"), "€1,234.56"},
		{"en", money(999, "GBP"), "£9.99"},
		{"en", money(1235, "JPY"), "¥1,235"},
		{"en", money(0, "USD"), "$0.00"},
		{"en", money(5, "USD"), "$0.05"},
		{"en", money(-123456, "USD"), "-$1,234.56"},
		{"en", money(123456789012, "USD"), "$1,234,567,890.12"},
		{"en", money(1234567, "KWD"), "KWD" + nb + "1,234.567"},
		{"en", money(123456, "CHF"), "CHF" + nb + "1,234.56"},
		{"en", money(123456, "usd"), "$1,234.56"},
		{"en", money(123456, ""), "1,234.56"},
		{"en", money(math.MinInt64, "USD"), "-$92,233,720,368,547,758.08"},
		{"en", money(math.MaxInt64, "JPY"), "¥9,223,372,036,854,775,807"},
		{"fr", money(123456, "USD"), "1" + nnb + "234,56" + nb + "$US"},
		{"fr", money(123456, "EUR"), "1" + nnb + "234,56" + nb + "€"},
		{"fr", money(1234, "EUR"), "12,34" + nb + "€"},
		{"fr", money(0, "EUR"), "0,00" + nb + "€"},
		{"fr", money(-123456, "EUR"), "-1" + nnb + "234,56" + nb + "€"},
		{"fr", money(123456789, "EUR"), "1" + nnb + "234" + nnb + "567,89" + nb + "€"},
		{"fr", money(1235, "JPY"), "1" + nnb + "235" + nb + "JPY"},
		{"fr", money(123456, "SEK"), "SEK" + nb + "1" + nnb + "234,56"},
		{"zh-CN", money(123456, "USD"), "US$1,234.56"},
		{"zh-CN", money(123456, "CNY"), "¥1,234.56"},
		{"zh-CN", money(1235, "JPY"), "JP¥1,235"},
		{"zh-CN", money(-999, "CNY"), "-¥9.99"},
		{"zh-CN", money(0, "CNY"), "¥0.00"},
		{"zh-CN", money(123456, "SEK"), "SEK" + nb + "1,234.56"},
		{"zh-TW", money(123456, "USD"), "US$1,234.56"},
		{"zh-TW", money(123456, "TWD"), "$1,234.56"},
		{"zh-TW", money(123456, "CNY"), "CN¥1,234.56"},
		{"zh-TW", money(1235, "JPY"), "¥1,235"},
		{"zh-TW", money(-123456789, "TWD"), "-$1,234,567.89"},
		{"de", money(123456, "EUR"), "€1,234.56"}, // unknown locale: en
		{"", money(123456, "USD"), "$1,234.56"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.locale, tt.m); got != tt.want {
			t.Errorf("FormatMoney(%q, %v) = %q, want %q", tt.locale, tt.m, got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	nov27 := time.Date(2026, 11, 27, 15, 4, 5, 0, time.UTC)
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tokyo := time.FixedZone("JST", 9*60*60)
	tests := []struct {
		locale string
		t      time.Time
		want   string
	}{
		{"en", nov27, "November 27, 2026"},
		{"en", dec1, "December 1, 2026"},
		{"fr", nov27, "27 novembre 2026"},
		{"fr", dec1, "1er décembre 2026"},
		{"fr", time.Date(2027, 2, 2, 0, 0, 0, 0, time.UTC), "2 février 2027"},
		{"fr", time.Date(2027, 8, 11, 0, 0, 0, 0, time.UTC), "11 août 2027"},
		{"zh-CN", nov27, "2026年11月27日"},
		{"zh-CN", dec1, "2026年12月1日"},
		{"zh-TW", nov27, "2026年11月27日"},
		{"zh-TW", time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), "2027年1月5日"},
		// The UTC calendar date, whatever t's zone: 08:00 in Tokyo on Dec 1 is Nov 30 UTC.
		{"en", time.Date(2026, 12, 1, 8, 0, 0, 0, tokyo), "November 30, 2026"},
		{"fr", time.Date(2026, 12, 1, 8, 0, 0, 0, tokyo), "30 novembre 2026"},
		{"xx", nov27, "November 27, 2026"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.locale, tt.t); got != tt.want {
			t.Errorf("FormatDate(%q, %v) = %q, want %q", tt.locale, tt.t, got, tt.want)
		}
	}
}

func TestFormatMonth(t *testing.T) {
	apr := time.Date(2027, 4, 30, 23, 0, 0, 0, time.UTC)
	tests := []struct{ locale, want string }{
		{"en", "April 2027"},
		{"fr", "avril 2027"},
		{"zh-CN", "2027年4月"},
		{"zh-TW", "2027年4月"},
	}
	for _, tt := range tests {
		if got := formatMonth(tt.locale, apr); got != tt.want {
			t.Errorf("formatMonth(%q) = %q, want %q", tt.locale, got, tt.want)
		}
	}
}

func TestResolveLocale(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"fr", "fr"}, {"zh-CN", "zh-CN"}, {"zh-TW", "zh-TW"},
		{"zh-cn", "zh-CN"}, {"ZH_TW", "zh-TW"}, {"FR", "fr"},
		{"", "en"}, {"de", "en"}, {"fr-CA", "en"}, {"zh", "en"}, {"zh-HK", "en"},
	}
	for _, tt := range tests {
		if got := ResolveLocale(tt.in); got != tt.want {
			t.Errorf("ResolveLocale(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFrenchDe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Power BI Pro", "de Power BI Pro"},
		{"Azure plan", "d’Azure plan"},
		{"Exchange Online", "d’Exchange Online"},
		{"Office 365 E1", "d’Office 365 E1"},
		{"Microsoft 365 E3", "de Microsoft 365 E3"},
		{"Écran", "d’Écran"},
		{"Yammer", "de Yammer"}, // a consonant Y: no elision
		{"yEd", "de yEd"},
		{"<script>", "de <script>"},
		{"", "de "},
	}
	for _, tt := range tests {
		if got := frenchDe(tt.in); got != tt.want {
			t.Errorf("frenchDe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

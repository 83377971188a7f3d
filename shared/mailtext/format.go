package mailtext

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"selfserve/shared/domain"
)

// ResolveLocale returns the locale mails for l are written in: l itself
// when it is one of Locales (letter case and "_" for "-" aside), else "en".
func ResolveLocale(l string) string {
	l = strings.ReplaceAll(l, "_", "-")
	for _, loc := range Locales {
		if strings.EqualFold(l, loc) {
			return loc
		}
	}
	return "en"
}

// numberFormat is how a locale writes numbers and currency amounts.
type numberFormat struct {
	group, decimal string
	// symbols are the currency symbols the locale knows; others are
	// written as their ISO code.
	symbols map[string]string
	// symbolAfter puts a known symbol after the number, after a no-break
	// space (French); otherwise it goes right before the number.
	symbolAfter bool
}

const (
	nbsp       = "\u00a0" // no-break space
	narrowNbsp = "\u202f" // narrow no-break space
)

// numberFormats follow CLDR's conventions for each locale.
var numberFormats = map[string]numberFormat{
	"en": {group: ",", decimal: ".", symbols: map[string]string{
		"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "TWD": "NT$",
		"CAD": "CA$", "AUD": "A$", "HKD": "HK$", "INR": "₹", "KRW": "₩",
	}},
	"fr": {group: narrowNbsp, decimal: ",", symbolAfter: true, symbols: map[string]string{
		"EUR": "€", "USD": "$US", "GBP": "£GB", "CAD": "$CA", "AUD": "$AU", "HKD": "$HK",
		"JPY": "JPY", "CNY": "CNY", "TWD": "TWD", "CHF": "CHF", "INR": "₹",
	}},
	"zh-CN": {group: ",", decimal: ".", symbols: map[string]string{
		"CNY": "¥", "USD": "US$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "TWD": "NT$",
		"HKD": "HK$", "CAD": "CA$", "AUD": "AU$", "KRW": "￦",
	}},
	"zh-TW": {group: ",", decimal: ".", symbols: map[string]string{
		"TWD": "$", "USD": "US$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥",
		"HKD": "HK$", "CAD": "CA$", "AUD": "AU$", "KRW": "￦",
	}},
}

// FormatMoney formats m, in integer minor units of its currency
// (domain.MinorDigits), for locale (see ResolveLocale):
//
//	en     $1,234.56  €1,234.56  £9.99  ¥1,235 (JPY)
//	fr     1 234,56 $US  1 234,56 € (U+202F between groups, U+00A0 before the symbol)
//	zh-CN  US$1,234.56  ¥1,234.56 (CNY)
//	zh-TW  US$1,234.56  $1,234.56 (TWD)
//
// A currency the locale has no symbol for is written as its code, a
// no-break space and the number ("CHF 1,234.56"). A negative amount starts
// with a minus sign ("-$1,234.56", "-1 234,56 €").
func FormatMoney(locale string, m domain.Money) string {
	f := numberFormats[ResolveLocale(locale)]
	code := strings.ToUpper(m.Currency)
	num := f.number(m.Amount, domain.MinorDigits(code))
	sign := ""
	if m.Amount < 0 {
		sign = "-"
	}
	sym, known := f.symbols[code]
	switch {
	case code == "":
		return sign + num
	case !known:
		return sign + code + nbsp + num
	case f.symbolAfter:
		return sign + num + nbsp + sym
	default:
		return sign + sym + num
	}
}

// number writes |minor| with digits decimals in f's separators.
func (f numberFormat) number(minor int64, digits int) string {
	u := uint64(minor)
	if minor < 0 {
		u = -u // also right for math.MinInt64
	}
	div := uint64(1)
	for range digits {
		div *= 10
	}
	out := groupDigits(strconv.FormatUint(u/div, 10), f.group)
	if digits > 0 {
		out += f.decimal + fmt.Sprintf("%0*d", digits, u%div)
	}
	return out
}

// groupDigits puts sep between groups of three digits of the whole number s.
func groupDigits(s, sep string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// FormatDate formats t's UTC calendar date for locale: en "November 27,
// 2026", fr "27 novembre 2026" ("1er décembre 2026" for the first),
// zh-CN and zh-TW "2026年11月27日".
func FormatDate(locale string, t time.Time) string {
	t = t.UTC()
	switch ResolveLocale(locale) {
	case "fr":
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + " " + frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
	case "zh-CN", "zh-TW":
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	default:
		return t.Format("January 2, 2006")
	}
}

// formatMonth formats t's UTC month: en "November 2026", fr "novembre
// 2026", zh-CN and zh-TW "2026年11月".
func formatMonth(locale string, t time.Time) string {
	t = t.UTC()
	switch ResolveLocale(locale) {
	case "fr":
		return frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
	case "zh-CN", "zh-TW":
		return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
	default:
		return t.Format("January 2006")
	}
}

// frenchDe is French "de" before s, elided before a vowel: "de Power BI
// Pro", "d’Azure plan". Not before Y, a consonant in product names: "de
// Yammer".
func frenchDe(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); strings.ContainsRune("aeiouAEIOUàâäéèêëîïôöùûüÀÂÄÉÈÊËÎÏÔÖÙÛÜ", r) {
		return "d’" + s
	}
	return "de " + s
}

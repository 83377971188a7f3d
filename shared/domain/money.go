package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Money is an amount in integer minor units of an ISO 4217 currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// Validate checks the currency code and that the amount is not negative.
func (m Money) Validate() error {
	if !currencyPattern.MatchString(m.Currency) {
		return fmt.Errorf("currency %q is not an ISO 4217 code", m.Currency)
	}
	if m.Amount < 0 {
		return fmt.Errorf("amount %d is negative", m.Amount)
	}
	return nil
}

var durationPattern = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$`)

// ParseISODuration parses the day/hour/minute subset of ISO 8601 durations
// used by cancellation windows (P14D, PT24H, P1DT12H). Months and years are
// refused because their length depends on the date.
func ParseISODuration(s string) (time.Duration, error) {
	m := durationPattern.FindStringSubmatch(s)
	if m == nil || strings.HasSuffix(s, "T") || (m[1] == "" && m[2] == "" && m[3] == "") {
		return 0, fmt.Errorf("duration %q is not of the form PnDTnHnM", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.Atoi(m[i+1])
		if err != nil || n > 100000 {
			return 0, fmt.Errorf("duration %q is out of range", s)
		}
		d += time.Duration(n) * unit
	}
	return d, nil
}

// minorDigits are the ISO 4217 minor-unit exponents other than 2.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// MinorDigits is how many decimals a currency's minor unit is (ISO 4217):
// 2 unless it is one of the few with 0 (JPY, KRW, …), 3 (BHD, KWD, …) or 4.
func MinorDigits(currency string) int {
	if d, ok := minorDigits[currency]; ok {
		return d
	}
	return 2
}

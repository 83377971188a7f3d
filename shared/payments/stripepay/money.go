package stripepay

import (
	"fmt"
	"math"
	"strings"

	"selfserve/shared/domain"
)

// Stripe's amounts are integers in the currency's "smallest unit", which is
// the ISO 4217 minor unit of our domain.Money except for these currencies
// (docs.stripe.com/currencies, "Zero-decimal currencies", "Three-decimal
// currencies" and "Special cases"):
//
//   - ISK and UGX: ISO 4217 has no minor unit, Stripe keeps them two-decimal
//     with the decimals always 00: Stripe amount = ours × 100.
//   - MGA: ISO 4217 has two decimals, Stripe zero: Stripe amount = ours ÷ 100,
//     refused unless a whole ariary.
//   - BHD, JOD, KWD, OMR, TND: three decimals in both, but Stripe wants the
//     last digit 0: refused unless a multiple of 10.
//   - IQD, LYD (three decimals in ISO 4217), CLF and UYW (four): refused, as
//     Stripe does not charge them.
//
// Every other currency has the same exponent in both: two decimals, or zero
// for Stripe's other zero-decimal currencies (JPY, KRW, CLP, VND, …), which
// ISO 4217 gives no minor unit either. HUF and TWD are zero-decimal at Stripe
// for payouts only; charges and refunds take two decimals, as ours do.
// Amounts are never rounded: one Stripe can't represent is an error.
func toStripe(m domain.Money) (amount int64, currency string, err error) {
	if err := m.Validate(); err != nil {
		return 0, "", err
	}
	switch m.Currency {
	case "ISK", "UGX":
		if m.Amount > math.MaxInt64/100 {
			return 0, "", fmt.Errorf("amount %d %s is too large", m.Amount, m.Currency)
		}
		amount = m.Amount * 100
	case "MGA":
		if m.Amount%100 != 0 {
			return 0, "", fmt.Errorf("amount %d MGA is not a whole ariary: Stripe charges MGA in whole units", m.Amount)
		}
		amount = m.Amount / 100
	case "BHD", "JOD", "KWD", "OMR", "TND":
		if m.Amount%10 != 0 {
			return 0, "", fmt.Errorf("amount %d %s does not end in 0: Stripe needs the last of three decimals to be 0", m.Amount, m.Currency)
		}
		amount = m.Amount
	case "IQD", "LYD", "CLF", "UYW":
		return 0, "", fmt.Errorf("currency %s is not supported by Stripe", m.Currency)
	default:
		amount = m.Amount
	}
	return amount, strings.ToLower(m.Currency), nil
}

// fromStripe is the inverse of toStripe, for Stripe's answers.
func fromStripe(amount int64, currency string) (domain.Money, error) {
	m := domain.Money{Amount: amount, Currency: strings.ToUpper(currency)}
	switch m.Currency {
	case "ISK", "UGX":
		if amount%100 != 0 {
			return domain.Money{}, fmt.Errorf("amount %d %s from Stripe has fractional units", amount, m.Currency)
		}
		m.Amount = amount / 100
	case "MGA":
		if amount > math.MaxInt64/100 {
			return domain.Money{}, fmt.Errorf("amount %d MGA from Stripe is too large", amount)
		}
		m.Amount = amount * 100
	}
	return m, nil
}

// domainZero is no money in currency.
func domainZero(currency string) domain.Money { return domain.Money{Currency: currency} }

package domain

import (
	"testing"
	"time"
)

func TestParseISODuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{in: "P14D", want: 14 * 24 * time.Hour},
		{in: "PT24H", want: 24 * time.Hour},
		{in: "P1DT12H", want: 36 * time.Hour},
		{in: "PT30M", want: 30 * time.Minute},
		{in: "P1DT2H3M", want: 26*time.Hour + 3*time.Minute},
		{in: "PT1H30M", want: 90 * time.Minute},
		{in: "P100000D", want: 100000 * 24 * time.Hour},
		{in: "", wantErr: true},
		{in: "P", wantErr: true},
		{in: "PT", wantErr: true},
		{in: "P1M", wantErr: true},
		{in: "P1Y", wantErr: true},
		{in: "P1W", wantErr: true},
		{in: "14D", wantErr: true},
		{in: "P-1D", wantErr: true},
		{in: "PT1.5H", wantErr: true},
		{in: "PT24", wantErr: true},
		{in: "p14d", wantErr: true},
		{in: " P14D", wantErr: true},
		{in: "P14D ", wantErr: true},
		{in: "PT30M1H", wantErr: true},
		{in: "P100001D", wantErr: true},
		{in: "P99999999999999999999D", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseISODuration(tt.in)
			if gotErr, wantErr := err != nil, tt.wantErr; gotErr != wantErr {
				t.Fatalf("ParseISODuration(%q) error = %v, want error %v", tt.in, err, wantErr)
			}
			if got, want := got, tt.want; got != want {
				t.Errorf("ParseISODuration(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestMoneyValidate(t *testing.T) {
	tests := []struct {
		name    string
		m       Money
		wantErr bool
	}{
		{"usd cents", Money{Amount: 1000, Currency: "USD"}, false},
		{"zero", Money{Amount: 0, Currency: "EUR"}, false},
		{"negative", Money{Amount: -1, Currency: "USD"}, true},
		{"lowercase currency", Money{Amount: 1, Currency: "usd"}, true},
		{"empty currency", Money{Amount: 1}, true},
		{"two letters", Money{Amount: 1, Currency: "US"}, true},
		{"four letters", Money{Amount: 1, Currency: "USDT"}, true},
		{"digits", Money{Amount: 1, Currency: "840"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if got, want := err != nil, tt.wantErr; got != want {
				t.Errorf("%+v.Validate() error = %v, want error %v", tt.m, err, want)
			}
		})
	}
}

func TestMinorDigits(t *testing.T) {
	for currency, want := range map[string]int{"USD": 2, "EUR": 2, "JPY": 0, "KRW": 0, "KWD": 3, "CLF": 4, "XYZ": 2} {
		if got := MinorDigits(currency); got != want {
			t.Errorf("MinorDigits(%s) = %d, want %d", currency, got, want)
		}
	}
}

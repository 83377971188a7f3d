package mail

import "testing"

// TestAddressString: a name that is not plain ASCII is encoded (RFC 2047).
func TestAddressString(t *testing.T) {
	tests := []struct {
		a    Address
		want string
	}{
		{Address{"", "zoe@contoso.example"}, "<zoe@contoso.example>"},
		{Address{"Selfserve", "noreply@selfserve.example"}, `"Selfserve" <noreply@selfserve.example>`},
		{Address{"Zoé", "zoe@contoso.example"}, "=?utf-8?q?Zo=C3=A9?= <zoe@contoso.example>"},
	}
	for _, tt := range tests {
		if got, want := tt.a.String(), tt.want; got != want {
			t.Errorf("%+v.String() = %q, want %q", tt.a, got, want)
		}
	}
}

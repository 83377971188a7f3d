package mail

import (
	"errors"
	"fmt"
	"testing"
)

// TestPermanent: only a *PermanentError, wrapped or not, is permanent.
func TestPermanent(t *testing.T) {
	cause := errors.New("550 mailbox unavailable")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", cause, false},
		{"permanent", &PermanentError{cause}, true},
		{"wrapped permanent", fmt.Errorf("sending: %w", &PermanentError{cause}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Permanent(tt.err), tt.want; got != want {
				t.Errorf("Permanent(%v) = %v, want %v", tt.err, got, want)
			}
		})
	}
	if got, want := (&PermanentError{cause}).Error(), cause.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(&PermanentError{cause}, cause) {
		t.Error("a PermanentError does not unwrap to its cause")
	}
}

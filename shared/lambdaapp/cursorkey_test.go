package lambdaapp_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"selfserve/shared/lambdaapp"
)

// TestCursorKeyCheck: a route's cold start refuses a bad CURSOR_KEY with an
// error that names the variable, says what is wrong and how to make a key,
// and never repeats the value (it is a secret, and the error is logged).
func TestCursorKeyCheck(t *testing.T) {
	good := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	tests := []struct {
		name  string
		value string
		want  string // in the error; "" for no error
	}{
		{"good", good, ""},
		{"good, with the newline of a file", good + "\n", ""},
		{"empty", "", "CURSOR_KEY is not set"},
		{"blank", "  \n", "CURSOR_KEY is not set"},
		{"not base64", "s3cr3t-not-base64!", "CURSOR_KEY is not base64"},
		{"base64url, not base64", strings.NewReplacer("+", "-", "/", "_").Replace(base64.StdEncoding.EncodeToString([]byte("\xfb\xff\xfe0123456789abcdef0123456789abc"))), "CURSOR_KEY is not base64"},
		{"16 bytes", base64.StdEncoding.EncodeToString([]byte("0123456789abcdef")), "CURSOR_KEY decodes to 16 bytes, not 32"},
		{"64 bytes", base64.StdEncoding.EncodeToString(make([]byte, 64)), "CURSOR_KEY decodes to 64 bytes, not 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(lambdaapp.EnvCursorKey, tt.value)
			key, err := lambdaapp.CursorKeyFromEnv()
			if tt.want == "" {
				if err != nil || len(key) != 32 {
					t.Fatalf("CursorKeyFromEnv() = %d bytes, %v; want 32 bytes", len(key), err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CursorKeyFromEnv() succeeded, want an error containing %q", tt.want)
			}
			msg := err.Error()
			for _, part := range []string{tt.want, "openssl rand -base64 32", "CursorKeySecretName"} {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q does not contain %q", msg, part)
				}
			}
			if v := strings.TrimSpace(tt.value); v != "" && strings.Contains(msg, v) {
				t.Errorf("error %q contains the value", msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q is more than one line", msg)
			}
			// The route's cold start (FromEnv) fails with the same error.
			t.Setenv(lambdaapp.EnvTable, "t")
			if _, err := lambdaapp.FromEnv(context.Background()); err == nil || err.Error() != msg {
				t.Errorf("FromEnv() error = %v, want %q", err, msg)
			}
		})
	}
}

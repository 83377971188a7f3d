package app

import (
	"context"
	"testing"
	"time"

	"selfserve/shared/domain"
)

// TestCheckTime: a request committed in steps stops between two steps with
// 503 when less than stepMargin is left before its deadline.
func TestCheckTime(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want domain.Code
	}{
		{"no deadline", func() (context.Context, context.CancelFunc) { return context.Background(), func() {} }, ""},
		{"a minute left", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Minute)
		}, ""},
		{"less than the margin left", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), stepMargin/2)
		}, domain.CodeUnavailable},
		{"cancelled", func() (context.Context, context.CancelFunc) { return cancelled, func() {} }, domain.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			err := checkTime(ctx)
			got := domain.Code("")
			if err != nil {
				got = domain.ErrorCode(err)
			}
			if got != tt.want {
				t.Errorf("checkTime = %v (%q), want %q", err, got, tt.want)
			}
		})
	}
}

package stripemock

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// TestStartStop: a started stripe-mock answers an authenticated request,
// refuses an unauthenticated one, and is gone, with its process group,
// once Stop returns.
func TestStartStop(t *testing.T) {
	s, err := Start(context.Background(), repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)

	tests := []struct {
		name string
		auth string
		want int
	}{
		{"test key", "Bearer " + Key, http.StatusOK},
		{"no key", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, s.URL+"/v1/charges", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got, want := resp.StatusCode, tt.want; got != want {
				t.Errorf("GET /v1/charges with %q: status %d, want %d", tt.auth, got, want)
			}
		})
	}

	pid := s.proc.Pid()
	s.Stop()
	select {
	case <-s.proc.Done():
	default:
		t.Fatal("Stop returned before stripe-mock exited")
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d after Stop: %v, want ESRCH", pid, err)
	}
}

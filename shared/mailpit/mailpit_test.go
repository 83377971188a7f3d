package mailpit

import (
	"context"
	"errors"
	"net/smtp"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
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

// TestStartStop: a started Mailpit, on free ports or on the addresses it
// is given, keeps a mail sent to it, lists and reads it back through its
// API, deletes it, and is gone, with its process group and its database,
// once Stop returns.
func TestStartStop(t *testing.T) {
	smtpAddr, httpAddr, err := freeAddrs()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts []Option
	}{
		{"free ports", nil},
		{"fixed addresses", []Option{Addrs(smtpAddr, httpAddr)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := Start(ctx, repoRoot(t), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(s.Stop)
			if tt.opts != nil && (s.SMTPAddr != smtpAddr || s.URL != "http://"+httpAddr) {
				t.Errorf("Mailpit on %s and %s, want %s and %s", s.SMTPAddr, s.URL, smtpAddr, httpAddr)
			}

			raw := "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n" +
				"Message-ID: <m1@example.com>\r\n\r\nbody\r\n"
			if err := smtp.SendMail(s.SMTPAddr, nil, "a@example.com", []string{"b@example.com"}, []byte(raw)); err != nil {
				t.Fatal(err)
			}
			list, err := s.WaitFor(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(list), 1; got != want {
				t.Fatalf("%d mails, want %d", got, want)
			}
			m, err := s.Message(ctx, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m.MessageID+" "+m.Subject+" "+m.From.Address+" "+m.Text, "m1@example.com hello a@example.com body\r\n"; got != want {
				t.Errorf("read back %q, want %q", got, want)
			}

			if err := s.DeleteAll(ctx); err != nil {
				t.Fatal(err)
			}
			list, err = s.Messages(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(list), 0; got != want {
				t.Errorf("%d mails after DeleteAll, want %d", got, want)
			}

			pid := s.proc.Pid()
			s.Stop()
			select {
			case <-s.proc.Done():
			default:
				t.Fatal("Stop returned before Mailpit exited")
			}
			if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("process group %d after Stop: %v, want ESRCH", pid, err)
			}
			if _, err := os.Stat(s.dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("database folder %s after Stop: %v, want it gone", s.dir, err)
			}
		})
	}
}

// TestStartTaken: a fixed address already taken fails Start with why.
func TestStartTaken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Start(ctx, repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	_, httpAddr, err := freeAddrs()
	if err != nil {
		t.Fatal(err)
	}
	taken, err := Start(ctx, repoRoot(t), Addrs(s.SMTPAddr, httpAddr))
	if err == nil {
		taken.Stop()
	}
	if !errors.Is(err, errAddrInUse) {
		t.Errorf("Start on a taken SMTP address = %v, want %v", err, errAddrInUse)
	}
	t.Logf("Start on a taken SMTP address: %v", err)
}

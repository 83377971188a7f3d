package smtpmail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"selfserve/shared/mailpit"
)

// pit is the package's Mailpit. It takes mail only for contoso.example
// and answers 550 to any other recipient.
var pit *mailpit.Server

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pit, err = mailpit.Start(ctx, root, mailpit.Flags("--smtp-allowed-recipients", `@contoso\.example$`))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer pit.Stop()
	return m.Run()
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
}

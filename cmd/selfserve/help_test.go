package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasAnExample: the --help of every command shows an
// example of it.
func TestEveryCommandHasAnExample(t *testing.T) {
	root := (&cli{env: func(string) string { return "" }}).rootCommand()
	root.InitDefaultCompletionCmd()
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.Hidden || cmd.Name() == "help" || strings.HasPrefix(cmd.CommandPath(), "selfserve completion") {
			return
		}
		if !strings.Contains(cmd.Example, "selfserve "+strings.TrimPrefix(cmd.CommandPath(), "selfserve ")) && cmd != root {
			t.Errorf("%q --help has no example of itself: %q", cmd.CommandPath(), cmd.Example)
		}
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}

// TestCompletion: the binary writes completion scripts for bash, zsh and
// fish.
func TestCompletion(t *testing.T) {
	sh := newShell(t, "contoso", "alice")
	for _, shell := range []string{"bash", "zsh", "fish"} {
		if out := sh.must("completion", shell); !strings.Contains(out, "selfserve") {
			t.Errorf("completion %s wrote %d bytes without the command's name", shell, len(out))
		}
	}
	// Flag values complete too.
	if out := sh.must("__complete", "policy", "set", "X", "--value", ""); !strings.Contains(out, "OnlyTrialsWithoutPaymentMethod") {
		t.Errorf("completing --value: %q", out)
	}
}

// TestDocumented: docs/cli.md's table of commands names every command.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	root := (&cli{env: func(string) string { return "" }}).rootCommand()
	for _, group := range root.Commands() {
		if group.Hidden || group.Name() == "help" {
			continue
		}
		row := ""
		for _, line := range strings.Split(doc, "\n") {
			if strings.HasPrefix(line, "| `selfserve "+group.Name()) {
				row = line
			}
		}
		if row == "" {
			t.Errorf("docs/cli.md has no row for selfserve %s", group.Name())
			continue
		}
		for _, leaf := range group.Commands() {
			if !strings.Contains(row, "`"+leaf.Name()+"`") && !strings.Contains(row, "selfserve "+group.Name()+" "+leaf.Name()) {
				t.Errorf("docs/cli.md's row for selfserve %s doesn't name %s", group.Name(), leaf.Name())
			}
		}
	}
}

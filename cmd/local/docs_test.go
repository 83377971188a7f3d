package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"selfserve/shared/template"
)

// repoFile reads a file of the repository.
func repoFile(t *testing.T, path string) string {
	t.Helper()
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// section returns the text of s from the line starting with start up to the
// next line starting with end.
func section(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, "\n"+start)
	if i < 0 {
		t.Fatalf("no %q", start)
	}
	s = s[i+1:]
	if j := strings.Index(s[len(start):], "\n"+end); j >= 0 {
		s = s[:len(start)+j]
	}
	return s
}

// runnerFlags are the flags main.go defines (flag.String("addr", ...)).
func runnerFlags(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "flag" {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			name, _ := strconv.Unquote(lit.Value)
			names = append(names, name)
		}
		return true
	})
	if len(names) == 0 {
		t.Fatal("found no flags in main.go")
	}
	return names
}

// TestRunnerFlagsAndLocalEndpointsDocumented: `make help` and the README's
// "The two commands" say how to pass the runner's flags (another port
// first), name every flag main.go defines, and the local endpoints.
func TestRunnerFlagsAndLocalEndpointsDocumented(t *testing.T) {
	docs := map[string]string{
		"make help":                 section(t, repoFile(t, "Makefile"), "help:", "\n"),
		"README's The two commands": section(t, repoFile(t, "README.md"), "## The two commands", "## "),
	}
	want := []string{`ARGS="-addr 127.0.0.1:3001"`, "/_local/tokens", "/_local/clock", "/_local/sweeps/{name}", "/_local/oauth/"}
	for _, name := range runnerFlags(t) {
		want = append(want, "-"+name)
	}
	for doc, text := range docs {
		text = strings.ReplaceAll(text, `\"`, `"`) // the Makefile's echo quoting
		for _, w := range want {
			if !regexp.MustCompile(regexp.QuoteMeta(w) + `([^a-z-]|$)`).MatchString(text) {
				t.Errorf("%s doesn't mention %s", doc, w)
			}
		}
	}
}

// TestTourAnswersOneALine: the README's tour sends its requests through
// req (curl -w …\n), so each answer prints on its own line; only token()
// calls curl directly, to cut the token out of its answer.
func TestTourAnswersOneALine(t *testing.T) {
	tour := section(t, repoFile(t, "README.md"), "## A five-minute tour", "## ")
	if !regexp.MustCompile(`(?m)^req\(\) \{ curl -s -w '[^']*\\n' "\$@"; \}`).MatchString(tour) {
		t.Error("the tour has no req helper ending each answer with a newline")
	}
	if n := strings.Count(tour, "curl -s"); n != 2 {
		t.Errorf("the tour calls curl -s %d times, want 2 (req and token): use req", n)
	}
}

// TestOpenAPIDescriptionPointsToExistingFiles: every repository file the
// OpenAPI document's description names exists.
func TestOpenAPIDescriptionPointsToExistingFiles(t *testing.T) {
	doc := repoFile(t, "docs/openapi.yaml")
	root, _ := template.Root()
	paths := regexp.MustCompile("`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*\\.(?:md|go|yaml|json|sh))`").FindAllStringSubmatch(doc, -1)
	if len(paths) == 0 {
		t.Fatal("the OpenAPI document names no file")
	}
	for _, m := range paths {
		if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
			t.Errorf("docs/openapi.yaml names %s: %v", m[1], err)
		}
	}
}

package access

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfserve/shared/template"
)

// TestDocumentedTable: docs/authorization.md holds the table as in code.
func TestDocumentedTable(t *testing.T) {
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "authorization.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := Markdown(); !strings.Contains(string(doc), want) {
		t.Errorf("docs/authorization.md does not contain the role table as in code; replace it with:\n%s", want)
	}
}

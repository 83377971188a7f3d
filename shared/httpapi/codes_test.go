package httpapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"

	"selfserve/shared/domain"
	"selfserve/shared/template"
)

// TestEveryCodeHasAStatus reads the Code constants of shared/domain and
// checks each is in the status table (a missing one would become a 500).
func TestEveryCodeHasAStatus(t *testing.T) {
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "shared", "domain", "errors.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				lit := v.(*ast.BasicLit)
				code := domain.Code(lit.Value[1 : len(lit.Value)-1])
				n++
				if _, ok := statusOf[code]; !ok {
					t.Errorf("code %s has no status", code)
				}
			}
		}
	}
	if n < 30 {
		t.Errorf("found %d codes in errors.go, want the spec's (>= 30)", n)
	}
}

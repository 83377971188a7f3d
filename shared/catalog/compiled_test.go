package catalog

import (
	"reflect"
	"testing"
)

// TestCompiledMatchesProductsJSON: catalog_gen.go, which Default returns,
// is products.json as Parse reads it; after editing products.json, run
// go generate ./shared/catalog.
func TestCompiledMatchesProductsJSON(t *testing.T) {
	if compiled == nil {
		t.Skip("catalog_json build: Default parses products.json")
	}
	parsed, err := Parse(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(compiled, parsed) {
		t.Fatal("catalog_gen.go is not products.json: run go generate ./shared/catalog")
	}
	if Default() != compiled {
		t.Error("Default() is not the compiled catalog")
	}
}

//go:build catalog_json

package catalog

// compiled is nil in a catalog_json build (the generator's): Default
// decodes products.json instead of using catalog_gen.go.
var compiled *Catalog

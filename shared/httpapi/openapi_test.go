package httpapi_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"selfserve/shared/httpapi"
	"selfserve/shared/template"
)

// These tests keep docs/openapi.yaml, template.yaml and httpapi.Routes in
// step. They read files only: no database.

// httpMethods are the keys of an OpenAPI path item that are operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPI is docs/openapi.yaml parsed as a node tree, so $refs can be
// resolved against it and failures can name a line.
type openAPI struct {
	path string
	root *yaml.Node // the document's top-level mapping
}

// operation is one method+path of the document.
type operation struct {
	method, path string
	node         *yaml.Node
}

func (o operation) key() string { return o.method + " " + o.path }

// loadOpenAPI reads docs/openapi.yaml, found beside template.yaml.
func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	tpl, err := template.Find()
	if err != nil {
		t.Fatalf("template.Find: %v", err)
	}
	path := filepath.Join(filepath.Dir(tpl), "docs", "openapi.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read OpenAPI document: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("%s: want one YAML mapping document", path)
	}
	return &openAPI{path: path, root: doc.Content[0]}
}

// get returns the value of key in mapping node n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pairs returns the key/value pairs of mapping node n in document order.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// pointer resolves a local reference ("#/components/schemas/Product") in
// the document, or returns nil.
func (d *openAPI) pointer(ref string) *yaml.Node {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := d.root
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, tok)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

// deref follows $ref (a few levels at most) from n; it fails the test on a
// dangling reference.
func (d *openAPI) deref(t *testing.T, n *yaml.Node) *yaml.Node {
	t.Helper()
	for range 8 {
		ref := get(n, "$ref")
		if ref == nil {
			return n
		}
		target := d.pointer(ref.Value)
		if target == nil {
			t.Fatalf("%s:%d: $ref %q does not resolve", d.path, ref.Line, ref.Value)
		}
		n = target
	}
	t.Fatalf("%s:%d: $ref chain too long", d.path, n.Line)
	return nil
}

// operations lists every operation of paths in document order.
func (d *openAPI) operations(t *testing.T) []operation {
	t.Helper()
	paths := get(d.root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		t.Fatalf("%s: no paths mapping", d.path)
	}
	var out []operation
	for _, p := range pairs(paths) {
		for _, m := range pairs(p[1]) {
			if slices.Contains(httpMethods, m[0].Value) {
				out = append(out, operation{method: strings.ToUpper(m[0].Value), path: p[0].Value, node: m[1]})
			}
		}
	}
	return out
}

// routeSet maps "METHOD /path" to the name a source gives that route.
type routeSet map[string]string

func (s routeSet) keys() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// add records key→name and fails on a route listed twice in one source.
func (s routeSet) add(t *testing.T, source, key, name string) {
	t.Helper()
	if prev, dup := s[key]; dup {
		t.Errorf("%s: %s is listed twice (%s and %s)", source, key, prev, name)
	}
	s[key] = name
}

func templateRoutes(t *testing.T) routeSet {
	t.Helper()
	tpl, err := template.LoadDefault()
	if err != nil {
		t.Fatalf("template.LoadDefault: %v", err)
	}
	s := routeSet{}
	for _, f := range tpl.Routes() {
		if isDefaultRoute(f) { // checked by TestOpenAPIDefaultRoute
			continue
		}
		s.add(t, "template.yaml", f.Route.Method+" "+f.Route.Path, f.Name)
	}
	return s
}

// isDefaultRoute: the $default route is an HttpApi event without Path and
// Method (SAM's syntax for it).
func isDefaultRoute(f template.Function) bool {
	return f.Route != nil && f.Route.Method == "" && f.Route.Path == ""
}

func openAPIRoutes(t *testing.T, d *openAPI) routeSet {
	t.Helper()
	s := routeSet{}
	for _, op := range d.operations(t) {
		id := get(op.node, "operationId")
		name := ""
		if id != nil {
			name = id.Value
		}
		s.add(t, "openapi.yaml", op.key(), name)
	}
	return s
}

func tableRoutes(t *testing.T) routeSet {
	t.Helper()
	s := routeSet{}
	for _, r := range httpapi.Routes {
		s.add(t, "httpapi.Routes", r.Method+" "+r.Path, r.Name)
	}
	return s
}

// minus returns the elements of a that are not in b.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func TestOpenAPIVersionAndInfo(t *testing.T) {
	d := loadOpenAPI(t)
	info := get(d.root, "info")
	for _, c := range []struct {
		field string
		node  *yaml.Node
		want  string
	}{
		{"openapi", get(d.root, "openapi"), "3.1.0"},
		{"info.title", get(info, "title"), "selfserve"},
		{"info.version", get(info, "version"), "0.1.0"},
	} {
		got := ""
		if c.node != nil {
			got = c.node.Value
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.field, got, c.want)
		}
	}
}

// TestOpenAPIMatchesTemplateAndRoutes checks that template.yaml, the OpenAPI
// document and httpapi.Routes list the same method+path set, with the same
// function name for each.
func TestOpenAPIMatchesTemplateAndRoutes(t *testing.T) {
	d := loadOpenAPI(t)
	tpl := templateRoutes(t)
	sources := []struct {
		name string
		set  routeSet
	}{
		{"openapi.yaml paths", openAPIRoutes(t, d)},
		{"httpapi.Routes", tableRoutes(t)},
	}
	if len(tpl) == 0 {
		t.Fatal("template.yaml has no HttpApi functions")
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			if got, want := src.set.keys(), tpl.keys(); !slices.Equal(got, want) {
				t.Errorf("%s routes differ from template.yaml (missing %q, extra %q):\ngot  %q\nwant %q",
					src.name, minus(want, got), minus(got, want), got, want)
			}
			for _, key := range tpl.keys() {
				got, ok := src.set[key]
				if !ok {
					continue // reported above
				}
				if want := tpl[key]; got != want {
					t.Errorf("%s: %s name got %q, want %q (the template function)", src.name, key, got, want)
				}
			}
		})
	}
}

// TestOpenAPIRefsResolve walks the whole document and checks every $ref is
// local and points at an existing component.
func TestOpenAPIRefsResolve(t *testing.T) {
	d := loadOpenAPI(t)
	refs := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for _, kv := range pairs(n) {
				if kv[0].Value != "$ref" {
					continue
				}
				refs++
				ref := kv[1].Value
				if !strings.HasPrefix(ref, "#/components/") {
					t.Errorf("%s:%d: $ref %q: got a reference outside #/components/, want a local component", d.path, kv[1].Line, ref)
					continue
				}
				if d.pointer(ref) == nil {
					t.Errorf("%s:%d: $ref %q: got no such component, want an existing one", d.path, kv[1].Line, ref)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(d.root)
	if refs == 0 {
		t.Errorf("got no $ref in %s, want components to be referenced", d.path)
	}
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// TestOpenAPIParameters checks that each operation declares exactly the
// parameters named in its path (required, in: path), and that PUT operations
// accept the Idempotency-Key header.
func TestOpenAPIParameters(t *testing.T) {
	d := loadOpenAPI(t)
	for _, op := range d.operations(t) {
		t.Run(op.key(), func(t *testing.T) {
			var want []string
			for _, m := range pathParam.FindAllStringSubmatch(op.path, -1) {
				want = append(want, m[1])
			}
			var got []string
			headers := map[string]bool{}
			if params := get(op.node, "parameters"); params != nil {
				for _, p := range params.Content {
					p = d.deref(t, p)
					name, in := get(p, "name"), get(p, "in")
					if name == nil || in == nil {
						t.Errorf("%s:%d: parameter without name or in", d.path, p.Line)
						continue
					}
					switch in.Value {
					case "path":
						got = append(got, name.Value)
						if req := get(p, "required"); req == nil || req.Value != "true" {
							t.Errorf("path parameter %s: got required %v, want true", name.Value, req)
						}
					case "header":
						headers[name.Value] = true
					}
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("path parameters: got %q, want %q", got, want)
			}
			if op.method == "PUT" {
				if got, want := headers[httpapi.IdempotencyHeader], true; got != want {
					t.Errorf("%s header declared: got %v, want %v", httpapi.IdempotencyHeader, got, want)
				}
			}
		})
	}
}

// TestOpenAPIProblemResponses checks that every operation documents 401
// both as the gateway's own body and as the function's problem, and that
// every error response it lists is application/problem+json with the
// Problem schema.
func TestOpenAPIProblemResponses(t *testing.T) {
	d := loadOpenAPI(t)
	const problemType = "application/problem+json"
	for _, op := range d.operations(t) {
		t.Run(op.key(), func(t *testing.T) {
			responses := get(op.node, "responses")
			if responses == nil {
				t.Fatalf("got no responses, want some")
			}
			has := func(code, mediaType, schema string) bool {
				r := get(responses, code)
				if r == nil {
					return false
				}
				r = d.deref(t, r)
				media := get(get(r, "content"), mediaType)
				if media == nil {
					return false
				}
				ref := get(get(media, "schema"), "$ref")
				return ref != nil && ref.Value == "#/components/schemas/"+schema
			}
			isProblem := func(code string) bool { return has(code, problemType, "Problem") }
			if got, want := isProblem("401") && has("401", "application/json", "GatewayError"), true; got != want {
				t.Errorf("401 as the gateway's application/json GatewayError and as %s Problem: got %v, want %v", problemType, got, want)
			}
			for _, kv := range pairs(responses) {
				code := kv[0].Value
				if code != "default" && !strings.HasPrefix(code, "4") && !strings.HasPrefix(code, "5") {
					continue
				}
				if got, want := isProblem(code), true; got != want {
					t.Errorf("response %s as %s with the Problem schema: got %v, want %v", code, problemType, got, want)
				}
			}
		})
	}
}

// TestOpenAPIDefaultRoute: the template's one $default route is
// httpapi.DefaultRoute's function, and the document describes it under
// x-default-route with the same operationId: 404 and 405 (with Allow) as
// problem+json, and API Gateway's own 401 and 413 as its {"message"} body.
func TestOpenAPIDefaultRoute(t *testing.T) {
	tpl, err := template.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range tpl.Routes() {
		if isDefaultRoute(f) {
			names = append(names, f.Name)
		}
	}
	if got, want := names, []string{httpapi.DefaultRoute.Name}; !slices.Equal(got, want) {
		t.Fatalf("template.yaml $default routes = %q, want %q", got, want)
	}
	d := loadOpenAPI(t)
	def := get(d.root, "x-default-route")
	if def == nil {
		t.Fatalf("%s: no x-default-route", d.path)
	}
	if id := get(def, "operationId"); id == nil || id.Value != httpapi.DefaultRoute.Name {
		t.Errorf("x-default-route operationId = %v, want %q", id, httpapi.DefaultRoute.Name)
	}
	responses := get(def, "responses")
	media := func(code, mediaType string) *yaml.Node {
		r := get(responses, code)
		if r == nil {
			return nil
		}
		return get(get(d.deref(t, r), "content"), mediaType)
	}
	schema := func(code, mediaType string) string {
		if ref := get(get(media(code, mediaType), "schema"), "$ref"); ref != nil {
			return ref.Value
		}
		return ""
	}
	for _, c := range []struct{ code, mediaType, schema string }{
		{"401", "application/json", "#/components/schemas/GatewayError"},
		{"404", "application/problem+json", "#/components/schemas/Problem"},
		{"405", "application/problem+json", "#/components/schemas/Problem"},
		{"413", "application/json", "#/components/schemas/GatewayError"},
	} {
		if got := schema(c.code, c.mediaType); got != c.schema {
			t.Errorf("x-default-route %s %s schema = %q, want %q", c.code, c.mediaType, got, c.schema)
		}
	}
	if r := get(responses, "405"); r == nil || get(get(d.deref(t, r), "headers"), "Allow") == nil {
		t.Errorf("x-default-route 405 declares no Allow header")
	}
}

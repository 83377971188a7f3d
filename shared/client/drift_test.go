package client

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"selfserve/shared/template"
)

// These tests hold the client against docs/openapi.yaml. They read files
// only: no network, no database.

// TestClientMatchesOpenAPI checks every operation of the document against
// the client: its entry in operations (method, path, Idempotency-Key,
// If-Match), its method (path arguments, query and body types, answer type)
// and, recursively, the JSON properties of its body and answer types.
func TestClientMatchesOpenAPI(t *testing.T) {
	d := loadDoc(t)
	if got, want := len(d.operations(new([]string))), len(operations); got != want {
		t.Errorf("the document has %d operations, the client's table %d", got, want)
	}
	for _, diff := range drift(d, operations, reflect.TypeFor[*Client]()) {
		t.Error(diff)
	}
	if _, ok := reflect.TypeFor[*Client]().MethodByName("NotFound"); ok {
		t.Error("(*Client).NotFound: the $default route is no operation")
	}
}

// TestDriftIsDetected alters the document, the operations table or a Go type
// and expects the comparison to report it.
func TestDriftIsDetected(t *testing.T) {
	docTests := []struct {
		name   string
		change func(d *apiDoc, ops map[string]operation)
		want   string
	}{
		{"document renames a response property", func(d *apiDoc, _ map[string]operation) {
			rename(d.schema("Money")["properties"].(map[string]any), "currency", "currencyCode")
		}, "GetProduct: response 200.offers[].unitPrice.currencyCode: in the document, not in client.Money"},
		{"document adds a request property", func(d *apiDoc, _ map[string]operation) {
			d.schema("SubscriptionCreate")["properties"].(map[string]any)["couponCode"] = map[string]any{"type": "string"}
		}, "CreateSubscription: body.couponCode: in the document, not in client.SubscriptionCreate"},
		{"document drops a nested response property", func(d *apiDoc, _ map[string]operation) {
			delete(d.schema("AllowedAction")["properties"].(map[string]any), "reason")
		}, "GetSubscription: response 200.allowedActions[].reason: in client.AllowedAction, not in the document"},
		{"document makes an optional request property required", func(d *apiDoc, _ map[string]operation) {
			s := d.schema("SubscriptionCreate")
			s["required"] = append(s["required"].([]any), "quantity")
		}, "CreateSubscription: body.quantity: required in the document, omitted when empty by client.SubscriptionCreate"},
		{"document adds a query parameter", func(d *apiDoc, _ map[string]operation) {
			op := d.root["paths"].(map[string]any)["/v1/tenants/{tenantId}/orders"].(map[string]any)["get"].(map[string]any)
			op["parameters"] = append(op["parameters"].([]any), map[string]any{"name": "type", "in": "query", "schema": map[string]any{"type": "string"}})
		}, `ListOrders: query parameter "type": in the document, not in client.ListOrdersParams`},
		{"document renames a path parameter", func(d *apiDoc, _ map[string]operation) {
			paths := d.root["paths"].(map[string]any)
			paths["/v1/tenants/{tenant}"] = paths["/v1/tenants/{tenantId}"]
			delete(paths, "/v1/tenants/{tenantId}")
		}, "GetTenant: the client sends GET /v1/tenants/{tenantId}, the document has GET /v1/tenants/{tenant}"},
		{"document gains an operation", func(d *apiDoc, _ map[string]operation) {
			d.root["paths"].(map[string]any)["/v1/tenants/{tenantId}/credit-notes"] = map[string]any{"get": map[string]any{"operationId": "ListCreditNotes"}}
		}, "ListCreditNotes: no entry in the client's operations table"},
		{"document gives a binary answer another media type", func(d *apiDoc, _ map[string]operation) {
			op := d.root["paths"].(map[string]any)["/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf"].(map[string]any)["get"].(map[string]any)
			content := mapAt(op, "responses", "200", "content")
			content["image/png"] = content["application/pdf"]
			delete(content, "application/pdf")
		}, "GetInvoicePdf: answer 200: unexpected media type image/png"},
		{"table sends another method", func(_ *apiDoc, ops map[string]operation) {
			op := ops["UpdateSubscription"]
			op.Method = "PUT"
			ops["UpdateSubscription"] = op
		}, "UpdateSubscription: the client sends PUT"},
		{"table forgets a required Idempotency-Key", func(_ *apiDoc, ops map[string]operation) {
			op := ops["MoveUsers"]
			op.Key = optionalKey
			ops["MoveUsers"] = op
		}, "MoveUsers: Idempotency-Key: the client's is optional, the document's required"},
		{"table forgets If-Match", func(_ *apiDoc, ops map[string]operation) {
			op := ops["CancelSubscription"]
			op.IfMatch = false
			ops["CancelSubscription"] = op
		}, "CancelSubscription: If-Match: the client's false, the document's true"},
		{"table has an operation the document lacks", func(_ *apiDoc, ops map[string]operation) {
			ops["PayInvoice"] = operation{"POST", "/v1/tenants/{tenantId}/invoices/{invoiceId}/pay", optionalKey, false}
		}, "PayInvoice: in the client's table, not in the document"},
	}
	for _, tt := range docTests {
		t.Run(tt.name, func(t *testing.T) {
			d := loadDoc(t)
			ops := cloneOps(operations)
			tt.change(d, ops)
			diffs := drift(d, ops, reflect.TypeFor[*Client]())
			if !slices.ContainsFunc(diffs, func(s string) bool { return strings.HasPrefix(s, tt.want) }) {
				t.Errorf("got differences\n\t%s\nwant one starting %q", strings.Join(diffs, "\n\t"), tt.want)
			}
		})
	}

	t.Run("client lacks a method", func(t *testing.T) {
		diffs := drift(loadDoc(t), operations, reflect.TypeFor[*struct{}]())
		if want := "GetTenant: no method (*Client).GetTenant"; !slices.Contains(diffs, want) {
			t.Errorf("got differences\n\t%s\nwant %q", strings.Join(diffs, "\n\t"), want)
		}
	})

	// Go types altered the same ways, against the real document.
	type moneyRenamed struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currencyCode"`
	}
	type moneyOmitsRequired struct {
		Amount   int64  `json:"amount,omitempty"`
		Currency string `json:"currency"`
	}
	type moneyWrongType struct {
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	}
	type createSendsNull struct {
		ProductID        string `json:"productId"`
		BillingFrequency string `json:"billingFrequency"`
		Quantity         int    `json:"quantity,omitempty"`
		Trial            bool   `json:"trial,omitempty"`
		PaymentMethodID  string `json:"paymentMethodId,omitempty"`
		AutoRenew        *bool  `json:"autoRenew"`
		AzureSubID       string `json:"azureSubscriptionId,omitempty"`
	}
	type viewLosesNested struct {
		Subscription
		AllowedActions []struct {
			Action  string `json:"action"`
			Allowed bool   `json:"allowed"`
		} `json:"allowedActions"`
		CancellationQuote *CancellationQuote `json:"cancellationQuote,omitempty"`
	}
	goTests := []struct {
		name   string
		schema string
		typ    reflect.Type
		want   string
	}{
		{"renamed property", "Money", reflect.TypeFor[moneyRenamed](), "x.currency: in the document, not in client.moneyRenamed"},
		{"required property omitted when empty", "Money", reflect.TypeFor[moneyOmitsRequired](), "x.amount: required in the document, omitted when empty"},
		{"wrong type", "Money", reflect.TypeFor[moneyWrongType](), "x.amount: the document has integer (int64), Go string"},
		{"optional property sent as null", "SubscriptionCreate", reflect.TypeFor[createSendsNull](), "x.autoRenew: optional in the document, always sent"},
		{"nested array item loses a property", "SubscriptionView", reflect.TypeFor[viewLosesNested](), "x.allowedActions[].reason: in the document, not in"},
	}
	d := loadDoc(t)
	for _, tt := range goTests {
		t.Run(tt.name, func(t *testing.T) {
			diffs := d.compare(d.schema(tt.schema), tt.typ, "x")
			if !slices.ContainsFunc(diffs, func(s string) bool { return strings.HasPrefix(s, tt.want) }) {
				t.Errorf("got differences\n\t%s\nwant one starting %q", strings.Join(diffs, "\n\t"), tt.want)
			}
		})
	}
}

func rename(m map[string]any, from, to string) {
	m[to] = m[from]
	delete(m, from)
}

func cloneOps(ops map[string]operation) map[string]operation {
	out := make(map[string]operation, len(ops))
	for k, v := range ops {
		out[k] = v
	}
	return out
}

// apiDoc is docs/openapi.yaml decoded as plain values.
type apiDoc struct{ root map[string]any }

// loadDoc reads docs/openapi.yaml from the repository root.
func loadDoc(t testing.TB) *apiDoc {
	t.Helper()
	root, err := template.Root()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "docs", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	return &apiDoc{root: m}
}

// schema is components.schemas[name].
func (d *apiDoc) schema(name string) map[string]any {
	return d.pointer("#/components/schemas/" + name)
}

// pointer resolves a local JSON pointer, nil when it leads nowhere.
func (d *apiDoc) pointer(ref string) map[string]any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = d.root
	for _, p := range strings.Split(ref[2:], "/") {
		m, _ := cur.(map[string]any)
		cur = m[strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")]
	}
	m, _ := cur.(map[string]any)
	return m
}

// deref follows $refs from v to a schema, parameter, response or request
// body; nil when v is none or a $ref leads nowhere.
func (d *apiDoc) deref(v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		m = d.pointer(ref)
	}
	return m
}

// docOp is an operation as the document describes it.
type docOp struct {
	id, method, path string
	pathParams       []string
	query            map[string]bool // name: required
	key              keyUse
	ifMatch          bool
	body             map[string]any // the JSON request schema; nil: no body
	answers          []docAnswer    // the 2xx answers
}

type docAnswer struct {
	status, media string         // media "" when the answer has no body
	schema        map[string]any // the answer's schema
}

var docMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// operations reads every operation of paths, by operationId, adding what it
// can't read to diffs.
func (d *apiDoc) operations(diffs *[]string) map[string]docOp {
	out := map[string]docOp{}
	paths, _ := d.root["paths"].(map[string]any)
	for path, item := range paths {
		item := d.deref(item)
		for _, method := range docMethods {
			raw, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			o := docOp{method: strings.ToUpper(method), path: path, query: map[string]bool{}}
			o.id, _ = raw["operationId"].(string)
			bad := func(f string, a ...any) {
				*diffs = append(*diffs, fmt.Sprintf("%s %s (%s): ", o.method, path, o.id)+fmt.Sprintf(f, a...))
			}
			params := append(slices.Clone(list(item["parameters"])), list(raw["parameters"])...)
			for _, p := range params {
				p := d.deref(p)
				name, _ := p["name"].(string)
				required, _ := p["required"].(bool)
				switch in := p["in"]; {
				case in == "path":
					o.pathParams = append(o.pathParams, name)
				case in == "query":
					o.query[name] = required
				case in == "header" && name == "Idempotency-Key":
					o.key = optionalKey
					if required {
						o.key = requiredKey
					}
				case in == "header" && name == "If-Match":
					o.ifMatch = true
				default:
					bad("the client does not send %s parameter %q", in, name)
				}
			}
			if rb := d.deref(raw["requestBody"]); rb != nil {
				s := d.deref(mapAt(rb, "content", "application/json")["schema"])
				if s == nil {
					bad("request body without an application/json schema")
				} else if s["maxProperties"] != 0 { // not the Empty body
					o.body = s
				}
			}
			for status, r := range mapAt(raw, "responses") {
				if !strings.HasPrefix(status, "2") {
					continue
				}
				content := mapAt(d.deref(r), "content")
				if len(content) == 0 {
					o.answers = append(o.answers, docAnswer{status: status})
				}
				for media, c := range content {
					o.answers = append(o.answers, docAnswer{status, media, d.deref(c.(map[string]any)["schema"])})
				}
			}
			out[o.id] = o
		}
	}
	return out
}

// drift compares the document with the client's operations table and the
// methods of client (the type *Client) and returns the differences, sorted.
func drift(d *apiDoc, table map[string]operation, client reflect.Type) []string {
	var diffs []string
	docOps := d.operations(&diffs)
	for _, o := range docOps {
		diffs = append(diffs, d.checkOperation(o, table, client)...)
	}
	for id := range table {
		if _, ok := docOps[id]; !ok {
			diffs = append(diffs, id+": in the client's table, not in the document")
		}
	}
	slices.Sort(diffs)
	return diffs
}

var (
	ctxType       = reflect.TypeFor[context.Context]()
	errorType     = reflect.TypeFor[error]()
	callOptsType  = reflect.TypeFor[[]CallOption]()
	bytesType     = reflect.TypeFor[[]byte]()
	timeType      = reflect.TypeFor[time.Time]()
	anyMapType    = reflect.TypeFor[map[string]any]()
	keyUseStrings = map[keyUse]string{noKey: "none", optionalKey: "optional", requiredKey: "required"}
)

// checkOperation compares one operation with its table entry and method.
func (d *apiDoc) checkOperation(o docOp, table map[string]operation, client reflect.Type) []string {
	var diffs []string
	add := func(f string, a ...any) { diffs = append(diffs, o.id+": "+fmt.Sprintf(f, a...)) }
	if op, ok := table[o.id]; !ok {
		add("no entry in the client's operations table")
	} else {
		if op.Method != o.method || op.Path != o.path {
			add("the client sends %s %s, the document has %s %s", op.Method, op.Path, o.method, o.path)
		}
		if op.Key != o.key {
			add("Idempotency-Key: the client's is %s, the document's %s", keyUseStrings[op.Key], keyUseStrings[o.key])
		}
		if op.IfMatch != o.ifMatch {
			add("If-Match: the client's %v, the document's %v", op.IfMatch, o.ifMatch)
		}
	}
	m, ok := client.MethodByName(o.id)
	if !ok {
		add("no method (*Client).%s", o.id)
		return diffs
	}
	ft := m.Type // In(0) is the receiver
	n := ft.NumIn()
	if n < 2 || ft.In(1) != ctxType || !ft.IsVariadic() || ft.In(n-1) != callOptsType {
		add("want func(ctx context.Context, …, opts ...CallOption), have %s", ft)
		return diffs
	}
	i := 2
	for _, p := range o.pathParams {
		if i >= n-1 || ft.In(i).Kind() != reflect.String {
			add("no string argument for path parameter %s", p)
			return diffs
		}
		i++
	}
	var query, body reflect.Type
	for ; i < n-1; i++ {
		switch a := ft.In(i); {
		case a.Kind() == reflect.Pointer && a.Elem().Name() == o.id+"Params":
			query = a.Elem()
		case body == nil:
			body = a
		default:
			add("unexpected argument %s", a)
		}
	}
	switch {
	case len(o.query) > 0 && query == nil:
		add("no *%sParams argument for the query parameters", o.id)
	case len(o.query) == 0 && query != nil:
		add("takes *%s, the document has no query parameters", query.Name())
	case query != nil:
		diffs = append(diffs, prefixed(o.id+": ", compareQuery(o.query, query))...)
	}
	switch {
	case o.body != nil && body == nil:
		add("no argument for the request body")
	case o.body == nil && body != nil:
		add("takes %s, the document has no request body", body)
	case body != nil:
		diffs = append(diffs, prefixed(o.id+": ", d.compare(o.body, body, "body"))...)
	}
	for _, a := range o.answers {
		switch {
		case a.media == "":
			if ft.NumOut() != 1 || ft.Out(0) != errorType {
				add("answer %s has no body: want the method to return only an error", a.status)
			}
		case ft.NumOut() != 2 || ft.Out(1) != errorType:
			add("want the method to return (answer, error)")
		case a.media == "application/json":
			if ft.Out(0).Kind() != reflect.Pointer {
				add("answer %s: want a pointer to its type, have %s", a.status, ft.Out(0))
				continue
			}
			diffs = append(diffs, prefixed(o.id+": ", d.compare(a.schema, ft.Out(0).Elem(), "response "+a.status))...)
		case a.media == "text/csv" || a.media == "application/pdf":
			if ft.Out(0) != bytesType {
				add("answer %s is %s: want []byte, have %s", a.status, a.media, ft.Out(0))
			}
		default:
			add("answer %s: unexpected media type %s", a.status, a.media)
		}
	}
	return diffs
}

// compareQuery compares the document's query parameters (name: required)
// with the url tags of a …Params struct.
func compareQuery(doc map[string]bool, t reflect.Type) []string {
	var diffs []string
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, omitempty := urlTag(f)
		seen[name] = true
		required, ok := doc[name]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("query parameter %q: in %s, not in the document", name, t))
		case required && omitempty:
			diffs = append(diffs, fmt.Sprintf("query parameter %q: required in the document, omitempty in %s", name, t))
		case !required && !omitempty:
			diffs = append(diffs, fmt.Sprintf("query parameter %q: optional in the document, always sent by %s", name, t))
		}
	}
	for name := range doc {
		if !seen[name] {
			diffs = append(diffs, fmt.Sprintf("query parameter %q: in the document, not in %s", name, t))
		}
	}
	return diffs
}

// compare compares schema s with Go type t, recursively, at path (e.g.
// "response 200.items[].purchaser"): the same JSON properties, a required
// property never omitted when empty and an optional one always omitted, and
// kinds that fit (string, integer, boolean, number, array, date-time).
func (d *apiDoc) compare(s map[string]any, t reflect.Type, path string) []string {
	s = d.deref(s)
	if s == nil {
		return []string{path + ": no schema (unresolvable $ref?)"}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	props, required, isObject := d.object(s)
	if isObject && len(props) == 0 && s["additionalProperties"] == true {
		if t != anyMapType {
			return []string{fmt.Sprintf("%s: the document has a free-form object, Go %s", path, t)}
		}
		return nil
	}
	if isObject {
		if t.Kind() != reflect.Struct || t == timeType {
			return []string{fmt.Sprintf("%s: the document has an object, Go %s", path, t)}
		}
		var diffs []string
		fields := jsonFields(t)
		for _, name := range sortedKeys(props) {
			f, ok := fields[name]
			switch {
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s.%s: in the document, not in %s", path, name, t))
				continue
			case required[name] && f.omit:
				diffs = append(diffs, fmt.Sprintf("%s.%s: required in the document, omitted when empty by %s", path, name, t))
			case !required[name] && !f.omit:
				diffs = append(diffs, fmt.Sprintf("%s.%s: optional in the document, always sent by %s", path, name, t))
			}
			diffs = append(diffs, d.compare(d.deref(props[name]), f.typ, path+"."+name)...)
		}
		for name := range fields {
			if _, ok := props[name]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: in %s, not in the document", path, name, t))
			}
		}
		return diffs
	}
	typ, _ := s["type"].(string)
	var fits bool
	switch typ {
	case "array":
		if t.Kind() == reflect.Slice {
			return d.compare(d.deref(s["items"]), t.Elem(), path+"[]")
		}
	case "string":
		fits = t.Kind() == reflect.String
		if s["format"] == "date-time" {
			fits = t == timeType
		}
	case "integer":
		fits = slices.Contains([]reflect.Kind{reflect.Int, reflect.Int32, reflect.Int64}, t.Kind())
	case "boolean":
		fits = t.Kind() == reflect.Bool
	case "number":
		fits = t.Kind() == reflect.Float64
	}
	if !fits {
		if f, ok := s["format"].(string); ok {
			typ += " (" + f + ")"
		}
		return []string{fmt.Sprintf("%s: the document has %s, Go %s", path, typ, t)}
	}
	return nil
}

// object merges an object schema's properties and required names over
// allOf (all parts) and oneOf/anyOf (a property is required when every
// alternative requires it). isObject is false for non-object schemas.
func (d *apiDoc) object(s map[string]any) (props map[string]any, required map[string]bool, isObject bool) {
	props, required = map[string]any{}, map[string]bool{}
	isObject = s["type"] == "object"
	for _, part := range list(s["allOf"]) {
		p, r, ok := d.object(d.deref(part))
		isObject = isObject || ok
		for k, v := range p {
			props[k] = v
		}
		for k := range r {
			required[k] = true
		}
	}
	alts := append(slices.Clone(list(s["oneOf"])), list(s["anyOf"])...)
	var common map[string]bool
	for i, alt := range alts {
		p, r, _ := d.object(d.deref(alt))
		isObject = true
		for k, v := range p {
			props[k] = v
		}
		if i == 0 {
			common = r
		}
		for k := range common {
			if !r[k] {
				delete(common, k)
			}
		}
	}
	for k := range common {
		required[k] = true
	}
	for k, v := range mapAt(s, "properties") {
		props[k] = v
		isObject = true
	}
	for _, r := range list(s["required"]) {
		if name, ok := r.(string); ok {
			required[name] = true
		}
	}
	return props, required, isObject
}

type jsonField struct {
	typ  reflect.Type
	omit bool // omitempty or omitzero
}

// jsonFields are the JSON properties of struct t, embedded structs'
// flattened as encoding/json does.
func jsonFields(t reflect.Type) map[string]jsonField {
	out := map[string]jsonField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		omit := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		out[name] = jsonField{f.Type, omit}
	}
	return out
}

func list(v any) []any { l, _ := v.([]any); return l }

// mapAt walks nested mappings by keys.
func mapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func prefixed(p string, diffs []string) []string {
	for i := range diffs {
		diffs[i] = p + diffs[i]
	}
	return diffs
}

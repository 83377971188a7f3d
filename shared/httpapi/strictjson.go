package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"selfserve/shared/domain"
)

// checkKeys walks the JSON in b alongside the Go type t and refuses what
// encoding/json would let through: a key given twice in one object, a key
// that matches a field only when case is ignored, and null anywhere (the
// decoder reads it as "absent", or as the zero value; no field of the API
// gives null a meaning). Unknown keys are refused by the decoder itself.
func checkKeys(b []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return walk(dec, t, "")
}

func walk(dec *json.Decoder, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return nil // syntax errors are reported by the decoder
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if tok == nil { // JSON null
		if path == "" {
			return domain.Errorf(domain.CodeInvalidRequest, "a JSON object is required")
		}
		return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid: %s is null; leave an optional field out instead", strings.TrimSuffix(path, "."))
	}
	switch tok {
	case json.Delim('{'):
		fields := jsonFields(t)
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil
			}
			k, _ := kt.(string)
			if seen[k] {
				return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid: field %s%s is given twice", path, k)
			}
			seen[k] = true
			var sub reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				f, ok := fields[k]
				if !ok {
					return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid: unknown or read-only field %q", path+k)
				}
				sub = f
			} else if t != nil && t.Kind() == reflect.Map {
				sub = t.Elem()
			}
			if err := walk(dec, sub, path+k+"."); err != nil {
				return err
			}
		}
		_, _ = dec.Token()
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for dec.More() {
			if err := walk(dec, elem, path); err != nil {
				return err
			}
		}
		_, _ = dec.Token()
	}
	return nil
}

// jsonFields maps a struct's JSON names (exact case) to their types,
// including embedded structs' fields.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	if t == nil || t.Kind() != reflect.Struct {
		return out
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			for k, v := range jsonFields(et) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

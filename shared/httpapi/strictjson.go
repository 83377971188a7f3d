package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"selfserve/shared/domain"
)

// checkKeys walks the JSON in b alongside the Go type t and refuses what
// encoding/json would let through: a key given twice in one object, a key
// that matches a field only when case is ignored, and null anywhere (the
// decoder reads it as "absent", or as the zero value; no field of the API
// gives null a meaning). It also refuses unknown keys, as the decoder does,
// but knows where they are: each problem names its member as field.
func checkKeys(b []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return walk(dec, t, nil)
}

func walk(dec *json.Decoder, t reflect.Type, path jsonPath) error {
	tok, err := dec.Token()
	if err != nil {
		return nil // syntax errors are reported by the decoder
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if tok == nil { // JSON null
		if len(path) == 0 {
			return domain.Errorf(domain.CodeInvalidRequest, "a JSON object is required")
		}
		return domain.FieldErrorf(path.member(), "the body is not valid: %s is null; leave an optional field out instead", path)
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
			at := path.key(k)
			if seen[k] {
				return domain.FieldErrorf(at.member(), "the body is not valid: field %s is given twice", at)
			}
			seen[k] = true
			var sub reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				f, ok := fields[k]
				if !ok {
					return domain.FieldErrorf(at.member(), "the body is not valid: unknown or read-only field %q", at.String())
				}
				sub = f
			} else if t != nil && t.Kind() == reflect.Map {
				sub = t.Elem()
			}
			if err := walk(dec, sub, at); err != nil {
				return err
			}
		}
		_, _ = dec.Token()
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := walk(dec, elem, path.index(i)); err != nil {
				return err
			}
		}
		_, _ = dec.Token()
	}
	return nil
}

// jsonPath is where a value sits in a body: member names and, between
// them, array indexes (index >= 0).
type jsonPath []pathStep

type pathStep struct {
	key   string
	index int
}

func (p jsonPath) key(k string) jsonPath {
	return append(p[:len(p):len(p)], pathStep{key: k, index: -1})
}
func (p jsonPath) index(i int) jsonPath { return append(p[:len(p):len(p)], pathStep{index: i}) }

// String is the dotted path: "users.3.email".
func (p jsonPath) String() string {
	parts := make([]string, len(p))
	for i, s := range p {
		parts[i] = s.key
		if s.index >= 0 {
			parts[i] = strconv.Itoa(s.index)
		}
	}
	return strings.Join(parts, ".")
}

// member is the path of the member that holds the value at p, the problem's
// field: p without trailing indexes, as an element of an array of scalars
// ("eventTypes") is no member of its own.
func (p jsonPath) member() string {
	for len(p) > 0 && p[len(p)-1].index >= 0 {
		p = p[:len(p)-1]
	}
	return p.String()
}

// memberAt is the member holding the value of b the decoder stopped at:
// the scalar that ends at offset off, or the object or array that opens
// just before it (as json.UnmarshalTypeError reports them). "" when no
// value is there.
func memberAt(b []byte, off int64) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	p, _ := locate(dec, nil, off)
	return p
}

func locate(dec *json.Decoder, path jsonPath, off int64) (string, bool) {
	tok, err := dec.Token()
	if err != nil {
		return "", true
	}
	if dec.InputOffset() == off {
		return path.member(), true
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", true
			}
			k, _ := kt.(string)
			if p, done := locate(dec, path.key(k), off); done {
				return p, true
			}
		}
		_, _ = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if p, done := locate(dec, path.index(i), off); done {
				return p, true
			}
		}
		_, _ = dec.Token()
	}
	return "", false
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

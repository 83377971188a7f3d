package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"selfserve/shared/domain"
)

// MaxBodyBytes is the largest request body accepted (docs/spec.md §9).
const MaxBodyBytes = 64 << 10

// MaxBulkBodyBytes is the largest body of a bulk license assignment
// (docs/spec.md §4.7): 10,000 users of ~400 bytes, under Lambda's 6 MB
// request payload.
const MaxBulkBodyBytes = 4 << 20

// readBody reads the whole body, refusing more than limit bytes (413) and
// non-JSON content types (415).
func readBody(r *http.Request, limit int) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		charset, hasCharset := params["charset"]
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) || (hasCharset && !strings.EqualFold(charset, "utf-8")) {
			return nil, domain.Errorf(domain.CodeUnsupportedMediaType, "the body must be application/json in UTF-8")
		}
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "the body could not be read")
	}
	if len(b) > limit {
		return nil, domain.Errorf(domain.CodePayloadTooLarge, "the body is larger than %d bytes", limit)
	}
	return b, nil
}

// decodeStrict decodes one JSON object into v: unknown fields (including
// server-set ones such as status or tenantId), trailing data and type
// mismatches are 400 invalid_request; a problem about one member names it
// as field.
func decodeStrict(b []byte, v any) error {
	if !utf8.Valid(b) {
		return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return domain.Errorf(domain.CodeInvalidRequest, "a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(b, v, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return domain.Errorf(domain.CodeInvalidRequest, "the body must hold exactly one JSON object")
	}
	return checkKeys(b, reflect.TypeOf(v))
}

// describeJSONError tells what is wrong with body b, decoded into v,
// without echoing Go internals, and names the member at fault.
func describeJSONError(b []byte, v any, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	detail := "malformed JSON"
	switch {
	case errors.As(err, &syn):
		detail = "malformed JSON at offset " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		if typ.Field == "" {
			detail = "a JSON object is required"
			break
		}
		field := memberAt(b, typ.Offset)
		if field == "" {
			field = typ.Field
		}
		return domain.FieldErrorf(field, "the body is not valid: field %s must be %s", field, jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// The walk finds it too, with its path.
		if located := checkKeys(b, reflect.TypeOf(v)); located != nil {
			return located
		}
		detail = "unknown or read-only field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		detail = "the JSON ends early"
	}
	return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid: %s", detail)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int32", "int64", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "of another type"
}

// checkQuery refuses a malformed query string, query parameters the route
// doesn't know, and repeated ones unless listed in repeatable.
func checkQuery(r *http.Request, known []string, repeatable ...string) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return domain.Errorf(domain.CodeInvalidRequest, "the query string is malformed")
	}
	for name, vals := range q {
		if !contains(known, name) {
			return domain.FieldErrorf(name, "unknown query parameter %q", name)
		}
		if len(vals) > 1 && !contains(repeatable, name) {
			return domain.FieldErrorf(name, "query parameter %q is given more than once", name)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// limitParam reads ?limit= (default 50, 1..200).
func limitParam(q url.Values) (int32, error) {
	s := q.Get("limit")
	if s == "" {
		return 50, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 200 {
		return 0, domain.FieldErrorf("limit", "limit must be a whole number from 1 to 200")
	}
	return int32(n), nil
}

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
// mismatches are 400 invalid_request.
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
		return domain.Errorf(domain.CodeInvalidRequest, "the body is not valid: %s", describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return domain.Errorf(domain.CodeInvalidRequest, "the body must hold exactly one JSON object")
	}
	return checkKeys(b, reflect.TypeOf(v))
}

// describeJSONError tells what is wrong without echoing Go internals.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON at offset " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return "field " + typ.Field + " must be " + jsonKind(typ.Type.Kind().String())
		}
		return "a JSON object is required"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown or read-only field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the JSON ends early"
	}
	return "malformed JSON"
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
			return domain.Errorf(domain.CodeInvalidRequest, "unknown query parameter %q", name)
		}
		if len(vals) > 1 && !contains(repeatable, name) {
			return domain.Errorf(domain.CodeInvalidRequest, "query parameter %q is given more than once", name)
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
		return 0, domain.Errorf(domain.CodeInvalidRequest, "limit must be a whole number from 1 to 200")
	}
	return int32(n), nil
}

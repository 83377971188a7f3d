package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Problem is an error the API answered: an RFC 9457 problem+json body, or
// API Gateway's own {"message": …} (Code "", Detail the message) or any other
// non-2xx answer (Code "", Detail the start of its body).
type Problem struct {
	// Status is the HTTP status.
	Status int
	// Code is the stable error code to branch on, e.g. insufficient_licenses.
	Code   string
	Title  string
	Detail string
	Type   string
	// Extra holds the extension members, e.g. available and requested of
	// insufficient_licenses; numbers are json.Number (see Int).
	Extra map[string]any
}

// Error is "STATUS CODE: DETAIL", the title standing in for a missing code.
func (p *Problem) Error() string {
	what := p.Code
	if what == "" {
		what = p.Title
	}
	if p.Detail == "" || p.Detail == what {
		return fmt.Sprintf("%d %s", p.Status, what)
	}
	return fmt.Sprintf("%d %s: %s", p.Status, what, p.Detail)
}

// Int returns the integer extension member name.
func (p *Problem) Int(name string) (int64, bool) {
	n, ok := p.Extra[name].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// AsProblem returns the *Problem in err's chain.
func AsProblem(err error) (*Problem, bool) {
	var p *Problem
	ok := errors.As(err, &p)
	return p, ok
}

// NetworkError is a request that got no answer: the API could not be
// reached, the connection broke, or the time ran out, after any retries.
type NetworkError struct {
	Op          string // the operationId
	Method, URL string
	Err         error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s: could not reach the API (%s %s): %v", e.Op, e.Method, e.URL, cause(e.Err))
}

func (e *NetworkError) Unwrap() error { return e.Err }

// cause drops the *url.Error wrapper, whose text repeats the method and URL.
func cause(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// IsNetwork reports whether err is a failure to reach the API rather than
// an answer from it.
func IsNetwork(err error) bool {
	var n *NetworkError
	return errors.As(err, &n)
}

// parseProblem makes the Problem of a non-2xx answer.
func parseProblem(status int, h http.Header, body []byte) *Problem {
	p := &Problem{Status: status, Title: http.StatusText(status)}
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	var members map[string]json.RawMessage
	if (mt == "application/problem+json" || mt == "application/json") && json.Unmarshal(body, &members) == nil {
		if mt == "application/problem+json" {
			for name, raw := range members {
				var dst *string
				switch name {
				case "code":
					dst = &p.Code
				case "title":
					dst = &p.Title
				case "detail":
					dst = &p.Detail
				case "type":
					dst = &p.Type
				case "status":
					continue // the HTTP status is the one that counts
				}
				if dst != nil {
					_ = json.Unmarshal(raw, dst)
					continue
				}
				dec := json.NewDecoder(bytes.NewReader(raw))
				dec.UseNumber()
				var v any
				if dec.Decode(&v) == nil {
					if p.Extra == nil {
						p.Extra = map[string]any{}
					}
					p.Extra[name] = v
				}
			}
			return p
		}
		if raw, ok := members["message"]; ok && json.Unmarshal(raw, &p.Detail) == nil {
			return p
		}
	}
	p.Detail = snippet(body)
	return p
}

// snippet is the start of a body that is not a problem, for the error text.
func snippet(body []byte) string {
	const n = 200
	s := strings.TrimSpace(string(body))
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

// ParseProblem makes the Problem of a non-2xx answer from a selfserve
// endpoint the client has no method for (such as the local runner's).
func ParseProblem(status int, h http.Header, body []byte) *Problem {
	return parseProblem(status, h, body)
}

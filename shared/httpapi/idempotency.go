package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"unicode"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

// IdempotencyHeader is the request header of docs/spec.md §9.
const IdempotencyHeader = "Idempotency-Key"

// idempotency reads the Idempotency-Key of r. It returns nil when there is
// none (and required is false); otherwise a record to complete with the
// response and commit with the change. The key is scoped to the principal;
// the request hash covers method, path and body.
func idempotency(r *http.Request, p domain.Principal, body []byte, required bool) (*app.Key, error) {
	if len(r.Header.Values(IdempotencyHeader)) > 1 {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "give one Idempotency-Key header")
	}
	k := r.Header.Get(IdempotencyHeader)
	if len(r.Header.Values(IdempotencyHeader)) == 1 && strings.TrimSpace(k) == "" {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "Idempotency-Key must not be empty")
	}
	if k == "" {
		if required {
			return nil, domain.Errorf(domain.CodeInvalidRequest, "the Idempotency-Key header is required")
		}
		return nil, nil
	}
	if len(k) > 255 {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "Idempotency-Key must be at most 255 characters")
	}
	for _, c := range k {
		if c > unicode.MaxASCII || !unicode.IsPrint(c) {
			return nil, domain.Errorf(domain.CodeInvalidRequest, "Idempotency-Key must be printable ASCII")
		}
	}
	return &app.Key{Hash: IdempotencyHash(p.TenantID, p.UserID, k), RequestHash: digest(r.Method, r.URL.Path, string(body))}, nil
}

// IdempotencyHash is how a principal's Idempotency-Key is stored: keys are
// scoped to the caller (token tid and sub).
func IdempotencyHash(tenantID, userID, key string) string { return digest(tenantID, userID, key) }

func digest(parts ...string) string {
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

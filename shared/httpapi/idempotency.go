package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"unicode"

	"selfserve/shared/domain"
	"selfserve/shared/store"
)

// IdempotencyHeader is the request header of SPEC §9.
const IdempotencyHeader = "Idempotency-Key"

// idempotency reads the Idempotency-Key of r. It returns nil when there is
// none (and required is false); otherwise a record to complete with the
// response and commit with the change. The key is scoped to the principal;
// the request hash covers method, path and body.
func idempotency(r *http.Request, p domain.Principal, body []byte, required bool) (*store.Idempotency, error) {
	if len(r.Header.Values(IdempotencyHeader)) > 1 {
		return nil, domain.Errorf(domain.CodeInvalidRequest, "give one Idempotency-Key header")
	}
	k := r.Header.Get(IdempotencyHeader)
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
	return &store.Idempotency{
		Hash:        IdempotencyHash(p.TenantID, p.UserID, k),
		RequestHash: digest(r.Method, r.URL.Path, string(body)),
	}, nil
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

// replayOr writes the stored outcome when err is a replay of the same
// request and returns nil; it returns 422 idempotency_key_mismatch for
// another request with the same key, and err itself otherwise.
func replayOr(w http.ResponseWriter, err error, idem *store.Idempotency) error {
	var rep *store.ReplayError
	if idem == nil || !errors.As(err, &rep) {
		return err
	}
	if rep.Record.RequestHash != idem.RequestHash {
		return domain.Errorf(domain.CodeIdempotencyKeyMismatch, "this Idempotency-Key was used with a different request")
	}
	if rep.Record.Location != "" {
		w.Header().Set("Location", rep.Record.Location)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	writeBody(w, rep.Record.Status, rep.Record.ContentType, rep.Record.Body)
	return nil
}

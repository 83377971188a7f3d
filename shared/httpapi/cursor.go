package httpapi

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"selfserve/shared/app"
	"selfserve/shared/domain"
)

// Cursors seals list positions with AES-GCM, bound to a scope (the list, the
// tenant and the filters), so a cursor is opaque, can't be forged and can't
// be used for another tenant or another query.
type Cursors struct{ aead cipher.AEAD }

// NewCursors takes a 32-byte key.
func NewCursors(key []byte) (*Cursors, error) {
	if len(key) != 32 {
		return nil, errors.New("cursor key must be 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Cursors{aead: aead}, nil
}

// Seal returns the cursor for position within scope ("" for no next page).
func (c *Cursors) Seal(scope string, position []byte) string {
	if len(position) == 0 {
		return ""
	}
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(position)+c.aead.Overhead())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(c.aead.Seal(nonce, nonce, position, []byte(scope)))
}

// Open returns the position of a cursor made by Seal for the same scope.
// Returns CodeInvalidRequest for anything else.
func (c *Cursors) Open(scope, cursor string) ([]byte, error) {
	if cursor == "" {
		return nil, nil
	}
	bad := domain.FieldErrorf("cursor", "cursor is not valid for this list")
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) < c.aead.NonceSize()+c.aead.Overhead() || len(cursor) > 2048 {
		return nil, bad
	}
	n := c.aead.NonceSize()
	pos, err := c.aead.Open(nil, raw[:n], raw[n:], []byte(scope))
	if err != nil {
		return nil, bad
	}
	return pos, nil
}

// listQuery checks a list route's query string — limit, cursor and the
// route's own params — and returns the page size.
func listQuery(r *http.Request, params ...string) (int32, error) {
	if err := checkQuery(r, append([]string{"limit", "cursor"}, params...)); err != nil {
		return 0, err
	}
	return limitParam(r.URL.Query())
}

// pager is one list request's page: where it starts, and the scope its
// next cursor is sealed to.
type pager struct {
	Page    app.Page
	scope   string
	cursors *Cursors
}

// openPage opens the request's cursor, bound to scope (the list's name,
// tenant and fixed parameters), into a page of limit items.
func (a *API) openPage(r *http.Request, limit int32, scope ...string) (pager, error) {
	s := strings.Join(scope, "\x00")
	after, err := a.Cursors.Open(s, r.URL.Query().Get("cursor"))
	return pager{Page: app.Page{Limit: limit, After: after}, scope: s, cursors: a.Cursors}, err
}

// next is the cursor of the page after this one ("" at the end).
func (pg pager) next(position []byte) string { return pg.cursors.Seal(pg.scope, position) }

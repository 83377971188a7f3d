package httpapi

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"

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
	bad := domain.Errorf(domain.CodeInvalidRequest, "cursor is not valid for this list")
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

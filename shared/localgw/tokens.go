// Package localgw stands in for API Gateway on a laptop: it verifies tokens
// it minted itself (HS256), turns each HTTP request into the same API Gateway
// v2 event a deployed function gets, with the JWT claims in the authorizer
// context, invokes the route's Lambda handler and writes its response back.
package localgw

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Issuer and audience of local tokens.
const (
	Issuer   = "selfserve-local"
	Audience = "selfserve"
	TokenTTL = 24 * time.Hour
)

// Claims are the token claims of docs/spec.md §16.
type Claims struct {
	Subject  string   `json:"sub"`
	TenantID string   `json:"tid"`
	Roles    []string `json:"roles"`
	Name     string   `json:"name,omitempty"`
	Email    string   `json:"email,omitempty"`
	// Locale is the user's language (en, fr, zh-CN, zh-TW), as an identity
	// provider's locale claim gives it.
	Locale   string `json:"locale,omitempty"`
	Issuer   string `json:"iss"`
	Audience string `json:"aud"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
	// RolesString is the roles claim when a token carries it as one
	// string rather than an array (Mint never does; other identity
	// providers may): API Gateway passes such a claim as is.
	RolesString *string `json:"-"`
}

// UnmarshalJSON reads the claims, with a roles claim given as an array of
// strings or as one string.
func (c *Claims) UnmarshalJSON(b []byte) error {
	type plain Claims
	var v struct {
		plain
		Roles json.RawMessage `json:"roles"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Claims(v.plain)
	if len(v.Roles) > 0 && v.Roles[0] == '"' {
		var s string
		if err := json.Unmarshal(v.Roles, &s); err != nil {
			return err
		}
		c.RolesString = &s
		return nil
	}
	if len(v.Roles) > 0 {
		return json.Unmarshal(v.Roles, &c.Roles)
	}
	return nil
}

// checkRoleValues is the requirement on identity providers (README
// "Deploy"): role values without spaces, commas or brackets, which API
// Gateway's "[a b]" form of an array claim could not tell apart.
func checkRoleValues(roles []string) error {
	for _, r := range roles {
		if r == "" || strings.ContainsFunc(r, func(c rune) bool { return unicode.IsSpace(c) || strings.ContainsRune(",[]", c) }) {
			return fmt.Errorf("role %q: role values must not be empty or hold spaces, commas or brackets", r)
		}
	}
	return nil
}

// Tokens mints and verifies local HS256 tokens with one secret key.
type Tokens struct{ key []byte }

// NewTokens returns a Tokens with key (at least 32 bytes).
func NewTokens(key []byte) (*Tokens, error) {
	if len(key) < 32 {
		return nil, errors.New("token key must be at least 32 bytes")
	}
	return &Tokens{key: key}, nil
}

var header = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// Mint returns a token for c valid for 24 hours from now, with the roles
// claim as an array; role values that break the identity-provider
// requirement are refused.
func (t *Tokens) Mint(c Claims, now time.Time) (string, error) {
	if err := checkRoleValues(c.Roles); err != nil {
		return "", err
	}
	c.RolesString = nil
	c.Issuer, c.Audience, c.IssuedAt, c.Expires = Issuer, Audience, now.Unix(), now.Add(TokenTTL).Unix()
	if c.Roles == nil {
		c.Roles = []string{}
	}
	return t.signed(c)
}

// MintIDToken returns an OpenID Connect ID token for c, issued by issuer
// to clientID (the local identity provider's, for the console's sign-in).
func (t *Tokens) MintIDToken(c Claims, issuer, clientID, nonce string, now time.Time) (string, error) {
	claims := map[string]any{"iss": issuer, "aud": clientID, "sub": c.Subject, "tid": c.TenantID,
		"iat": now.Unix(), "exp": now.Add(TokenTTL).Unix()}
	for k, v := range map[string]string{"name": c.Name, "email": c.Email, "locale": c.Locale, "nonce": nonce} {
		if v != "" {
			claims[k] = v
		}
	}
	return t.signed(claims)
}

// signed is the HS256 JWT of claims.
func (t *Tokens) signed(claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := header + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signing + "." + t.sign(signing), nil
}

func (t *Tokens) sign(s string) string {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errInvalidToken = errors.New("invalid token")

// Verify checks signature, algorithm, issuer, audience and expiry, and
// returns the claims.
func (t *Tokens) Verify(token string, now time.Time) (Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != header {
		return Claims{}, errInvalidToken
	}
	if !hmac.Equal([]byte(parts[2]), []byte(t.sign(parts[0]+"."+parts[1]))) {
		return Claims{}, errInvalidToken
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return Claims{}, errInvalidToken
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return Claims{}, errInvalidToken
	}
	if c.Issuer != Issuer || c.Audience != Audience || now.Unix() >= c.Expires {
		return Claims{}, errInvalidToken
	}
	return c, nil
}

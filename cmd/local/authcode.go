package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	htmltpl "html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/localgw"
)

// The runner also plays the identity provider for the OpenID Connect
// authorization code flow with PKCE (S256), so the console's deployed
// sign-in (oidc-client-ts) runs and is tested locally as against a real
// provider: the console sends the browser to /_local/oauth/authorize, the
// person says who they are, the browser comes back with a code, and the
// console trades it and its verifier for tokens.

const codeTTL = time.Minute

// authCode is one issued authorization code.
type authCode struct {
	clientID, redirectURI, challenge, nonce string
	claims                                  localgw.Claims
	expires                                 time.Time
}

// authCodes holds the unused codes.
type authCodes struct {
	mu     sync.Mutex
	byCode map[string]authCode
}

func (a *authCodes) add(c authCode) string {
	code := randomHex(16)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byCode == nil {
		a.byCode = map[string]authCode{}
	}
	for k, v := range a.byCode {
		if time.Now().After(v.expires) {
			delete(a.byCode, k)
		}
	}
	a.byCode[code] = c
	return code
}

// take returns code's grant and forgets it: a code is good once.
func (a *authCodes) take(code string) (authCode, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.byCode[code]
	delete(a.byCode, code)
	return c, ok && time.Now().Before(c.expires)
}

var authorizePage = htmltpl.Must(htmltpl.New("authorize").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>selfserve local sign-in</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 2em auto">
<main>
<h1>Sign in to selfserve (local identity provider)</h1>
{{if .Error}}<p role="alert" style="color: #a4262c">{{.Error}}</p>{{end}}
<form method="post">
{{range $k, $v := .Request}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
<p><label>Tenant <input name="tenantId" value="{{.TenantID}}" required></label></p>
<p><label>User <input name="userId" value="{{.UserID}}" required></label></p>
<p><label>Name <input name="name" value="{{.Name}}"></label></p>
<p><label>Email <input name="email" type="email" value="{{.Email}}"></label></p>
<fieldset><legend>Roles</legend>{{range .Roles}} <label><input type="checkbox" name="roles" value="{{.}}"> {{.}}</label>{{end}}</fieldset>
<p><label>Language <select name="locale">{{range .Locales}}<option>{{.}}</option>{{end}}</select></label></p>
<p><button type="submit">Sign in</button></p>
</form>
</main>
</body></html>`))

type authorizeView struct {
	Request                              map[string]string // the client's parameters, carried through the form
	TenantID, UserID, Name, Email, Error string
	Roles                                []domain.Role
	Locales                              []string
}

// authorizeParams are the authorization request's parameters the page keeps.
var authorizeParams = []string{"client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method", "scope", "nonce"}

// authorize is the authorization endpoint: a page where the person says
// who they are; then back to the client with a code.
func (rn *runner) authorize(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		rn.problem(w, r, domain.Errorf(domain.CodeInvalidRequest, "the form is not valid"))
		return
	}
	v := authorizeView{Request: map[string]string{}, TenantID: r.PostForm.Get("tenantId"), UserID: r.PostForm.Get("userId"),
		Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email"), Roles: domain.Roles, Locales: domain.Locales}
	for _, k := range authorizeParams {
		v.Request[k] = r.Form.Get(k)
	}
	// Until the client is known to be this machine's, errors are shown here, never redirected.
	if err := checkAuthorizeRequest(r, v.Request); err != nil {
		rn.problem(w, r, err)
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		claims := localgw.Claims{Subject: v.UserID, TenantID: v.TenantID, Name: v.Name, Email: v.Email, Roles: r.PostForm["roles"], Locale: r.PostForm.Get("locale")}
		if err := checkSignIn(claims); err != nil {
			v.Error, status = detailOf(err), http.StatusBadRequest
		} else {
			code := rn.codes.add(authCode{clientID: v.Request["client_id"], redirectURI: v.Request["redirect_uri"],
				challenge: v.Request["code_challenge"], nonce: v.Request["nonce"], claims: claims, expires: time.Now().Add(codeTTL)})
			back, _ := url.Parse(v.Request["redirect_uri"])
			q := back.Query()
			q.Set("code", code)
			q.Set("state", v.Request["state"])
			back.RawQuery = q.Encode()
			http.Redirect(w, r, back.String(), http.StatusSeeOther)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	w.WriteHeader(status)
	_ = authorizePage.Execute(w, v)
}

// checkAuthorizeRequest: a code flow with S256 PKCE, for a client that
// comes back to this runner (no open redirect).
func checkAuthorizeRequest(r *http.Request, q map[string]string) error {
	back, err := url.Parse(q["redirect_uri"])
	switch {
	case q["client_id"] == "":
		return domain.Errorf(domain.CodeInvalidRequest, "client_id is required")
	case q["response_type"] != "code":
		return domain.Errorf(domain.CodeInvalidRequest, "response_type must be code")
	case q["code_challenge_method"] != "S256" || len(q["code_challenge"]) < 43:
		return domain.Errorf(domain.CodeInvalidRequest, "PKCE is required: code_challenge with code_challenge_method S256")
	case err != nil || back.Scheme != "http" || back.Host != r.Host:
		return domain.Errorf(domain.CodeInvalidRequest, "redirect_uri must be on this runner (http://%s/…)", r.Host)
	}
	return nil
}

// checkSignIn applies the local sign-in's rules (also the device page's
// and POST /_local/tokens'): ids, known roles, a spoken locale.
func checkSignIn(c localgw.Claims) error {
	if err := domain.CheckID("tenantId", c.TenantID); err != nil {
		return err
	}
	if err := domain.CheckID("userId", c.Subject); err != nil {
		return err
	}
	for _, role := range c.Roles {
		if !domain.Role(role).Valid() {
			return domain.Errorf(domain.CodeInvalidRequest, "unknown role %q; roles are %v", role, domain.Roles)
		}
	}
	if c.Locale != "" {
		return domain.CheckLocale(c.Locale)
	}
	return nil
}

func detailOf(err error) string {
	if de := (*domain.Error)(nil); errors.As(err, &de) {
		return de.Detail
	}
	return err.Error()
}

// codeToken trades a code and its PKCE verifier for an access token (the
// API's) and an ID token (for the client).
func (rn *runner) codeToken(w http.ResponseWriter, r *http.Request) {
	c, ok := rn.codes.take(r.PostForm.Get("code"))
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case !ok:
		oauthError(w, "invalid_grant", "the code is unknown, used or expired")
	case c.clientID != r.PostForm.Get("client_id") || c.redirectURI != r.PostForm.Get("redirect_uri"):
		oauthError(w, "invalid_grant", "client_id or redirect_uri differ from the authorization request's")
	case subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(c.challenge)) != 1:
		oauthError(w, "invalid_grant", "the code_verifier does not match the code_challenge")
	default:
		access, err := rn.tokens.Mint(c.claims, time.Now())
		if err != nil {
			oauthError(w, "invalid_grant", err.Error())
			return
		}
		id, err := rn.tokens.MintIDToken(c.claims, issuerURL(r), c.clientID, c.nonce, time.Now())
		if err != nil {
			oauthError(w, "invalid_grant", err.Error())
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		writeLocal(w, http.StatusOK, map[string]any{"access_token": access, "id_token": id, "token_type": "Bearer",
			"expires_in": int(localgw.TokenTTL.Seconds()), "scope": "openid profile email"})
	}
}

// grantOf is the token request's grant type, read from its form.
func grantOf(w http.ResponseWriter, r *http.Request) string {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if r.ParseForm() != nil {
		return ""
	}
	return strings.TrimSpace(r.PostForm.Get("grant_type"))
}

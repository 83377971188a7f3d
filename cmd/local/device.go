package main

import (
	"crypto/rand"
	"encoding/hex"
	htmltpl "html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"selfserve/shared/domain"
	"selfserve/shared/localgw"
)

// The runner plays the identity provider for the OAuth 2.0 device
// authorization grant (RFC 8628), so `selfserve login --issuer
// http://127.0.0.1:3000/_local --client-id selfserve` works as against a
// real one: the CLI prints an address and a code, someone opens it, says
// who they are and approves, and the CLI gets a token.

const (
	deviceGrant  = "urn:ietf:params:oauth:grant-type:device_code"
	deviceTTL    = 10 * time.Minute
	devicePeriod = 1 // seconds between polls
)

// deviceLogin is one pending sign-in.
type deviceLogin struct {
	userCode string
	expires  time.Time
	claims   *localgw.Claims // set when approved
}

// devices holds the pending sign-ins by device code.
type devices struct {
	mu     sync.Mutex
	byCode map[string]*deviceLogin
}

func (d *devices) add(l *deviceLogin) string {
	code := randomHex(16)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byCode == nil {
		d.byCode = map[string]*deviceLogin{}
	}
	for c, p := range d.byCode { // drop the expired
		if time.Now().After(p.expires) {
			delete(d.byCode, c)
		}
	}
	d.byCode[code] = l
	return code
}

// approve gives the sign-in of userCode its claims; false: no such code.
func (d *devices) approve(userCode string, c localgw.Claims) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, l := range d.byCode {
		if l.userCode == userCode && time.Now().Before(l.expires) && l.claims == nil {
			l.claims = &c
			return true
		}
	}
	return false
}

// take returns the sign-in of deviceCode, removing it once approved.
func (d *devices) take(deviceCode string) (*deviceLogin, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	l, ok := d.byCode[deviceCode]
	if ok && l.claims != nil {
		delete(d.byCode, deviceCode)
	}
	return l, ok
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// issuerURL is the local identity provider's issuer, as the caller reaches
// the runner.
func issuerURL(r *http.Request) string { return "http://" + r.Host + "/_local" }

func (rn *runner) openIDConfiguration(w http.ResponseWriter, r *http.Request) {
	iss := issuerURL(r)
	writeLocal(w, http.StatusOK, map[string]any{"issuer": iss, "device_authorization_endpoint": iss + "/oauth/device",
		"authorization_endpoint": iss + "/oauth/authorize", "token_endpoint": iss + "/oauth/token",
		"grant_types_supported": []string{deviceGrant, "authorization_code"}, "response_types_supported": []string{"code"},
		"code_challenge_methods_supported": []string{"S256"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"HS256"}, "scopes_supported": []string{"openid", "profile", "email"}})
}

// deviceAuthorization starts a sign-in: a device code for the client, a
// user code for the person.
func (rn *runner) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if r.ParseForm() != nil || r.PostForm.Get("client_id") == "" {
		oauthError(w, "invalid_request", "client_id is required")
		return
	}
	user := strings.ToUpper(randomHex(4))
	user = user[:4] + "-" + user[4:]
	code := rn.devices.add(&deviceLogin{userCode: user, expires: time.Now().Add(deviceTTL)})
	verify := issuerURL(r) + "/oauth/verify"
	writeLocal(w, http.StatusOK, map[string]any{"device_code": code, "user_code": user, "verification_uri": verify,
		"verification_uri_complete": verify + "?user_code=" + user, "expires_in": int(deviceTTL.Seconds()), "interval": devicePeriod})
}

// token is the token endpoint of both grants.
func (rn *runner) token(w http.ResponseWriter, r *http.Request) {
	switch grantOf(w, r) {
	case deviceGrant:
		rn.deviceToken(w, r)
	case "authorization_code":
		rn.codeToken(w, r)
	default:
		oauthError(w, "unsupported_grant_type", "grant_type must be "+deviceGrant+" or authorization_code")
	}
}

// deviceToken answers the client's polls: pending until approved, then the
// token once.
func (rn *runner) deviceToken(w http.ResponseWriter, r *http.Request) {
	l, ok := rn.devices.take(r.PostForm.Get("device_code"))
	switch {
	case !ok || time.Now().After(l.expires):
		oauthError(w, "expired_token", "the device code is unknown or expired; sign in again")
	case l.claims == nil:
		oauthError(w, "authorization_pending", "waiting for approval")
	default:
		tok, err := rn.tokens.Mint(*l.claims, time.Now())
		if err != nil {
			oauthError(w, "invalid_grant", err.Error())
			return
		}
		writeLocal(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
	}
}

func oauthError(w http.ResponseWriter, code, detail string) {
	writeLocal(w, http.StatusBadRequest, map[string]string{"error": code, "error_description": detail})
}

var verifyPage = htmltpl.Must(htmltpl.New("verify").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>selfserve local sign-in</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 2em auto">
<h1>Sign in to selfserve (local)</h1>
{{if .Done}}<p>Signed in as {{.UserID}} in {{.TenantID}}. You can close this window.</p>
{{else}}{{if .Error}}<p role="alert" style="color: #a4262c">{{.Error}}</p>{{end}}
<form method="post">
<p><label>Code <input name="user_code" value="{{.UserCode}}" required></label></p>
<p><label>Tenant <input name="tenantId" value="{{.TenantID}}" required></label></p>
<p><label>User <input name="userId" value="{{.UserID}}" required></label></p>
<p><label>Name <input name="name" value="{{.Name}}"></label></p>
<p>Roles:{{range .Roles}} <label><input type="checkbox" name="roles" value="{{.}}"> {{.}}</label>{{end}}</p>
<p><button type="submit">Approve</button></p>
</form>{{end}}
</body></html>`))

type verifyView struct {
	UserCode, TenantID, UserID, Name, Error string
	Roles                                   []domain.Role
	Done                                    bool
}

// deviceVerify is the page where the person says who they are and
// approves the sign-in of a code.
func (rn *runner) deviceVerify(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := verifyView{UserCode: r.FormValue("user_code"), TenantID: r.FormValue("tenantId"), UserID: r.FormValue("userId"),
		Name: r.FormValue("name"), Roles: domain.Roles}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		claims := localgw.Claims{Subject: v.UserID, TenantID: v.TenantID, Name: v.Name, Roles: r.PostForm["roles"]}
		err := checkSignIn(claims)
		switch {
		case err != nil:
			v.Error, status = detailOf(err), http.StatusBadRequest
		case !rn.devices.approve(v.UserCode, claims):
			v.Error, status = "That code is unknown, expired or used.", http.StatusBadRequest
		default:
			v.Done = true
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	w.WriteHeader(status)
	_ = verifyPage.Execute(w, v)
}

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"selfserve/shared/ddbtest"
)

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestAuthorizationCodeSignIn: the console's deployed sign-in, authorization
// code + PKCE, against the runner as identity provider, driven by
// golang.org/x/oauth2: the code comes back to the client with its state,
// trades once for an access token the API accepts and an ID token for the
// client, and only with its verifier.
func TestAuthorizationCodeSignIn(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), nil)
	ctx := context.Background()
	_, disco := call(t, srv, "GET", "/_local/.well-known/openid-configuration", "", "")
	authURL, _ := disco["authorization_endpoint"].(string)
	tokenURL, _ := disco["token_endpoint"].(string)
	if authURL == "" || tokenURL == "" {
		t.Fatalf("discovery = %v", disco)
	}
	back := srv.URL + "/"
	cfg := &oauth2.Config{ClientID: "selfserve-console", RedirectURL: back, Scopes: []string{"openid", "profile"},
		Endpoint: oauth2.Endpoint{AuthURL: authURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}}
	verifier := oauth2.GenerateVerifier()
	start := cfg.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier))

	page := get(t, start)
	if !strings.Contains(page, `name="state" value="st4te"`) || !strings.Contains(page, `<select name="locale">`) {
		t.Fatalf("authorization page lacks the request or the form:\n%s", page)
	}
	signIn := func(tenant string) *http.Response {
		u, _ := url.Parse(start)
		form := u.Query()
		form.Set("tenantId", tenant)
		form.Set("userId", "alice")
		form.Set("name", "Alice")
		form.Set("locale", "fr")
		form.Add("roles", "GlobalAdmin")
		resp, err := noRedirects.PostForm(authURL, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := signIn("not an id"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad tenant id: %d, want 400 on the page", resp.StatusCode)
	}
	resp := signIn("contoso")
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc.String(), back) || loc.Query().Get("state") != "st4te" {
		t.Fatalf("after sign-in: %d to %q, want 303 back to %s with the state", resp.StatusCode, loc, back)
	}
	code := loc.Query().Get("code")

	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
		t.Error("a code traded with another verifier")
	}
	// A failed trade used the code up, as a stolen code's would be.
	code = signInCode(t, signIn("contoso"))
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier)); err == nil {
		t.Error("a code traded twice")
	}
	if status, body := call(t, srv, "GET", "/v1/tenants/contoso/policies/AllowSelfServicePurchase", tok.AccessToken, ""); status != 404 && status != 200 {
		t.Errorf("the access token on the API: %d %v, want it accepted (200, or 404 for a tenant not created)", status, body)
	}
	idToken, _ := tok.Extra("id_token").(string)
	parts := strings.Split(idToken, ".")
	if len(parts) != 3 {
		t.Fatalf("id_token = %q", idToken)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	_ = json.Unmarshal(payload, &claims)
	for k, want := range map[string]any{"iss": srv.URL + "/_local", "aud": "selfserve-console", "sub": "alice", "tid": "contoso", "locale": "fr"} {
		if got := claims[k]; got != want {
			t.Errorf("id_token %s = %v, want %v", k, got, want)
		}
	}
}

func signInCode(t *testing.T, resp *http.Response) string {
	t.Helper()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("no code in %q", resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

// TestAuthorizationRequestsRefused: without PKCE, for another response type
// or back to another host, the page refuses and redirects nowhere.
func TestAuthorizationRequestsRefused(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), nil)
	good := url.Values{"client_id": {"c"}, "response_type": {"code"}, "redirect_uri": {srv.URL + "/"}, "state": {"s"},
		"code_challenge": {strings.Repeat("a", 43)}, "code_challenge_method": {"S256"}}
	for _, tc := range []struct {
		name, key, value, want string
	}{
		{"ok", "", "", ""},
		{"no PKCE", "code_challenge", "", "PKCE"},
		{"plain PKCE", "code_challenge_method", "plain", "PKCE"},
		{"implicit", "response_type", "token", "response_type"},
		{"another host", "redirect_uri", "http://evil.example/", "redirect_uri"},
		{"no client", "client_id", "", "client_id"},
	} {
		q := url.Values{}
		for k, v := range good {
			q[k] = v
		}
		if tc.key != "" {
			q.Set(tc.key, tc.value)
		}
		resp, err := noRedirects.Get(srv.URL + "/_local/oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		want := http.StatusOK
		if tc.want != "" {
			want = http.StatusBadRequest
		}
		if resp.StatusCode != want || !strings.Contains(body, tc.want) || resp.Header.Get("Location") != "" {
			t.Errorf("%s: %d %s, want %d mentioning %q", tc.name, resp.StatusCode, body, want, tc.want)
		}
	}
}

package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"selfserve/shared/ddbtest"
)

// TestDeviceSignIn: the runner's device authorization grant, driven by
// golang.org/x/oauth2 as the CLI drives it: pending until someone approves
// the code on the verification page, then a token the API accepts, once.
func TestDeviceSignIn(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), nil)
	ctx := context.Background()
	var d struct {
		DeviceAuthorizationEndpoint string `json:"device_authorization_endpoint"`
		TokenEndpoint               string `json:"token_endpoint"`
	}
	if status, body := call(t, srv, "GET", "/_local/.well-known/openid-configuration", "", ""); status != 200 {
		t.Fatalf("discovery: %d %v", status, body)
	} else {
		d.DeviceAuthorizationEndpoint, _ = body["device_authorization_endpoint"].(string)
		d.TokenEndpoint, _ = body["token_endpoint"].(string)
	}
	cfg := &oauth2.Config{ClientID: "selfserve", Endpoint: oauth2.Endpoint{DeviceAuthURL: d.DeviceAuthorizationEndpoint, TokenURL: d.TokenEndpoint}}
	auth, err := cfg.DeviceAuth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Exchange(ctx, "x"); err == nil {
		t.Error("an authorization code grant got a token; only the device grant may")
	}

	// Before approval: pending.
	form := url.Values{"grant_type": {deviceGrant}, "device_code": {auth.DeviceCode}, "client_id": {"selfserve"}}
	if got := postForm(t, d.TokenEndpoint, form); !strings.Contains(got, "authorization_pending") {
		t.Errorf("poll before approval = %s, want authorization_pending", got)
	}
	// The page escapes what it echoes.
	page := get(t, auth.VerificationURI+"?user_code="+url.QueryEscape(`<script>x</script>`))
	if strings.Contains(page, "<script>x") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("the verification page echoes the code unescaped:\n%s", page)
	}
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"unknown code", url.Values{"user_code": {"NOPE-NOPE"}, "tenantId": {"contoso"}, "userId": {"alice"}}, "unknown, expired or used"},
		{"bad tenant", url.Values{"user_code": {auth.UserCode}, "tenantId": {"a#b"}, "userId": {"alice"}}, "tenantId"},
		{"bad role", url.Values{"user_code": {auth.UserCode}, "tenantId": {"contoso"}, "userId": {"alice"}, "roles": {"Root"}}, "unknown role"},
	} {
		if got := postForm(t, auth.VerificationURI, c.form); !strings.Contains(got, c.want) {
			t.Errorf("%s: page says %q, want %q", c.name, got, c.want)
		}
	}
	approve := url.Values{"user_code": {auth.UserCode}, "tenantId": {"contoso"}, "userId": {"alice"}, "roles": {"GlobalAdmin"}}
	if got := postForm(t, auth.VerificationURI, approve); !strings.Contains(got, "Signed in as alice") {
		t.Fatalf("approval page = %s", got)
	}

	tok, err := cfg.DeviceAccessToken(ctx, auth)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := call(t, srv, "GET", "/v1/products", tok.AccessToken, ""); status != 200 {
		t.Errorf("the device token on the API: %d %v", status, body)
	}
	if got := postForm(t, d.TokenEndpoint, form); !strings.Contains(got, "expired_token") {
		t.Errorf("a second poll after the token = %s, want expired_token (a code gives one token)", got)
	}
}

func postForm(t *testing.T, u string, form url.Values) string {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

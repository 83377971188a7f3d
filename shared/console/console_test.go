package console

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aws/aws-lambda-go/events"
)

var script = strings.Repeat("console.log('selfserve');\n", 200)

func dist() fstest.MapFS {
	return fstest.MapFS{
		"index.html":           {Data: []byte(`<html><head><!--selfserve-config--><script src="/assets/index-abc.js"></script></head></html>`)},
		"assets/index-abc.js":  {Data: []byte(script)},
		"assets/logo-def.png":  {Data: []byte{0x89, 'P', 'N', 'G'}},
		"assets/fonts/x-1.css": {Data: []byte("body{}")},
	}
}

func get(t *testing.T, s *Site, path, acceptEncoding string) (events.APIGatewayV2HTTPResponse, []byte) {
	t.Helper()
	ev := events.APIGatewayV2HTTPRequest{RawPath: path, Headers: map[string]string{}}
	if acceptEncoding != "" {
		ev.Headers["accept-encoding"] = acceptEncoding
	}
	resp, err := s.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if body, err = base64.StdEncoding.DecodeString(resp.Body); err != nil {
			t.Fatal(err)
		}
	}
	if resp.Headers["Content-Encoding"] == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return resp, body
}

func TestServesFiles(t *testing.T) {
	s, err := Load(dist(), Config{Auth: "local"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, acceptEncoding string
		status               int
		contentType, cache   string
		gzip                 bool
		body                 string
	}{
		{"/", "", 200, "text/html; charset=utf-8", "no-cache", false, `{"auth":"local"}`},
		{"/assets/index-abc.js", "gzip, br", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", true, script},
		{"/assets/index-abc.js", "br", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", false, script},
		{"/assets/index-abc.js", "gzip;q=0", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", false, script},
		{"/assets/logo-def.png", "gzip", 200, "image/png", "public, max-age=31536000, immutable", false, "\x89PNG"}, // gzip would be larger
		{"/assets/fonts/x-1.css", "", 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable", false, "body{}"},
		{"/assets/missing.js", "", 404, "application/problem+json", "no-store", false, `"code":"not_found"`},
		{"/assets/../index.html", "", 404, "application/problem+json", "no-store", false, `"code":"not_found"`},
		{"/index.html", "", 404, "application/problem+json", "no-store", false, `"code":"not_found"`},
	} {
		t.Run(tc.path+" "+tc.acceptEncoding, func(t *testing.T) {
			resp, body := get(t, s, tc.path, tc.acceptEncoding)
			if got, want := resp.StatusCode, tc.status; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
			if got, want := resp.Headers["Content-Type"], tc.contentType; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			if got, want := resp.Headers["Cache-Control"], tc.cache; got != want {
				t.Errorf("Cache-Control = %q, want %q", got, want)
			}
			if got, want := resp.Headers["Content-Encoding"] == "gzip", tc.gzip; got != want {
				t.Errorf("gzip = %v, want %v", got, want)
			}
			if !strings.Contains(string(body), tc.body) {
				t.Errorf("body = %.200q, want it to contain %q", body, tc.body)
			}
		})
	}
}

// TestConfigIsWrittenSafely: the settings are JSON in a non-executable
// script element, and nothing in them can end that element.
func TestConfigIsWrittenSafely(t *testing.T) {
	s, err := Load(dist(), Config{Auth: "oidc", Issuer: "https://login.example.com/</script><script>alert(1)</script>", ClientID: "c&d", Scope: "openid"})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, s, "/", "")
	page := string(body)
	if got, want := strings.Count(page, "</script>"), 2; got != want {
		t.Errorf("%d </script> in %s, want %d (the config's and the page's own)", got, page, want)
	}
	for _, want := range []string{`<script id="selfserve-config" type="application/json">`, `"auth":"oidc"`, `\u003c/script\u003e`, `"clientId":"c\u0026d"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page %s lacks %s", page, want)
		}
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	for _, tc := range []struct {
		config      Config
		wantConnect string
	}{
		{Config{Auth: "local"}, "connect-src 'self';"},
		{Config{Auth: "oidc", Issuer: "https://login.example.com/tenant/v2.0", ClientID: "x"}, "connect-src 'self' https://login.example.com;"},
	} {
		s, err := Load(dist(), tc.config)
		if err != nil {
			t.Fatal(err)
		}
		resp, _ := get(t, s, "/", "")
		csp := resp.Headers["Content-Security-Policy"]
		for _, want := range []string{tc.wantConnect, "script-src 'self';", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%+v: CSP %q lacks %q", tc.config, csp, want)
			}
		}
		if got, want := resp.Headers["X-Content-Type-Options"], "nosniff"; got != want {
			t.Errorf("X-Content-Type-Options = %q, want %q", got, want)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	if _, err := Load(fstest.MapFS{}, Config{Auth: "local"}); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("no index.html: %v, want ErrNotBuilt", err)
	}
	noPlaceholder := fstest.MapFS{"index.html": {Data: []byte("<html></html>")}}
	if _, err := Load(noPlaceholder, Config{Auth: "local"}); err == nil || !strings.Contains(err.Error(), "selfserve-config") {
		t.Errorf("index.html without the placeholder: %v, want an error naming it", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, tc := range []struct {
		issuer, client string
		ok             bool
	}{
		{"https://login.example.com/", "selfserve", true},
		{"", "selfserve", false},
		{"https://login.example.com/", "", false},
	} {
		t.Setenv("CONSOLE_OIDC_ISSUER", tc.issuer)
		t.Setenv("CONSOLE_OIDC_CLIENT_ID", tc.client)
		t.Setenv("CONSOLE_OIDC_SCOPE", "openid")
		c, err := ConfigFromEnv()
		if got, want := err == nil, tc.ok; got != want {
			t.Errorf("issuer %q client %q: err %v, want ok %v", tc.issuer, tc.client, err, want)
		}
		if tc.ok && (c != Config{Auth: "oidc", Issuer: tc.issuer, ClientID: tc.client, Scope: "openid"}) {
			t.Errorf("config = %+v", c)
		}
	}
}

func TestNotBuilt(t *testing.T) {
	resp, err := NotBuilt(context.Background(), events.APIGatewayV2HTTPRequest{RawPath: "/"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 503 || resp.Headers["Content-Type"] != "application/problem+json" || !strings.Contains(resp.Body, "make") {
		t.Errorf("not built: %d %v %s", resp.StatusCode, resp.Headers, resp.Body)
	}
}

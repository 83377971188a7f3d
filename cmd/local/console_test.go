package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"selfserve/shared/clock"
	"selfserve/shared/console"
	"selfserve/shared/ddbtest"
	"selfserve/shared/localgw"
)

func getPage(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestRunnerServesTheConsole: / is the built console with the local
// sign-in, through the Console function's handler; before a build, / says
// how to build it. The API is unchanged beside it.
func TestRunnerServesTheConsole(t *testing.T) {
	db := ddbtest.New(t)
	site, err := console.Load(fstest.MapFS{
		"index.html":      {Data: []byte("<html><head><!--selfserve-config--></head></html>")},
		"assets/index.js": {Data: []byte("console.log(1)")},
	}, console.Config{Auth: "local"})
	if err != nil {
		t.Fatal(err)
	}
	rn, err := newRunner(config{Template: ddbtest.Template(t), DB: db.Client, Table: db.Table, TokenKey: bytes.Repeat([]byte("t"), 32),
		CursorKey: bytes.Repeat([]byte("c"), 32), Clock: clock.Frozen(t0), Scheduled: scheduledHandlers(nil, nil, ddbtest.Logger(t), nil, nil),
		Stream: streamHandlers(nil, nil, ddbtest.Logger(t), nil), Log: ddbtest.Logger(t), Console: site})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rn.Handler())
	defer srv.Close()
	status, ctype, body := getPage(t, srv.URL+"/")
	if status != 200 || ctype != "text/html; charset=utf-8" || !strings.Contains(body, `{"auth":"local"}`) {
		t.Errorf("GET / = %d %s %s, want the page with the local sign-in", status, ctype, body)
	}
	if status, _, body := getPage(t, srv.URL+"/assets/index.js"); status != 200 || body != "console.log(1)" {
		t.Errorf("GET /assets/index.js = %d %s", status, body)
	}
	if status, ctype, _ := getPage(t, srv.URL+"/v1/products"); status != 401 || ctype != "application/json" {
		t.Errorf("GET /v1/products without a token = %d %s, want the gateway's 401", status, ctype)
	}

	bare, _ := startRunner(t, ddbtest.Template(t), nil)
	status, ctype, body = getPage(t, bare.URL+"/")
	if status != 503 || ctype != "application/problem+json" || !strings.Contains(body, "make") {
		t.Errorf("GET / before a build = %d %s %s, want 503 saying how to build it", status, ctype, body)
	}
}

// TestLocalTokensCarryTheLocale: the sign-in form's language is the
// token's locale claim; other languages are refused.
func TestLocalTokensCarryTheLocale(t *testing.T) {
	srv, _ := startRunner(t, ddbtest.Template(t), nil)
	for _, tc := range []struct {
		locale string
		status int
	}{{"fr", 200}, {"zh-TW", 200}, {"", 200}, {"de", 400}, {"FR", 400}} {
		status, out := call(t, srv, "POST", "/_local/tokens", "", `{"tenantId":"contoso","userId":"alice","roles":[],"locale":"`+tc.locale+`"}`)
		if got, want := status, tc.status; got != want {
			t.Errorf("locale %q: %d %v, want %d", tc.locale, got, out, want)
			continue
		}
		if status != 200 {
			continue
		}
		tokens, _ := localgw.NewTokens(bytes.Repeat([]byte("t"), 32))
		c, err := tokens.Verify(out["token"].(string), t0)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.Locale, tc.locale; got != want {
			t.Errorf("locale claim = %q, want %q", got, want)
		}
	}
}

package client

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestParseProblem decodes each kind of error answer.
func TestParseProblem(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        Problem
		wantError   string
	}{
		{"problem with extension members", 409, "application/problem+json",
			`{"type":"urn:selfserve:problem:insufficient_licenses","title":"Conflict","status":409,"code":"insufficient_licenses","detail":"only 1 license is available","available":1,"requested":2,"ids":["a"]}`,
			Problem{Status: 409, Code: "insufficient_licenses", Title: "Conflict", Detail: "only 1 license is available", Type: "urn:selfserve:problem:insufficient_licenses",
				Extra: map[string]any{"available": json.Number("1"), "requested": json.Number("2"), "ids": []any{"a"}}},
			"409 insufficient_licenses: only 1 license is available"},
		{"gateway message", 413, "application/json", `{"message":"Request Entity Too Large"}`,
			Problem{Status: 413, Title: "Request Entity Too Large", Detail: "Request Entity Too Large"}, "413 Request Entity Too Large"},
		{"gateway message with a charset", 500, "application/json; charset=utf-8", `{"message":"Internal Server Error"}`,
			Problem{Status: 500, Title: "Internal Server Error", Detail: "Internal Server Error"}, "500 Internal Server Error"},
		{"something else", 502, "text/html", "<html>bad gateway</html>\n",
			Problem{Status: 502, Title: "Bad Gateway", Detail: "<html>bad gateway</html>"}, "502 Bad Gateway: <html>bad gateway</html>"},
		{"no body", 504, "", "", Problem{Status: 504, Title: "Gateway Timeout"}, "504 Gateway Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseProblem(tt.status, http.Header{"Content-Type": {tt.contentType}}, []byte(tt.body))
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got %#v\nwant %#v", *got, tt.want)
			}
			if got := got.Error(); got != tt.wantError {
				t.Errorf("Error() = %q, want %q", got, tt.wantError)
			}
		})
	}
}

// TestConnectionRefused: an API that isn't there is a network error, retried.
func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var waits []time.Duration
	c, err := New("http://"+addr, WithRetries(1), WithSleep(func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTenant(context.Background(), "contoso")
	if !IsNetwork(err) {
		t.Fatalf("error %v, want a network error", err)
	}
	if _, ok := AsProblem(err); ok {
		t.Error("a network error is also a Problem")
	}
	if got, want := err.Error(), "GetTenant: could not reach the API (GET http://"+addr+"/v1/tenants/contoso): dial tcp "+addr+": "; !strings.HasPrefix(got, want) {
		t.Errorf("Error() = %q, want it to start %q", got, want)
	}
	if got, want := len(waits), 1; got != want {
		t.Errorf("%d waits, want %d", got, want)
	}
}

package localgw

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/template"
)

// TestFunctionTimeout: as Lambda, the gateway gives the function a context
// that ends at its timeout; a function that hasn't answered by then fails
// the invocation (API Gateway's 500), and one that answers in time is
// served with the deadline it saw.
func TestFunctionTimeout(t *testing.T) {
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)))
	var sawDeadline atomic.Bool
	routes := []template.Function{
		{Name: "Hangs", Route: &template.Route{Method: "GET", Path: "/v1/hangs"}, Timeout: 50 * time.Millisecond},
		{Name: "Answers", Route: &template.Route{Method: "GET", Path: "/v1/answers"}, Timeout: time.Minute},
	}
	gw, err := New(routes, func(name string) (LambdaHandler, error) {
		return func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			_, ok := ctx.Deadline()
			sawDeadline.Store(ok)
			if name == "Hangs" {
				<-ctx.Done() // as a call to a stalled database would
			}
			return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "ok"}, nil
		}, nil
	}, tokens, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	tok, _ := tokens.Mint(Claims{Subject: "a", TenantID: "t"}, time.Now())
	for _, tt := range []struct {
		path string
		want int
		body string
	}{{"/v1/hangs", 500, `{"message":"Internal Server Error"}`}, {"/v1/answers", 200, "ok"}} {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want || strings.TrimSpace(string(b)) != tt.body || !sawDeadline.Load() {
			t.Errorf("%s: %d %q (deadline seen: %v), want %d %q with a deadline", tt.path, resp.StatusCode, b, sawDeadline.Load(), tt.want, tt.body)
		}
	}
}

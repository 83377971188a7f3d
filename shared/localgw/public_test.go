package localgw

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/template"
)

// TestPublicRoutes: the console's routes answer without a token, with the
// route key and greedy path parameter API Gateway gives; every other
// request, HEAD included, goes on to the API's gateway.
func TestPublicRoutes(t *testing.T) {
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)))
	api, err := New([]template.Function{{Name: "GetThing", Route: &template.Route{Method: "GET", Path: "/v1/things/{id}"}}},
		func(string) (LambdaHandler, error) {
			return func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "api"}, nil
			}, nil
		}, tokens, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	console := template.Function{Name: "Console", Public: []template.Route{{Method: "GET", Path: "/"}, {Method: "GET", Path: "/assets/{proxy+}"}}}
	gw, err := WithPublic([]template.Function{console}, func(name string) (LambdaHandler, error) {
		return func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			body := name + " " + ev.RouteKey + " " + ev.PathParameters["proxy"]
			if ev.RequestContext.Authorizer != nil {
				body += " with an authorizer"
			}
			return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: body}, nil
		}, nil
	}, api, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		want         int
		body         string
	}{
		{"GET", "/", 200, "Console GET /"},
		{"GET", "/assets/index-abc.js", 200, "Console GET /assets/{proxy+} index-abc.js"},
		{"GET", "/assets/fonts/a.woff2", 200, "Console GET /assets/{proxy+} fonts/a.woff2"},
		// Without a $default route, what no route takes is API Gateway's 404.
		{"HEAD", "/", 404, ""},
		{"POST", "/", 404, `{"message":"Not Found"}`},
		{"GET", "/other", 404, `{"message":"Not Found"}`},
		{"GET", "/assets/../v1/things/1", 404, `{"message":"Not Found"}`},
		{"GET", "/v1/things/1", 401, `{"message":"Unauthorized"}`}, // the API still needs a token
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		req.URL.Opaque = tc.path
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got, want := resp.StatusCode, tc.want; got != want || strings.TrimSpace(string(b)) != tc.body {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, got, b, want, tc.body)
		}
	}
}

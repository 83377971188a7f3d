package localgw

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/httpapi"
	"selfserve/shared/ids"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/template"
)

// LambdaHandler is a route function's handler as lambda.Start receives it.
type LambdaHandler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// maxPayload is API Gateway's request size limit.
const maxPayload = 10 << 20

// ForAPI serves the routes with api's handlers, each behind the same Lambda
// adapter a deployed function uses.
func ForAPI(routes []template.Function, api *httpapi.API, tokens *Tokens, now func() time.Time) (http.Handler, error) {
	return New(routes, func(name string) (LambdaHandler, error) { return lambdaapp.RouteHandler(api, name) }, tokens, now)
}

// New returns an http.Handler serving every HttpApi route of the template
// through its function's handler, as API Gateway would. A request no route
// matches (an unknown path, another method, HEAD on a GET route, a path
// that isn't clean) goes to the $default route's function when the
// template has one — authorized like any route — and is otherwise API
// Gateway's own 404 {"message":"Not Found"}.
func New(routes []template.Function, handler func(name string) (LambdaHandler, error), tokens *Tokens, now func() time.Time) (http.Handler, error) {
	var unmatched http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gatewayError(w, http.StatusNotFound, "Not Found")
	})
	defaults := 0
	for _, f := range routes {
		if !isDefault(f.Route) {
			continue
		}
		if defaults++; defaults > 1 {
			return nil, fmt.Errorf("localgw: more than one $default route (%s)", f.Name)
		}
		h, err := handler(f.Name)
		if err != nil {
			return nil, err
		}
		unmatched = &route{fn: f, key: httpapi.DefaultRouteKey, invoke: h, tokens: tokens, now: now}
	}
	mux := http.NewServeMux()
	for _, f := range routes {
		if isDefault(f.Route) {
			continue
		}
		h, err := handler(f.Name)
		if err != nil {
			return nil, err
		}
		mux.Handle(f.Route.MuxPattern(), &route{fn: f, method: f.Route.Method, key: f.Route.Pattern(), invoke: h, tokens: tokens, now: now,
			params: pathParams(f.Route.Path), unmatched: unmatched})
	}
	mux.Handle("/", unmatched)
	// API Gateway matches the path as sent: no redirects to a cleaned path.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p != path.Clean(p) || !strings.HasPrefix(p, "/") {
			unmatched.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}), nil
}

// WithPublic serves the template's public routes (HttpApi events with
// Authorizer NONE: the console) through their functions' handlers, as API
// Gateway would, and everything else with next (the API's gateway).
func WithPublic(fns []template.Function, handler func(name string) (LambdaHandler, error), next http.Handler, now func() time.Time) (http.Handler, error) {
	mux := http.NewServeMux()
	for _, f := range fns {
		h, err := handler(f.Name)
		if err != nil {
			return nil, err
		}
		for _, r := range f.Public {
			mux.Handle(r.MuxPattern(), &route{fn: f, method: r.Method, key: r.Pattern(), invoke: h, now: now,
				params: pathParams(r.Path), unmatched: next, public: true})
		}
	}
	mux.Handle("/", next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p != path.Clean(p) || !strings.HasPrefix(p, "/") {
			next.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}), nil
}

// isDefault reports whether r is the $default route: in template.yaml, an
// HttpApi event with neither Path nor Method (SAM's syntax for it).
func isDefault(r *template.Route) bool { return r.Method == "" && r.Path == "" }

type route struct {
	fn     template.Function
	method string
	key    string // the route key: "GET /v1/x/{id}", or "$default"
	invoke LambdaHandler
	tokens *Tokens
	now    func() time.Time
	params []string
	// unmatched serves what this route's pattern matched but API Gateway
	// wouldn't route here (HEAD on a GET route).
	unmatched http.Handler
	// public routes have no authorizer: no token needed, no claims passed.
	public bool
}

var paramPattern = regexp.MustCompile(`\{([^}+]+)\+?\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range paramPattern.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

// gatewayError answers the way API Gateway itself does, before any function.
func gatewayError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
}

func (rt *route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rt.unmatched != nil && r.Method != rt.method { // net/http lets HEAD match GET routes
		rt.unmatched.ServeHTTP(w, r)
		return
	}
	var claims *Claims
	if !rt.public {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			gatewayError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		c, err := rt.tokens.Verify(strings.TrimSpace(bearer), time.Now())
		if err != nil {
			gatewayError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		claims = &c
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPayload+1))
	if err != nil || len(body) > maxPayload {
		gatewayError(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large")
		return
	}
	ev := rt.event(r, body, claims)
	resp, err := rt.invokeWithin(r.Context(), ev)
	if err != nil {
		gatewayError(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	writeResponse(w, resp)
}

// invokeWithin runs the function with its timeout, as Lambda does: its
// context ends then, and if it hasn't answered by then the invocation
// fails (API Gateway answers 500). The local run can't be killed; it is
// left to see its context end.
func (rt *route) invokeWithin(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	if rt.fn.Timeout <= 0 {
		return rt.invoke(ctx, ev)
	}
	ctx, cancel := context.WithTimeout(ctx, rt.fn.Timeout)
	defer cancel()
	type result struct {
		resp events.APIGatewayV2HTTPResponse
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := rt.invoke(ctx, ev)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-ctx.Done():
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("%s timed out after %s", rt.fn.Name, rt.fn.Timeout)
	}
}

// event builds the API Gateway v2 (payload 2.0) event of r, as a deployed
// function receives it behind the JWT authorizer.
func (rt *route) event(r *http.Request, body []byte, c *Claims) events.APIGatewayV2HTTPRequest {
	now := rt.now()
	headers := map[string]string{}
	var cookies []string
	for name, vals := range r.Header {
		if strings.EqualFold(name, "Cookie") {
			cookies = append(cookies, vals...)
			continue
		}
		headers[strings.ToLower(name)] = strings.Join(vals, ",")
	}
	query := map[string]string{}
	for name, vals := range r.URL.Query() {
		query[name] = strings.Join(vals, ",")
	}
	params := map[string]string{}
	for _, p := range rt.params {
		params[p] = r.PathValue(p)
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              rt.key,
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     rt.key,
			AccountID:    "000000000000",
			Stage:        "$default",
			RequestID:    ids.New("req", now),
			APIID:        "local",
			DomainName:   r.Host,
			DomainPrefix: "local",
			Time:         now.Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, SourceIP: sourceIP(r), UserAgent: r.UserAgent(),
			},
		},
	}
	if c != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: flatten(*c), Scopes: nil},
		}
	}
	if len(body) > 0 {
		if utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		}
	}
	return ev
}

// flatten gives the claims as API Gateway's JWT authorizer passes them:
// strings as they are, arrays as "[a b]".
func flatten(c Claims) map[string]string {
	m := map[string]string{
		"sub": c.Subject, "tid": c.TenantID, "roles": httpapi.FormatRolesClaim(c.Roles),
		"iss": c.Issuer, "aud": c.Audience, "iat": fmt.Sprint(c.IssuedAt), "exp": fmt.Sprint(c.Expires),
	}
	if c.RolesString != nil {
		m["roles"] = *c.RolesString
	}
	if c.Name != "" {
		m["name"] = c.Name
	}
	if c.Email != "" {
		m["email"] = c.Email
	}
	if c.Locale != "" {
		m["locale"] = c.Locale
	}
	return m
}

func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func writeResponse(w http.ResponseWriter, resp events.APIGatewayV2HTTPResponse) {
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	for _, c := range resp.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if b, err := base64.StdEncoding.DecodeString(resp.Body); err == nil {
			body = b
		}
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.Copy(w, bytes.NewReader(body))
}

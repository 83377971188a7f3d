// Package httpapi is the HTTP transport: one net/http handler per route,
// authorization through the role table, strict decoding, problem+json errors
// and request logs. Each Lambda serves one route; the local runner all.
package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"selfserve/shared/app"
	"selfserve/shared/catalog"
	"selfserve/shared/domain"
)

// API holds what the handlers need, built once per process: the use
// cases, the catalog, the cursor sealer and the clock.
type API struct {
	App     *app.App
	Catalog *catalog.Catalog
	Cursors *Cursors
	// Now is the clock, read once per request.
	Now func() time.Time
	Log *slog.Logger
}

// handlerFunc is a route's handler: it writes a success or returns an error
// that becomes a problem.
type handlerFunc func(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error

// Handler returns the http.Handler of the route named name (its function
// name): the route alone, with logging, recovery and authentication; or,
// for DefaultRoute's name, the $default route's.
func (a *API) Handler(name string) (http.Handler, error) {
	if name == DefaultRoute.Name { // every path and method no route takes
		return a.wrap(DefaultRoute), nil
	}
	rt, ok := routeByName(name)
	if !ok {
		return nil, fmt.Errorf("httpapi: no route named %q", name)
	}
	mux := http.NewServeMux()
	mux.Handle(rt.Pattern(), a.wrap(rt))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		WriteProblem(w, r, a.Log, domain.Errorf(domain.CodeNotFound, "no route for %s %s", r.Method, r.URL.Path))
	})
	return mux, nil
}

// answerMargin is the time kept before the function's deadline to answer:
// the work's context ends that much earlier, so a request that runs out of
// time answers 503 or 409 rather than being cut off (API Gateway's 500).
const answerMargin = time.Second

func (a *API) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		var p domain.Principal
		defer func() {
			if v := recover(); v != nil {
				WriteProblem(rec, r, a.Log, fmt.Errorf("panic: %v", v))
			}
			attrs := []any{"route", rt.Name, "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"durationMs", float64(time.Since(start).Microseconds()) / 1000, "tenantId", p.TenantID, "userId", p.UserID}
			if rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context()); ok {
				attrs = append(attrs, "requestId", rc.RequestID)
			}
			a.Log.InfoContext(r.Context(), "request", attrs...)
		}()
		if d, ok := r.Context().Deadline(); ok { // stop working in time to answer
			ctx, cancel := context.WithDeadline(r.Context(), d.Add(-answerMargin))
			defer cancel()
			r = r.WithContext(ctx)
		}
		var err error
		if p, err = PrincipalFrom(r.Context()); err == nil {
			if err = checkPathIDs(r, rt.params()); err == nil {
				err = rt.handle(a, rec, r, p)
			}
		}
		if err != nil {
			WriteProblem(rec, r, a.Log, err)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status, s.wrote = code, true
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(w, status, "application/json", b)
	return nil
}

// writeBody writes status, contentType and b. A 204 (or 304) has neither
// body nor Content-Type, and an empty body is never written: the Lambda
// adapter sniffs a Content-Type (text/plain) on any Write without one.
func writeBody(w http.ResponseWriter, status int, contentType string, b []byte) {
	if status == http.StatusNoContent || status == http.StatusNotModified {
		contentType, b = "", nil
		w.Header().Del("Content-Type")
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if len(b) > 0 {
		_, _ = w.Write(b)
	}
}

// list is the shape of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"nextCursor,omitempty"`
}

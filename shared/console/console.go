// Package console serves the admin console's built files (console/dist) as
// the Console function: index.html at / with the sign-in settings written
// in, and Vite's content-hashed files under /assets/. The local runner
// serves it through the same Lambda handler.
package console

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"selfserve/shared/domain"
)

// FunctionName is the Console function of template.yaml.
const FunctionName = "Console"

// Config is what the console reads from index.html to sign users in:
// Auth "local" (the runner's "Sign in as" form) or "oidc" (authorization
// code + PKCE against Issuer with ClientID).
type Config struct {
	Auth     string `json:"auth"`
	Issuer   string `json:"issuer,omitempty"`
	ClientID string `json:"clientId,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// ConfigFromEnv is the deployed console's Config (template.yaml's Console
// environment).
func ConfigFromEnv() (Config, error) {
	c := Config{Auth: "oidc", Issuer: os.Getenv("CONSOLE_OIDC_ISSUER"), ClientID: os.Getenv("CONSOLE_OIDC_CLIENT_ID"), Scope: os.Getenv("CONSOLE_OIDC_SCOPE")}
	if c.Issuer == "" || c.ClientID == "" {
		return Config{}, errors.New("console: CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID must be set")
	}
	return c, nil
}

// placeholder is where index.html takes the config (console/index.html).
const placeholder = "<!--selfserve-config-->"

// file is one file ready to send, with its gzip form when that is smaller.
type file struct {
	body, gzipped []byte
	contentType   string
}

// Site is the console's files, read once.
type Site struct {
	index  file
	assets map[string]file // by path under assets/
	csp    string
}

// ErrNotBuilt is returned by Load when the folder has no index.html.
var ErrNotBuilt = errors.New("the console is not built (make console)")

// Load reads the built console from dist and writes c into its index.html.
func Load(dist fs.FS, c Config) (*Site, error) {
	index, err := fs.ReadFile(dist, "index.html")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotBuilt
	}
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(index, []byte(placeholder)) {
		return nil, fmt.Errorf("console: index.html has no %s", placeholder)
	}
	cfg, err := json.Marshal(c) // escapes <, > and & so the script can't be closed early
	if err != nil {
		return nil, err
	}
	index = bytes.Replace(index, []byte(placeholder),
		[]byte(`<script id="selfserve-config" type="application/json">`+string(cfg)+`</script>`), 1)
	s := &Site{index: newFile("index.html", index), assets: map[string]file{}, csp: contentSecurityPolicy(c)}
	err = fs.WalkDir(dist, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		s.assets[strings.TrimPrefix(p, "assets/")] = newFile(p, b)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return s, nil
}

func newFile(name string, b []byte) file {
	f := file{body: b, contentType: mime.TypeByExtension(path.Ext(name))}
	if f.contentType == "" {
		f.contentType = "application/octet-stream"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	if buf.Len() < len(b) {
		f.gzipped = buf.Bytes()
	}
	return f
}

// contentSecurityPolicy lets the pages load only their own scripts and
// talk only to this origin and the identity provider. Fluent UI writes
// its styles at run time, hence 'unsafe-inline' for styles only.
func contentSecurityPolicy(c Config) string {
	connect := "'self'"
	if c.Issuer != "" {
		connect += " " + originOf(c.Issuer)
	}
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
		"connect-src " + connect + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}

// originOf is scheme://host[:port] of an issuer URL.
func originOf(issuer string) string {
	scheme, rest, ok := strings.Cut(issuer, "://")
	if !ok {
		return issuer
	}
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// Handle answers one request of the Console function's routes.
func (s *Site) Handle(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	p := ev.RawPath
	if p == "" {
		p = ev.RequestContext.HTTP.Path
	}
	f, cache := s.index, "no-cache"
	if name, ok := strings.CutPrefix(p, "/assets/"); ok {
		a, found := s.assets[name]
		if !found {
			return notFound(p), nil
		}
		f, cache = a, "public, max-age=31536000, immutable"
	} else if p != "/" {
		return notFound(p), nil
	}
	headers := map[string]string{
		"Content-Type":            f.contentType,
		"Cache-Control":           cache,
		"Content-Security-Policy": s.csp,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Vary":                    "Accept-Encoding",
	}
	body := f.body
	if f.gzipped != nil && acceptsGzip(ev.Headers["accept-encoding"]) {
		body = f.gzipped
		headers["Content-Encoding"] = "gzip"
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK, Headers: headers,
		Body: base64.StdEncoding.EncodeToString(body), IsBase64Encoded: true}, nil
}

func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// notFound answers as the API's $default route does: problem+json 404.
func notFound(p string) events.APIGatewayV2HTTPResponse {
	return problem(http.StatusNotFound, domain.Errorf(domain.CodeNotFound, "no console file %s", p))
}

func problem(status int, e *domain.Error) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Body: string(e.ProblemBody(status, http.StatusText(status))),
		Headers: map[string]string{"Content-Type": "application/problem+json", "Cache-Control": "no-store"}}
}

// NotBuilt answers every request while the console has not been built.
func NotBuilt(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return problem(http.StatusServiceUnavailable, domain.Errorf(domain.CodeUnavailable, "%s; make run builds it when it is missing", ErrNotBuilt)), nil
}

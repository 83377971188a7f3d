// Package client is a Go client for the selfserve API (docs/openapi.yaml):
// one method per operation, named by its operationId, with typed requests and
// answers; drift_test.go holds it against the document.
//
//	c, err := client.New("http://127.0.0.1:3000", client.WithToken(token))
//	sub, err := c.CreateSubscription(ctx, "contoso", client.SubscriptionCreate{
//		ProductID: "CFQ7TTC0L3PB", BillingFrequency: "monthly", PaymentMethodID: "pm_1"})
//	for s, err := range c.AllSubscriptions(ctx, "contoso", &client.ListSubscriptionsParams{Limit: 200}) { … }
//
// Errors the API answers are *Problem (see AsProblem); failures to reach it
// are *NetworkError (see IsNetwork). Every operation that takes an
// Idempotency-Key gets one, generated per call unless given with
// IdempotencyKey, so it is retried like a GET: after a network failure, a
// 429, 502, 503 or 504 (honouring Retry-After) or a 409
// idempotency_key_in_use, with the same key.
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client calls one selfserve API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	token     string
	http      *http.Client
	userAgent string
	retries   int
	maxWait   time.Duration
	sleep     func(context.Context, time.Duration) error
	strict    bool // refuse answer fields the types lack (tests)
}

// Option configures a Client.
type Option func(*Client)

// WithToken sends token as the bearer token of every request.
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// WithHTTPClient sends requests with hc (default: a client with a 60 s timeout
// per attempt).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithUserAgent sets the User-Agent header (default DefaultUserAgent).
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithRetries sets how many times a retryable request is sent again after
// its first attempt (default 3; 0 never retries).
func WithRetries(n int) Option { return func(c *Client) { c.retries = max(n, 0) } }

// WithMaxRetryWait caps the wait before a retry, Retry-After included
// (default 30 s).
func WithMaxRetryWait(d time.Duration) Option { return func(c *Client) { c.maxWait = d } }

// WithSleep replaces how the client waits before a retry; sleep returns an
// error, and the call gives up, when ctx ends first. Tests use it to record
// the waits instead of sleeping.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = sleep }
}

// DefaultUserAgent is the User-Agent sent unless WithUserAgent changes it.
const DefaultUserAgent = "selfserve-go-client/1"

// firstBackoff is the wait before the first retry of an answer without
// Retry-After; it doubles for each further retry.
const firstBackoff = 500 * time.Millisecond

// maxBody bounds the answers read (a Lambda answers at most 6 MB).
const maxBody = 32 << 20

var errTooLarge = fmt.Errorf("answer over %d bytes", maxBody)

// New returns a client of the API at baseURL, e.g. http://127.0.0.1:3000.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("client: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("client: base URL %q: want http(s)://host[:port][/path]", baseURL)
	}
	c := &Client{
		base:      u,
		http:      &http.Client{Timeout: 60 * time.Second},
		userAgent: DefaultUserAgent,
		retries:   3,
		maxWait:   30 * time.Second,
		sleep:     sleepContext,
	}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	return c, nil
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Meta is what an answer says besides its body.
type Meta struct {
	Status int
	// ETag is the subscription's entity tag, for IfMatch (ETag header).
	ETag string
	// Location is the path of a created resource.
	Location string
	// Replayed is true when the answer is the stored outcome of an earlier
	// request with the same Idempotency-Key (Idempotent-Replayed header).
	Replayed bool
	// IdempotencyKey is the key sent, given or generated; "" when none.
	IdempotencyKey string
	// Attempts is how many times the request was sent.
	Attempts int
	// Next is the cursor of the next page a Link header (rel="next") names,
	// "" when none.
	Next string
}

// CallOption adjusts one call.
type CallOption func(*callOptions)

type callOptions struct {
	key, ifMatch string
	meta         *Meta
	// accept is the media type of the 2xx answer the method wants, sent
	// as Accept (with problem+json for errors); "" takes any.
	accept string
}

// mediaPDF is the media type of GetInvoicePdf's answer.
const mediaPDF = "application/pdf"

// accept makes the call ask for mediaType and refuse a 2xx answer of
// another: for the methods whose answer is not JSON.
func accept(mediaType string) CallOption { return func(o *callOptions) { o.accept = mediaType } }

// IdempotencyKey sends key as the Idempotency-Key instead of a generated one,
// e.g. to resume an interrupted AssignLicensesBulk or MoveUsers. Only
// operations that take the header accept it.
func IdempotencyKey(key string) CallOption { return func(o *callOptions) { o.key = key } }

// IfMatch sends etag (a subscription's ETag, or Subscription.ETag()) as
// If-Match: the change is refused with 412 precondition_failed if the
// subscription changed since. Only operations that take the header accept it.
func IfMatch(etag string) CallOption { return func(o *callOptions) { o.ifMatch = etag } }

// ResponseMeta fills m with the answer's status and headers, also when the
// call fails with a *Problem.
func ResponseMeta(m *Meta) CallOption { return func(o *callOptions) { o.meta = m } }

// answer is a read HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends operation opID with the path arguments (in the template's
// order), the query (a *…Params struct or nil) and body (JSON-encoded unless
// nil), and decodes a 2xx answer into out: a pointer to a JSON type, a
// *[]byte for the raw body, or nil to discard it.
func (c *Client) call(ctx context.Context, opID string, args []string, query, body, out any, opts []CallOption) error {
	op, ok := operations[opID]
	if !ok {
		return fmt.Errorf("client: unknown operation %s", opID)
	}
	var o callOptions
	for _, f := range opts {
		f(&o)
	}
	if o.key != "" && op.Key == noKey {
		return fmt.Errorf("client: %s takes no Idempotency-Key", opID)
	}
	if o.ifMatch != "" && !op.IfMatch {
		return fmt.Errorf("client: %s takes no If-Match", opID)
	}
	if o.key == "" && op.Key != noKey {
		o.key = newKey()
	}
	u, err := c.url(op.Path, args, query)
	if err != nil {
		return fmt.Errorf("client: %s: %w", opID, err)
	}
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("client: %s: encoding the body: %w", opID, err)
		}
	}
	a, attempts, err := c.send(ctx, opID, op.Method, u, payload, o)
	if o.meta != nil {
		*o.meta = Meta{IdempotencyKey: o.key, Attempts: attempts}
		if a != nil {
			o.meta.Status = a.status
			o.meta.ETag = a.header.Get("ETag")
			o.meta.Location = a.header.Get("Location")
			o.meta.Replayed = a.header.Get("Idempotent-Replayed") == "true"
			o.meta.Next = nextCursor(a.header.Values("Link"))
		}
	}
	if err != nil {
		return err
	}
	if a.status < 200 || a.status > 299 {
		return parseProblem(a.status, a.header, a.body)
	}
	if o.accept != "" {
		ct := a.header.Get("Content-Type")
		if mt, _, _ := mime.ParseMediaType(ct); mt != o.accept {
			return fmt.Errorf("client: %s: the %d answer is %q, not %s", opID, a.status, ct, o.accept)
		}
	}
	switch out := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*out = a.body
		return nil
	default:
		dec := json.NewDecoder(bytes.NewReader(a.body))
		if c.strict {
			dec.DisallowUnknownFields()
		}
		if err := dec.Decode(out); err != nil {
			return fmt.Errorf("client: %s: decoding the %d answer: %w", opID, a.status, err)
		}
		return nil
	}
}

// send makes the request, again while it is retryable and attempts are
// left: a GET, or a request with an Idempotency-Key, after a network failure
// or a retryable status. It returns the last answer (nil after a network
// failure) and the number of attempts.
func (c *Client) send(ctx context.Context, opID, method, u string, payload []byte, o callOptions) (*answer, int, error) {
	retryable := method == http.MethodGet || o.key != ""
	for attempt := 1; ; attempt++ {
		a, err := c.attempt(ctx, method, u, payload, o)
		var wait time.Duration
		switch {
		case errors.Is(err, errTooLarge):
			return nil, attempt, fmt.Errorf("client: %s: %w", opID, err)
		case err != nil:
			err = &NetworkError{Op: opID, Method: method, URL: u, Err: err}
			if ctx.Err() != nil || !retryable || attempt > c.retries {
				return nil, attempt, err
			}
			wait = c.backoff(attempt)
		case retryable && attempt <= c.retries && retryStatus(a):
			wait = c.backoff(attempt)
			if d, ok := retryAfter(a.header.Get("Retry-After"), time.Now()); ok {
				wait = min(d, c.maxWait)
			}
		default:
			return a, attempt, nil
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			if a != nil {
				return a, attempt, nil
			}
			return nil, attempt, err
		}
	}
}

// attempt sends the request once and reads the whole answer.
func (c *Client) attempt(ctx context.Context, method, u string, payload []byte, o callOptions) (*answer, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("User-Agent", c.userAgent)
	if o.key != "" {
		req.Header.Set("Idempotency-Key", o.key)
	}
	if o.ifMatch != "" {
		req.Header.Set("If-Match", o.ifMatch)
	}
	if o.accept != "" {
		req.Header.Set("Accept", o.accept+", application/problem+json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, errTooLarge
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// retryStatus reports whether a retryable request should be sent again after
// answer a: throttled, the gateway or function unavailable, or the same
// Idempotency-Key still in flight (e.g. an earlier attempt that timed out).
func retryStatus(a *answer) bool {
	switch a.status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusConflict:
		return parseProblem(a.status, a.header, a.body).Code == "idempotency_key_in_use"
	}
	return false
}

// backoff is the wait before retry number attempt (1, 2, …) when the answer
// gave no Retry-After: firstBackoff doubling, capped.
func (c *Client) backoff(attempt int) time.Duration {
	d := firstBackoff << min(attempt-1, 16)
	return min(d, c.maxWait)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// url is the base URL joined with the path template filled with args and the
// query.
func (c *Client) url(tmpl string, args []string, query any) (string, error) {
	var b strings.Builder
	b.WriteString(c.base.String())
	rest := tmpl
	for _, a := range args {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			return "", fmt.Errorf("%d path arguments for %s", len(args), tmpl)
		}
		if a == "" {
			return "", fmt.Errorf("empty path parameter %s", rest[i+1:j])
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(a))
		rest = rest[j+1:]
	}
	if strings.IndexByte(rest, '{') >= 0 {
		return "", fmt.Errorf("%d path arguments for %s", len(args), tmpl)
	}
	b.WriteString(rest)
	q, err := encodeQuery(query)
	if err != nil {
		return "", err
	}
	if len(q) > 0 {
		b.WriteByte('?')
		b.WriteString(q.Encode())
	}
	return b.String(), nil
}

// newKey is a random 128-bit Idempotency-Key in hex.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// do calls the operation and decodes its JSON answer into a new T.
func do[T any](ctx context.Context, c *Client, opID string, args []string, query, body any, opts []CallOption) (*T, error) {
	v := new(T)
	if err := c.call(ctx, opID, args, query, body, v, opts); err != nil {
		return nil, err
	}
	return v, nil
}

// nextCursor is the cursor parameter of the Link header's rel="next" URL.
func nextCursor(links []string) string {
	for _, h := range links {
		for _, link := range strings.Split(h, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
				continue
			}
			u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
			if err == nil {
				return u.Query().Get("cursor")
			}
		}
	}
	return ""
}

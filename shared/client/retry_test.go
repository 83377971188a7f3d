package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// script is a test API: the i-th request gets answers[i] (the last one
// repeats); it records every request's method and Idempotency-Key.
type script struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter, r *http.Request)
	keys    []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(len(s.keys), len(s.answers)-1)
	s.keys = append(s.keys, r.Method+" "+r.Header.Get("Idempotency-Key"))
	s.mu.Unlock()
	s.answers[i](w, r)
}

// requests are the requests so far, as "METHOD Idempotency-Key".
func (s *script) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.keys)
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// stall answers nothing until the client gives up.
func stall(_ http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body) // then the server sees the client leave
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

func status(code int, header map[string]string, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

var (
	created    = status(201, map[string]string{"Content-Type": "application/json"}, `{"id":"sub_1"}`)
	ok         = status(200, map[string]string{"Content-Type": "application/json"}, `{"tenantId":"t"}`)
	problem503 = map[string]string{"Content-Type": "application/problem+json", "Retry-After": "7"}
	body503    = `{"type":"urn:selfserve:problem:unavailable","title":"Service Unavailable","status":503,"code":"unavailable","detail":"retry later"}`
	inUse      = status(409, map[string]string{"Content-Type": "application/problem+json"},
		`{"type":"urn:selfserve:problem:idempotency_key_in_use","title":"Conflict","status":409,"code":"idempotency_key_in_use","detail":"in progress"}`)
)

// TestRetries runs calls against scripted answers, recording the waits the
// client asks for instead of sleeping.
func TestRetries(t *testing.T) {
	buy := func(c *Client, m *Meta) error {
		_, err := c.CreateSubscription(context.Background(), "t", SubscriptionCreate{ProductID: "p", BillingFrequency: "monthly"}, ResponseMeta(m))
		return err
	}
	get := func(c *Client, m *Meta) error {
		_, err := c.GetTenant(context.Background(), "t", ResponseMeta(m))
		return err
	}
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter, *http.Request)
		opts      []Option
		call      func(*Client, *Meta) error
		wantWaits []time.Duration
		wantErr   func(error) bool // nil: success
	}{
		{"dropped connection, then created", []func(http.ResponseWriter, *http.Request){drop, created}, nil, buy,
			[]time.Duration{500 * time.Millisecond}, nil},
		{"503 with Retry-After, then created", []func(http.ResponseWriter, *http.Request){status(503, problem503, body503), created}, nil, buy,
			[]time.Duration{7 * time.Second}, nil},
		{"Retry-After capped", []func(http.ResponseWriter, *http.Request){status(503, map[string]string{"Retry-After": "3600"}, `{"message":"Service Unavailable"}`), created},
			[]Option{WithMaxRetryWait(10 * time.Second)}, buy, []time.Duration{10 * time.Second}, nil},
		{"Retry-After as an HTTP date in the past", []func(http.ResponseWriter, *http.Request){status(429, map[string]string{"Retry-After": "Mon, 02 Jan 2006 15:04:05 GMT"}, `{"message":"Too Many Requests"}`), created},
			nil, buy, []time.Duration{0}, nil},
		{"gateway timeout and key in use back off", []func(http.ResponseWriter, *http.Request){status(504, nil, `{"message":"Gateway Timeout"}`), inUse, created},
			nil, buy, []time.Duration{500 * time.Millisecond, time.Second}, nil},
		{"GET after a dropped connection", []func(http.ResponseWriter, *http.Request){drop, ok}, nil, get,
			[]time.Duration{500 * time.Millisecond}, nil},
		{"timeout before an answer", []func(http.ResponseWriter, *http.Request){stall, created},
			[]Option{WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond})}, buy, []time.Duration{500 * time.Millisecond}, nil},
		{"503 every time: the last answer after 3 retries", []func(http.ResponseWriter, *http.Request){status(503, problem503, body503)}, nil, buy,
			[]time.Duration{7 * time.Second, 7 * time.Second, 7 * time.Second},
			func(err error) bool { p, ok := AsProblem(err); return ok && p.Status == 503 && p.Code == "unavailable" }},
		{"dropped every time: a network error after 2 retries", []func(http.ResponseWriter, *http.Request){drop}, []Option{WithRetries(2)}, get,
			[]time.Duration{500 * time.Millisecond, time.Second}, IsNetwork},
		{"no retries", []func(http.ResponseWriter, *http.Request){drop, created}, []Option{WithRetries(0)}, buy, nil, IsNetwork},
		{"a refusal is not retried", []func(http.ResponseWriter, *http.Request){status(409, map[string]string{"Content-Type": "application/problem+json"}, `{"code":"trial_already_used"}`), created},
			nil, buy, nil, func(err error) bool { p, ok := AsProblem(err); return ok && p.Code == "trial_already_used" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &script{answers: tt.answers}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var waits []time.Duration
			opts := append([]Option{WithSleep(func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			})}, tt.opts...)
			c, err := New(srv.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			var meta Meta
			err = tt.call(c, &meta)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("error %v, want success", err)
			case tt.wantErr != nil && !tt.wantErr(err):
				t.Fatalf("error %v (%T), not the one wanted", err, err)
			}
			if got, want := waits, tt.wantWaits; !slices.Equal(got, want) {
				t.Errorf("waits = %v, want %v", got, want)
			}
			reqs := s.requests()
			if got, want := len(reqs), len(tt.wantWaits)+1; got != want {
				t.Errorf("%d requests, want %d", got, want)
			}
			if got, want := meta.Attempts, len(reqs); got != want {
				t.Errorf("Meta.Attempts = %d, want %d", got, want)
			}
			for i, k := range reqs {
				if got, want := k, reqs[0]; got != want {
					t.Errorf("request %d = %q, want the first one's method and Idempotency-Key %q", i, got, want)
				}
			}
		})
	}
}

// TestNoRetryWithoutKey: a request that is not a GET and has no
// Idempotency-Key is sent once, whatever happens.
func TestNoRetryWithoutKey(t *testing.T) {
	s := &script{answers: []func(http.ResponseWriter, *http.Request){drop, created}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, err := New(srv.URL, WithSleep(func(context.Context, time.Duration) error {
		t.Error("slept before a retry")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	a, attempts, err := c.send(context.Background(), "X", http.MethodPost, srv.URL+"/x", []byte(`{}`), callOptions{})
	if a != nil || !IsNetwork(err) {
		t.Errorf("send = %v, %v; want a network error", a, err)
	}
	if got, want := attempts, 1; got != want {
		t.Errorf("attempts = %d, want %d", got, want)
	}
}

// TestRetryStopsWithTheContext: when the context ends during the wait, the
// call returns the last outcome without another attempt.
func TestRetryStopsWithTheContext(t *testing.T) {
	s := &script{answers: []func(http.ResponseWriter, *http.Request){drop, ok}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, err := New(srv.URL, WithSleep(func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTenant(ctx, "t")
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Op != "GetTenant" {
		t.Errorf("error = %v, want GetTenant's network error", err)
	}
	if got, want := len(s.requests()), 1; got != want {
		t.Errorf("%d requests, want %d", got, want)
	}
}

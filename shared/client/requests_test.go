package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// recorder is an http.RoundTripper that records requests and answers each
// with status and body, as JSON or as the first media type the request
// accepts.
type recorder struct {
	status int
	body   string
	reqs   []*http.Request
	bodies []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var b []byte
	if req.Body != nil {
		b, _ = io.ReadAll(req.Body)
	}
	r.reqs = append(r.reqs, req)
	r.bodies = append(r.bodies, string(b))
	ct := "application/json"
	if a, _, _ := strings.Cut(req.Header.Get("Accept"), ","); a != "" {
		ct = strings.TrimSpace(a)
	}
	return &http.Response{StatusCode: r.status, Header: http.Header{"Content-Type": {ct}},
		Body: io.NopCloser(strings.NewReader(r.body)), Request: req}, nil
}

var hexKey = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestEveryMethodSendsItsOperation calls every operation's method with path
// arguments p0, p1, … and checks the request against the operations table:
// method, path (so the arguments fill the template in order), the headers
// and a body exactly when the operation takes one.
func TestEveryMethodSendsItsOperation(t *testing.T) {
	for id, op := range operations {
		t.Run(id, func(t *testing.T) {
			rec := &recorder{status: 200, body: "{}"}
			c, err := New("https://api.example.com/stage/", WithToken("tok"), WithHTTPClient(&http.Client{Transport: rec}))
			if err != nil {
				t.Fatal(err)
			}
			m := reflect.ValueOf(c).MethodByName(id)
			if !m.IsValid() {
				t.Fatalf("no method (*Client).%s", id)
			}
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			wantPath, hasBody := op.Path, false
			for i := 1; i < m.Type().NumIn()-1; i++ {
				a := m.Type().In(i)
				if a.Kind() == reflect.String {
					p := fmt.Sprintf("p%d", len(args)-1)
					args = append(args, reflect.ValueOf(p))
					wantPath = wantPath[:strings.IndexByte(wantPath, '{')] + p + wantPath[strings.IndexByte(wantPath, '}')+1:]
					continue
				}
				hasBody = hasBody || a.Kind() == reflect.Struct
				args = append(args, reflect.Zero(a))
			}
			var opts []CallOption
			if op.IfMatch {
				opts = append(opts, IfMatch(`"7"`))
			}
			var meta Meta
			opts = append(opts, ResponseMeta(&meta))
			out := m.CallSlice(append(args, reflect.ValueOf(opts)))
			if err, _ := out[len(out)-1].Interface().(error); err != nil {
				t.Fatal(err)
			}
			if len(rec.reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(rec.reqs))
			}
			req := rec.reqs[0]
			if got, want := req.Method+" "+req.URL.Path, op.Method+" /stage"+wantPath; got != want {
				t.Errorf("request = %s, want %s", got, want)
			}
			key := req.Header.Get("Idempotency-Key")
			if got, want := hexKey.MatchString(key), op.Key != noKey; got != want {
				t.Errorf("Idempotency-Key %q: generated = %v, want %v", key, got, want)
			}
			if got, want := meta.IdempotencyKey, key; got != want {
				t.Errorf("Meta.IdempotencyKey = %q, want the key sent %q", got, want)
			}
			if got, want := req.Header.Get("If-Match"), map[bool]string{true: `"7"`}[op.IfMatch]; got != want {
				t.Errorf("If-Match = %q, want %q", got, want)
			}
			if got, want := req.Header.Get("Authorization"), "Bearer tok"; got != want {
				t.Errorf("Authorization = %q, want %q", got, want)
			}
			if got, want := req.Header.Get("User-Agent"), DefaultUserAgent; got != want {
				t.Errorf("User-Agent = %q, want %q", got, want)
			}
			if got, want := rec.bodies[0] != "", hasBody; got != want {
				t.Errorf("body %q: sent = %v, want %v", rec.bodies[0], got, want)
			}
			if got, want := req.Header.Get("Content-Type"), map[bool]string{true: "application/json"}[hasBody]; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
		})
	}
}

// TestCallOptionsOnlyWhereTheDocumentHasThem: an Idempotency-Key or If-Match
// for an operation that takes none is refused before anything is sent.
func TestCallOptionsOnlyWhereTheDocumentHasThem(t *testing.T) {
	rec := &recorder{status: 200, body: "{}"}
	c, err := New("http://api.test", WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"key on a GET", func() error { _, err := c.GetTenant(ctx, "t", IdempotencyKey("k")); return err }, "client: GetTenant takes no Idempotency-Key"},
		{"If-Match on a policy", func() error {
			_, err := c.UpdateProductPolicy(ctx, "t", AllowSelfServicePurchase, "p", ProductPolicyUpdate{PolicyValue: Disabled}, IfMatch(`"1"`))
			return err
		}, "client: UpdateProductPolicy takes no If-Match"},
		{"empty path argument", func() error { _, err := c.GetSubscription(ctx, "t", ""); return err }, "client: GetSubscription: empty path parameter subscriptionId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if got := fmt.Sprint(err); got != tt.want {
				t.Errorf("error = %s, want %s", got, tt.want)
			}
		})
	}
	if len(rec.reqs) != 0 {
		t.Errorf("%d requests sent, want none", len(rec.reqs))
	}
}

// TestURLs checks the base URL forms, path escaping and query encoding.
func TestURLs(t *testing.T) {
	no := false
	tests := []struct {
		name string
		base string
		call func(c *Client) error
		want string
	}{
		{"base with a path and a slash", "http://h:3000/prod/", func(c *Client) error { _, err := c.GetTenant(context.Background(), "contoso"); return err },
			"http://h:3000/prod/v1/tenants/contoso"},
		{"escaped path argument", "http://h", func(c *Client) error { _, err := c.GetProduct(context.Background(), "a b/c?"); return err },
			"http://h/v1/products/a%20b%2Fc%3F"},
		{"bool filter", "http://h", func(c *Client) error {
			_, err := c.ListProducts(context.Background(), &ListProductsParams{SelfService: &no, Publisher: "microsoft"})
			return err
		}, "http://h/v1/products?publisher=microsoft&selfService=false"},
		{"zero values left out", "http://h", func(c *Client) error {
			_, err := c.ListSubscriptions(context.Background(), "t", &ListSubscriptionsParams{})
			return err
		}, "http://h/v1/tenants/t/subscriptions"},
		{"repeated parameter", "http://h", func(c *Client) error {
			_, err := c.ExportLicenses(context.Background(), "t", &ExportLicensesParams{SubscriptionIDs: []string{"s1", "s2"}})
			return err
		}, "http://h/v1/tenants/t/licenses/export?subscriptionId=s1&subscriptionId=s2"},
		{"times in UTC", "http://h", func(c *Client) error {
			from := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
			_, err := c.ListActivity(context.Background(), "t", &ListActivityParams{From: from, Limit: 10, Cursor: "c/1"})
			return err
		}, "http://h/v1/tenants/t/activity?cursor=c%2F1&from=2026-01-02T02%3A04%3A05Z&limit=10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{status: 200, body: "{}"}
			c, err := New(tt.base, WithHTTPClient(&http.Client{Transport: rec}))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if got := rec.reqs[0].URL.String(); got != tt.want {
				t.Errorf("URL = %s, want %s", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "127.0.0.1:3000", "ftp://h", "http://h?x=1", "http:///v1"} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%q): no error", bad)
		}
	}
}

package stripepay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v84"

	"selfserve/shared/domain"
	"selfserve/shared/payments"
	"selfserve/shared/stripemock"
)

// mockURL is the stripe-mock every test shares, started in TestMain.
var mockURL string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv, err := stripemock.Start(context.Background(), root)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Stop()
	mockURL = srv.URL
	return m.Run()
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// sent is one request as it left the client.
type sent struct {
	method, path string
	header       http.Header
	query, form  url.Values
}

// recorder is an http.RoundTripper that keeps every request it passes on.
type recorder struct {
	mu   sync.Mutex
	reqs []sent
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	s := sent{method: req.Method, path: req.URL.Path, header: req.Header.Clone(), query: req.URL.Query()}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if s.form, err = url.ParseQuery(string(body)); err != nil {
			return nil, err
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, s)
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// only returns the one request made so far.
func (r *recorder) only(t *testing.T) sent {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) != 1 {
		t.Fatalf("%d requests sent, want 1", len(r.reqs))
	}
	return r.reqs[0]
}

func newProvider(t *testing.T, baseURL, key string) (*Provider, *recorder) {
	t.Helper()
	rec := &recorder{}
	p, err := New(Config{Key: key, BaseURL: baseURL, HTTPClient: &http.Client{Transport: rec, Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return p, rec
}

// checkErr fails when err's text shows the secret key.
func checkErr(t *testing.T, err error, key string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), key) {
		t.Errorf("error %q shows the secret key", err)
	}
}

// wantValues checks that every key of want has exactly that value in got.
func wantValues(t *testing.T, what string, got url.Values, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if g := got[k]; len(g) != 1 || g[0] != w {
			t.Errorf("%s %s = %q, want %q", what, k, g, w)
		}
	}
}

// fixtureCreated is the "created" of every stripe-mock fixture.
var fixtureCreated = time.Unix(1234567890, 0).UTC()

// TestChargeStripeMock: stripe-mock accepts each charge request (it checks
// every parameter against Stripe's OpenAPI document), the request carries
// the idempotency key, the parameters and the metadata, and the answer is
// mapped. stripe-mock echoes amount, currency and description but answers
// its fixture's status, requires_payment_method with a code-less
// last_payment_error, which the adapter reads as a generic decline; it
// keeps no metadata (the request's are checked instead).
func TestChargeStripeMock(t *testing.T) {
	tests := []struct {
		name        string
		amount      domain.Money
		stripeAmt   string
		stripeCurr  string
		description string
	}{
		{"euro cents", domain.Money{Amount: 1234, Currency: "EUR"}, "1234", "eur", "Microsoft 365 Business Basic, 1 month"},
		{"zero-decimal yen", domain.Money{Amount: 500, Currency: "JPY"}, "500", "jpy", ""},
		{"króna, two decimals at Stripe", domain.Money{Amount: 5, Currency: "ISK"}, "500", "isk", "five krónur"},
		{"dinar, three decimals", domain.Money{Amount: 5120, Currency: "KWD"}, "5120", "kwd", "three decimals"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, rec := newProvider(t, mockURL, stripemock.Key)
			req := payments.ChargeRequest{
				Key: fmt.Sprintf("charge-ord_%d", i), PaymentMethodID: "pm_card_visa", Amount: tt.amount,
				OrderID: fmt.Sprintf("ord_%d", i), TenantID: "ten_contoso", SubscriptionID: "sub_1", Description: tt.description,
			}
			got, err := p.Charge(context.Background(), req)
			checkErr(t, err, stripemock.Key)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.ID, "pi_") {
				t.Errorf("ID = %q, want a pi_ id", got.ID)
			}
			want := payments.Charge{ID: got.ID, Key: req.Key, Status: payments.ChargeDeclined, DeclineCode: "generic_decline",
				Amount: tt.amount, PaymentMethodID: "pm_card_visa", OrderID: req.OrderID, TenantID: "ten_contoso",
				SubscriptionID: "sub_1", Refunded: domain.Money{Currency: tt.amount.Currency}, CreatedAt: fixtureCreated}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Charge = %+v,\nwant %+v", got, want)
			}

			s := rec.only(t)
			if got, want := s.method+" "+s.path, "POST /v1/payment_intents"; got != want {
				t.Errorf("request %s, want %s", got, want)
			}
			if got, want := s.header.Get("Idempotency-Key"), req.Key; got != want {
				t.Errorf("Idempotency-Key = %q, want %q", got, want)
			}
			if got, want := s.header.Get("Authorization"), "Bearer "+stripemock.Key; got != want {
				t.Errorf("Authorization = %q, want %q", got, want)
			}
			form := map[string]string{
				"amount": tt.stripeAmt, "currency": tt.stripeCurr, "payment_method": "pm_card_visa",
				"confirm": "true", "off_session": "true",
				"automatic_payment_methods[enabled]": "true", "automatic_payment_methods[allow_redirects]": "never",
				"metadata[order_id]": req.OrderID, "metadata[tenant_id]": "ten_contoso",
				"metadata[subscription_id]": "sub_1", "metadata[idempotency_key]": req.Key,
			}
			if tt.description != "" {
				form["description"] = tt.description
			}
			wantValues(t, "form", s.form, form)
			if tt.description == "" && s.form.Has("description") {
				t.Errorf("description sent although empty: %q", s.form.Get("description"))
			}
		})
	}
}

// TestChargeRefusesAmounts: amounts Stripe can't represent are refused
// before any request, never rounded.
func TestChargeRefusesAmounts(t *testing.T) {
	tests := []struct {
		name   string
		amount domain.Money
	}{
		{"dinar not ending in 0", domain.Money{Amount: 5124, Currency: "KWD"}},
		{"ariary fraction", domain.Money{Amount: 150, Currency: "MGA"}},
		{"three-decimal currency Stripe doesn't take", domain.Money{Amount: 1000, Currency: "IQD"}},
		{"negative", domain.Money{Amount: -1, Currency: "EUR"}},
		{"lower-case currency", domain.Money{Amount: 100, Currency: "eur"}},
		{"overflow", domain.Money{Amount: 1 << 62, Currency: "ISK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, rec := newProvider(t, mockURL, stripemock.Key)
			_, err := p.Charge(context.Background(), payments.ChargeRequest{Key: "k", PaymentMethodID: "pm_card_visa", Amount: tt.amount})
			if err == nil {
				t.Fatalf("Charge of %+v: no error", tt.amount)
			}
			if got, want := len(rec.reqs), 0; got != want {
				t.Errorf("%d requests sent, want %d", got, want)
			}
		})
	}
}

// TestMoney: our ISO 4217 minor units to Stripe's amounts and back.
func TestMoney(t *testing.T) {
	tests := []struct {
		in           domain.Money
		wantAmount   int64
		wantCurrency string
	}{
		{domain.Money{Amount: 1000, Currency: "USD"}, 1000, "usd"},
		{domain.Money{Amount: 500, Currency: "JPY"}, 500, "jpy"},
		{domain.Money{Amount: 5, Currency: "ISK"}, 500, "isk"},
		{domain.Money{Amount: 5000, Currency: "UGX"}, 500000, "ugx"},
		{domain.Money{Amount: 1500, Currency: "MGA"}, 15, "mga"},
		{domain.Money{Amount: 5120, Currency: "KWD"}, 5120, "kwd"},
		{domain.Money{Amount: 1045, Currency: "HUF"}, 1045, "huf"},
		{domain.Money{Amount: 1045, Currency: "TWD"}, 1045, "twd"},
	}
	for _, tt := range tests {
		t.Run(tt.in.Currency, func(t *testing.T) {
			amount, currency, err := toStripe(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if amount != tt.wantAmount || currency != tt.wantCurrency {
				t.Errorf("toStripe(%+v) = %d %s, want %d %s", tt.in, amount, currency, tt.wantAmount, tt.wantCurrency)
			}
			back, err := fromStripe(amount, currency)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := back, tt.in; got != want {
				t.Errorf("fromStripe(toStripe(%+v)) = %+v", tt.in, got)
			}
		})
	}
	if _, err := fromStripe(550, "isk"); err == nil {
		t.Error("fromStripe(550, isk): no error for a fractional króna")
	}
}

// stripeServer is a tiny real HTTP server answering every request with
// status and body, and keeping the idempotency keys it was sent.
func stripeServer(t *testing.T, status int, body string) (*httptest.Server, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		// Never retry: the cases here are final answers.
		w.Header().Set("Stripe-Should-Retry", "false")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &keys
}

// TestChargeAnswers: Stripe's answers that stripe-mock can't give: card
// errors (402, which are declines and not errors), a succeeded intent, and
// one still processing (an error: the outcome is unknown).
func TestChargeAnswers(t *testing.T) {
	const created = 1767225600 // 2026-01-01T00:00:00Z
	intent := func(status string, extra string) string {
		return fmt.Sprintf(`{"id":"pi_3Abc","object":"payment_intent","amount":1234,"currency":"eur","created":%d,"status":%q,"payment_method":"pm_card_visa","metadata":{"order_id":"ord_1"}%s}`, created, status, extra)
	}
	cardError := func(fields string) string {
		return `{"error":{"type":"card_error","message":"Your card was declined.",` + fields + `}}`
	}
	req := payments.ChargeRequest{Key: "charge-ord_1", PaymentMethodID: "pm_card_visa", Amount: domain.Money{Amount: 1234, Currency: "EUR"},
		OrderID: "ord_1", TenantID: "ten_1", SubscriptionID: "sub_1"}
	base := payments.Charge{Key: req.Key, Amount: req.Amount, PaymentMethodID: "pm_card_visa", OrderID: "ord_1", TenantID: "ten_1",
		SubscriptionID: "sub_1", Refunded: domain.Money{Currency: "EUR"}}
	with := func(f func(*payments.Charge)) payments.Charge { c := base; f(&c); return c }
	tests := []struct {
		name    string
		status  int
		body    string
		want    payments.Charge
		wantErr bool
	}{
		{"insufficient funds", http.StatusPaymentRequired,
			cardError(`"code":"card_declined","decline_code":"insufficient_funds","payment_intent":` + intent("requires_payment_method", "")),
			with(func(c *payments.Charge) {
				c.ID, c.Status, c.DeclineCode, c.CreatedAt = "pi_3Abc", payments.ChargeDeclined, "insufficient_funds", time.Unix(created, 0).UTC()
			}), false},
		{"expired card, no intent", http.StatusPaymentRequired, cardError(`"code":"expired_card"`),
			with(func(c *payments.Charge) { c.Status, c.DeclineCode = payments.ChargeDeclined, "expired_card" }), false},
		{"authentication required", http.StatusPaymentRequired,
			cardError(`"code":"authentication_required","payment_intent":` + intent("requires_payment_method", "")),
			with(func(c *payments.Charge) {
				c.ID, c.Status, c.DeclineCode, c.CreatedAt = "pi_3Abc", payments.ChargeDeclined, "authentication_required", time.Unix(created, 0).UTC()
			}), false},
		{"succeeded", http.StatusOK, intent("succeeded", `,"latest_charge":"ch_1"`),
			with(func(c *payments.Charge) {
				c.ID, c.Status, c.CreatedAt = "pi_3Abc", payments.ChargeSucceeded, time.Unix(created, 0).UTC()
			}), false},
		{"processing", http.StatusOK, intent("processing", ""), payments.Charge{}, true},
		{"idempotency key reused with other parameters", http.StatusBadRequest,
			`{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}`,
			payments.Charge{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, keys := stripeServer(t, tt.status, tt.body)
			p, _ := newProvider(t, srv.URL, stripemock.Key)
			got, err := p.Charge(context.Background(), req)
			checkErr(t, err, stripemock.Key)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("Charge error = %v, want error %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Charge = %+v,\nwant %+v", got, tt.want)
			}
			if got, want := *keys, []string{req.Key}; !reflect.DeepEqual(got, want) {
				t.Errorf("idempotency keys sent = %q, want %q", got, want)
			}
		})
	}
}

// TestErrorsHideKey: an error whose answer echoes the secret key (as a
// misbehaving proxy might) never shows it, and still unwraps to the
// *stripe.Error.
func TestErrorsHideKey(t *testing.T) {
	const key = "sk_test_51SecretValueThatMustNotLeak"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		msg, _ := json.Marshal("Invalid API Key provided: " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		fmt.Fprintf(w, `{"error":{"type":"invalid_request_error","message":%s}}`, msg)
	}))
	t.Cleanup(srv.Close)
	p, _ := newProvider(t, srv.URL, key)
	ctx := context.Background()
	calls := map[string]func() error{
		"charge": func() error {
			_, err := p.Charge(ctx, payments.ChargeRequest{Key: "k", PaymentMethodID: "pm_card_visa", Amount: domain.Money{Amount: 100, Currency: "USD"}})
			return err
		},
		"refund": func() error {
			_, err := p.Refund(ctx, payments.RefundRequest{Key: "k", ChargeID: "pi_1", Amount: domain.Money{Amount: 100, Currency: "USD"}})
			return err
		},
		"charges": func() error {
			_, _, err := p.Charges(ctx, time.Unix(0, 0), time.Now(), "", 10)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			if err == nil {
				t.Fatal("no error")
			}
			checkErr(t, err, key)
			var se *stripe.Error
			if !errors.As(err, &se) || se.HTTPStatusCode != http.StatusUnauthorized {
				t.Errorf("error %v does not unwrap to a 401 *stripe.Error", err)
			}
		})
	}
}

// TestRefundStripeMock: stripe-mock accepts the refund request, which
// carries the idempotency key; it echoes payment_intent and amount, and
// answers its fixture's currency, usd.
func TestRefundStripeMock(t *testing.T) {
	p, rec := newProvider(t, mockURL, stripemock.Key)
	req := payments.RefundRequest{Key: "refund-ord_9", ChargeID: "pi_3Abc", Amount: domain.Money{Amount: 500, Currency: "USD"}, OrderID: "ord_9"}
	got, err := p.Refund(context.Background(), req)
	checkErr(t, err, stripemock.Key)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.ID, "re_") {
		t.Errorf("ID = %q, want a re_ id", got.ID)
	}
	want := payments.Refund{ID: got.ID, Key: req.Key, ChargeID: "pi_3Abc", Amount: req.Amount, OrderID: "ord_9", CreatedAt: fixtureCreated}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Refund = %+v,\nwant %+v", got, want)
	}
	s := rec.only(t)
	if got, want := s.method+" "+s.path, "POST /v1/refunds"; got != want {
		t.Errorf("request %s, want %s", got, want)
	}
	if got, want := s.header.Get("Idempotency-Key"), req.Key; got != want {
		t.Errorf("Idempotency-Key = %q, want %q", got, want)
	}
	wantValues(t, "form", s.form, map[string]string{"payment_intent": "pi_3Abc", "amount": "500",
		"metadata[order_id]": "ord_9", "metadata[idempotency_key]": req.Key})
}

// TestRefundAnswers: Stripe's refund answers stripe-mock can't give.
func TestRefundAnswers(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr error // nil: any error
	}{
		{"unknown payment intent", http.StatusNotFound,
			`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"payment_intent","message":"No such payment_intent: 'pi_nope'"}}`,
			payments.ErrUnknownCharge},
		{"failed", http.StatusOK,
			`{"id":"re_1","object":"refund","amount":500,"currency":"usd","created":1767225600,"status":"failed","failure_reason":"lost_or_stolen_card","payment_intent":"pi_nope"}`,
			nil},
		{"already refunded", http.StatusBadRequest,
			`{"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"Charge ch_1 has already been refunded."}}`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := stripeServer(t, tt.status, tt.body)
			p, _ := newProvider(t, srv.URL, stripemock.Key)
			_, err := p.Refund(context.Background(), payments.RefundRequest{Key: "k", ChargeID: "pi_nope", Amount: domain.Money{Amount: 500, Currency: "USD"}})
			checkErr(t, err, stripemock.Key)
			if err == nil {
				t.Fatal("no error")
			}
			if got, want := errors.Is(err, payments.ErrUnknownCharge), tt.wantErr == payments.ErrUnknownCharge; got != want {
				t.Errorf("errors.Is(%v, ErrUnknownCharge) = %v, want %v", err, got, want)
			}
		})
	}
}

// TestChargesStripeMock: stripe-mock accepts the list request with its
// created range, cursor, limit and expansion (it expands latest_charge but
// applies no filter: it answers one fixture intent, requires_payment_method,
// which is skipped as not succeeded).
func TestChargesStripeMock(t *testing.T) {
	p, rec := newProvider(t, mockURL, stripemock.Key)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(24*time.Hour + 500*time.Millisecond)
	got, more, err := p.Charges(context.Background(), from, to, "pi_after", 10)
	checkErr(t, err, stripemock.Key)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || more {
		t.Errorf("Charges = %+v, more %v; want none, no more", got, more)
	}
	s := rec.only(t)
	if got, want := s.method+" "+s.path, "GET /v1/payment_intents"; got != want {
		t.Errorf("request %s, want %s", got, want)
	}
	wantValues(t, "query", s.query, map[string]string{
		"created[gte]": strconv.FormatInt(from.Unix(), 10), "created[lt]": strconv.FormatInt(from.Unix()+24*3600+1, 10),
		"starting_after": "pi_after", "limit": "11", "expand[0]": "data.latest_charge",
	})
}

// TestChargesPages walks a list of intents page by page through a tiny
// server that pages as Stripe does (newest first, starting_after, limit,
// has_more), which stripe-mock, keeping no state, can't: every succeeded
// intent comes once, in Stripe's order, with its refunded amount, and the
// others are skipped.
func TestChargesPages(t *testing.T) {
	type intent struct {
		id, status string
		refunded   int64
	}
	all := []intent{ // newest first
		{"pi_7", "succeeded", 0}, {"pi_6", "requires_payment_method", 0}, {"pi_5", "succeeded", 300},
		{"pi_4", "canceled", 0}, {"pi_3", "requires_payment_method", 0}, {"pi_2", "succeeded", 0}, {"pi_1", "succeeded", 1234},
	}
	var mu sync.Mutex
	var queries []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		queries = append(queries, q)
		mu.Unlock()
		start := 0
		if a := q.Get("starting_after"); a != "" {
			for i, it := range all {
				if it.id == a {
					start = i + 1
				}
			}
		}
		limit, _ := strconv.Atoi(q.Get("limit"))
		end := min(start+limit, len(all))
		var data []map[string]any
		for i, it := range all[start:end] {
			data = append(data, map[string]any{"id": it.id, "object": "payment_intent", "amount": 1234, "currency": "eur",
				"created": 1767225600 - i, "status": it.status, "payment_method": "pm_card_visa",
				"metadata":      map[string]string{"order_id": "ord_" + it.id, "idempotency_key": "charge-" + it.id},
				"latest_charge": map[string]any{"id": "ch_" + it.id, "object": "charge", "amount_refunded": it.refunded, "currency": "eur"}})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "url": "/v1/payment_intents", "data": data, "has_more": end < len(all)})
	}))
	t.Cleanup(srv.Close)
	p, _ := newProvider(t, srv.URL, stripemock.Key)

	var ids []string
	var refunded []int64
	var mores []bool
	after := ""
	for range len(all) {
		page, more, err := p.Charges(context.Background(), time.Unix(0, 0), time.Now(), after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			if c.Status != payments.ChargeSucceeded || c.Key != "charge-"+c.ID || c.OrderID != "ord_"+c.ID || c.Amount != (domain.Money{Amount: 1234, Currency: "EUR"}) {
				t.Errorf("charge %+v not mapped", c)
			}
			ids = append(ids, c.ID)
			refunded = append(refunded, c.Refunded.Amount)
			after = c.ID
		}
		mores = append(mores, more)
		if !more {
			break
		}
	}
	if got, want := ids, []string{"pi_7", "pi_5", "pi_2", "pi_1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("charges = %q, want %q", got, want)
	}
	if got, want := refunded, []int64{0, 300, 0, 1234}; !reflect.DeepEqual(got, want) {
		t.Errorf("refunded = %v, want %v", got, want)
	}
	if got, want := mores, []bool{true, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("more per page = %v, want %v", got, want)
	}
	for _, q := range queries {
		if got, want := q.Get("expand[0]"), "data.latest_charge"; got != want {
			t.Errorf("expand[0] = %q, want %q", got, want)
		}
	}
}

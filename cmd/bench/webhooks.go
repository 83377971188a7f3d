package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"selfserve/shared/ddbstream"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
	"selfserve/shared/ids"
	"selfserve/shared/store"
	"selfserve/shared/template"
	"selfserve/shared/webhooks"
)

// arrivals records when each subscription's first delivery reached a
// receiver on 127.0.0.1.
type arrivals struct {
	mu   sync.Mutex
	at   map[string]time.Time
	n    int
	last time.Time
}

func newArrivals() *arrivals { return &arrivals{at: map[string]time.Time{}} }

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	var p struct {
		Data struct {
			Subscription struct{ ID string } `json:"subscription"`
		} `json:"data"`
	}
	b, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(b, &p)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	a.last = now
	if _, ok := a.at[p.Data.Subscription.ID]; !ok && p.Data.Subscription.ID != "" {
		a.at[p.Data.Subscription.ID] = now
	}
	w.WriteHeader(http.StatusNoContent)
}

// webhookLatency starts the local runner (`go run ./cmd/local`) on the
// bench's DynamoDB Local, registers an endpoint on a receiver of this
// process, makes n purchases one after the other and reports the time from
// each purchase's 201 to its subscription.created delivery.
func webhookLatency(ctx context.Context, endpoint string, n int) (p50, p99 time.Duration, err error) {
	root, err := template.Root()
	if err != nil {
		return 0, 0, err
	}
	bin := filepath.Join(os.TempDir(), fmt.Sprintf("selfserve-local-%d", os.Getpid()))
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/local")
	build.Dir, build.Stderr = root, os.Stderr
	if err := build.Run(); err != nil {
		return 0, 0, fmt.Errorf("build the local runner: %w", err)
	}
	defer os.Remove(bin)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, bin, "--in-memory", "--dynamodb-endpoint", endpoint, "--table", "bench_runner", "--addr", addr, "--log-level", "ERROR", "--mail", "off")
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		once := sync.Once{}
		for sc.Scan() {
			if strings.Contains(sc.Text(), "selfserve is running") {
				once.Do(func() { close(ready) })
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		return 0, 0, fmt.Errorf("the local runner did not start")
	}
	base := "http://" + addr
	call := func(method, path, token, body, key string) (int, map[string]any, error) {
		req, _ := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m, nil
	}
	token := func(body string) (string, error) {
		_, m, err := call("POST", "/_local/tokens", "", body, "")
		if err != nil {
			return "", err
		}
		t, _ := m["token"].(string)
		return t, nil
	}
	op, err := token(`{"tenantId":"ops","userId":"op","roles":["Operator"]}`)
	if err != nil {
		return 0, 0, err
	}
	admin, err := token(`{"tenantId":"contoso","userId":"alice","roles":["GlobalAdmin"]}`)
	if err != nil {
		return 0, 0, err
	}
	if s, m, err := call("PUT", "/v1/tenants/contoso", op, `{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z"}`, ""); err != nil || s >= 300 {
		return 0, 0, fmt.Errorf("put tenant: %d %v %v", s, m, err)
	}
	recv := newArrivals()
	rs := httptest.NewServer(recv)
	defer rs.Close()
	if s, m, err := call("POST", "/v1/tenants/contoso/webhooks", admin, `{"url":"`+rs.URL+`/hooks","eventTypes":["subscription.created"]}`, ""); err != nil || s != 201 {
		return 0, 0, fmt.Errorf("create endpoint: %d %v %v", s, m, err)
	}
	committed := map[string]time.Time{}
	for i := range n {
		s, m, err := call("POST", "/v1/tenants/contoso/subscriptions", admin,
			`{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_1"}`, fmt.Sprintf("bench-%d", i))
		if err != nil || s != 201 {
			return 0, 0, fmt.Errorf("purchase: %d %v %v", s, m, err)
		}
		committed[m["id"].(string)] = time.Now()
		time.Sleep(10 * time.Millisecond)
	}
	deadline := time.Now().Add(30 * time.Second)
	var lat []time.Duration
	for {
		recv.mu.Lock()
		lat = lat[:0]
		for id, c := range committed {
			if a, ok := recv.at[id]; ok {
				lat = append(lat, a.Sub(c))
			}
		}
		recv.mu.Unlock()
		if len(lat) == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(lat) < n {
		return 0, 0, fmt.Errorf("%d of %d purchases were delivered", len(lat), n)
	}
	slices.Sort(lat)
	return lat[n/2], lat[(n*99)/100], nil
}

// dispatchRate commits n outbox events for one endpoint on a receiver of
// this process, then times WebhookDispatch over the table's stream (the
// outbox inserts only, as the deployed filter hands them over).
func (b *bench) dispatchRate(ctx context.Context, endpoint string, n int) (float64, error) {
	st, name, err := b.table(ctx)
	if err != nil {
		return 0, err
	}
	recv := newArrivals()
	rs := httptest.NewServer(recv)
	defer rs.Close()
	now := time.Now().UTC()
	e := domain.Endpoint{ID: ids.New("ep", now), TenantID: "contoso", URL: rs.URL, Status: domain.EndpointEnabled, CreatedAt: now,
		Owner: domain.EndpointOwner{TenantID: "contoso", UserID: "alice", Scope: domain.ScopeTenant}}
	e.Rotate(webhooks.NewSecret(), now)
	if err := st.CreateEndpoint(ctx, e, now, store.Effects{}); err != nil {
		return 0, err
	}
	e.Version = 1
	for i := 0; i < n; i += 25 { // 25 events per transaction
		var evs []domain.Event
		for range min(25, n-i) {
			evs = append(evs, domain.Event{ID: ids.New("evt", now), Type: domain.EventPolicyUpdated, TenantID: "contoso", OccurredAt: now,
				Data: map[string]any{"productId": "CFQ7TTC0L3PB", "policyValue": "Enabled"}})
		}
		if err := st.EmitForEndpoint(ctx, e, now, store.Effects{Events: evs}); err != nil {
			return 0, err
		}
	}
	cfg, err := dynamo.Config(ctx, dynamo.Options{Endpoint: endpoint})
	if err != nil {
		return 0, err
	}
	arn, err := ddbstream.ARN(ctx, b.db, name)
	if err != nil {
		return 0, err
	}
	reader := ddbstream.NewReader(dynamodbstreams.NewFromConfig(cfg), arn)
	dl := &webhooks.Deliverer{Store: st, Sender: webhooks.NewSender(webhooks.Guard{AllowLoopback: true}), Now: time.Now,
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	start := time.Now()
	for recv.count() < n && time.Since(start) < 2*time.Minute {
		bs, err := reader.Next(ctx)
		if err != nil {
			return 0, err
		}
		for _, bt := range bs {
			if _, err := dl.HandleStream(ctx, bt); err != nil {
				return 0, err
			}
		}
	}
	if got := recv.count(); got < n {
		return 0, fmt.Errorf("%d of %d events delivered", got, n)
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func (a *arrivals) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"selfserve/shared/template"
)

// config is one soak.
type config struct {
	// Kills is how many times the runner's process group is SIGKILLed: all
	// but the last at random points of the load, the last after it.
	Kills int
	// Requests is the size of the write load, in chains of three requests
	// (create, assign, then cancel or a second assign); half the chains are
	// an admin's central purchases, half a plain user's card purchases.
	Requests int
	Workers  int
	Seed     uint64
	// Runner is a built cmd/local; empty builds one.
	Runner string
	// Keep keeps the work folder (data, runner logs) and says where it is.
	Keep bool
	// Deadline bounds the whole soak (a safety net, not a pass condition).
	Deadline time.Duration
	Log      io.Writer
}

// result is what a soak saw.
type result struct {
	Kills, Requests, HTTPRequests, Acked, Replayed int
	// Retried counts load requests whose first answer came after a try
	// that got none (in flight at a kill) or a "try again".
	Retried          int
	Lost, Duplicated int
	// CardPurchases counts the acknowledged card purchases; Charges the
	// provider's succeeded charges after the load,
	// Claimed those an order claims, Reused those of them claimed by a
	// later try of the request than the one that charged (a kill or a
	// conflict came between charge and commit), Orphans those no order
	// claimed that reconciliation refunded in full.
	CardPurchases, Charges, Claimed, Reused, Orphans int
	// JVMsLeft counts kills after which a DynamoDB Local of the killed
	// runner was still running when the new runner answered.
	JVMsLeft   int
	Violations []string
}

func (r result) String() string {
	return fmt.Sprintf("soak: %d kills, %d requests, %d lost, %d duplicated (%d acknowledged and replayed, %d retried, %d HTTP requests in all, %d violations, %d DynamoDB Local processes outlived their runner); %d card purchases, %d charges: %d claimed by an order (%d by a later try than the one that charged), %d orphans refunded",
		r.Kills, r.Requests, r.Lost, r.Duplicated, r.Replayed, r.Retried, r.HTTPRequests, len(r.Violations), r.JVMsLeft,
		r.CardPurchases, r.Charges, r.Claimed, r.Reused, r.Orphans)
}

// request is one write of the load and the first answer it got.
type request struct {
	Chain        int
	Op           string
	Method, Path string
	Body, Key    string
	// Card: the request is the plain user's (a card chain), not the admin's.
	Card bool

	Status int
	Answer []byte
	// Retried: the first answer came after a try that got no answer.
	Retried bool
}

func (r *request) acked() bool { return r.Status >= 200 && r.Status < 300 }

// chain is one subscription's story: created, licensed, then cancelled
// or licensed again, each step with its own Idempotency-Key. A card
// chain's subscription is a plain user's self-service purchase, charged
// to a test card before its commit; the others are an admin's central
// purchases, invoiced.
type chain struct {
	N       int
	Card    bool
	Sub     string
	Reqs    []*request
	Aborted bool
}

const (
	tenant  = "soak"
	product = "CFQ7TTC0LFLX" // Microsoft 365 E3: central purchases
	// cardProduct (Power BI Pro, self-service eligible, monthly, a 24-hour
	// refund window) is what the plain user buys with paymentMethod.
	cardProduct   = "CFQ7TTC0L3PB"
	paymentMethod = "pm_card_visa"
)

type soak struct {
	cfg     config
	root    string
	work    string
	bin     string
	addr    string
	dataDir string
	client  *http.Client
	token   string
	// userToken is the plain user's (no roles): the card purchases.
	userToken string

	mu      sync.Mutex
	proc    *proc
	gen     int
	up      bool
	changed chan struct{}
	runs    int
	jvms    []int

	answered atomic.Int64
	poke     chan struct{}
	calls    atomic.Int64

	vmu        sync.Mutex
	violations []string
	lost       map[string]bool
	duplicated int
	jvmsLeft   int
	// charges, claimed and orphans are what checkPayments counted.
	charges, claimed, reused, orphans int
}

func (s *soak) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, format+"\n", args...)
	}
}

// violate records a violation; lostKey, if set, names the acknowledged
// request whose effect is gone.
func (s *soak) violate(lostKey string, format string, args ...any) {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	msg := fmt.Sprintf(format, args...)
	s.violations = append(s.violations, msg)
	if lostKey != "" {
		s.lost[lostKey] = true
	}
	s.logf("VIOLATION: %s", msg)
}

func (s *soak) duplicate(n int, format string, args ...any) {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	s.duplicated += n
	msg := fmt.Sprintf(format, args...)
	s.violations = append(s.violations, msg)
	s.logf("VIOLATION: %s", msg)
}

// run is the whole soak: build, start, load with kills, a last kill,
// verify, stop.
func run(ctx context.Context, cfg config) (res result, err error) {
	if cfg.Kills < 1 || cfg.Requests < 3 || cfg.Workers < 1 {
		return res, errors.New("need at least 1 kill, 3 requests and 1 worker")
	}
	if cfg.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Deadline)
		defer cancel()
	}
	root, err := template.Root()
	if err != nil {
		return res, err
	}
	work, err := os.MkdirTemp("", "soak-")
	if err != nil {
		return res, err
	}
	s := &soak{cfg: cfg, root: root, work: work, dataDir: filepath.Join(work, "data"), changed: make(chan struct{}),
		poke: make(chan struct{}, 1), lost: map[string]bool{}, client: &http.Client{Timeout: 60 * time.Second}}
	defer s.cleanup()
	if s.bin = cfg.Runner; s.bin == "" {
		s.logf("building cmd/local…")
		if s.bin, err = buildRunner(ctx, root, work); err != nil {
			return res, err
		}
	}
	if s.addr, err = freeAddr(); err != nil {
		return res, err
	}
	s.logf("seed %d; data in %s; runner on %s", cfg.Seed, s.dataDir, s.addr)
	if err := s.start(ctx); err != nil {
		return res, err
	}
	if err := s.setup(ctx); err != nil {
		return res, err
	}
	chains := s.plan()
	n := 3 * len(chains)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x50a4))
	points := killPoints(rng, cfg.Kills-1, n)
	s.logf("load: %d requests in %d chains on %d workers; kills after %v answers and after the load", n, len(chains), cfg.Workers, points)

	loadDone, began := make(chan struct{}), time.Now()
	go func() { s.load(ctx, chains); close(loadDone) }()
	kills := 0
	for _, at := range points {
		if !s.waitAnswered(ctx, int64(at), loadDone) {
			break
		}
		if err := s.crash(ctx, fmt.Sprintf("after %d answers", s.answered.Load())); err != nil {
			return res, err
		}
		kills++
	}
	select {
	case <-loadDone:
	case <-ctx.Done():
		return res, fmt.Errorf("load: %w", ctx.Err())
	}
	s.logf("load done in %s", time.Since(began).Round(10*time.Millisecond))
	if err := s.crash(ctx, "after the load"); err != nil {
		return res, err
	}
	kills++
	if err := s.verify(ctx, chains); err != nil {
		return res, err
	}
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if err := p.stop(30 * time.Second); err != nil {
		s.violate("", "%v", err)
	}
	for _, c := range chains {
		if c.Card && c.Reqs[0].acked() {
			res.CardPurchases++
		}
		for _, r := range c.Reqs {
			if r.acked() {
				res.Acked++
			}
			if r.Retried {
				res.Retried++
			}
		}
	}
	res.Charges, res.Claimed, res.Reused, res.Orphans = s.charges, s.claimed, s.reused, s.orphans
	res.Kills, res.Requests, res.HTTPRequests = kills, n, int(s.calls.Load())
	res.Replayed, res.Lost, res.Duplicated = res.Acked, len(s.lost), s.duplicated
	res.JVMsLeft, res.Violations = s.jvmsLeft, s.violations
	return res, nil
}

// killPoints are k distinct answer counts in [1, n) at which to kill.
func killPoints(rng *rand.Rand, k, n int) []int {
	if k > n-1 {
		k = n - 1
	}
	seen := map[int]bool{}
	var out []int
	for len(out) < k {
		p := 1 + rng.IntN(n-1)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Ints(out)
	return out
}

func (s *soak) cleanup() {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p != nil {
		select {
		case <-p.done:
		default:
			p.kill()
		}
	}
	// DynamoDB Locals that outlived their runner (they are ours: started
	// by the runners this soak started).
	for _, pid := range s.jvms {
		if alive(pid) {
			if proc, err := os.FindProcess(pid); err == nil {
				_ = proc.Kill()
			}
		}
	}
	if s.cfg.Keep {
		s.logf("kept %s", s.work)
		return
	}
	_ = os.RemoveAll(s.work)
}

// start starts a runner on the soak's data and address and marks it up.
func (s *soak) start(ctx context.Context) error {
	s.mu.Lock()
	s.runs++
	n := s.runs
	s.mu.Unlock()
	began := time.Now()
	p, err := startRunner(ctx, s.root, s.bin, s.dataDir, s.addr, filepath.Join(s.work, fmt.Sprintf("runner-%d.log", n)), 2*time.Minute)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.proc = p
	s.jvms = append(s.jvms, p.JVMs...)
	s.mu.Unlock()
	s.logf("runner %d up in %s (DynamoDB Local %s, pids %v)", n, time.Since(began).Round(10*time.Millisecond), p.DynamoDB, p.JVMs)
	s.setUp(true)
	return nil
}

// crash SIGKILLs the runner's process group and starts a new runner on the
// same data. It notes when the killed runner's DynamoDB Local went away:
// one still running when the new runner answers would share the files.
func (s *soak) crash(ctx context.Context, when string) error {
	s.setUp(false)
	s.mu.Lock()
	old := s.proc
	s.mu.Unlock()
	killed := time.Now()
	old.kill()
	gone := make(chan time.Duration, len(old.JVMs))
	for _, pid := range old.JVMs {
		go func() {
			for alive(pid) && time.Since(killed) < time.Minute {
				time.Sleep(time.Millisecond)
			}
			if !alive(pid) {
				gone <- time.Since(killed)
			}
		}()
	}
	s.logf("killed the runner's process group %s", when)
	if err := s.start(ctx); err != nil {
		return err
	}
	for _, pid := range old.JVMs {
		select {
		case d := <-gone:
			s.logf("the killed runner's DynamoDB Local was gone %s after the kill", d.Round(time.Millisecond))
		default:
			s.vmu.Lock()
			s.jvmsLeft++
			s.vmu.Unlock()
			s.logf("note: DynamoDB Local pid %d of the killed runner is still running beside the new one", pid)
		}
	}
	return nil
}

func (s *soak) setUp(up bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.up = up
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *soak) state() (int, bool, chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen, s.up, s.changed
}

// waitChange waits until the runner's state changes from gen, or limit
// passes (a safety net: a request can fail for other reasons).
func (s *soak) waitChange(ctx context.Context, gen int, limit time.Duration) {
	g, _, ch := s.state()
	if g != gen {
		return
	}
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
	}
}

// waitAnswered waits until at least n load requests were answered; false
// when the load ended first.
func (s *soak) waitAnswered(ctx context.Context, n int64, loadDone chan struct{}) bool {
	for s.answered.Load() < n {
		select {
		case <-s.poke:
		case <-loadDone:
			return s.answered.Load() >= n
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// answer is one HTTP answer.
type answer struct {
	Status   int
	Body     []byte
	Replayed bool
}

// tryAgain: the answer says to retry (a server error, or a conflict with
// a concurrent request) rather than what the request did.
func (a answer) tryAgain() bool {
	if a.Status >= 500 {
		return true
	}
	var p struct{ Code string }
	_ = json.Unmarshal(a.Body, &p)
	return a.Status == http.StatusConflict && (p.Code == "conflict" || p.Code == "idempotency_key_in_use")
}

// call makes one HTTP request to the runner.
func (s *soak) call(ctx context.Context, method, path, token, body, key string) (answer, error) {
	s.calls.Add(1)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+s.addr+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{Status: resp.StatusCode, Body: b, Replayed: resp.Header.Get("Idempotent-Replayed") == "true"}, nil
}

// retrying makes a request until it gets an answer that is not "try
// again": through kills (it waits for the next runner), 5xx and
// concurrency conflicts.
func (s *soak) retrying(ctx context.Context, method, path, token, body, key string) (a answer, retried bool, err error) {
	for busy := 0; ; {
		if err := ctx.Err(); err != nil {
			return a, retried, err
		}
		gen, up, _ := s.state()
		if !up {
			s.waitChange(ctx, gen, 10*time.Second)
			continue
		}
		a, err := s.call(ctx, method, path, token, body, key)
		if err != nil {
			retried = true
			s.waitChange(ctx, gen, time.Second)
			continue
		}
		if a.tryAgain() && busy < 100 {
			busy++
			retried = true
			time.Sleep(time.Duration(min(busy*20, 500)) * time.Millisecond)
			continue
		}
		return a, retried, nil
	}
}

// setup mints the tokens and creates the tenant.
func (s *soak) setup(ctx context.Context) error {
	mint := func(body string) (string, error) {
		a, _, err := s.retrying(ctx, "POST", "/_local/tokens", "", body, "")
		if err != nil {
			return "", err
		}
		var out struct{ Token string }
		if a.Status != 200 || json.Unmarshal(a.Body, &out) != nil || out.Token == "" {
			return "", fmt.Errorf("mint a token: %d %s", a.Status, a.Body)
		}
		return out.Token, nil
	}
	ops, err := mint(`{"tenantId":"operations","userId":"op","roles":["Operator"]}`)
	if err != nil {
		return err
	}
	a, _, err := s.retrying(ctx, "PUT", "/v1/tenants/"+tenant, ops, `{"name":"Soak","country":"US","hasAgreement":true,"createdAt":"2025-01-01T00:00:00Z"}`, "")
	if err != nil {
		return err
	}
	if a.Status/100 != 2 {
		return fmt.Errorf("create the tenant: %d %s", a.Status, a.Body)
	}
	if s.token, err = mint(`{"tenantId":"` + tenant + `","userId":"alice","name":"Alice","email":"alice@soak.example","roles":["GlobalAdmin"]}`); err != nil {
		return err
	}
	s.userToken, err = mint(`{"tenantId":"` + tenant + `","userId":"bob","name":"Bob","email":"bob@soak.example"}`)
	return err
}

// tokenOf is the token r is sent with: the plain user's for a card
// chain's requests, the admin's otherwise.
func (s *soak) tokenOf(r *request) string {
	if r.Card {
		return s.userToken
	}
	return s.token
}

// plan lays out the chains of the load; paths after the create are filled
// in once it answers. Chains go in fours: a central purchase licensed
// twice, one licensed then cancelled, then the same two as card purchases
// (a cancel inside the refund window credits the card, and
// PaymentRetrySweep refunds it).
func (s *soak) plan() []*chain {
	n := s.cfg.Requests / 3
	out := make([]*chain, n)
	for i := range out {
		key := func(op string) string { return fmt.Sprintf("soak-%d-%d-%s", s.cfg.Seed, i, op) }
		user := func(j int) string {
			return fmt.Sprintf(`{"users":[{"id":"c%du%d","name":"User %d.%d","email":"c%du%d@soak.example"}]}`, i, j, i, j, i, j)
		}
		c := &chain{N: i, Card: i%4 >= 2}
		create := `{"productId":"` + product + `","billingFrequency":"monthly","quantity":5}`
		if c.Card {
			create = `{"productId":"` + cardProduct + `","billingFrequency":"monthly","quantity":5,"paymentMethodId":"` + paymentMethod + `"}`
		}
		c.Reqs = append(c.Reqs,
			&request{Chain: i, Op: "create", Method: "POST", Path: "/v1/tenants/" + tenant + "/subscriptions", Body: create, Key: key("create")},
			&request{Chain: i, Op: "assign", Method: "POST", Body: user(1), Key: key("assign1")})
		if i%2 == 1 {
			c.Reqs = append(c.Reqs, &request{Chain: i, Op: "cancel", Method: "POST", Body: `{"reason":"soak"}`, Key: key("cancel")})
		} else {
			c.Reqs = append(c.Reqs, &request{Chain: i, Op: "assign", Method: "POST", Body: user(2), Key: key("assign2")})
		}
		for _, r := range c.Reqs {
			r.Card = c.Card
		}
		out[i] = c
	}
	return out
}

// load runs the chains on the workers, each chain's steps in order.
func (s *soak) load(ctx context.Context, chains []*chain) {
	next := make(chan *chain)
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() {
			for c := range next {
				s.runChain(ctx, c)
			}
		})
	}
	for _, c := range chains {
		select {
		case next <- c:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
}

func (s *soak) runChain(ctx context.Context, c *chain) {
	for _, r := range c.Reqs {
		if c.Aborted || ctx.Err() != nil {
			s.answered.Add(1)
			s.pokeController()
			continue
		}
		switch r.Op {
		case "assign":
			r.Path = "/v1/tenants/" + tenant + "/subscriptions/" + c.Sub + "/licenses"
		case "cancel":
			r.Path = "/v1/tenants/" + tenant + "/subscriptions/" + c.Sub + "/cancel"
		}
		a, retried, err := s.retrying(ctx, r.Method, r.Path, s.tokenOf(r), r.Body, r.Key)
		if err == nil {
			r.Status, r.Answer, r.Retried = a.Status, a.Body, retried
		}
		s.answered.Add(1)
		s.pokeController()
		switch {
		case err != nil:
			c.Aborted = true
		case r.Op == "create":
			var v struct{ ID string }
			if r.Status != http.StatusCreated || json.Unmarshal(r.Answer, &v) != nil || v.ID == "" {
				s.violate("", "chain %d: create answered %d, want 201 with the subscription: %s", c.N, r.Status, r.Answer)
				c.Aborted = true
			}
			c.Sub = v.ID
		case !r.acked():
			// A step after an acknowledged create that finds no subscription
			// means the create was lost.
			lostKey := ""
			if r.Status == http.StatusNotFound && c.Reqs[0].acked() {
				lostKey = c.Reqs[0].Key
			}
			s.violate(lostKey, "chain %d: %s answered %d: %s", c.N, r.Op, r.Status, r.Answer)
			c.Aborted = true
		}
	}
}

func (s *soak) pokeController() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// sortedKeys lists m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"selfserve/shared/dynamo"
)

// verify checks, on the restarted runner, that every acknowledged request
// survived exactly once: its replay returns the first answer, the
// subscription is as the last answer said, one purchase order per created
// subscription, and each subscription's event sequence is 1..n; then,
// two hours later on the runner's clock, that every card charge was
// claimed by one order or refunded (checkPayments).
func (s *soak) verify(ctx context.Context, chains []*chain) error {
	s.logf("verifying…")
	began := time.Now()
	defer func() { s.logf("verified in %s", time.Since(began).Round(10*time.Millisecond)) }()
	if err := s.replayAll(ctx, chains); err != nil {
		return err
	}
	for _, c := range chains {
		if c.Sub != "" && c.Reqs[0].acked() {
			if err := s.checkSubscription(ctx, c); err != nil {
				return err
			}
		}
	}
	if err := s.checkOrders(ctx, chains); err != nil {
		return err
	}
	if err := s.checkEvents(ctx, chains); err != nil {
		return err
	}
	// Last: it moves the runner's clock, past the tokens' lifetime.
	return s.checkPayments(ctx, chains)
}

// replayAll sends every acknowledged request again, same key and body: the
// answer must be the first one, marked as a replay.
func (s *soak) replayAll(ctx context.Context, chains []*chain) error {
	var acked []*request
	for _, c := range chains {
		for _, r := range c.Reqs {
			if r.acked() {
				acked = append(acked, r)
			}
		}
	}
	next := make(chan *request)
	errs := make(chan error, s.cfg.Workers)
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() {
			for r := range next {
				a, _, err := s.retrying(ctx, r.Method, r.Path, s.tokenOf(r), r.Body, r.Key)
				if err != nil {
					errs <- err
					return
				}
				switch {
				case a.Status == r.Status && bytes.Equal(a.Body, r.Answer) && a.Replayed:
				case r.Op == "create" && a.Status == http.StatusCreated && !a.Replayed:
					s.violate(r.Key, "chain %d: the create acknowledged as %s is gone: its replay created another subscription (%s)", r.Chain, idOf(r.Answer), idOf(a.Body))
				default:
					s.violate(r.Key, "chain %d: %s %s replayed %d (replayed=%v) %s, first answer %d %s", r.Chain, r.Op, r.Key, a.Status, a.Replayed, a.Body, r.Status, r.Answer)
				}
			}
		})
	}
	for _, r := range acked {
		next <- r
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	s.logf("replayed %d acknowledged requests", len(acked))
	return nil
}

func idOf(body []byte) string {
	var v struct{ ID string }
	_ = json.Unmarshal(body, &v)
	return v.ID
}

// viewOf is the subscription view in an answer: the body itself (create,
// cancel) or its "subscription" member (license assignment).
func viewOf(body []byte) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	if sub, ok := m["subscription"].(map[string]any); ok {
		return sub
	}
	return m
}

// checkSubscription compares the subscription and its licenses with what
// the chain's acknowledged answers said.
func (s *soak) checkSubscription(ctx context.Context, c *chain) error {
	path := "/v1/tenants/" + tenant + "/subscriptions/" + c.Sub
	a, _, err := s.retrying(ctx, "GET", path, s.token, "", "")
	if err != nil {
		return err
	}
	if a.Status != http.StatusOK {
		s.violate(c.Reqs[0].Key, "chain %d: subscription %s acknowledged 201 is gone: GET answered %d %s", c.N, c.Sub, a.Status, a.Body)
		return nil
	}
	got := viewOf(a.Body)
	var last *request
	want := map[string]bool{}
	for _, r := range c.Reqs {
		if !r.acked() {
			continue
		}
		last = r
		if r.Op == "assign" {
			var res struct{ Assigned, Unchanged []string }
			_ = json.Unmarshal(r.Answer, &res)
			for _, u := range append(res.Assigned, res.Unchanged...) {
				want[u] = true
			}
		}
	}
	lastView := viewOf(last.Answer)
	for _, f := range []string{"id", "status", "quantity", "assignedLicenses"} {
		if fmt.Sprint(got[f]) != fmt.Sprint(lastView[f]) {
			s.violate(last.Key, "chain %d: subscription %s has %s %v, but the %s acknowledged said %v", c.N, c.Sub, f, got[f], last.Op, lastView[f])
		}
	}
	if last.Op == "cancel" {
		return nil // a cancel in the refund window ends the licenses too
	}
	a, _, err = s.retrying(ctx, "GET", path+"/licenses?limit=200", s.token, "", "")
	if err != nil {
		return err
	}
	var ls struct{ Items []struct{ UserID string } }
	if a.Status != http.StatusOK || json.Unmarshal(a.Body, &ls) != nil {
		s.violate("", "chain %d: licenses of %s: %d %s", c.N, c.Sub, a.Status, a.Body)
		return nil
	}
	have := map[string]bool{}
	for _, l := range ls.Items {
		have[l.UserID] = true
	}
	for _, u := range sortedKeys(want) {
		if !have[u] {
			key := ""
			for _, r := range c.Reqs {
				if r.Op == "assign" && r.acked() && strings.Contains(r.Body, `"id":"`+u+`"`) {
					key = r.Key
				}
			}
			s.violate(key, "chain %d: license of %s on %s acknowledged, but gone", c.N, u, c.Sub)
		}
	}
	for _, u := range sortedKeys(have) {
		if !want[u] {
			s.violate("", "chain %d: license of %s on %s that no answer acknowledged", c.N, u, c.Sub)
		}
	}
	return nil
}

// checkOrders lists the tenant's orders: exactly one purchase per
// acknowledged create, none for any other subscription.
func (s *soak) checkOrders(ctx context.Context, chains []*chain) error {
	purchases := map[string]int{}
	total := 0
	for cursor := ""; ; {
		path := "/v1/tenants/" + tenant + "/orders?limit=200"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		a, _, err := s.retrying(ctx, "GET", path, s.token, "", "")
		if err != nil {
			return err
		}
		var page struct {
			Items []struct {
				SubscriptionID string
				Type           string
			}
			NextCursor string
		}
		if a.Status != http.StatusOK || json.Unmarshal(a.Body, &page) != nil {
			return fmt.Errorf("list orders: %d %s", a.Status, a.Body)
		}
		for _, o := range page.Items {
			total++
			if o.Type == "purchase" {
				purchases[o.SubscriptionID]++
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	known := map[string]bool{}
	for _, c := range chains {
		if c.Sub == "" || !c.Reqs[0].acked() {
			continue
		}
		known[c.Sub] = true
		switch n := purchases[c.Sub]; {
		case n == 0:
			s.violate(c.Reqs[0].Key, "chain %d: no purchase order for subscription %s", c.N, c.Sub)
		case n > 1:
			s.duplicate(n-1, "chain %d: %d purchase orders for subscription %s", c.N, n, c.Sub)
		}
	}
	for _, id := range sortedKeys(purchases) {
		if !known[id] {
			s.duplicate(purchases[id], "%d purchase orders for subscription %s, which no acknowledged create made", purchases[id], id)
		}
	}
	s.logf("checked %d orders", total)
	return nil
}

// checkEvents reads the outbox events straight from the table (the
// runner's DynamoDB Local): per subscription, sequences 1..n with n the
// subscription's last sequence number.
func (s *soak) checkEvents(ctx context.Context, chains []*chain) error {
	db, err := s.db(ctx)
	if err != nil {
		return err
	}
	type item struct {
		Kind           string `dynamodbav:"kind"`
		ID             string `dynamodbav:"id"`
		SubscriptionID string `dynamodbav:"subscriptionId"`
		Sequence       int64  `dynamodbav:"sequence"`
		EventSeq       int64  `dynamodbav:"eventSeq"`
	}
	seqs, lastSeq := map[string][]int64{}, map[string]int64{}
	events := 0
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		var items []item
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return err
		}
		for _, it := range items {
			switch it.Kind {
			case "event":
				if it.SubscriptionID != "" {
					events++
					seqs[it.SubscriptionID] = append(seqs[it.SubscriptionID], it.Sequence)
				}
			case "subscription":
				lastSeq[it.ID] = it.EventSeq
			}
		}
	}
	for _, c := range chains {
		if c.Sub == "" || !c.Reqs[0].acked() {
			continue
		}
		got := seqs[c.Sub]
		slices.Sort(got)
		dups := len(got) - len(slices.Compact(slices.Clone(got)))
		if dups > 0 {
			s.duplicate(dups, "chain %d: subscription %s has events with the same sequence number: %v", c.N, c.Sub, got)
		}
		got = slices.Compact(got)
		contiguous := len(got) > 0 && got[0] == 1 && got[len(got)-1] == int64(len(got))
		if !contiguous || int64(len(got)) != lastSeq[c.Sub] {
			s.violate("", "chain %d: subscription %s has event sequences %v, its last sequence number is %d", c.N, c.Sub, got, lastSeq[c.Sub])
		}
	}
	s.logf("checked %d subscription events", events)
	return nil
}

// table is the runner's table (startRunner's -table).
const table = "selfserve"

// db is a client of the current runner's DynamoDB Local, to read the
// table straight.
func (s *soak) db(ctx context.Context) (*dynamodb.Client, error) {
	s.mu.Lock()
	endpoint := s.proc.DynamoDB
	s.mu.Unlock()
	if endpoint == "" {
		return nil, fmt.Errorf("the runner did not say where its DynamoDB Local is")
	}
	return dynamo.NewClient(ctx, dynamo.Options{Endpoint: endpoint})
}

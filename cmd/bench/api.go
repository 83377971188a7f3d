package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/ddblocal"
	"selfserve/shared/dynamo"
	"selfserve/shared/lambdaapp"
	"selfserve/shared/localgw"
	"selfserve/shared/store"
	"selfserve/shared/template"
)

// The API bench's fixture: a self-service user (bob) buys Power BI Pro
// monthly; an admin (alice) updates the policy of another product and
// lists the tenant's subscriptions.
const (
	benchTenant    = "contoso"
	benchProduct   = "CFQ7TTC0L3PB" // Power BI Pro, self-service
	policyProduct  = "CFQ7TTC0KP0N" // Power Automate per user
	listSeed       = 50             // subscriptions before the first round: a full default page
	capacitySample = 3              // sized calls per operation
)

// apiResult is one operation's measurements.
type apiResult struct {
	name      string
	api, raw  []time.Duration // p50 per round
	ratio     []float64       // API/raw per round
	apiCalls  string          // the DynamoDB requests the API made
	rawCalls  string
	wru, rru  float64 // per operation, AWS rules
	gsiWRU    float64 // the part of wru that index writes are
	localW    float64 // DynamoDB Local's ReturnConsumedCapacity
	localR    float64
	sizeNotes string
}

type apiBench struct {
	ctx   context.Context
	db    *dynamodb.Client // plain: the timed API's and the raw calls'
	table string
	rec   *recorder
	tmpl  *template.Template
	gsiPK []string

	client       *http.Client
	timed, sized string // base URLs of the two API instances
	bob, alice   string // tokens

	subPK, subSKPrefix string // the subscription item's key layout, seen in a create
	getSub, patchSub   string
	quantity           int
	policyFlip         bool
	fresh              []string // subscriptions created by the API's create, cancelled by the cancel rows
	idem               atomic.Int64
	seq                atomic.Uint64
}

// apiVsRaw measures each operation through the real HTTP handler stack
// (local API Gateway over the route handlers, as shared/apitest serves it)
// against the raw DynamoDB requests it needs, interleaved, on a DynamoDB
// Local of its own; then prices one call of each by AWS's rules.
func apiVsRaw(ctx context.Context, tmpl *template.Template, rounds, n int) ([]apiResult, error) {
	srv, err := ddblocal.StartInMemory(ctx)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	db, err := dynamo.NewClient(ctx, dynamo.Options{Endpoint: srv.Endpoint})
	if err != nil {
		return nil, err
	}
	const table = "bench_api"
	if err := ddblocal.CreateTable(ctx, db, tmpl.Table, table); err != nil {
		return nil, err
	}
	rec := newRecorder(db, tmpl.Table)
	cfg, err := dynamo.Config(ctx, dynamo.Options{Endpoint: srv.Endpoint})
	if err != nil {
		return nil, err
	}
	cfg.APIOptions = append(cfg.APIOptions, rec.middleware)
	sizedDB := dynamo.NewClientFromConfig(cfg, srv.Endpoint)

	key := make([]byte, 32)
	_, _ = rand.Read(key)
	tokens, err := localgw.NewTokens(key)
	if err != nil {
		return nil, err
	}
	serve := func(c *dynamodb.Client) (*httptest.Server, error) {
		api, err := lambdaapp.NewAPI(lambdaapp.Deps{Store: store.New(c, table), CursorKey: key, Now: time.Now, Local: true,
			Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
		if err != nil {
			return nil, err
		}
		gw, err := localgw.ForAPI(tmpl.Routes(), api, tokens, time.Now)
		if err != nil {
			return nil, err
		}
		return httptest.NewServer(gw), nil
	}
	timed, err := serve(db)
	if err != nil {
		return nil, err
	}
	defer timed.Close()
	sized, err := serve(sizedDB)
	if err != nil {
		return nil, err
	}
	defer sized.Close()

	b := &apiBench{ctx: ctx, db: db, table: table, rec: rec, tmpl: tmpl, timed: timed.URL, sized: sized.URL,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}, quantity: 1}
	for _, ix := range tmpl.Table.GlobalSecondaryIndexes {
		for _, k := range ix.KeySchema {
			if k.KeyType == "HASH" {
				b.gsiPK = append(b.gsiPK, k.AttributeName)
			}
		}
	}
	mint := func(user string, roles ...string) (string, error) {
		return tokens.Mint(localgw.Claims{Subject: user, TenantID: benchTenant, Roles: roles, Name: user, Email: user + "@example.com"}, time.Now())
	}
	op, err := tokens.Mint(localgw.Claims{Subject: "op", TenantID: "ops", Roles: []string{"Operator"}}, time.Now())
	if err != nil {
		return nil, err
	}
	if b.bob, err = mint("bob"); err != nil {
		return nil, err
	}
	if b.alice, err = mint("alice", "GlobalAdmin"); err != nil {
		return nil, err
	}
	if _, err := b.do(b.timed, "PUT", "/v1/tenants/"+benchTenant, op,
		`{"name":"Contoso","country":"US","createdAt":"2025-01-01T00:00:00Z","hasAgreement":true}`, "", http.StatusCreated); err != nil {
		return nil, fmt.Errorf("put tenant: %w", err)
	}
	progress("api: seeding %d subscriptions", listSeed+2)
	for range listSeed + 2 {
		id, err := b.create(b.timed)
		if err != nil {
			return nil, err
		}
		b.patchSub, b.getSub = b.getSub, id
	}

	ops := b.operations()
	progress("api: sizing %d calls of each operation (AWS capacity rules)", capacitySample)
	results := make([]apiResult, len(ops))
	for i, o := range ops {
		results[i] = apiResult{name: o.name}
		if err := b.size(o, &results[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", o.name, err)
		}
	}
	progress("api: warming up")
	for _, o := range ops {
		for i := range 10 {
			if err := o.api(b.timed); err != nil {
				return nil, fmt.Errorf("%s: %w", o.name, err)
			}
			if err := o.raw(i); err != nil {
				return nil, fmt.Errorf("%s raw: %w", o.name, err)
			}
		}
	}
	for r := range rounds {
		progress("api: round %d of %d (%d calls per side per operation)", r+1, rounds, n)
		for k, o := range ops {
			var a, w []time.Duration
			for i := range n {
				ta := func() error {
					start := time.Now()
					if err := o.api(b.timed); err != nil {
						return fmt.Errorf("%s: %w", o.name, err)
					}
					a = append(a, time.Since(start))
					return nil
				}
				tr := func() error {
					start := time.Now()
					if err := o.raw(i); err != nil {
						return fmt.Errorf("%s raw: %w", o.name, err)
					}
					w = append(w, time.Since(start))
					return nil
				}
				first, second := ta, tr
				if i%2 == 1 { // A B B A A B …: neither side always goes first
					first, second = tr, ta
				}
				if err := first(); err != nil {
					return nil, err
				}
				if err := second(); err != nil {
					return nil, err
				}
			}
			pa, pr := median(a), median(w)
			results[k].api = append(results[k].api, pa)
			results[k].raw = append(results[k].raw, pr)
			results[k].ratio = append(results[k].ratio, float64(pa)/float64(pr))
		}
	}
	return results, nil
}

// operation is one measured row: an API call on base (the timed or the
// sized instance) and its raw counterpart.
type operation struct {
	name     string
	api      func(base string) error
	raw      func(i int) error
	rawCalls string
	// template captures, from the sized calls, what the raw side replays.
	template func(calls []call) error
}

func (b *apiBench) operations() []operation {
	var createTWI, patchTWI, cancelTWI, policyTWI *dynamodb.TransactWriteItemsInput
	var listQuery *dynamodb.QueryInput
	lastTWI := func(dst **dynamodb.TransactWriteItemsInput) func([]call) error {
		return func(calls []call) error {
			for _, c := range calls {
				if in, ok := c.in.(*dynamodb.TransactWriteItemsInput); ok {
					m, err := b.mirrorTemplate(in)
					if err != nil {
						return err
					}
					*dst = m
				}
			}
			if *dst == nil {
				return fmt.Errorf("the API made no TransactWriteItems (%s)", summary(calls))
			}
			return nil
		}
	}
	getItem := func(id string) error {
		_, err := b.db.GetItem(b.ctx, &dynamodb.GetItemInput{TableName: aws.String(b.table), Key: b.subKey(id), ConsistentRead: aws.Bool(true)})
		return err
	}
	twi := func(tpl *dynamodb.TransactWriteItemsInput) error {
		_, err := b.db.TransactWriteItems(b.ctx, b.mirror(tpl))
		return err
	}
	// readsThenTWI captures, from the sized calls, the API's reads (as
	// sent) into reads and its last TransactWriteItems into dst: the raw
	// side replays the same reads, then the mirrored transaction.
	readsThenTWI := func(reads *[]any, dst **dynamodb.TransactWriteItemsInput) (func([]call) error, func(int) error) {
		capture := func(calls []call) error {
			*reads = nil
			for _, c := range calls {
				switch in := c.in.(type) {
				case *dynamodb.GetItemInput:
					r := *in
					r.ReturnConsumedCapacity = ""
					*reads = append(*reads, &r)
				case *dynamodb.BatchGetItemInput:
					r := *in
					r.ReturnConsumedCapacity = ""
					*reads = append(*reads, &r)
				case *dynamodb.QueryInput:
					r := *in
					r.ReturnConsumedCapacity = ""
					*reads = append(*reads, &r)
				}
			}
			return lastTWI(dst)(calls)
		}
		replay := func(int) error {
			for _, in := range *reads {
				var err error
				switch in := in.(type) {
				case *dynamodb.GetItemInput:
					_, err = b.db.GetItem(b.ctx, in)
				case *dynamodb.BatchGetItemInput:
					_, err = b.db.BatchGetItem(b.ctx, in)
				case *dynamodb.QueryInput:
					_, err = b.db.Query(b.ctx, in)
				}
				if err != nil {
					return err
				}
			}
			return twi(*dst)
		}
		return capture, replay
	}
	var createReads, patchReads, cancelReads []any
	createTemplate, createRaw := readsThenTWI(&createReads, &createTWI)
	patchTemplate, patchRaw := readsThenTWI(&patchReads, &patchTWI)
	cancelTemplate, cancelRaw := readsThenTWI(&cancelReads, &cancelTWI)
	return []operation{
		{name: "GET one subscription", rawCalls: "GetItem (consistent) of the item",
			api: func(base string) error {
				_, err := b.do(base, "GET", b.subPath(b.getSub), b.bob, "", "", http.StatusOK)
				return err
			},
			raw: func(int) error { return getItem(b.getSub) }},
		{name: "create (self-service)", rawCalls: "the same reads + TWI, same items and sizes",
			api: func(base string) error {
				id, err := b.create(base)
				b.fresh = append(b.fresh, id)
				return err
			},
			raw: createRaw, template: createTemplate},
		{name: "PATCH quantity", rawCalls: "the same reads + TWI, same items and sizes",
			api: func(base string) error {
				b.quantity++
				_, err := b.do(base, "PATCH", b.subPath(b.patchSub), b.bob, fmt.Sprintf(`{"quantity":%d}`, b.quantity), "", http.StatusOK)
				return err
			},
			raw: patchRaw, template: patchTemplate},
		{name: "cancel (in refund window)", rawCalls: "the same reads + TWI, same items and sizes",
			api: func(base string) error {
				if len(b.fresh) == 0 {
					id, err := b.create(b.timed)
					if err != nil {
						return err
					}
					b.fresh = append(b.fresh, id)
				}
				cancelling := b.fresh[0]
				b.fresh = b.fresh[1:]
				_, err := b.do(base, "POST", b.subPath(cancelling)+"/cancel", b.bob, `{"reason":"no longer needed"}`, "", http.StatusOK)
				return err
			},
			raw: cancelRaw, template: cancelTemplate},
		{name: "policy update", rawCalls: "TWI, same items and sizes",
			api: func(base string) error {
				b.policyFlip = !b.policyFlip
				v := map[bool]string{true: "Disabled", false: "Enabled"}[b.policyFlip]
				_, err := b.do(base, "PUT", "/v1/tenants/"+benchTenant+"/policies/AllowSelfServicePurchase/products/"+policyProduct, b.alice,
					`{"policyValue":"`+v+`"}`, "", http.StatusOK)
				return err
			},
			raw: func(int) error { return twi(policyTWI) }, template: lastTWI(&policyTWI)},
		{name: "list page (50 subscriptions)", rawCalls: "the same Query",
			api: func(base string) error {
				_, err := b.do(base, "GET", "/v1/tenants/"+benchTenant+"/subscriptions", b.alice, "", "", http.StatusOK)
				return err
			},
			raw: func(int) error {
				q := *listQuery
				_, err := b.db.Query(b.ctx, &q)
				return err
			},
			template: func(calls []call) error {
				for _, c := range calls {
					if in, ok := c.in.(*dynamodb.QueryInput); ok {
						q := *in
						q.ReturnConsumedCapacity = ""
						listQuery = &q
					}
				}
				if listQuery == nil {
					return fmt.Errorf("the API made no Query (%s)", summary(calls))
				}
				return nil
			}},
	}
}

// size makes capacitySample calls of o on the sized instance, prices them
// and keeps the raw side's template.
func (b *apiBench) size(o operation, res *apiResult) error {
	res.rawCalls = o.rawCalls
	var ws, gs, rs, lw, lr []float64
	b.rec.take()
	for range capacitySample {
		if err := o.api(b.sized); err != nil {
			return err
		}
		calls := b.rec.take()
		var w, g, r, l1, l2 float64
		for _, c := range calls {
			ct, cg, cr := b.rec.units(c)
			w, g, r, l1, l2 = w+ct+cg, g+cg, r+cr, l1+c.localWrite, l2+c.localRead
		}
		ws, gs, rs, lw, lr = append(ws, w), append(gs, g), append(rs, r), append(lw, l1), append(lr, l2)
		res.apiCalls = summary(calls)
		res.sizeNotes = sizes(calls)
		if o.template != nil {
			if err := o.template(calls); err != nil {
				return err
			}
		}
	}
	res.wru, res.gsiWRU, res.rru, res.localW, res.localR = medianF(ws), medianF(gs), medianF(rs), medianF(lw), medianF(lr)
	return nil
}

// sizes lists the sizes in bytes of the items a call sequence wrote (after
// the write; a check: the item checked) and read.
func sizes(calls []call) string {
	var parts []string
	for _, c := range calls {
		var s []string
		for _, w := range c.writes {
			it := w.new
			if w.check || it == nil {
				it = w.old
			}
			s = append(s, fmt.Sprint(itemSize(it)))
		}
		for _, r := range c.reads {
			if r.query {
				s = append(s, fmt.Sprintf("Σ%d", r.total))
				continue
			}
			for _, z := range r.sizes {
				s = append(s, fmt.Sprint(z))
			}
			for range r.missing {
				s = append(s, "∅")
			}
		}
		parts = append(parts, strings.Join(s, "/"))
	}
	return strings.Join(parts, " + ")
}

func (b *apiBench) subPath(id string) string {
	return "/v1/tenants/" + benchTenant + "/subscriptions/" + id
}

// create buys one subscription as bob on base and returns its id; the
// first one shows the subscription item's key layout.
func (b *apiBench) create(base string) (string, error) {
	body, err := b.do(base, "POST", "/v1/tenants/"+benchTenant+"/subscriptions", b.bob,
		`{"productId":"`+benchProduct+`","billingFrequency":"monthly","quantity":1,"paymentMethodId":"pm_1"}`,
		fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), b.idem.Add(1)), http.StatusCreated)
	if err != nil {
		return "", err
	}
	var s struct{ ID string }
	if err := json.Unmarshal(body, &s); err != nil || s.ID == "" {
		return "", fmt.Errorf("create: no id in %s", body)
	}
	if b.subPK == "" {
		if err := b.learnKey(s.ID); err != nil {
			return "", err
		}
	}
	return s.ID, nil
}

// learnKey finds the subscription item (the one whose id attribute is id)
// and keeps its key layout for the raw GetItem.
func (b *apiBench) learnKey(id string) error {
	p := dynamodb.NewScanPaginator(b.db, &dynamodb.ScanInput{TableName: aws.String(b.table), FilterExpression: aws.String("#id = :id"),
		ExpressionAttributeNames:  map[string]string{"#id": "id"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":id": &types.AttributeValueMemberS{Value: id}}})
	for p.HasMorePages() {
		page, err := p.NextPage(b.ctx)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			pk, _ := it["pk"].(*types.AttributeValueMemberS)
			sk, _ := it["sk"].(*types.AttributeValueMemberS)
			if pk != nil && sk != nil && strings.HasSuffix(sk.Value, id) {
				b.subPK, b.subSKPrefix = pk.Value, strings.TrimSuffix(sk.Value, id)
				return nil
			}
		}
	}
	return fmt.Errorf("no item of subscription %s", id)
}

func (b *apiBench) subKey(id string) item {
	return item{"pk": &types.AttributeValueMemberS{Value: b.subPK}, "sk": &types.AttributeValueMemberS{Value: b.subSKPrefix + id}}
}

// do sends one request and reads the whole answer; a status other than
// want is an error.
func (b *apiBench) do(base, method, path, token, body, idemKey string, want int) ([]byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(b.ctx, method, base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(out))
	}
	return out, nil
}

// mirrorTemplate turns one of the API's transactions into the raw side's
// template: the same actions on the same table with items of the same
// sizes, that can be replayed any number of times. Puts go to fresh keys
// (mirror renames them per call); an Update, a Delete or a ConditionCheck
// goes to a shadow copy of its item (same size, key of the same length),
// unconditioned but for the item's existence.
func (b *apiBench) mirrorTemplate(in *dynamodb.TransactWriteItemsInput) (*dynamodb.TransactWriteItemsInput, error) {
	out := &dynamodb.TransactWriteItemsInput{}
	for _, a := range in.TransactItems {
		switch {
		case a.Put != nil:
			p := *a.Put
			p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues = aws.String("attribute_not_exists(pk)"), nil, nil
			p.ReturnValuesOnConditionCheckFailure = ""
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Put: &p})
		case a.Update != nil:
			k, err := b.shadow(aws.ToString(a.Update.TableName), a.Update.Key)
			if err != nil {
				return nil, err
			}
			u := *a.Update
			u.Key, u.ConditionExpression, u.ReturnValuesOnConditionCheckFailure = k, aws.String("attribute_exists(pk)"), ""
			u.ExpressionAttributeNames = prune(u.ExpressionAttributeNames, aws.ToString(u.UpdateExpression))
			u.ExpressionAttributeValues = prune(u.ExpressionAttributeValues, aws.ToString(u.UpdateExpression))
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Update: &u})
		case a.ConditionCheck != nil:
			k, err := b.shadow(aws.ToString(a.ConditionCheck.TableName), a.ConditionCheck.Key)
			if err != nil {
				return nil, err
			}
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
				TableName: a.ConditionCheck.TableName, Key: k, ConditionExpression: aws.String("attribute_exists(pk)")}})
		case a.Delete != nil:
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Delete: &types.Delete{
				TableName: a.Delete.TableName, Key: a.Delete.Key}})
		}
	}
	return out, nil
}

// mirror is a fresh copy of a template: every Put and Delete on a key of
// its own (same lengths), index keys renamed alike.
func (b *apiBench) mirror(tpl *dynamodb.TransactWriteItemsInput) *dynamodb.TransactWriteItemsInput {
	out := &dynamodb.TransactWriteItemsInput{TransactItems: make([]types.TransactWriteItem, len(tpl.TransactItems))}
	for i, a := range tpl.TransactItems {
		switch {
		case a.Put != nil:
			p := *a.Put
			p.Item = maps.Clone(p.Item)
			for _, attr := range append([]string{"pk"}, b.gsiPK...) {
				if v, ok := p.Item[attr].(*types.AttributeValueMemberS); ok {
					p.Item[attr] = &types.AttributeValueMemberS{Value: b.rename(v.Value)}
				}
			}
			out.TransactItems[i] = types.TransactWriteItem{Put: &p}
		case a.Delete != nil:
			d := *a.Delete
			d.Key = maps.Clone(d.Key)
			if v, ok := d.Key["pk"].(*types.AttributeValueMemberS); ok {
				d.Key["pk"] = &types.AttributeValueMemberS{Value: b.rename(v.Value)}
			}
			out.TransactItems[i] = types.TransactWriteItem{Delete: &d}
		default:
			out.TransactItems[i] = a
		}
	}
	return out
}

// rename returns a string of s's length that no other call returns (s's
// last 9 bytes become "~" and a counter); s must be at least 9 bytes.
func (b *apiBench) rename(s string) string {
	n := b.seq.Add(1)
	if len(s) < 9 {
		return fmt.Sprintf("~%0*x", max(len(s)-1, 1), n)
	}
	return s[:len(s)-9] + fmt.Sprintf("~%08x", n)
}

// shadow copies the item at key to a new key of the same length and
// returns that key.
func (b *apiBench) shadow(table string, key item) (item, error) {
	out, err := b.db.GetItem(b.ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	it := maps.Clone(out.Item)
	k := maps.Clone(key)
	pk, ok := k["pk"].(*types.AttributeValueMemberS)
	if !ok {
		return nil, fmt.Errorf("shadow: key without a string pk")
	}
	k["pk"] = &types.AttributeValueMemberS{Value: b.rename(pk.Value)}
	if it == nil {
		it = item{}
	}
	maps.Copy(it, k)
	for _, attr := range b.gsiPK {
		if v, ok := it[attr].(*types.AttributeValueMemberS); ok {
			it[attr] = &types.AttributeValueMemberS{Value: b.rename(v.Value)}
		}
	}
	if _, err := b.db.PutItem(b.ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		return nil, err
	}
	return k, nil
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianF(f []float64) float64 {
	if len(f) == 0 {
		return math.NaN()
	}
	s := slices.Clone(f)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

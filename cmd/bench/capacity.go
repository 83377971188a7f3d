package main

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"selfserve/shared/dynamo"
	"selfserve/shared/template"
)

// Prices used for the cost columns (AWS us-east-1, on-demand, as of this
// bench's writing; printed with the results).
const (
	priceWRU          = 0.625        // $ per million write request units
	priceRRU          = 0.125        // $ per million read request units
	priceLambdaReq    = 0.20         // $ per million Lambda requests
	priceLambdaGBs    = 0.0000133334 // $ per GB-second, arm64
	lambdaMemoryGB    = 256.0 / 1024 // the route functions' MemorySize (template.yaml Globals)
	transactionFactor = 2            // TransactWriteItems / TransactGetItems cost twice per item
)

type item = map[string]types.AttributeValue

// call is one DynamoDB request the API made, with what it takes to price it
// by AWS's rules: the images either side of each write and the items each
// read evaluated.
type call struct {
	op  string
	in  any
	out any
	err error
	// writes: per action of the request, its table and the item before
	// and after (nil: absent); check marks a ConditionCheck.
	writes []writeImage
	// reads: per read, the sizes of the items it evaluated and how it is
	// charged.
	reads []readCharge
	// localRead and localWrite are what DynamoDB Local reported with
	// ReturnConsumedCapacity=TOTAL.
	localRead, localWrite float64
}

type writeImage struct {
	old, new item
	check    bool
	factor   float64
}

type readCharge struct {
	sizes []int // one per item read: rounded to 4 KB each (GetItem, BatchGetItem)
	total int   // Query: the sum of the evaluated items' sizes, rounded once
	query bool
	// factor: 1 strongly consistent, 0.5 eventually, 2 transactional
	factor float64
	// missing counts keys that found no item (still charged the minimum)
	missing int
}

// recorder is an SDK middleware that records every DynamoDB request of the
// client it is installed on, and sizes its items with a second, plain
// client (before the request for the images a write replaces, after it for
// the images it leaves). It slows the requests down: the bench uses it on
// its own API instance, never on the timed one.
type recorder struct {
	plain *dynamodb.Client
	gsis  [][2]string // hash and range key attribute of each GSI (projection ALL)

	mu    sync.Mutex
	calls []call
}

func newRecorder(plain *dynamodb.Client, tb template.Table) *recorder {
	r := &recorder{plain: plain}
	for _, ix := range tb.GlobalSecondaryIndexes {
		var k [2]string
		for _, ks := range ix.KeySchema {
			if ks.KeyType == "HASH" {
				k[0] = ks.AttributeName
			} else {
				k[1] = ks.AttributeName
			}
		}
		r.gsis = append(r.gsis, k)
	}
	return r
}

// take returns the calls recorded since the last take.
func (r *recorder) take() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

func (r *recorder) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("BenchRecorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c := call{op: middleware.GetOperationName(ctx), in: in.Parameters}
			askCapacity(in.Parameters)
			before, err := r.before(ctx, in.Parameters)
			if err != nil {
				return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("bench recorder: %w", err)
			}
			out, md, err := next.HandleInitialize(ctx, in)
			c.out, c.err = out.Result, err
			if err == nil {
				if err := r.after(ctx, &c, before); err != nil {
					return out, md, fmt.Errorf("bench recorder: %w", err)
				}
			}
			r.mu.Lock()
			r.calls = append(r.calls, c)
			r.mu.Unlock()
			return out, md, err
		}), middleware.After)
}

// askCapacity sets ReturnConsumedCapacity=TOTAL, to compare DynamoDB
// Local's figure with the one computed here.
func askCapacity(p any) {
	t := types.ReturnConsumedCapacityTotal
	switch in := p.(type) {
	case *dynamodb.GetItemInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.BatchGetItemInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.QueryInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.PutItemInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.UpdateItemInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.DeleteItemInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.TransactWriteItemsInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.TransactGetItemsInput:
		in.ReturnConsumedCapacity = t
	case *dynamodb.BatchWriteItemInput:
		in.ReturnConsumedCapacity = t
	}
}

type keyed struct {
	table string
	key   item
}

// writeKeys are the items a write request touches, in its order.
func writeKeys(p any) (keys []keyed, puts []item, checks []bool, factor float64, ok bool) {
	add := func(table *string, key, put item, check bool) {
		keys = append(keys, keyed{aws.ToString(table), key})
		puts = append(puts, put)
		checks = append(checks, check)
	}
	switch in := p.(type) {
	case *dynamodb.PutItemInput:
		add(in.TableName, nil, in.Item, false)
		return keys, puts, checks, 1, true
	case *dynamodb.UpdateItemInput:
		add(in.TableName, in.Key, nil, false)
		return keys, puts, checks, 1, true
	case *dynamodb.DeleteItemInput:
		add(in.TableName, in.Key, nil, false)
		return keys, puts, checks, 1, true
	case *dynamodb.BatchWriteItemInput:
		for _, table := range slices.Sorted(maps.Keys(in.RequestItems)) {
			for _, w := range in.RequestItems[table] {
				switch {
				case w.PutRequest != nil:
					add(aws.String(table), nil, w.PutRequest.Item, false)
				case w.DeleteRequest != nil:
					add(aws.String(table), w.DeleteRequest.Key, nil, false)
				}
			}
		}
		return keys, puts, checks, 1, true
	case *dynamodb.TransactWriteItemsInput:
		for _, a := range in.TransactItems {
			switch {
			case a.Put != nil:
				add(a.Put.TableName, nil, a.Put.Item, false)
			case a.Update != nil:
				add(a.Update.TableName, a.Update.Key, nil, false)
			case a.Delete != nil:
				add(a.Delete.TableName, a.Delete.Key, nil, false)
			case a.ConditionCheck != nil:
				add(a.ConditionCheck.TableName, a.ConditionCheck.Key, nil, true)
			}
		}
		return keys, puts, checks, transactionFactor, true
	}
	return nil, nil, nil, 0, false
}

// primaryKey is the key part of a Put's item (pk and sk, the table's key).
func primaryKey(it item) item {
	return item{"pk": it["pk"], "sk": it["sk"]}
}

func (r *recorder) get(ctx context.Context, table string, key item) (item, error) {
	out, err := r.plain.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if len(out.Item) == 0 {
		return nil, nil
	}
	return out.Item, nil
}

// before reads the images a write is about to replace.
func (r *recorder) before(ctx context.Context, p any) ([]item, error) {
	keys, puts, _, _, ok := writeKeys(p)
	if !ok {
		return nil, nil
	}
	old := make([]item, len(keys))
	for i, k := range keys {
		key := k.key
		if key == nil {
			key = primaryKey(puts[i])
		}
		it, err := r.get(ctx, k.table, key)
		if err != nil {
			return nil, err
		}
		old[i] = it
	}
	return old, nil
}

// after completes c: the images a write left, the items a read evaluated,
// and DynamoDB Local's own figure.
func (r *recorder) after(ctx context.Context, c *call, old []item) error {
	if keys, puts, checks, factor, ok := writeKeys(c.in); ok {
		for i, k := range keys {
			w := writeImage{old: old[i], check: checks[i], factor: factor}
			switch {
			case checks[i]:
			case puts[i] != nil:
				w.new = puts[i]
			default: // Update, Delete: whatever is there now
				it, err := r.get(ctx, k.table, k.key)
				if err != nil {
					return err
				}
				w.new = it
			}
			c.writes = append(c.writes, w)
		}
	}
	switch in := c.in.(type) {
	case *dynamodb.GetItemInput:
		it, err := r.get(ctx, aws.ToString(in.TableName), in.Key)
		if err != nil {
			return err
		}
		c.reads = append(c.reads, pointRead([]item{it}, aws.ToBool(in.ConsistentRead), 1))
	case *dynamodb.BatchGetItemInput:
		for _, table := range slices.Sorted(maps.Keys(in.RequestItems)) {
			ka := in.RequestItems[table]
			var its []item
			for _, k := range ka.Keys {
				it, err := r.get(ctx, table, k)
				if err != nil {
					return err
				}
				its = append(its, it)
			}
			c.reads = append(c.reads, pointRead(its, aws.ToBool(ka.ConsistentRead), 1))
		}
	case *dynamodb.TransactGetItemsInput:
		var its []item
		for _, g := range in.TransactItems {
			it, err := r.get(ctx, aws.ToString(g.Get.TableName), g.Get.Key)
			if err != nil {
				return err
			}
			its = append(its, it)
		}
		c.reads = append(c.reads, pointRead(its, true, transactionFactor))
	case *dynamodb.QueryInput:
		// A Query is charged for every item it evaluates, before any
		// filter, projected or not: run it again without them.
		q := *in
		q.FilterExpression, q.ProjectionExpression, q.Select, q.ReturnConsumedCapacity = nil, nil, "", ""
		q.ExpressionAttributeNames = prune(in.ExpressionAttributeNames, aws.ToString(in.KeyConditionExpression))
		q.ExpressionAttributeValues = prune(in.ExpressionAttributeValues, aws.ToString(in.KeyConditionExpression))
		out, err := r.plain.Query(ctx, &q)
		if err != nil {
			return err
		}
		rc := readCharge{query: true, factor: consistency(aws.ToBool(in.ConsistentRead))}
		for _, it := range out.Items {
			rc.total += itemSize(it)
		}
		c.reads = append(c.reads, rc)
	}
	local := func(cc *types.ConsumedCapacity, write bool) {
		if cc == nil {
			return
		}
		if write {
			c.localWrite += aws.ToFloat64(cc.CapacityUnits)
		} else {
			c.localRead += aws.ToFloat64(cc.CapacityUnits)
		}
	}
	switch out := c.out.(type) {
	case *dynamodb.GetItemOutput:
		local(out.ConsumedCapacity, false)
	case *dynamodb.QueryOutput:
		local(out.ConsumedCapacity, false)
	case *dynamodb.BatchGetItemOutput:
		for i := range out.ConsumedCapacity {
			local(&out.ConsumedCapacity[i], false)
		}
	case *dynamodb.TransactGetItemsOutput:
		for i := range out.ConsumedCapacity {
			local(&out.ConsumedCapacity[i], false)
		}
	case *dynamodb.PutItemOutput:
		local(out.ConsumedCapacity, true)
	case *dynamodb.UpdateItemOutput:
		local(out.ConsumedCapacity, true)
	case *dynamodb.DeleteItemOutput:
		local(out.ConsumedCapacity, true)
	case *dynamodb.TransactWriteItemsOutput:
		for i := range out.ConsumedCapacity {
			local(&out.ConsumedCapacity[i], true)
		}
	case *dynamodb.BatchWriteItemOutput:
		for i := range out.ConsumedCapacity {
			local(&out.ConsumedCapacity[i], true)
		}
	}
	return nil
}

func consistency(consistent bool) float64 {
	if consistent {
		return 1
	}
	return 0.5
}

func pointRead(its []item, consistent bool, factor float64) readCharge {
	rc := readCharge{factor: factor * consistency(consistent)}
	for _, it := range its {
		if it == nil {
			rc.missing++
			continue
		}
		rc.sizes = append(rc.sizes, itemSize(it))
	}
	return rc
}

// units are a request's capacity by AWS's rules: write units on the table
// and on its indexes, read units.
//
//   - Item size: dynamo.ItemSize, the sum of attribute name lengths and
//     value sizes.
//   - Writes: 1 WRU per started KB of the larger of the item before and
//     after; 2 per KB in a transaction, where a ConditionCheck is charged
//     like a write of the item it reads. Each global secondary index the
//     item is in (before or after) costs a write of the index entry
//     (projection ALL: the item) at the standard rate, 2 when the write
//     moves the entry to another index key.
//   - Reads: 1 RRU per started 4 KB, strongly consistent (0.5 eventually,
//     2 transactional); GetItem and BatchGetItem per item (a missing item
//     still costs the minimum), Query on the sum of the items it evaluated.
func (r *recorder) units(c call) (table, index, read float64) {
	for _, w := range c.writes {
		if w.check {
			table += w.factor * kb(itemSize(w.old), 1024)
			continue
		}
		table += w.factor * math.Max(kbOr0(w.old), kbOr0(w.new))
		for _, g := range r.gsis {
			index += gsiUnits(w.old, w.new, g)
		}
	}
	for _, rc := range c.reads {
		if rc.query {
			read += rc.factor * kb(rc.total, 4096)
			continue
		}
		for _, s := range rc.sizes {
			read += rc.factor * kb(s, 4096)
		}
		read += rc.factor * float64(rc.missing)
	}
	return table, index, read
}

// kb is size in started units of unit bytes, at least 1.
func kb(size, unit int) float64 { return math.Max(1, math.Ceil(float64(size)/float64(unit))) }

func kbOr0(it item) float64 {
	if it == nil {
		return 0
	}
	return kb(itemSize(it), 1024)
}

// gsiUnits is an index's write cost for a write from old to new (either
// nil): nothing if the item is in it neither before nor after or the entry
// is unchanged, the entry's size when it appears, disappears or changes in
// place, both sizes when its index key changes.
func gsiUnits(old, new item, g [2]string) float64 {
	in := func(it item) bool {
		if it == nil {
			return false
		}
		_, h := it[g[0]]
		_, r := it[g[1]]
		return h && (g[1] == "" || r)
	}
	o, n := in(old), in(new)
	switch {
	case !o && !n:
		return 0
	case o && !n:
		return kb(itemSize(old), 1024)
	case !o && n:
		return kb(itemSize(new), 1024)
	case !sameValue(old[g[0]], new[g[0]]) || (g[1] != "" && !sameValue(old[g[1]], new[g[1]])):
		return kb(itemSize(old), 1024) + kb(itemSize(new), 1024)
	case sameItem(old, new):
		return 0
	}
	return math.Max(kb(itemSize(old), 1024), kb(itemSize(new), 1024))
}

func sameValue(a, b types.AttributeValue) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) }

func sameItem(a, b item) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !sameAV(v, w) {
			return false
		}
	}
	return true
}

func sameAV(a, b types.AttributeValue) bool {
	switch x := a.(type) {
	case *types.AttributeValueMemberM:
		y, ok := b.(*types.AttributeValueMemberM)
		return ok && sameItem(x.Value, y.Value)
	case *types.AttributeValueMemberL:
		y, ok := b.(*types.AttributeValueMemberL)
		if !ok || len(x.Value) != len(y.Value) {
			return false
		}
		for i := range x.Value {
			if !sameAV(x.Value[i], y.Value[i]) {
				return false
			}
		}
		return true
	}
	return sameValue(a, b)
}

// itemSize is an item's size by DynamoDB's rules (dynamo.ItemSize); 0 for
// no item.
func itemSize(it item) int { return dynamo.ItemSize(it) }

// prune keeps the expression names or values that expr uses.
func prune[V any](m map[string]V, exprs ...string) map[string]V {
	if m == nil {
		return nil
	}
	out := map[string]V{}
	for k, v := range m {
		for _, e := range exprs {
			if usesPlaceholder(e, k) {
				out[k] = v
				break
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func usesPlaceholder(expr, p string) bool {
	for i := 0; ; {
		j := strings.Index(expr[i:], p)
		if j < 0 {
			return false
		}
		end := i + j + len(p)
		if end == len(expr) || !isNameChar(expr[end]) {
			return true
		}
		i = end
	}
}

func isNameChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// summary names a request sequence compactly: "BGI{4} + TWI[6]".
func summary(calls []call) string {
	var parts []string
	for _, c := range calls {
		parts = append(parts, shortOp(c))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " + ")
}

func shortOp(c call) string {
	switch in := c.in.(type) {
	case *dynamodb.GetItemInput:
		return "GetItem"
	case *dynamodb.QueryInput:
		if in.IndexName != nil {
			return "Query(" + *in.IndexName + ")"
		}
		return "Query"
	case *dynamodb.BatchGetItemInput:
		n := 0
		for _, ka := range in.RequestItems {
			n += len(ka.Keys)
		}
		return fmt.Sprintf("BatchGet{%d}", n)
	case *dynamodb.TransactWriteItemsInput:
		var kinds []string
		count := map[string]int{}
		for _, a := range in.TransactItems {
			k := "Put"
			switch {
			case a.Update != nil:
				k = "Update"
			case a.Delete != nil:
				k = "Delete"
			case a.ConditionCheck != nil:
				k = "Check"
			}
			if count[k] == 0 {
				kinds = append(kinds, k)
			}
			count[k]++
		}
		var s []string
		for _, k := range kinds {
			s = append(s, fmt.Sprintf("%d %s", count[k], k))
		}
		return "TWI[" + strings.Join(s, ", ") + "]"
	}
	return c.op
}

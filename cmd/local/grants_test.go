package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	"gopkg.in/yaml.v3"

	"selfserve/shared/template"
)

// The least-privilege test: every function of template.yaml is driven
// through the local runner (grants_scenario_test.go) on a DynamoDB client
// that records, per function, the IAM actions its calls need; the
// template's DynamoDB grants must be exactly those — no action granted
// that no code path of the function uses, none used that isn't granted.
//
// The scenario takes each function down the paths that need more than its
// usual calls; a path found rare but real goes into the scenario, not
// into a grant by hand. Paths the code has but the embedded catalog makes
// impossible are not granted, for instance: a self-service add-on (mail
// retries and purchaser invoices would read it with its base, a
// BatchGetItem of WebhookRetrySweep and InvoicesSweep; its own changes
// would be guarded by its base, a ConditionCheckItem of
// TakeOverSubscription), a trial of a one-per-tenant product (its marker
// deleted by TrialsSweep). A catalog that brings one needs the scenario
// to buy it.

// grantExceptions are DynamoDB actions a function keeps although the
// scenario doesn't use them: function → action → why. Keep it empty: a
// path that needs an action belongs in the scenario.
var grantExceptions = map[string]map[string]string{}

// actionOrder is the order the template lists DynamoDB actions in.
var actionOrder = []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem",
	"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"}

// iamActions are the IAM actions a DynamoDB call needs, and the index it
// reads ("" for the table). A transaction is authorized item by item
// (dynamodb:PutItem, …, dynamodb:ConditionCheckItem for TransactWriteItems;
// dynamodb:GetItem for TransactGetItems), not by its own name.
func iamActions(params any) (actions []string, index string) {
	switch in := params.(type) {
	case *dynamodb.GetItemInput:
		return []string{"dynamodb:GetItem"}, ""
	case *dynamodb.PutItemInput:
		return []string{"dynamodb:PutItem"}, ""
	case *dynamodb.UpdateItemInput:
		return []string{"dynamodb:UpdateItem"}, ""
	case *dynamodb.DeleteItemInput:
		return []string{"dynamodb:DeleteItem"}, ""
	case *dynamodb.QueryInput:
		return []string{"dynamodb:Query"}, deref(in.IndexName)
	case *dynamodb.ScanInput:
		return []string{"dynamodb:Scan"}, deref(in.IndexName)
	case *dynamodb.BatchGetItemInput:
		return []string{"dynamodb:BatchGetItem"}, ""
	case *dynamodb.BatchWriteItemInput:
		return []string{"dynamodb:BatchWriteItem"}, ""
	case *dynamodb.TransactGetItemsInput:
		return []string{"dynamodb:GetItem"}, ""
	case *dynamodb.TransactWriteItemsInput:
		for _, it := range in.TransactItems {
			switch {
			case it.Put != nil:
				actions = append(actions, "dynamodb:PutItem")
			case it.Update != nil:
				actions = append(actions, "dynamodb:UpdateItem")
			case it.Delete != nil:
				actions = append(actions, "dynamodb:DeleteItem")
			case it.ConditionCheck != nil:
				actions = append(actions, "dynamodb:ConditionCheckItem")
			}
		}
		return actions, ""
	}
	// Any other operation (DescribeTable, ExecuteStatement…) is its own action.
	return []string{"dynamodb:" + strings.TrimSuffix(reflect.TypeOf(params).Elem().Name(), "Input")}, ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// grantRecorder records, per function (functionName of the call's
// context, "" outside any), the IAM actions of the DynamoDB calls made
// through a client it is installed on, and which functions were invoked.
type grantRecorder struct {
	mu      sync.Mutex
	used    map[string]map[string]int  // function → action → calls
	indexes map[string]map[string]bool // function → indexes queried
	invoked map[string]int             // function → invocations
	// events are the outbox events committed (pk + "|" + sk).
	events map[string]bool
	// fail, if set, may fail a call before it is sent (after its actions
	// are recorded): a crash, a timeout or a concurrent writer at that
	// point of the function.
	fail func(ctx context.Context, function string, params any) error
}

func newGrantRecorder() *grantRecorder {
	return &grantRecorder{used: map[string]map[string]int{}, indexes: map[string]map[string]bool{}, invoked: map[string]int{}, events: map[string]bool{}}
}

// install adds the recorder to a client's middleware stack (as an
// APIOptions entry).
func (r *grantRecorder) install(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("GrantRecorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			fn := functionName(ctx)
			actions, index := iamActions(in.Parameters)
			r.mu.Lock()
			if r.used[fn] == nil {
				r.used[fn], r.indexes[fn] = map[string]int{}, map[string]bool{}
			}
			for _, a := range actions {
				r.used[fn][a]++
			}
			if index != "" {
				r.indexes[fn][index] = true
			}
			fail := r.fail
			r.mu.Unlock()
			if fail != nil {
				if err := fail(ctx, fn, in.Parameters); err != nil {
					return middleware.InitializeOutput{}, middleware.Metadata{}, err
				}
			}
			out, md, err := next.HandleInitialize(ctx, in)
			if err == nil {
				r.committed(in.Parameters)
			}
			return out, md, err
		}), middleware.After)
}

// committed notes the outbox events a successful write wrote.
func (r *grantRecorder) committed(params any) {
	var items []map[string]types.AttributeValue
	switch in := params.(type) {
	case *dynamodb.PutItemInput:
		items = append(items, in.Item)
	case *dynamodb.TransactWriteItemsInput:
		for _, it := range in.TransactItems {
			if it.Put != nil {
				items = append(items, it.Put.Item)
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range items {
		if str(it["kind"]) == "event" {
			r.events[str(it["pk"])+"|"+str(it["sk"])] = true
		}
	}
}

// str is a string attribute's value ("" for anything else).
func str(av types.AttributeValue) string {
	if v, ok := av.(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// failWith sets (nil: clears) the fail hook.
func (r *grantRecorder) failWith(f func(ctx context.Context, function string, params any) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

func (r *grantRecorder) invoke(function string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.invoked[function]++
}

// committedEvents are the keys of the events committed so far.
func (r *grantRecorder) committedEvents() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.events))
	for k := range r.events {
		out = append(out, k)
	}
	return out
}

// actionsOf are the actions function used, in the template's order.
func (r *grantRecorder) actionsOf(function string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for a := range r.used[function] {
		out = append(out, a)
	}
	return ordered(out)
}

func ordered(actions []string) []string {
	rank := func(a string) int {
		if i := slices.Index(actionOrder, a); i >= 0 {
			return i
		}
		return len(actionOrder)
	}
	out := slices.Clone(actions)
	sort.SliceStable(out, func(i, j int) bool {
		if rank(out[i]) != rank(out[j]) {
			return rank(out[i]) < rank(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// grant is what a function's Policies allow on the table and on its
// indexes.
type grant struct {
	Table, Index []string
}

// templateGrants reads every function's DynamoDB grants from template.yaml:
// the dynamodb: actions of its Policies' statements, on the table
// (!GetAtt <Table>.Arn) or its indexes (!Sub "${<Table>.Arn}/index/*").
// Anything it can't account for (a SAM policy template, a Deny, another
// resource) is an error: it could grant what this test doesn't see.
func templateGrants(path, table string) (map[string]grant, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	out := map[string]grant{}
	resources := mapValue(doc.Content[0], "Resources")
	for i := 0; resources != nil && i+1 < len(resources.Content); i += 2 {
		id, res := resources.Content[i].Value, resources.Content[i+1]
		if v := mapValue(res, "Type"); v == nil || v.Value != "AWS::Serverless::Function" {
			continue
		}
		var g grant
		props := mapValue(res, "Properties")
		if mapValue(props, "Role") != nil {
			return nil, fmt.Errorf("%s: has a Role of its own, whose grants this test doesn't read", id)
		}
		for _, policy := range seqItems(mapValue(props, "Policies")) {
			statements := mapValue(policy, "Statement")
			if statements == nil || len(policy.Content) != 2 {
				// A managed policy or a SAM policy template: it must not
				// touch DynamoDB.
				if strings.Contains(strings.ToLower(nodeText(policy)), "dynamodb") {
					return nil, fmt.Errorf("%s: a policy other than a statement list grants DynamoDB: %s", id, nodeText(policy))
				}
				continue
			}
			for _, st := range seqItems(statements) {
				var actions []string
				for _, a := range seqItems(mapValue(st, "Action")) {
					if strings.HasPrefix(strings.ToLower(a.Value), "dynamodb:") {
						actions = append(actions, a.Value)
					}
				}
				if mapValue(st, "NotAction") != nil {
					return nil, fmt.Errorf("%s: a NotAction statement may grant DynamoDB", id)
				}
				if len(actions) == 0 {
					continue
				}
				if e := mapValue(st, "Effect"); e == nil || e.Value != "Allow" || mapValue(st, "Condition") != nil || mapValue(st, "NotResource") != nil {
					return nil, fmt.Errorf("%s: a DynamoDB statement that is not a plain Allow on resources", id)
				}
				for _, r := range seqItems(mapValue(st, "Resource")) {
					switch {
					case r.Tag == "!GetAtt" && r.Value == table+".Arn":
						g.Table = append(g.Table, actions...)
					case r.Tag == "!Sub" && r.Value == "${"+table+".Arn}/index/*":
						g.Index = append(g.Index, actions...)
					default:
						return nil, fmt.Errorf("%s: DynamoDB actions on a resource this test doesn't know: %s", id, nodeText(r))
					}
				}
			}
		}
		out[id] = g
	}
	return out, nil
}

// mapValue is the value of key in mapping n (nil when absent).
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// seqItems are a sequence's items, or n itself when it is one value.
func seqItems(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	}
	return []*yaml.Node{n}
}

func nodeText(n *yaml.Node) string {
	b, _ := yaml.Marshal(n)
	return strings.TrimSpace(string(b))
}

// setOf is a set of strings.
func setOf(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// minus is xs without the members of ys, in order.
func minus(xs []string, ys map[string]bool) []string {
	var out []string
	for _, x := range ordered(xs) {
		if !ys[x] && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestDynamoDBGrantsAreLeastPrivilege: the DynamoDB actions template.yaml
// grants each function are exactly those its code paths use, as recorded
// while the scenario drives every function of the template — its
// idempotent replays, conflicts, retries, resumed moves, mails, payments,
// invoices and data deletions included.
func TestDynamoDBGrantsAreLeastPrivilege(t *testing.T) {
	r := runGrantScenario(t)
	rec := r.rec
	path, err := template.Find()
	if err != nil {
		t.Fatal(err)
	}
	grants, err := templateGrants(path, r.tmpl.Table.LogicalID)
	if err != nil {
		t.Fatal(err)
	}
	var problems, table []string
	for _, f := range r.tmpl.Functions {
		name := f.Name
		g, ok := grants[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: not an AWS::Serverless::Function of template.yaml", name))
			continue
		}
		rec.mu.Lock()
		reached := rec.invoked[name] > 0
		indexes := keys(rec.indexes[name])
		rec.mu.Unlock()
		if !reached {
			problems = append(problems, fmt.Sprintf("%s: the scenario never invokes it, so its grants go unchecked", name))
			continue
		}
		used := rec.actionsOf(name)
		line := fmt.Sprintf("%-26s [%s]", name+":", strings.Join(used, ", "))
		if len(indexes) > 0 {
			line += fmt.Sprintf("  (Query on index %s)", strings.Join(indexes, ", "))
		}
		table = append(table, line)
		kept := slices.Clone(used)
		for a, reason := range grantExceptions[name] {
			switch {
			case strings.TrimSpace(reason) == "":
				problems = append(problems, fmt.Sprintf("%s: the exception %s gives no reason", name, a))
			case slices.Contains(used, a):
				problems = append(problems, fmt.Sprintf("%s: the exception %s is used now: drop it from grantExceptions", name, a))
			}
			kept = append(kept, a)
		}
		var msg []string
		if unused := minus(g.Table, setOf(kept)); len(unused) > 0 {
			msg = append(msg, fmt.Sprintf("granted but never used %v", unused))
		}
		if missing := minus(kept, setOf(g.Table)); len(missing) > 0 {
			msg = append(msg, fmt.Sprintf("used but not granted %v", missing))
		}
		if len(indexes) > 0 && !slices.Contains(g.Index, "dynamodb:Query") {
			msg = append(msg, fmt.Sprintf("queries index %v but Query is not granted on ${%s.Arn}/index/*", indexes, r.tmpl.Table.LogicalID))
		}
		if len(msg) > 0 {
			problems = append(problems, name+": "+strings.Join(msg, "; "))
		}
	}
	rec.mu.Lock()
	outside := keys(rec.used[""])
	rec.mu.Unlock()
	for _, a := range outside {
		if a != "dynamodb:DescribeTable" { // the runner's own: the stream's ARN
			problems = append(problems, fmt.Sprintf("%s called outside any function's invocation (a context lost on the way?)", a))
		}
	}
	t.Logf("DynamoDB actions used, by function:\n%s", strings.Join(table, "\n"))
	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("template.yaml's DynamoDB grants differ from what the code uses (the Action lists of the functions' Policies):\n  %s",
			strings.Join(problems, "\n  "))
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

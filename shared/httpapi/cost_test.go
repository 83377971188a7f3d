package httpapi_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"selfserve/shared/apitest"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
)

// transactItems are the items a transaction writes or checks, with their
// kind (or the kind of write).
func transactItems(in *dynamodb.TransactWriteItemsInput) map[string]map[string]types.AttributeValue {
	out := map[string]map[string]types.AttributeValue{}
	for i, ti := range in.TransactItems {
		var item map[string]types.AttributeValue
		switch {
		case ti.Put != nil:
			item = ti.Put.Item
		case ti.ConditionCheck != nil:
			item = ti.ConditionCheck.Key
		case ti.Update != nil:
			item = ti.Update.Key
		case ti.Delete != nil:
			item = ti.Delete.Key
		}
		name := fmt.Sprint(i)
		if k, ok := item["kind"].(*types.AttributeValueMemberS); ok {
			name = k.Value
		}
		out[name] = item
	}
	return out
}

// TestSelfServiceCreateWriteUnits: a self-service purchase writes at most
// 16 write units by AWS's rules (2 per KB per transactional item; the
// turn-2 budget, which pays for the charge's claim), and no
// item of the tenant: concurrent purchases in one tenant don't conflict.
func TestSelfServiceCreateWriteUnits(t *testing.T) {
	env := setup(t)
	bob := env.Token(t, "contoso", "bob")
	env.DB.Counter.Reset()
	buy(t, env, bob, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm_1"}`)
	var tx *dynamodb.TransactWriteItemsInput
	for _, in := range env.DB.Counter.Inputs() {
		if in, ok := in.(*dynamodb.TransactWriteItemsInput); ok {
			tx = in
		}
	}
	if tx == nil {
		t.Fatal("no transaction")
	}
	units := 0
	for kind, item := range transactItems(tx) {
		u := dynamo.WriteUnits(item, true)
		t.Logf("%-14s %5d bytes %2d WCU", kind, dynamo.ItemSize(item), u)
		units += u
	}
	for _, ti := range tx.TransactItems {
		if ti.ConditionCheck != nil || ti.Update != nil {
			t.Errorf("the purchase checks or updates another item (%v): concurrent purchases in a tenant would contend on it", ti)
		}
	}
	if got, want := units, 16; got > want {
		t.Errorf("a self-service create costs %d write units, want ≤ %d", got, want)
	}
}

// TestGetIsOneRead: reading a subscription is one GetItem; an add-on is
// read with its base (its allowed actions depend on it) in one
// BatchGetItem.
func TestGetIsOneRead(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	base := buy(t, env, admin, `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":2}`)
	var addOn subView
	r := env.Do(t, apitest.Request{Method: "POST", Path: subPath(base.ID) + "/addons", Token: admin, Body: `{"productId":"CFQ7TTC0LH05"}`,
		Header: map[string]string{"Idempotency-Key": "get-addon"}})
	r.Decode(t, &addOn)
	for _, c := range []struct {
		id   string
		want []string
	}{{base.ID, []string{"GetItem"}}, {addOn.ID, []string{"BatchGetItem"}}} {
		env.DB.Counter.Reset()
		if r := env.Do(t, apitest.Request{Method: "GET", Path: subPath(c.id), Token: admin}); r.Status != 200 {
			t.Fatalf("get %s: %d %s", c.id, r.Status, r.Body)
		}
		if got := env.DB.Counter.Operations(); !slices.Equal(got, c.want) {
			t.Errorf("get %s: round trips %v, want %v", c.id, got, c.want)
		}
	}
}

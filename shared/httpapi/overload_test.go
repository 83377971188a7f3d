package httpapi_test

import (
	"context"
	"net"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/ddbtest"
	"selfserve/shared/domain"
	"selfserve/shared/dynamo"
)

// A DynamoDB that can't serve (here: unreachable) makes the API answer
// 503 with Retry-After, never a 500: the caller should come back, not
// report a bug.
func TestUnreachableStoreAnswers503(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // connections to addr are refused
	counter := dynamo.NewCounter()
	client, err := dynamo.NewClient(context.Background(), dynamo.Options{Endpoint: "http://" + addr, Counter: counter})
	if err != nil {
		t.Fatal(err)
	}
	env := apitest.NewOn(t, &ddbtest.DB{Client: client, Table: "selfserve", Counter: counter, Endpoint: "http://" + addr})
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	for _, req := range []apitest.Request{
		{Method: "GET", Path: "/v1/tenants/contoso/policies/AllowSelfServicePurchase/products", Token: admin},
		{Method: "POST", Path: "/v1/tenants/contoso/subscriptions", Token: admin, Header: map[string]string{"Idempotency-Key": "k"},
			Body: `{"productId":"CFQ7TTC0LFLX","billingFrequency":"monthly","quantity":1}`},
		{Method: "PATCH", Path: subPath("sub_01kr0000000000000000000000"), Token: admin, Body: `{"quantity":2}`},
	} {
		r := env.Do(t, req)
		if r.Status != 503 || r.Code() != "unavailable" || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s %s: %d %s (Retry-After %q), want 503 unavailable with Retry-After", req.Method, req.Path, r.Status, r.Body, r.Header.Get("Retry-After"))
		}
	}
}

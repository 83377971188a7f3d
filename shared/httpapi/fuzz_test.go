package httpapi

import (
	"bytes"
	"testing"
	"time"

	"selfserve/shared/domain"
)

// clientError reports whether err is a 4xx domain error: bad input must
// never become a 5xx.
func clientError(err error) bool {
	status, ok := statusOf[domain.ErrorCode(err)]
	return ok && status >= 400 && status < 500
}

func FuzzPolicyUpdateBody(f *testing.F) {
	for _, s := range []string{`{"policyValue":"Disabled"}`, `{"enabled":true}`, `{"enabled":false,"policyValue":"Enabled"}`,
		`{}`, `[]`, `null`, `{"policyValue":null}`, `{"policyValue":"Allow"}`, `{"enabled":1}`, `{"x":1}`, `{"enabled":true}{}`, "\x00", ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var upd domain.PolicyUpdate
		err := decodeStrict(body, &upd)
		if err == nil {
			_, err = upd.Value()
		}
		if err != nil && !clientError(err) {
			t.Fatalf("body %q: %v is not a 4xx", body, err)
		}
	})
}

func FuzzTenantBody(f *testing.F) {
	for _, s := range []string{`{"name":"C","country":"US","createdAt":"2026-01-01T00:00:00Z"}`,
		`{"name":"C","country":"US","createdAt":"2026-01-01T00:00:00Z","firstBillingAt":"2025-01-01T00:00:00Z"}`,
		`{"name":"","country":"usa","createdAt":"nope"}`, `{"partnerId":"#"}`, `{"name":"C","country":"US","createdAt":"2026-01-01T00:00:00Z","partnerId":"t"}`} {
		f.Add([]byte(s), "t")
	}
	f.Fuzz(func(t *testing.T, body []byte, id string) {
		var in domain.TenantInput
		err := decodeStrict(body, &in)
		if err == nil {
			_, err = domain.NewTenant(id, in, nil, time.Now())
		}
		if err != nil && !clientError(err) {
			t.Fatalf("body %q id %q: %v is not a 4xx", body, id, err)
		}
	})
}

func FuzzCursor(f *testing.F) {
	c, err := NewCursors(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		f.Fatal(err)
	}
	good := c.Seal("scope", []byte(`{"pk":"TENANT#a"}`))
	for _, s := range []string{good, good[:len(good)-1], "", "!!!!", "AAAA", good + good} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		pos, err := c.Open("scope", cursor)
		if err != nil && !clientError(err) {
			t.Fatalf("cursor %q: %v is not a 4xx", cursor, err)
		}
		if err == nil && cursor != "" && cursor != good && !bytes.Equal(pos, []byte(`{"pk":"TENANT#a"}`)) {
			t.Fatalf("cursor %q opened to %q: forged", cursor, pos)
		}
		if _, err := c.Open("other scope", good); err == nil {
			t.Fatal("a cursor opened in another scope")
		}
	})
}

func FuzzSubscriptionBodies(f *testing.F) {
	for _, s := range []string{`{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":3,"paymentMethodId":"pm"}`,
		`{"quantity":0}`, `{"autoRenew":true,"quantity":10001}`, `{"users":[{"id":"a","name":"A","email":"a@b.c"}]}`,
		`{"users":[{"id":"a","name":"A","email":"not mail"},{"id":"a"}]}`, `{"reason":""}`, `{"targetSubscriptionId":"#"}`, `{"quantity":1e99}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var c createBody
		if err := decodeStrict(body, &c); err != nil && !clientError(err) {
			t.Fatalf("create %q: %v", body, err)
		}
		var u updateBody
		if err := decodeStrict(body, &u); err == nil && u.Quantity != nil {
			if err := domain.CheckQuantity(*u.Quantity); err != nil && !clientError(err) {
				t.Fatal(err)
			}
		}
		var as assignBody
		if err := decodeStrict(body, &as); err == nil {
			if err := domain.CheckLicenseUsers(as.Users, domain.MaxUsersPerAssignment); err != nil && !clientError(err) {
				t.Fatal(err)
			}
		} else if !clientError(err) {
			t.Fatal(err)
		}
		var rb reasonBody
		if err := decodeStrict(body, &rb); err == nil {
			if err := domain.CheckReason(rb.Reason); err != nil && !clientError(err) {
				t.Fatal(err)
			}
		}
	})
}

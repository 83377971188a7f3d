package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The README tour's read-only and reversible steps, in order. Each check
// states the answer it wants; a step stops at its first failing check.

const policyID = "AllowSelfServicePurchase"

type product struct {
	ProductID           string `json:"productId"`
	SelfServiceEligible bool   `json:"selfServiceEligible"`
}

type productPolicy struct {
	ProductID   string `json:"productId"`
	PolicyValue string `json:"policyValue"`
	IsDefault   bool   `json:"isDefault"`
}

// items is the page of any list the API answers.
type items[T any] struct {
	Items []T `json:"items"`
}

// hasItems checks that the answer is a list (possibly empty).
func hasItems(a *answer) error {
	var l struct{ Items *[]any }
	if err := decode(a, &l); err != nil {
		return err
	}
	if l.Items == nil {
		return fmt.Errorf("no items list")
	}
	return nil
}

// runChecks runs checks in order, stopping at the first failure.
func (s *smoke) runChecks(ctx context.Context, checks []check) error {
	for _, c := range checks {
		if _, err := s.do(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// edges: the console without a token, and what API Gateway and the
// $default route answer to requests no route takes.
func (s *smoke) edges(ctx context.Context) error {
	bogus := principal{token: "not-a-jwt"}
	gateway401 := func(a *answer) error {
		var m struct{ Message string }
		if err := decode(a, &m); err != nil || m.Message != "Unauthorized" {
			return fmt.Errorf(`want API Gateway's {"message":"Unauthorized"}`)
		}
		return nil
	}
	return s.runChecks(ctx, []check{
		{method: "GET", path: "/", status: 200, ctype: "text/html", what: "the admin console's page (text/html), without a token",
			test: func(a *answer) error {
				if !strings.Contains(strings.ToLower(string(a.body)), "<html") {
					return fmt.Errorf("not an HTML page")
				}
				return nil
			}},
		{method: "GET", path: "/v1/products", status: 401, ctype: "application/json", test: gateway401,
			what: `without a token: API Gateway's {"message":"Unauthorized"} (its only non-problem body)`},
		{method: "GET", path: "/v1/products", as: &bogus, status: 401, ctype: "application/json", test: gateway401,
			what: `with a token that is not a JWT: {"message":"Unauthorized"}`},
		{method: "GET", path: "/v1/smoke-no-such-route", as: &s.admin, status: 404, code: "not_found",
			what: "a path no route has: problem+json not_found"},
		{method: "DELETE", path: "/v1/products", as: &s.admin, status: 405, code: "method_not_allowed",
			what: "a route's path with another method: problem+json method_not_allowed with Allow: GET",
			test: func(a *answer) error {
				if !slices.Contains(strings.Split(strings.ReplaceAll(a.header.Get("Allow"), " ", ""), ","), "GET") {
					return fmt.Errorf("the Allow header is %q, want GET in it", a.header.Get("Allow"))
				}
				return nil
			}},
	})
}

// catalogChecks: tour step 2, the catalog and its self-service products.
func (s *smoke) catalogChecks(ctx context.Context) error {
	return s.runChecks(ctx, []check{
		{method: "GET", path: "/v1/products", as: &s.user, status: 200, what: "the catalog, a non-empty list, for any signed-in user",
			test: func(a *answer) error {
				var l items[product]
				if err := decode(a, &l); err != nil {
					return err
				}
				if len(l.Items) == 0 {
					return fmt.Errorf("no products")
				}
				s.catalog = l.Items
				return nil
			}},
		{method: "GET", path: "/v1/products?selfService=true", as: &s.admin, status: 200,
			what: "the self-service products: the catalog's selfServiceEligible ones, no other",
			test: func(a *answer) error {
				var l items[product]
				if err := decode(a, &l); err != nil {
					return err
				}
				if got, want := ids(l.Items), ids(s.selfService()); !slices.Equal(got, want) || len(got) == 0 {
					return fmt.Errorf("got %v, want %v", got, want)
				}
				return nil
			}},
	})
}

// selfService is the catalog's self-service eligible products.
func (s *smoke) selfService() []product {
	var out []product
	for _, p := range s.catalog {
		if p.SelfServiceEligible {
			out = append(out, p)
		}
	}
	return out
}

func ids(ps []product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ProductID
	}
	slices.Sort(out)
	return out
}

// tenantChecks: the admin reads the tenant; the plain user may not.
func (s *smoke) tenantChecks(ctx context.Context) error {
	t := "/v1/tenants/" + s.tenant
	return s.runChecks(ctx, []check{
		{method: "GET", path: t, as: &s.admin, status: 200, what: "the tenant, for its admin",
			test: func(a *answer) error {
				var v struct{ TenantID string }
				if err := decode(a, &v); err != nil {
					return err
				}
				if v.TenantID != s.tenant {
					return fmt.Errorf("tenantId %q", v.TenantID)
				}
				return nil
			}},
		{method: "GET", path: t, as: &s.user, status: 403, code: "forbidden", what: "the plain user may not read the tenant: forbidden"},
	})
}

// policy: tour steps 3 to 5. The admin lists every product's value, reads
// one, changes it and sets it back to what it was (Idempotency-Keys, the
// second sent twice: the replay changes nothing); the plain user gets 403.
func (s *smoke) policy(ctx context.Context) error {
	p := "/v1/tenants/" + s.tenant + "/policies/" + policyID
	if _, err := s.do(ctx, check{method: "GET", path: p, as: &s.admin, status: 200, what: "the policy and its three values",
		test: func(a *answer) error {
			var v struct{ Values []struct{ Value string } }
			if err := decode(a, &v); err != nil {
				return err
			}
			if len(v.Values) != 3 {
				return fmt.Errorf("%d values", len(v.Values))
			}
			return nil
		}}); err != nil {
		return err
	}
	var list []productPolicy
	if _, err := s.do(ctx, check{method: "GET", path: p + "/products", as: &s.admin, status: 200,
		what: "every self-service product's value (Get-MSCommerceProductPolicies)",
		test: func(a *answer) error {
			var l items[productPolicy]
			if err := decode(a, &l); err != nil {
				return err
			}
			var got []string
			for _, pp := range l.Items {
				got = append(got, pp.ProductID)
			}
			slices.Sort(got)
			if want := ids(s.selfService()); !slices.Equal(got, want) {
				return fmt.Errorf("products %v, want the self-service ones %v", got, want)
			}
			list = l.Items
			return nil
		}}); err != nil {
		return err
	}
	// A product the tenant already set, so nothing is left different; else
	// the first (it then holds an explicit value equal to the default).
	pick := list[0]
	for _, pp := range list {
		if !pp.IsDefault {
			pick = pp
			break
		}
	}
	orig, temp := pick.PolicyValue, stricter(pick.PolicyValue)
	one := p + "/products/" + pick.ProductID
	isValue := func(v string) func(a *answer) error {
		return func(a *answer) error {
			var pp productPolicy
			if err := decode(a, &pp); err != nil {
				return err
			}
			if pp.ProductID != pick.ProductID || pp.PolicyValue != v {
				return fmt.Errorf("%s is %s, want %s", pp.ProductID, pp.PolicyValue, v)
			}
			return nil
		}
	}
	setTo := func(v string) string { return `{"policyValue":"` + v + `"}` }
	restoreKey := s.run + "-policy-restore"
	restore := check{method: "PUT", path: one, as: &s.admin, body: setTo(orig), header: map[string]string{"Idempotency-Key": restoreKey},
		status: 200, what: "the admin sets it back to " + orig, test: isValue(orig)}
	if _, err := s.do(ctx, check{method: "GET", path: one, as: &s.admin, status: 200, what: "one product's value: " + orig, test: isValue(orig)}); err != nil {
		return err
	}
	// The plain user sends the value it already has: even wrongly accepted,
	// it would change nothing.
	if _, err := s.do(ctx, check{method: "PUT", path: one, as: &s.user, body: setTo(orig), status: 403, code: "forbidden",
		what: "a plain user may not change it: forbidden"}); err != nil {
		return err
	}
	if pick.IsDefault {
		s.note("%s has the default value %s; once set back the tenant holds it as its own value (isDefault false)", pick.ProductID, orig)
	}
	back := s.toUndo(fmt.Sprintf("%s of %s to %s", policyID, pick.ProductID, orig), func(ctx context.Context) error {
		_, err := s.do(ctx, restore)
		return err
	})
	var setAt time.Time
	steps := []check{
		{method: "PUT", path: one, as: &s.admin, body: setTo(temp), header: map[string]string{"Idempotency-Key": s.run + "-policy-set"},
			status: 200, what: "the admin changes it to " + temp,
			test: func(a *answer) error {
				setAt, _ = http.ParseTime(a.header.Get("Date"))
				return isValue(temp)(a)
			}},
		{method: "GET", path: one, as: &s.admin, status: 200, what: "it reads " + temp, test: isValue(temp)},
		restore,
	}
	if err := s.runChecks(ctx, steps); err != nil {
		return err
	}
	back.done = true
	replay := restore
	replay.what = "the same request again (same Idempotency-Key) replays the answer: Idempotent-Replayed: true"
	replay.test = func(a *answer) error {
		if a.header.Get("Idempotent-Replayed") != "true" {
			return fmt.Errorf("no Idempotent-Replayed: true")
		}
		return isValue(orig)(a)
	}
	if err := s.runChecks(ctx, []check{replay,
		{method: "GET", path: one, as: &s.admin, status: 200, what: "it reads " + orig + " again", test: isValue(orig)}}); err != nil {
		return err
	}
	return s.activity(ctx, pick.ProductID, temp, orig, setAt)
}

// stricter is the value the policy check changes v to for a moment: one
// step stricter (Enabled → trials only → Disabled), so self-service
// purchases are never opened wider, but for Disabled, which can only go
// to trials only.
func stricter(v string) string {
	if v == "OnlyTrialsWithoutPaymentMethod" {
		return "Disabled"
	}
	return "OnlyTrialsWithoutPaymentMethod"
}

// activity: the policy's change and its undo are in the activity log, by
// the admin, and the replay wrote nothing.
func (s *smoke) activity(ctx context.Context, productID, temp, orig string, setAt time.Time) error {
	from := "/v1/tenants/" + s.tenant + "/activity?limit=20"
	if !setAt.IsZero() {
		from += "&from=" + url.QueryEscape(setAt.Add(-5*time.Second).UTC().Format(time.RFC3339))
	}
	_, err := s.poll(ctx, check{method: "GET", path: from, as: &s.admin, status: 200,
		what: fmt.Sprintf("the activity log's newest changes of %s by the admin: %s, then %s (the replay wrote none)", productID, temp, orig),
		test: func(a *answer) error {
			var l items[struct {
				Operation string
				TargetID  string
				Actor     struct{ UserID string }
				After     struct{ PolicyValue string }
			}]
			if err := decode(a, &l); err != nil {
				return err
			}
			var got []string // newest first
			for _, e := range l.Items {
				if e.Operation == "UpdateProductPolicy" && e.TargetID == productID && e.Actor.UserID == s.admin.sub {
					got = append(got, e.After.PolicyValue)
				}
			}
			// Older runs' records may follow; a record of the replay would
			// come first.
			if len(got) < 2 || got[0] != orig || got[1] != temp {
				return fmt.Errorf("its UpdateProductPolicy records of %s, newest first: %v", productID, got)
			}
			return nil
		}})
	return err
}

// lists: tour step 10's reads, and the plain user's own.
func (s *smoke) lists(ctx context.Context) error {
	t := "/v1/tenants/" + s.tenant
	ownOnly := func(a *answer) error {
		var l items[struct {
			ID        string
			Purchaser struct{ UserID string }
		}]
		if err := decode(a, &l); err != nil {
			return err
		}
		for _, sub := range l.Items {
			if sub.Purchaser.UserID != s.user.sub {
				return fmt.Errorf("subscription %s was bought by %s", sub.ID, sub.Purchaser.UserID)
			}
		}
		return nil
	}
	return s.runChecks(ctx, []check{
		{method: "GET", path: t + "/subscriptions?limit=5", as: &s.admin, status: 200, test: hasItems, what: "the tenant's subscriptions"},
		{method: "GET", path: t + "/subscriptions?channel=selfService&limit=5", as: &s.admin, status: 200, test: hasItems, what: "its self-service subscriptions"},
		{method: "GET", path: t + "/licenses", as: &s.admin, status: 200, test: hasItems, what: "the license summary"},
		{method: "GET", path: t + "/orders?limit=5", as: &s.admin, status: 200, test: hasItems, what: "the order history"},
		{method: "GET", path: t + "/invoices?limit=5", as: &s.admin, status: 200, test: hasItems, what: "the invoices, the tenant's and its purchasers'"},
		{method: "GET", path: t + "/webhooks?limit=5", as: &s.admin, status: 200, test: hasItems, what: "the webhook endpoints"},
		{method: "GET", path: t + "/subscriptions?limit=5", as: &s.user, status: 200, test: ownOnly, what: "the plain user's subscriptions: only their own"},
		{method: "GET", path: t + "/subscriptions?limit=5&purchaserId=" + url.QueryEscape(s.user.sub), as: &s.user, status: 200, test: ownOnly,
			what: "the plain user's subscriptions by purchaserId"},
		{method: "GET", path: t + "/subscriptions?limit=5&purchaserId=" + url.QueryEscape(s.admin.sub), as: &s.user, status: 403, code: "forbidden",
			what: "the plain user may not list someone else's: forbidden"},
		{method: "GET", path: t + "/orders?limit=5", as: &s.user, status: 200, test: hasItems, what: "the plain user's own orders"},
		{method: "GET", path: t + "/invoices?limit=5", as: &s.user, status: 200, test: hasItems, what: "the plain user's own invoices"},
		{method: "GET", path: t + "/licenses", as: &s.user, status: 403, code: "forbidden", what: "the plain user may not read the license summary: forbidden"},
		{method: "GET", path: t + "/activity?limit=5", as: &s.user, status: 403, code: "forbidden", what: "the plain user may not read the activity log: forbidden"},
	})
}

// problems: refused requests of each kind answer problem+json with their
// code (every check above checks the same of its errors).
func (s *smoke) problems(ctx context.Context) error {
	t := "/v1/tenants/" + s.tenant
	checks := []check{
		{method: "GET", path: "/v1/products/SMOKE-NO-SUCH-PRODUCT", as: &s.user, status: 404, code: "not_found", what: "an unknown product: not_found"},
		{method: "GET", path: "/v1/products?selfService=maybe", as: &s.user, status: 400, code: "invalid_request", what: "a bad query value: invalid_request"},
		{method: "GET", path: t + "/subscriptions?limit=500", as: &s.admin, status: 400, code: "invalid_request", what: "a limit over 200: invalid_request"},
		{method: "GET", path: "/v1/tenants/smoke-no-such-tenant", as: &s.admin, status: 404, code: "not_found", what: "another tenant is invisible: not_found"},
		{method: "GET", path: t + "/policies/SmokeNoSuchPolicy/products", as: &s.admin, status: 404, code: "policy_not_found", what: "an unknown policy: policy_not_found"},
	}
	for _, p := range s.catalog {
		if !p.SelfServiceEligible {
			checks = append(checks, check{method: "GET", path: t + "/policies/" + policyID + "/products/" + p.ProductID, as: &s.admin,
				status: 404, code: "policy_not_applicable", what: "a product that is not self-service has no policy: policy_not_applicable"})
			break
		}
	}
	return s.runChecks(ctx, checks)
}

// webhooks: tour step 6 and 7 without a purchase. The admin registers an
// endpoint for SMOKE_WEBHOOK_URL that takes only test events (so it never
// gets a customer's event), sends it one, waits for its delivery and
// deletes the endpoint.
func (s *smoke) webhooks(ctx context.Context) error {
	if s.webhookURL == "" {
		s.note("webhooks skipped: set %s to a public https receiver answering 2xx to check them", envWebhookURL)
		return nil
	}
	w := "/v1/tenants/" + s.tenant + "/webhooks"
	var ep struct {
		ID     string
		Secret string
	}
	body := fmt.Sprintf(`{"url":%q,"eventTypes":["webhook.test"],"description":"selfserve smoke test %s (deleted at once)"}`, s.webhookURL, s.run)
	_, err := s.do(ctx, check{method: "POST", path: w, as: &s.admin, body: body, header: map[string]string{"Idempotency-Key": s.run + "-webhook"},
		status: 201, what: "an endpoint for " + s.webhookURL + " taking only webhook.test, with its whsec_ secret",
		test: func(a *answer) error {
			if err := decode(a, &ep); err != nil {
				return err
			}
			if ep.ID == "" || !strings.HasPrefix(ep.Secret, "whsec_") {
				return fmt.Errorf("no id or no whsec_ secret")
			}
			return nil
		}})
	if err != nil {
		return err
	}
	e := w + "/" + ep.ID
	del := check{method: "DELETE", path: e, as: &s.admin, status: 204, what: "the endpoint deleted"}
	gone := s.toUndo("the webhook endpoint "+ep.ID, func(ctx context.Context) error {
		_, err := s.do(ctx, del)
		return err
	})
	var sent struct{ DeliveryID string }
	if _, err := s.do(ctx, check{method: "POST", path: e + "/test", as: &s.admin, status: 202, what: "a test event sent",
		test: func(a *answer) error {
			if err := decode(a, &sent); err != nil {
				return err
			}
			if sent.DeliveryID == "" {
				return fmt.Errorf("no deliveryId")
			}
			return nil
		}}); err != nil {
		return err
	}
	if _, err := s.poll(ctx, check{method: "GET", path: e + "/deliveries?limit=10", as: &s.admin, status: 200,
		what: fmt.Sprintf("its delivery %s succeeded (within %s)", sent.DeliveryID, s.wait),
		test: func(a *answer) error {
			var l items[struct {
				ID       string
				Status   string
				Attempts []struct {
					HTTPStatus int    `json:"httpStatus"`
					Error      string `json:"error"`
				}
			}]
			if err := decode(a, &l); err != nil {
				return err
			}
			for _, d := range l.Items {
				if d.ID != sent.DeliveryID {
					continue
				}
				if d.Status != "succeeded" {
					return fmt.Errorf("the delivery is %s after %d attempts %+v", d.Status, len(d.Attempts), d.Attempts)
				}
				return nil
			}
			return fmt.Errorf("the delivery is not listed yet")
		}}); err != nil {
		return err
	}
	if err := s.runChecks(ctx, []check{
		{method: "GET", path: e + "/deliveries?limit=10", as: &s.user, status: 404, code: "not_found", what: "the plain user can't see the admin's endpoint: not_found"},
		del,
	}); err != nil {
		return err
	}
	gone.done = true
	_, err = s.do(ctx, check{method: "GET", path: e + "/deliveries?limit=10", as: &s.admin, status: 404, code: "not_found", what: "the endpoint is gone: not_found"})
	return err
}

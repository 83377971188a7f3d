package httpapi_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"selfserve/shared/apitest"
	"selfserve/shared/client"
	"selfserve/shared/domain"
)

var nextLink = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

// TestExportPages: an export longer than a page comes in pages linked by
// rel="next", each with the header row; together they are every license
// once (the last page may be empty, when the rows ended with a page); a cursor is refused for other subscriptions; the client
// follows the links.
func TestExportPages(t *testing.T) {
	env := setup(t)
	env.App.ExportRows = 7
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	a := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":20}`)
	b := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":20}`)
	if r := assign(t, env, admin, a.ID, users("a", 10)); r.Status != 200 {
		t.Fatal(r.Status)
	}
	if r := assign(t, env, admin, b.ID, users("b", 4)); r.Status != 200 {
		t.Fatal(r.Status)
	}
	path := "/v1/tenants/contoso/licenses/export?subscriptionId=" + b.ID + "&subscriptionId=" + a.ID
	var rows []string
	var pages []int
	var first string
	for path != "" {
		r := env.Do(t, apitest.Request{Method: "GET", Path: path, Token: admin})
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		lines := strings.Split(strings.TrimSuffix(string(r.Body), "\r\n"), "\r\n")
		if !strings.HasPrefix(lines[0], "subscriptionId,") {
			t.Errorf("page %d starts with %q, want the header row", len(pages)+1, lines[0])
		}
		rows, pages = append(rows, lines[1:]...), append(pages, len(lines)-1)
		path = ""
		if m := nextLink.FindStringSubmatch(r.Header.Get("Link")); m != nil {
			path = m[1]
			if first == "" {
				first = path
			}
		}
	}
	if got, want := len(rows), 14; got != want || pages[0] != 7 || pages[1] != 7 || len(pages) > 3 {
		t.Fatalf("%d rows in pages %v, want %d in pages of 7 (and maybe an empty last one)", got, pages, want)
	}
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row] {
			t.Errorf("row %q twice", row)
		}
		seen[row] = true
	}
	// A cursor of this export is refused for another.
	u, _ := url.Parse(first)
	other := "/v1/tenants/contoso/licenses/export?subscriptionId=" + a.ID + "&cursor=" + url.QueryEscape(u.Query().Get("cursor"))
	if r := env.Do(t, apitest.Request{Method: "GET", Path: other, Token: admin}); r.Status != 400 {
		t.Errorf("a cursor of another export: %d %s, want 400", r.Status, r.Body)
	}
	cl, err := client.New(env.URL, client.WithToken(admin))
	if err != nil {
		t.Fatal(err)
	}
	csv, err := cl.ExportLicenses(context.Background(), "contoso", &client.ExportLicensesParams{SubscriptionIDs: []string{a.ID, b.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(csv), "\r\n"); got != 15 || strings.Count(string(csv), "subscriptionId,") != 1 {
		t.Errorf("the client's export has %d lines (%d header rows), want 15 and 1", got, strings.Count(string(csv), "subscriptionId,"))
	}
}

// TestSummaryListsAHundredUsersAPurchaser: the summary counts every user
// and lists the first 100 of each purchaser, so it stays small however many
// users a tenant licenses.
func TestSummaryListsAHundredUsersAPurchaser(t *testing.T) {
	env := setup(t)
	admin := env.Token(t, "contoso", "alice", domain.RoleGlobalAdmin)
	s := buy(t, env, admin, `{"productId":"CFQ7TTC0L3PB","billingFrequency":"monthly","quantity":200}`)
	if r := bulkAssign(t, env, admin, s.ID, "summary", users("s", 150)); r.Status != 200 {
		t.Fatal(r.Status, string(r.Body))
	}
	var got struct {
		Items []struct {
			Assigned   int
			Purchasers []struct {
				Users     []domain.LicenseUser
				UserCount int
			}
		}
	}
	env.Do(t, apitest.Request{Method: "GET", Path: "/v1/tenants/contoso/licenses", Token: admin}).Decode(t, &got)
	if len(got.Items) != 1 || len(got.Items[0].Purchasers) != 1 {
		t.Fatalf("summary = %+v", got)
	}
	g := got.Items[0].Purchasers[0]
	if len(g.Users) != 100 || g.UserCount != 150 || got.Items[0].Assigned != 150 {
		t.Errorf("listed %d users of %d (assigned %d), want 100 of 150", len(g.Users), g.UserCount, got.Items[0].Assigned)
	}
}

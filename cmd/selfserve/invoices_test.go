package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"selfserve/shared/client"
)

// local calls the runner's own endpoint path (/_local/…) with body as JSON
// and decodes its answer into out (nil: discard it).
func local(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, runnerURL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s %v", method, path, resp.StatusCode, answer, err)
	}
	if out != nil {
		if err := json.Unmarshal(answer, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// finalizeMonth makes the invoices of the month holding boughtAt final: it
// moves the runner's clock to 02:00 UTC on the 1st of the next month —
// after the InvoicesSweep's 01:00 — which runs the sweeps, and runs the
// invoices sweep once more. It returns the month, YYYY-MM.
func finalizeMonth(t *testing.T, boughtAt time.Time) string {
	t.Helper()
	m := boughtAt.UTC()
	next := time.Date(m.Year(), m.Month()+1, 1, 2, 0, 0, 0, time.UTC)
	local(t, "POST", "/_local/clock", map[string]any{"set": next}, nil)
	local(t, "POST", "/_local/sweeps/InvoicesSweep", nil, nil)
	return m.Format("2006-01")
}

// invoiceSummary is an invoice as "BILL-TO-TYPE BILL-TO-ID MONTH STATUS TOTAL".
func invoiceSummary(inv client.Invoice, names map[string]string) string {
	total := ""
	if len(inv.Totals) == 1 {
		total = moneyText(inv.Totals[0])
	}
	return strings.Join([]string{inv.BillTo.Type, rename(inv.BillTo.ID, names, false), inv.Month, inv.Status, total}, " ")
}

// TestInvoiceCommands: a customer of a partner buys in one month — Bob by
// card, Alice centrally, the partner's agent for the customer — and the
// month's invoices become final when the clock passes the 1st of the next
// month and the invoices sweep runs. Then they are listed (every format,
// every filter, a user's own, the partner's), shown with their lines and
// downloaded as PDF files; bad command lines exit 2 and the API's refusals
// exit 1, writing no file.
func TestInvoiceCommands(t *testing.T) {
	partner := tenantFor(t, "fabrikam", "")
	tenant := tenantFor(t, "contoso", partner)
	names := map[string]string{tenant: "TENANT", partner: "PARTNER"}
	alice := newShell(t, tenant, "alice", "GlobalAdmin")
	bob := newShell(t, tenant, "bob")
	agent := newShell(t, partner, "sam", "AdminAgent")
	agent.env["SELFSERVE_TENANT"] = tenant

	bought := decodeStrict[client.SubscriptionView](t, bob.must("subscriptions", "buy", "CFQ7TTC0L3PB", "--frequency", "monthly", "--quantity", "2",
		"--payment-method", "pm_card_visa", "-o", "json"))
	alice.must("subscriptions", "buy", "CFQ7TTC0LFLX", "--frequency", "monthly", "--quantity", "3")
	agent.must("subscriptions", "buy", "CFQ7TTC0LFLX", "--frequency", "monthly", "--quantity", "5")
	if got := alice.must("invoices", "list", "-o", "json"); strings.TrimSpace(got) != "[]" {
		t.Errorf("invoices before the month is over = %q, want []", got)
	}

	month := finalizeMonth(t, bought.CreatedAt)
	nextMonth := bought.CreatedAt.UTC().AddDate(0, 0, 1-bought.CreatedAt.UTC().Day()).AddDate(0, 1, 0).Format("2006-01")
	bobsInvoice := "purchaser bob " + month + " paid 20.00 USD"
	tenantsInvoice := "tenant TENANT " + month + " open 108.00 USD"
	partnersInvoice := "partner PARTNER " + month + " open 180.00 USD"

	invs := decodeStrict[[]client.Invoice](t, alice.must("invoices", "list", "-o", "json"))
	var got []string
	byType := map[string]client.Invoice{}
	for _, inv := range invs {
		got = append(got, invoiceSummary(inv, names))
		byType[inv.BillTo.Type] = inv
		if !invoiceNumber.MatchString(inv.Number) || len(inv.Lines) != 1 || inv.IssuedAt.IsZero() {
			t.Errorf("invoice %s: number %q, %d lines, issued at %s", inv.ID, inv.Number, len(inv.Lines), inv.IssuedAt)
		}
	}
	slices.Sort(got)
	if want := []string{bobsInvoice, tenantsInvoice}; !slices.Equal(got, want) {
		t.Fatalf("invoices list -o json = %q, want %q", got, want)
	}
	bobs, tenants := byType["purchaser"], byType["tenant"]

	t.Run("list as CSV and as a table", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(alice.must("invoices", "list", "-o", "csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"Id", "Number", "Month", "BillTo", "Status", "Total", "IssuedAt"}}
		for _, inv := range invs {
			want = append(want, []string{inv.ID, inv.Number, month, inv.BillTo.Type + " " + inv.BillTo.ID, inv.Status, moneyText(inv.Totals[0]),
				inv.IssuedAt.UTC().Format(time.RFC3339)})
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("invoices list -o csv =\n%q\nwant\n%q", rows, want)
		}
		table := alice.must("invoices", "list", "-o", "table")
		lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
		if got, want := strings.Fields(lines[0]), want[0]; !slices.Equal(got, want) {
			t.Errorf("the table's header = %q, want %q", got, want)
		}
		for _, inv := range invs {
			if got := strings.Fields(linesWith(table, inv.Number)); len(got) < 6 || got[0] != inv.ID || got[3] != inv.BillTo.Type || got[5] != inv.Status {
				t.Errorf("the table's row of %s = %q", inv.Number, got)
			}
		}
	})

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			sh   *shell
			args []string
			want []string
		}{
			{"the tenant's own", alice, []string{"--bill-to", "tenant"}, []string{tenantsInvoice}},
			{"a purchaser's", alice, []string{"--bill-to", "bob"}, []string{bobsInvoice}},
			{"another purchaser's", alice, []string{"--bill-to", "carol"}, nil},
			{"open ones", alice, []string{"--status", "open"}, []string{tenantsInvoice}},
			{"void ones", alice, []string{"--status", "void"}, nil},
			{"the month", alice, []string{"--from", month, "--to", month}, []string{bobsInvoice, tenantsInvoice}},
			{"until the month", alice, []string{"--to", month}, []string{bobsInvoice, tenantsInvoice}},
			{"from the next month", alice, []string{"--from", nextMonth}, nil},
			{"a user: their own", bob, nil, []string{bobsInvoice}},
			{"a user naming themself", bob, []string{"--bill-to", "bob", "--status", "paid"}, []string{bobsInvoice}},
			{"the partner's", agent, []string{"--partner", partner}, []string{partnersInvoice}},
			{"the partner's open ones of the month", agent, []string{"--partner", partner, "--status", "open", "--from", month, "--to", month}, []string{partnersInvoice}},
			{"the partner's paid ones", agent, []string{"--partner", partner, "--status", "paid"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var got []string
				for _, inv := range decodeStrict[[]client.Invoice](t, tc.sh.must(append([]string{"invoices", "list", "-o", "json"}, tc.args...)...)) {
					got = append(got, invoiceSummary(inv, names))
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("invoices list %s = %q, want %q", strings.Join(tc.args, " "), got, tc.want)
				}
			})
		}
	})

	t.Run("show", func(t *testing.T) {
		out := alice.must("invoices", "show", tenants.ID, "-o", "table")
		fields, lines, ok := strings.Cut(out, "\n\n")
		if !ok {
			t.Fatalf("invoices show: no blank line between the fields and the lines:\n%s", out)
		}
		for _, tc := range []struct{ field, want string }{
			{"Id", tenants.ID}, {"Number", tenants.Number}, {"Month", month}, {"BillTo", "tenant " + tenant},
			{"Status", "open"}, {"Total", "108.00 USD"}, {"Lines", "1"},
		} {
			if got := tableField(t, fields, tc.field); got != tc.want {
				t.Errorf("invoices show: %s = %q, want %q", tc.field, got, tc.want)
			}
		}
		if got := strings.Fields(linesWith(lines, "Microsoft 365 E3")); len(got) != 13 || got[2] != "purchase" || got[7] != "3" || got[8]+" "+got[9] != "108.00 USD" || got[10] != "true" {
			t.Errorf("invoices show: the line = %q\n%s", got, lines)
		}
		if got := decodeStrict[client.Invoice](t, alice.must("invoices", "show", tenants.ID, "-o", "json")); got.Number != tenants.Number ||
			len(got.Lines) != 1 || got.Lines[0].ProductID != "CFQ7TTC0LFLX" || got.Lines[0].Quantity != 3 {
			t.Errorf("invoices show -o json = %+v", got)
		}
		rows, err := csv.NewReader(strings.NewReader(bob.must("invoices", "show", bobs.ID, "-o", "csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0][0] != "OrderId" || rows[1][2] != "purchase" || rows[1][3] != bought.ID || rows[1][6] != "20.00 USD" {
			t.Errorf("invoices show -o csv = %q, want its header and one purchase line of %s", rows, bought.ID)
		}
	})

	t.Run("download", func(t *testing.T) {
		dir := t.TempDir()
		bob.dir = dir
		defer func() { bob.dir = "" }()
		name := bobs.Number + ".pdf"
		pdfAt := func(path string) []byte {
			t.Helper()
			b, err := os.ReadFile(filepath.Join(dir, path))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("%s starts %.20q, want %%PDF-", path, b)
			}
			return b
		}
		if got, want := bob.must("invoices", "download", bobs.ID), name+"\n"; got != want {
			t.Errorf("invoices download printed %q, want %q", got, want)
		}
		pdf := pdfAt(name)

		// An existing file is kept unless --force.
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		wantFailure(t, bob.run("invoices", "download", bobs.ID), exitUsage, name+" exists: pass --force to overwrite it")
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "mine" {
			t.Errorf("the refused download changed %s: %.20q", name, b)
		}
		bob.must("invoices", "download", bobs.ID, "--force")
		if got := pdfAt(name); !bytes.Equal(got, pdf) {
			t.Errorf("download --force wrote %d bytes, the first download %d", len(got), len(pdf))
		}

		for _, tc := range []struct {
			name string
			args []string
			want string // the file and what is printed
		}{
			{"-o FILE", []string{"-o", "april.pdf"}, "april.pdf"},
			{"--output /A/FILE", []string{"--output", filepath.Join(dir, "absolute.pdf")}, filepath.Join(dir, "absolute.pdf")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got, want := bob.must(append([]string{"invoices", "download", bobs.ID}, tc.args...)...), tc.want+"\n"; got != want {
					t.Errorf("printed %q, want %q", got, want)
				}
				path := tc.want
				if filepath.IsAbs(path) {
					path, _ = filepath.Rel(dir, path)
				}
				pdfAt(path)
			})
		}
		if got := bob.must("invoices", "download", bobs.ID, "-o", "-"); got != string(pdf) {
			t.Errorf("download -o - wrote %d bytes to stdout, want the PDF's %d", len(got), len(pdf))
		}

		// Refused: nothing is written.
		wantFailure(t, bob.run("invoices", "download", tenants.ID), exitRefused, "404 not_found")
		wantFailure(t, bob.run("invoices", "download", tenants.ID, "-o", "tenant.pdf"), exitRefused, "404 not_found")
		entries, _ := os.ReadDir(dir)
		var files []string
		for _, e := range entries {
			files = append(files, e.Name())
		}
		if want := []string{name, "absolute.pdf", "april.pdf"}; !slices.Equal(files, want) {
			t.Errorf("the folder holds %q, want %q", files, want)
		}
	})

	unknown := "inv_" + strings.ReplaceAll(month, "-", "") + "_00000000000000000000"
	for _, tc := range []struct {
		name string
		sh   *shell
		args []string
		code int
		want string
	}{
		{"a bad --status", alice, []string{"invoices", "list", "--status", "due"}, exitUsage, `--status must be paid, open or void, not "due"`},
		{"a status in capitals", alice, []string{"invoices", "list", "--status", "Paid"}, exitUsage, `--status must be paid, open or void, not "Paid"`},
		{"a month 13", alice, []string{"invoices", "list", "--from", "2026-13"}, exitUsage, `--from must be a month, YYYY-MM (2026-01), not "2026-13"`},
		{"a month without its dash", alice, []string{"invoices", "list", "--to", "202604"}, exitUsage, `--to must be a month, YYYY-MM (2026-01), not "202604"`},
		{"a date for a month", alice, []string{"invoices", "list", "--from", "2026-04-01"}, exitUsage, `--from must be a month, YYYY-MM (2026-01), not "2026-04-01"`},
		{"months backwards", alice, []string{"invoices", "list", "--from", nextMonth, "--to", month}, exitUsage, "--from " + nextMonth + " is after --to " + month},
		{"a bad --bill-to", alice, []string{"invoices", "list", "--bill-to", "bob smith"}, exitUsage, `--bill-to must be tenant or a user id, not "bob smith"`},
		{"--bill-to with --partner", agent, []string{"invoices", "list", "--partner", partner, "--bill-to", "tenant"}, exitUsage, "--bill-to is for a tenant's invoices"},
		{"list with an argument", alice, []string{"invoices", "list", month}, exitUsage, `list takes no arguments, only flags: "` + month + `"`},
		{"show without ID", alice, []string{"invoices", "show"}, exitUsage, "missing ID"},
		{"show with two IDs", alice, []string{"invoices", "show", tenants.ID, bobs.ID}, exitUsage, "too many arguments"},
		{"download without ID", alice, []string{"invoices", "download"}, exitUsage, "missing ID"},
		{"show by number", alice, []string{"invoices", "show", "INV-2026-000001"}, exitUsage, "INV-2026-000001 is an invoice's number; show and download take its id (inv_…)"},
		{"download by number", alice, []string{"invoices", "download", "INV-2026-000001"}, exitUsage, "INV-2026-000001 is an invoice's number"},
		{"download -o a format", alice, []string{"invoices", "download", tenants.ID, "-o", "json"}, exitUsage, "-o names the file here, not the output format: -o json.pdf saves it as json.pdf"},
		{"an unknown subcommand", alice, []string{"invoices", "pay", tenants.ID}, exitUsage, `unknown command "pay" for "selfserve invoices"`},

		{"show an unknown invoice", alice, []string{"invoices", "show", unknown}, exitRefused, "404 not_found"},
		{"a user shows the tenant's", bob, []string{"invoices", "show", tenants.ID}, exitRefused, "404 not_found"},
		{"a user lists the tenant's", bob, []string{"invoices", "list", "--bill-to", "tenant"}, exitRefused, "403 forbidden"},
		{"a user lists another's", bob, []string{"invoices", "list", "--bill-to", "alice"}, exitRefused, "403 forbidden"},
		{"the customer lists the partner's", alice, []string{"invoices", "list", "--partner", partner}, exitRefused, "404 not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantFailure(t, tc.sh.run(tc.args...), tc.code, tc.want) })
	}
}

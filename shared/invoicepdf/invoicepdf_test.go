package invoicepdf

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"selfserve/shared/domain"
)

var (
	issuer = Issuer{Name: "Contoso Self-Service Ltd", Address: []string{"1 Harbour Street", "Dublin D02 XY45", "Ireland", "VAT IE1234567X"}}
	jan    = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	feb    = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
)

// pdfText is the text of a PDF as `pdftotext -layout` reads it, and its
// page count.
func pdfText(t *testing.T, pdf []byte) (string, int) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext not found (%v): install poppler-utils (apt-get install poppler-utils)", err)
	}
	path := filepath.Join(t.TempDir(), "invoice.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	text := string(out)
	return text, strings.Count(text, "\f")
}

// line is an invoice line of product name at day d of January 2027.
func line(id, name, typ string, d int, amount int64, currency string) domain.InvoiceLine {
	return domain.InvoiceLine{
		OrderID: id, SubscriptionID: "sub-" + id, TenantID: "tenant-a", ProductID: "prod-" + id, ProductName: name,
		Type: typ, Quantity: d%7 + 1, At: time.Date(2027, 1, d, 10, 0, 0, 0, time.UTC),
		PeriodStart: time.Date(2027, 1, d, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2028, 1, d, 0, 0, 0, 0, time.UTC),
		Amount: domain.Money{Amount: amount, Currency: currency}, Paid: true,
	}
}

func invoice(acct domain.InvoiceAccount, name, status string, lines []domain.InvoiceLine, totals []domain.Money) domain.Invoice {
	return domain.Invoice{
		ID: domain.InvoiceID(acct, jan), Number: "INV-2027-000042", Account: acct, BillToName: name, Month: "2027-01",
		PeriodStart: jan, PeriodEnd: feb, IssuedAt: feb.Add(5 * time.Minute), Lines: lines, Totals: totals, Status: status,
	}
}

// contains fails unless text holds each of wants.
func contains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
}

func TestRenderSmallInvoice(t *testing.T) {
	acct := domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "tenant-a", TenantID: "tenant-a"}
	lines := []domain.InvoiceLine{
		line("o1", "Power BI Pro", domain.OrderPurchase, 3, 123456, "EUR"),
		line("o2", "Microsoft Teams Premium", domain.OrderRenewal, 9, 3000, "EUR"),
		line("o3", "Visio Plan 2", domain.OrderProration, 17, 705, "EUR"),
		line("o4", "Power BI Pro", domain.OrderCredit, 20, -1200, "EUR"),
	}
	inv := invoice(acct, "Fabrikam, Inc.", domain.InvoiceOpen, lines, []domain.Money{{Amount: 125961, Currency: "EUR"}})
	pdf, err := Render(inv, issuer)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output starts %q, want a PDF", pdf[:min(len(pdf), 8)])
	}
	text, pages := pdfText(t, pdf)
	if pages != 1 {
		t.Errorf("pages = %d, want 1", pages)
	}
	contains(t, text,
		"Contoso Self-Service Ltd", "VAT IE1234567X", "Invoice", "INV-2027-000042", "2027-02-01", "2027-01", "Open",
		"Bill to", "Fabrikam, Inc.", "Tenant tenant-a",
		"Power BI Pro", "Microsoft Teams Premium", "Visio Plan 2",
		"EUR 1,234.56", "EUR 30.00", "EUR 7.05", "-EUR 12.00", "Credit", "2027-01-20",
		"Total EUR", "EUR 1,259.61")
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
}

func TestRenderManyLinesTwoCurrencies(t *testing.T) {
	acct := domain.InvoiceAccount{Type: domain.InvoicePurchaser, ID: "user-7", TenantID: "tenant-b"}
	var lines []domain.InvoiceLine
	sums := map[string]int64{}
	for i := range 120 {
		currency := "EUR"
		if i%3 == 0 {
			currency = "USD"
		}
		amount := int64(1000 + 37*i)
		typ := domain.OrderPurchase
		if i%10 == 9 {
			typ, amount = domain.OrderCredit, -amount
		}
		l := line(fmt.Sprintf("o%03d", i), fmt.Sprintf("Product %03d", i), typ, i%28+1, amount, currency)
		if i == 50 {
			l.Type, l.Paid = domain.OrderRenewal, false
		}
		lines = append(lines, l)
		sums[currency] += amount
	}
	totals := []domain.Money{{Amount: sums["EUR"], Currency: "EUR"}, {Amount: sums["USD"], Currency: "USD"}}
	inv := invoice(acct, "Ada Lovelace", domain.InvoiceOpen, lines, totals)
	start := time.Now()
	pdf, err := Render(inv, issuer)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	text, pages := pdfText(t, pdf)
	if pages < 3 {
		t.Errorf("pages = %d, want at least 3 for 120 lines", pages)
	}
	contains(t, text, "INV-2027-000042", "Purchaser user-7 (tenant tenant-b)", "Ada Lovelace", "Renewal (unpaid)",
		"Total EUR", "Total USD", FormatMoney(totals[0]), FormatMoney(totals[1]))
	// Every line, with its amount on the same text row as its product.
	rows := strings.Split(text, "\n")
	for _, l := range lines {
		found := false
		for _, row := range rows {
			if strings.Contains(row, l.ProductName) && strings.Contains(row, FormatMoney(l.Amount)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no text row holds %q with %q", l.ProductName, FormatMoney(l.Amount))
		}
	}
	t.Logf("120 lines: %d pages, %d bytes, rendered in %s", pages, len(pdf), took)
}

func TestRenderUndrawableText(t *testing.T) {
	acct := domain.InvoiceAccount{Type: domain.InvoicePartner, ID: "partner-<script>alert(1)</script>"}
	lines := []domain.InvoiceLine{
		line("o1", "<script>alert('x')</script>", domain.OrderPurchase, 3, 500, "JPY"),
		line("o2", "微软 365 商业版", domain.OrderPurchase, 4, 700, "JPY"),
		line("o3", "Rocket 🚀 tab\there\nnewline\x00nul", domain.OrderPurchase, 5, 900, "JPY"),
		line("o4", strings.Repeat("Very long product name ", 40), domain.OrderPurchase, 6, 100, "JPY"),
	}
	inv := invoice(acct, "北京科技有限公司 & <b>Co</b>", domain.InvoiceOpen, lines, []domain.Money{{Amount: 2200, Currency: "JPY"}})
	inv.Number = ""
	pdf, err := Render(inv, Issuer{Name: "Ünïcödé GmbH — 東京", Address: []string{"Straße 1", ""}})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, pdf)
	contains(t, text, "<script>alert('x')</script>", "partner-<script>alert(1)</script>", "& <b>Co</b>",
		"?? 365 ???", "Rocket ? tab here newline nul", "Ünïcödé GmbH — ??", "Straße 1", "(not finalized)",
		"JPY 500", "JPY 2,200", "Very long product")
	for _, absent := range []string{"微", "北京", "🚀"} {
		if strings.Contains(text, absent) {
			t.Errorf("PDF text holds %q, want it replaced by '?'", absent)
		}
	}
}

func TestRenderDeterministic(t *testing.T) {
	acct := domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "tenant-a", TenantID: "tenant-a"}
	inv := invoice(acct, "Fabrikam 微软", domain.InvoiceOpen, []domain.InvoiceLine{
		line("o1", "Power BI Pro 🚀", domain.OrderPurchase, 3, 1000, "EUR"),
		line("o2", "Visio", domain.OrderCredit, 4, -100, "USD"),
	}, []domain.Money{{Amount: 1000, Currency: "EUR"}, {Amount: -100, Currency: "USD"}})
	first, err := Render(inv, issuer)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Render(inv, issuer)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, first) {
			t.Fatal("two renders of one invoice differ")
		}
	}
}

func TestRenderEmptyInvoice(t *testing.T) {
	// A degenerate invoice still renders (nothing in the domain makes one).
	if _, err := Render(domain.Invoice{}, Issuer{}); err != nil {
		t.Fatal(err)
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in   domain.Money
		want string
	}{
		{domain.Money{Amount: 123456, Currency: "EUR"}, "EUR 1,234.56"},
		{domain.Money{Amount: -1200, Currency: "EUR"}, "-EUR 12.00"},
		{domain.Money{Amount: 0, Currency: "USD"}, "USD 0.00"},
		{domain.Money{Amount: 5, Currency: "USD"}, "USD 0.05"},
		{domain.Money{Amount: -5, Currency: "USD"}, "-USD 0.05"},
		{domain.Money{Amount: 99, Currency: "GBP"}, "GBP 0.99"},
		{domain.Money{Amount: 100, Currency: "GBP"}, "GBP 1.00"},
		{domain.Money{Amount: 100000, Currency: "EUR"}, "EUR 1,000.00"},
		{domain.Money{Amount: 99999, Currency: "EUR"}, "EUR 999.99"},
		{domain.Money{Amount: 123456789012, Currency: "EUR"}, "EUR 1,234,567,890.12"},
		{domain.Money{Amount: 1500, Currency: "JPY"}, "JPY 1,500"},
		{domain.Money{Amount: 7, Currency: "KRW"}, "KRW 7"},
		{domain.Money{Amount: -1234567, Currency: "VND"}, "-VND 1,234,567"},
		{domain.Money{Amount: 0, Currency: "CLP"}, "CLP 0"},
		{domain.Money{Amount: 1000, Currency: "ISK"}, "ISK 1,000"},
		{domain.Money{Amount: 5, Currency: "XOF"}, "XOF 5"},
		{domain.Money{Amount: 1234567, Currency: "KWD"}, "KWD 1,234.567"},
		{domain.Money{Amount: 5, Currency: "BHD"}, "BHD 0.005"},
		{domain.Money{Amount: -1000, Currency: "OMR"}, "-OMR 1.000"},
		{domain.Money{Amount: 12, Currency: "TND"}, "TND 0.012"},
		{domain.Money{Amount: 12345, Currency: "CLF"}, "CLF 1.2345"},
		{domain.Money{Amount: 12345, Currency: "XYZ"}, "XYZ 123.45"},
		{domain.Money{Amount: math.MaxInt64, Currency: "EUR"}, "EUR 92,233,720,368,547,758.07"},
		{domain.Money{Amount: math.MinInt64, Currency: "EUR"}, "-EUR 92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.in); got != tt.want {
			t.Errorf("FormatMoney(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderReadsNoClock(t *testing.T) {
	acct := domain.InvoiceAccount{Type: domain.InvoiceTenant, ID: "tenant-a", TenantID: "tenant-a"}
	inv := invoice(acct, "", domain.InvoicePaid, []domain.InvoiceLine{line("o1", "Power BI Pro", domain.OrderPurchase, 3, 1000, "EUR")},
		[]domain.Money{{Amount: 1000, Currency: "EUR"}})
	pdf, err := Render(inv, issuer)
	if err != nil {
		t.Fatal(err)
	}
	// The only date in the document information is the issue date.
	m := regexp.MustCompile(`/CreationDate\s*\(D:(\d{8})`).FindSubmatch(pdf)
	if m == nil || string(m[1]) != "20270201" {
		t.Errorf("CreationDate = %q, want the issue date 20270201", m)
	}
}

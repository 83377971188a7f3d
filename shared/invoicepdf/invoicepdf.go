// Package invoicepdf renders an invoice (docs/spec.md §10) as an A4 PDF with
// github.com/signintech/gopdf and the embedded Go fonts, so it needs no font
// files at run time.
package invoicepdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"selfserve/shared/domain"
)

// Issuer is the seller printed at the top of every invoice.
type Issuer struct {
	Name    string
	Address []string
}

// Page geometry in points (A4 is 595 × 842).
const (
	pageW, pageH = 595.0, 842.0
	marginX      = 50.0
	marginTop    = 50.0
	bottomLimit  = pageH - 60 // rows never start below this
	contentW     = pageW - 2*marginX
	cellPad      = 3.0
	maxRunes     = 300 // longer texts are cut, so wrapping stays cheap
)

const (
	fontRegular = "goregular"
	fontBold    = "gobold"
)

// column is one column of the lines table.
type column struct {
	title string
	width float64
	right bool // right-aligned (numbers)
}

var columns = []column{
	{"Date", 54, false},
	{"Product", 143, false},
	{"Type", 74, false},
	{"Qty", 26, true},
	{"Period", 112, false},
	{"Amount", 86, true},
}

// tableSize is the font size of the lines table.
const tableSize = 8.5

// Render draws inv issued by issuer as an A4 PDF: the issuer top left; the
// title, number, issue date, month and status top right; the bill-to
// account; one table row per line (date, product, type, quantity, period,
// amount, an unpaid charge marked "(unpaid)"); and one "Total" row per
// currency. Rows flow onto further pages, which repeat the table header.
// Long cells wrap within their column; texts longer than 300 characters are
// cut. Characters the Go fonts have no glyph for (Chinese, emoji, …) are
// drawn as '?' and control characters as spaces, so no text makes Render
// fail. Render reads no clock: the PDF's creation date is inv.IssuedAt.
func Render(inv domain.Invoice, issuer Issuer) ([]byte, error) {
	r := &renderer{pdf: &gopdf.GoPdf{}, glyphs: map[rune]bool{}, number: inv.Number}
	if r.number == "" {
		r.number = "(not finalized)"
	}
	r.pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	opt := gopdf.TtfOption{Style: gopdf.Regular, OnGlyphNotFoundSubstitute: func(rune) rune { return '?' }}
	if err := r.pdf.AddTTFFontDataWithOption(fontRegular, goregular.TTF, opt); err != nil {
		return nil, fmt.Errorf("invoicepdf: font: %w", err)
	}
	if err := r.pdf.AddTTFFontDataWithOption(fontBold, gobold.TTF, opt); err != nil {
		return nil, fmt.Errorf("invoicepdf: font: %w", err)
	}
	r.newPage() // selects a font: clean needs one
	r.pdf.SetInfo(gopdf.PdfInfo{
		Title: "Invoice " + r.clean(r.number), Author: r.clean(issuer.Name), Creator: "selfserve",
		Producer: "selfserve", CreationDate: inv.IssuedAt,
	})
	r.header(inv, issuer)
	r.tableHeader()
	for _, l := range inv.Lines {
		r.row(lineCells(l), false)
	}
	r.totals(inv.Totals)
	if r.err != nil {
		return nil, fmt.Errorf("invoicepdf: %w", r.err)
	}
	b, err := r.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("invoicepdf: %w", err)
	}
	return b, nil
}

// renderer draws one invoice, keeping the first error and the current y.
type renderer struct {
	pdf    *gopdf.GoPdf
	err    error
	y      float64
	page   int
	number string
	// glyphs caches whether the Go fonts (regular and bold cover the same
	// characters) can draw a rune.
	glyphs map[rune]bool
}

// newPage starts a page with a footer naming the invoice and the page.
func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.page++
	r.font(fontRegular, 8)
	r.pdf.SetTextColor(110, 110, 110)
	r.text(marginX, pageH-40, contentW, fmt.Sprintf("%s · page %d", r.number, r.page), true)
	r.pdf.SetTextColor(0, 0, 0)
	r.y = marginTop
}

// header draws the issuer, the invoice facts and the bill-to block.
func (r *renderer) header(inv domain.Invoice, issuer Issuer) {
	y := marginTop
	r.font(fontBold, 14)
	for _, s := range r.wrap(issuer.Name, contentW/2) {
		r.text(marginX, y, contentW/2, s, false)
		y += 17
	}
	r.font(fontRegular, 9)
	for _, a := range issuer.Address {
		for _, s := range r.wrap(a, contentW/2) {
			r.text(marginX, y, contentW/2, s, false)
			y += 12
		}
	}

	right := marginX + contentW/2
	ry := marginTop
	r.font(fontBold, 20)
	r.text(right, ry, contentW/2, "Invoice", true)
	ry += 28
	facts := [][2]string{
		{"Number", r.number},
		{"Issued", day(inv.IssuedAt)},
		{"Period", fmt.Sprintf("%s (%s – %s)", inv.Month, day(inv.PeriodStart), day(inv.PeriodEnd.Add(-time.Nanosecond)))},
		{"Status", statusLabel(inv.Status)},
	}
	for _, f := range facts {
		r.font(fontBold, 9)
		r.text(right, ry, 60, f[0], false)
		r.font(fontRegular, 9)
		r.text(right+60, ry, contentW/2-60, f[1], true)
		ry += 13
	}

	y = max(y, ry) + 20
	r.font(fontBold, 10)
	r.text(marginX, y, contentW, "Bill to", false)
	y += 14
	r.font(fontRegular, 10)
	bill := []string{accountLabel(inv.Account)}
	if inv.BillToName != "" {
		bill = append([]string{inv.BillToName}, bill...)
	}
	for _, b := range bill {
		for _, s := range r.wrap(b, contentW) {
			r.text(marginX, y, contentW, s, false)
			y += 13
		}
	}
	r.y = y + 20
}

// tableHeader draws the column titles and a rule under them.
func (r *renderer) tableHeader() {
	r.font(fontBold, tableSize)
	x := marginX
	for _, c := range columns {
		r.text(x+cellPad, r.y, c.width-2*cellPad, c.title, c.right)
		x += c.width
	}
	r.y += 13
	r.rule(0.8)
}

// row draws one table row, wrapping each cell within its column, on a new
// page (with the table header) when it would pass the bottom limit.
func (r *renderer) row(cells []string, bold bool) {
	const lineH = 11.0
	face := fontRegular
	if bold {
		face = fontBold
	}
	r.font(face, tableSize)
	wrapped := make([][]string, len(cells))
	lines := 1
	for i, c := range cells {
		wrapped[i] = r.wrap(c, columns[i].width-2*cellPad)
		lines = max(lines, len(wrapped[i]))
	}
	h := float64(lines)*lineH + 4
	if r.y+h > bottomLimit {
		r.newPage()
		r.tableHeader()
		r.font(face, tableSize)
	}
	x := marginX
	for i, c := range columns {
		for j, s := range wrapped[i] {
			r.text(x+cellPad, r.y+2+float64(j)*lineH, c.width-2*cellPad, s, c.right)
		}
		x += c.width
	}
	r.y += h
	if !bold {
		r.pdf.SetStrokeColor(220, 220, 220)
		r.rule(0.3)
		r.pdf.SetStrokeColor(0, 0, 0)
	}
}

// totals draws one bold "Total" row per currency under a rule.
func (r *renderer) totals(totals []domain.Money) {
	r.y += 2
	r.rule(0.8)
	r.y += 2
	for _, t := range totals {
		cells := make([]string, len(columns))
		cells[len(cells)-2] = "Total " + t.Currency
		cells[len(cells)-1] = FormatMoney(t)
		r.row(cells, true)
	}
}

// rule draws a horizontal line across the content width at the current y.
func (r *renderer) rule(width float64) {
	r.pdf.SetLineWidth(width)
	r.pdf.Line(marginX, r.y, marginX+contentW, r.y)
}

// font selects a face and size.
func (r *renderer) font(family string, size float64) {
	if r.err == nil {
		r.err = r.pdf.SetFont(family, "", size)
	}
}

// text draws s in the box [x, x+w] with its top at y, right-aligned or not.
func (r *renderer) text(x, y, w float64, s string, right bool) {
	s = r.clean(s)
	if r.err != nil || s == "" {
		return
	}
	align := gopdf.Left | gopdf.Top
	if right {
		align = gopdf.Right | gopdf.Top
	}
	r.pdf.SetXY(x, y)
	r.err = r.pdf.CellWithOption(&gopdf.Rect{W: w, H: 12}, s, gopdf.CellOption{Align: align})
}

// wrap splits s into lines no wider than w in the current font, at spaces
// when it can; a lone "" for an empty s.
func (r *renderer) wrap(s string, w float64) []string {
	s = r.clean(s)
	if r.err != nil || s == "" {
		return []string{""}
	}
	if width, err := r.pdf.MeasureTextWidth(s); err == nil && width <= w {
		return []string{s}
	}
	lines, err := r.pdf.SplitTextWithWordWrap(s, w)
	if err != nil {
		r.err = err
		return []string{""}
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines
}

// clean cuts s to maxRunes, turns control characters into spaces and
// replaces every character the current font has no glyph for by '?'.
func (r *renderer) clean(s string) string {
	var b strings.Builder
	n := 0
	for _, c := range s {
		if n == maxRunes {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case unicode.IsControl(c) || unicode.IsSpace(c):
			b.WriteByte(' ')
		case r.hasGlyph(c):
			b.WriteRune(c)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// hasGlyph reports whether the Go fonts can draw c: gopdf finds it in the
// font's cmap with a glyph index other than 0 (.notdef).
func (r *renderer) hasGlyph(c rune) bool {
	ok, cached := r.glyphs[c]
	if !cached {
		has, err := r.pdf.IsCurrFontContainGlyph(c)
		ok = err == nil && has
		r.glyphs[c] = ok
	}
	return ok
}

// lineCells are the table cells of one invoice line.
func lineCells(l domain.InvoiceLine) []string {
	product := l.ProductName
	if product == "" {
		product = l.ProductID
	}
	typ := typeLabel(l.Type)
	if !l.Paid {
		typ += " (unpaid)"
	}
	period := ""
	if !l.PeriodStart.IsZero() || !l.PeriodEnd.IsZero() {
		period = day(l.PeriodStart) + " – " + day(l.PeriodEnd)
	}
	return []string{day(l.At), product, typ, strconv.Itoa(l.Quantity), period, FormatMoney(l.Amount)}
}

// day is t's UTC date.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// typeLabel is an order type for people.
func typeLabel(t string) string {
	switch t {
	case domain.OrderPurchase:
		return "Purchase"
	case domain.OrderRenewal:
		return "Renewal"
	case domain.OrderTrialConversion:
		return "Trial conversion"
	case domain.OrderProration:
		return "Proration"
	case domain.OrderCredit:
		return "Credit"
	}
	return t
}

// statusLabel is an invoice status for people.
func statusLabel(s string) string {
	switch s {
	case domain.InvoicePaid:
		return "Paid"
	case domain.InvoiceOpen:
		return "Open"
	case domain.InvoiceVoid:
		return "Void (nothing to pay)"
	}
	return s
}

// accountLabel names the bill-to account: its type, id and tenant.
func accountLabel(a domain.InvoiceAccount) string {
	switch a.Type {
	case domain.InvoicePurchaser:
		return fmt.Sprintf("Purchaser %s (tenant %s)", a.ID, a.TenantID)
	case domain.InvoiceTenant:
		return "Tenant " + a.ID
	case domain.InvoicePartner:
		return "Partner " + a.ID
	}
	return a.Type + " " + a.ID
}

// FormatMoney writes m's minor units in its currency's ISO 4217 exponent (2
// unless listed otherwise: 0 for JPY, KRW, …; 3 for BHD, KWD, …) with
// thousands separators: "EUR 1,234.56", "JPY 1,500", "-EUR 12.00".
func FormatMoney(m domain.Money) string {
	exp := domain.MinorDigits(m.Currency)
	sign := ""
	u := uint64(m.Amount)
	if m.Amount < 0 {
		sign = "-"
		u = -u // two's complement: right even for math.MinInt64
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-exp], digits[len(digits)-exp:]
	var b strings.Builder
	b.WriteString(sign)
	if m.Currency != "" {
		b.WriteString(m.Currency + " ")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if exp > 0 {
		b.WriteString("." + frac)
	}
	return b.String()
}

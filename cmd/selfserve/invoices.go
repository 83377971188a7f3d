package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
	"selfserve/shared/domain"
)

// invoiceStatuses are the statuses of docs/openapi.yaml's Invoice.
var invoiceStatuses = []string{domain.InvoicePaid, domain.InvoiceOpen, domain.InvoiceVoid}

func (c *cli) invoicesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "invoices",
		Short: "Monthly invoices: list them, show one with its lines, download its PDF",
		Example: `  selfserve invoices list --from 2026-01
  selfserve invoices show inv_202604_…
  selfserve invoices download inv_202604_…`,
	}
	return group(cmd, c.invoicesList(), c.invoicesShow(), c.invoicesDownload())
}

func (c *cli) invoicesList() *cobra.Command {
	var billTo, status, from, to, partner string
	cmd := &cobra.Command{
		Use:   "list [--bill-to tenant|USER] [--status paid|open|void] [--from YYYY-MM] [--to YYYY-MM] [--partner ID]",
		Short: "List the tenant's invoices and its purchasers', newest month first (a user sees only their own)",
		Long: `List the tenant's invoices, newest month first: its own (central purchases) and every
purchaser's (self-service purchases); a user sees only their own. An invoice holds one
bill-to account's orders of a UTC calendar month; it is final, and listed, from 01:00 UTC
on the 1st of the next month. --from and --to are months (YYYY-MM), both included.

With --partner, the invoices of a partner's partner purchases instead (its agents and its
own admins). -o json shows every invoice with its lines.`,
		Example: `  selfserve invoices list
  selfserve invoices list --bill-to tenant --status open --from 2026-01 --to 2026-06
  selfserve invoices list --partner fabrikam-partners -o csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkEnum("status", status, invoiceStatuses, false); err != nil {
				return err
			}
			if err := checkMonths(from, to); err != nil {
				return err
			}
			if partner != "" && billTo != "" {
				return usagef("--bill-to is for a tenant's invoices: leave it out with --partner")
			}
			if billTo != "" && billTo != domain.InvoiceTenant && !domain.ValidID(billTo) {
				return usagef("--bill-to must be tenant or a user id, not %q", billTo)
			}
			if partner != "" {
				cl, err := c.client()
				if err != nil {
					return err
				}
				invs, err := collectAll(cl.AllPartnerInvoices(cmd.Context(), partner,
					&client.ListPartnerInvoicesParams{Status: status, From: from, To: to, Limit: 200}))
				if err != nil {
					return err
				}
				return c.print(invs, invoiceRows(invs))
			}
			return c.call(func(cl *client.Client, tenant string) error {
				invs, err := collectAll(cl.AllInvoices(cmd.Context(), tenant,
					&client.ListInvoicesParams{BillTo: billTo, Status: status, From: from, To: to, Limit: 200}))
				if err != nil {
					return err
				}
				return c.print(invs, invoiceRows(invs))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&billTo, "bill-to", "", "only the tenant's own (tenant) or one purchaser's (a user id)")
	f.StringVar(&status, "status", "", "only this status: "+orList(invoiceStatuses))
	f.StringVar(&from, "from", "", "the first month listed, YYYY-MM")
	f.StringVar(&to, "to", "", "the last month listed, YYYY-MM")
	f.StringVar(&partner, "partner", "", "list this partner's invoices instead (its tenant id)")
	completeEnum(cmd, "status", invoiceStatuses)
	completeEnum(cmd, "bill-to", []string{domain.InvoiceTenant})
	return cmd
}

func (c *cli) invoicesShow() *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show an invoice: its bill-to, status and totals, then its lines (-o csv: the lines)",
		Example: `  selfserve invoices show inv_202604_…
  selfserve invoices show inv_202604_… -o csv`,
		Args: exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkInvoiceID(args[0]); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				inv, err := cl.GetInvoice(cmd.Context(), tenant, args[0])
				if err != nil {
					return err
				}
				lines := invoiceLines(inv)
				if c.output != "table" {
					return c.print(inv, lines) // JSON: the invoice; CSV: its lines
				}
				if err := c.print(inv, invoiceFields(inv)); err != nil {
					return err
				}
				fmt.Fprintln(c.out)
				return c.print(inv, lines)
			})
		},
	}
}

// invoiceNumber is how an invoice number looks (INV-2026-000123).
var invoiceNumber = regexp.MustCompile(`^INV-[0-9]{4}-[0-9]{6,}$`)

// checkInvoiceID refuses an invoice's number where its id is wanted.
func checkInvoiceID(id string) error {
	if invoiceNumber.MatchString(id) {
		return usagef("%s is an invoice's number; show and download take its id (inv_…), the first column of invoices list", id)
	}
	return nil
}

// formats are the values of the global -o, which download's -o is not.
var formats = map[string]bool{"table": true, "json": true, "csv": true}

// fileName is what a default file name may be: no folder, no surprise.
var fileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (c *cli) invoicesDownload() *cobra.Command {
	var file string
	var force bool
	cmd := &cobra.Command{
		Use:   "download ID [-o FILE] [--force]",
		Short: "Save an invoice as PDF, as NUMBER.pdf unless -o names the file",
		Long: `Save an invoice's PDF to FILE, by default its number with .pdf (INV-2026-000123.pdf) in
the current folder, and print the file's name. Here -o, --output names the file (- for
stdout), not the output format. An existing file is kept: the command refuses unless
--force.`,
		Example: `  selfserve invoices download inv_202604_…
  selfserve invoices download inv_202604_… -o april.pdf --force
  selfserve invoices download inv_202604_… -o - | lpr`,
		Args: exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkInvoiceID(args[0]); err != nil {
				return err
			}
			if formats[file] {
				return usagef("-o names the file here, not the output format: -o %s.pdf saves it as %s.pdf", file, file)
			}
			if err := checkNew(file, force); err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				if file == "" {
					inv, err := cl.GetInvoice(cmd.Context(), tenant, args[0])
					if err != nil {
						return err
					}
					if !fileName.MatchString(inv.Number) {
						return fmt.Errorf("the invoice's number %q is no file name: pass -o FILE", inv.Number)
					}
					file = inv.Number + ".pdf"
					if err := checkNew(file, force); err != nil {
						return err
					}
				}
				pdf, err := cl.GetInvoicePdf(cmd.Context(), tenant, args[0])
				if err != nil {
					return err
				}
				if file == "-" {
					_, err := c.out.Write(pdf)
					return err
				}
				if err := writeNew(file, pdf, force); err != nil {
					return err
				}
				_, err = fmt.Fprintln(c.out, file)
				return err
			})
		},
	}
	// -o, --output is the file here: this flag hides the global one.
	cmd.Flags().StringVarP(&file, "output", "o", "", "write the PDF to `FILE` (default NUMBER.pdf; - for stdout)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite the file if it exists")
	return cmd
}

// checkMonths checks --from and --to: months, YYYY-MM, the first not after
// the second.
func checkMonths(from, to string) error {
	var months [2]time.Time
	for i, m := range []struct{ flag, value string }{{"from", from}, {"to", to}} {
		if m.value == "" {
			continue
		}
		t, err := time.Parse("2006-01", m.value)
		if err != nil {
			return usagef("--%s must be a month, YYYY-MM (2026-01), not %q", m.flag, m.value)
		}
		months[i] = t
	}
	if from != "" && to != "" && months[0].After(months[1]) {
		return usagef("--from %s is after --to %s", from, to)
	}
	return nil
}

// checkNew refuses to overwrite file unless force ("" and - are no files).
func checkNew(file string, force bool) error {
	if file == "" || file == "-" || force {
		return nil
	}
	if _, err := os.Lstat(file); err == nil {
		return usagef("%s exists: pass --force to overwrite it, or -o another file", file)
	}
	return nil
}

// writeNew writes b to file, which it creates; an existing file is an
// error unless force, which replaces it.
func writeNew(file string, b []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(file, flags, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return usagef("%s exists: pass --force to overwrite it, or -o another file", file)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(file) // no half a PDF
	}
	return err
}

// invoiceRows are invoices as the list's rows.
func invoiceRows(invs []client.Invoice) table {
	t := table{columns: []string{"Id", "Number", "Month", "BillTo", "Status", "Total", "IssuedAt"}}
	for _, inv := range invs {
		t.add(inv.ID, inv.Number, inv.Month, billToText(inv.BillTo), inv.Status, totalsText(inv.Totals), inv.IssuedAt)
	}
	return t
}

// invoiceFields is an invoice as a two-column table of its fields.
func invoiceFields(inv *client.Invoice) table {
	t := table{columns: []string{"Field", "Value"}}
	t.add("Id", inv.ID)
	t.add("Number", inv.Number)
	t.add("Month", inv.Month)
	t.add("BillTo", billToText(inv.BillTo))
	if inv.BillToName != "" {
		t.add("BillToName", inv.BillToName)
	}
	if inv.BillTo.TenantID != "" && inv.BillTo.TenantID != inv.BillTo.ID {
		t.add("TenantId", inv.BillTo.TenantID)
	}
	t.add("Status", inv.Status)
	t.add("Total", totalsText(inv.Totals))
	t.add("PeriodStart", inv.PeriodStart)
	t.add("PeriodEnd", inv.PeriodEnd)
	t.add("IssuedAt", inv.IssuedAt)
	t.add("Lines", len(inv.Lines))
	return t
}

// invoiceLines are an invoice's lines as rows.
func invoiceLines(inv *client.Invoice) table {
	t := table{columns: []string{"OrderId", "At", "Type", "SubscriptionId", "Product", "Quantity", "Amount", "Paid", "PeriodStart", "PeriodEnd"}}
	for _, l := range inv.Lines {
		t.add(l.OrderID, l.At, l.Type, l.SubscriptionID, l.ProductName, l.Quantity, moneyText(l.Amount), l.Paid, l.PeriodStart, l.PeriodEnd)
	}
	return t
}

// billToText is an invoice's account as a cell: its type and id.
func billToText(a client.InvoiceAccount) string { return a.Type + " " + a.ID }

// totalsText is an invoice's totals, one per currency.
func totalsText(totals []client.Money) string {
	s := make([]string, len(totals))
	for i, m := range totals {
		s[i] = moneyText(m)
	}
	return strings.Join(s, ", ")
}

package httpapi

import (
	"net/http"
	"time"

	"selfserve/shared/app"
	"selfserve/shared/domain"
	"selfserve/shared/invoicepdf"
	"selfserve/shared/store"
)

// issuer is the seller printed on invoices: the deployment's operator
// (docs/decisions.md, "Invoices").
var issuer = invoicepdf.Issuer{Name: "selfserve"}

// invoiceFilter reads the filters of an invoice list: status, from and to
// (months, YYYY-MM, inclusive) and, on a tenant's list, billTo ("tenant"
// or a purchaser's user id).
func invoiceFilter(r *http.Request, tenantList bool) (store.InvoiceFilter, error) {
	q := r.URL.Query()
	var f store.InvoiceFilter
	if v := q.Get("billTo"); tenantList && v != "" {
		if v == domain.InvoiceTenant {
			f.TenantOnly = true
		} else if err := domain.CheckID("billTo", v); err != nil {
			return f, domain.FieldErrorf("billTo", "billTo must be %q or a user id", domain.InvoiceTenant)
		} else {
			f.Purchaser = v
		}
	}
	switch v := q.Get("status"); v {
	case "", domain.InvoicePaid, domain.InvoiceOpen, domain.InvoiceVoid:
		f.Status = v
	default:
		return f, domain.FieldErrorf("status", "status must be paid, open or void")
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse("2006-01", v)
			if err != nil {
				return f, domain.FieldErrorf(name, "%s must be a month, YYYY-MM", name)
			}
			*dst = t
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return f, domain.Errorf(domain.CodeInvalidRequest, "from is after to")
	}
	return f, nil
}

func listInvoices(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	tenantID := r.PathValue("tenantId")
	limit, err := listQuery(r, "billTo", "status", "from", "to")
	if err != nil {
		return err
	}
	f, err := invoiceFilter(r, true)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var pg pager
	invs, next, err := a.App.ListInvoices(r.Context(), p, tenantID, f, func(f store.InvoiceFilter) (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListInvoices", tenantID, f.Purchaser, q.Get("billTo"), f.Status, q.Get("from"), q.Get("to"))
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Invoice]{Items: invs, NextCursor: pg.next(next)})
}

func getInvoice(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	inv, err := a.App.GetInvoice(r.Context(), p, r.PathValue("tenantId"), r.PathValue("invoiceId"), "GetInvoice")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inv)
}

func getInvoicePdf(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	if err := checkQuery(r, nil); err != nil {
		return err
	}
	inv, err := a.App.GetInvoice(r.Context(), p, r.PathValue("tenantId"), r.PathValue("invoiceId"), "GetInvoicePdf")
	if err != nil {
		return err
	}
	pdf, err := invoicepdf.Render(inv, issuer)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+inv.Number+`.pdf"`)
	writeBody(w, http.StatusOK, "application/pdf", pdf)
	return nil
}

func listPartnerInvoices(a *API, w http.ResponseWriter, r *http.Request, p domain.Principal) error {
	partnerID := r.PathValue("partnerId")
	limit, err := listQuery(r, "status", "from", "to")
	if err != nil {
		return err
	}
	f, err := invoiceFilter(r, false)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var pg pager
	invs, next, err := a.App.ListPartnerInvoices(r.Context(), p, partnerID, f, func() (app.Page, error) {
		pg, err = a.openPage(r, limit, "ListPartnerInvoices", partnerID, f.Status, q.Get("from"), q.Get("to"))
		return pg.Page, err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[domain.Invoice]{Items: invs, NextCursor: pg.next(next)})
}

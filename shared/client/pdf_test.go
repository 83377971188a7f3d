package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGetInvoicePdf: the PDF's bytes come back as sent, asked for with
// Accept; error answers are Problems as for every operation; a 2xx answer
// that is no PDF is an error, not bytes.
func TestGetInvoicePdf(t *testing.T) {
	const pdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\nbinary \x00\x01 bytes\n%%EOF\n"
	problem := map[string]string{"Content-Type": "application/problem+json"}
	tests := []struct {
		name      string
		answer    func(http.ResponseWriter, *http.Request)
		want      string // the bytes, on success
		wantError string // the error's start, on failure
		problem   bool   // the error is a *Problem
	}{
		{"a PDF", status(200, map[string]string{"Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="INV-2026-000001.pdf"`}, pdf),
			pdf, "", false},
		{"a PDF with parameters", status(200, map[string]string{"Content-Type": "application/pdf; name=INV-2026-000001.pdf"}, pdf),
			pdf, "", false},
		{"not found", status(404, problem, `{"type":"urn:selfserve:problem:not_found","title":"Not Found","status":404,"code":"not_found","detail":"no such invoice"}`),
			"", "404 not_found: no such invoice", true},
		{"forbidden", status(403, problem, `{"type":"urn:selfserve:problem:forbidden","title":"Forbidden","status":403,"code":"forbidden","detail":"a user sees only their own invoices"}`),
			"", "403 forbidden: a user sees only their own invoices", true},
		{"the gateway's 401", status(401, map[string]string{"Content-Type": "application/json"}, `{"message":"Unauthorized"}`),
			"", "401 Unauthorized", true},
		{"JSON instead of a PDF", status(200, map[string]string{"Content-Type": "application/json"}, `{"id":"inv_1"}`),
			"", `client: GetInvoicePdf: the 200 answer is "application/json", not application/pdf`, false},
		{"another binary media type", status(200, map[string]string{"Content-Type": "application/octet-stream"}, pdf),
			"", `client: GetInvoicePdf: the 200 answer is "application/octet-stream", not application/pdf`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotAccept, gotPath string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAccept, gotPath = r.Header.Get("Accept"), r.URL.Path
				tt.answer(w, r)
			}))
			defer srv.Close()
			c, err := New(srv.URL, WithRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			b, err := c.GetInvoicePdf(context.Background(), "contoso", "inv_202604_0123456789abcdef0123")
			if got, want := gotPath, "/v1/tenants/contoso/invoices/inv_202604_0123456789abcdef0123/pdf"; got != want {
				t.Errorf("path = %s, want %s", got, want)
			}
			if got, want := gotAccept, "application/pdf, application/problem+json"; got != want {
				t.Errorf("Accept = %q, want %q", got, want)
			}
			if tt.wantError == "" {
				if err != nil {
					t.Fatalf("error %v, want the PDF", err)
				}
				if got, want := string(b), tt.want; got != want {
					t.Errorf("bytes = %q, want %q", got, want)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantError) {
				t.Fatalf("error %v, want one starting %q", err, tt.wantError)
			}
			if b != nil {
				t.Errorf("bytes %q with the error, want none", b)
			}
			if _, ok := AsProblem(err); ok != tt.problem {
				t.Errorf("the error is a *Problem: %v, want %v", ok, tt.problem)
			}
		})
	}
}

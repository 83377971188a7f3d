// The tenant's invoices (ListInvoices) and their PDFs (GetInvoicePdf), which
// need the session's token: the PDF is fetched, then saved from a Blob.
import { api, call, type Schemas } from '../../api/client';
import type { PageOf } from '../../components/paging';

export type Invoice = Schemas['Invoice'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type InvoiceStatus = Invoice['status'];

export const INVOICE_STATUSES: InvoiceStatus[] = ['paid', 'open', 'void'];

export interface InvoiceFilters {
  status?: InvoiceStatus;
  /** `tenant` for the organization's own invoices only. */
  billTo?: 'tenant';
}

/** One page of the invoices the reader may see, newest month first. */
export function invoicesPage(tenantId: string, filters: InvoiceFilters, cursor: string | undefined, limit = 50): Promise<PageOf<Invoice>> {
  return call(
    api.GET('/v1/tenants/{tenantId}/invoices', {
      params: { path: { tenantId }, query: { ...filters, limit, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

/** Fetches an invoice's PDF with the session's token and saves it as "<number>.pdf". */
export async function downloadInvoicePdf(tenantId: string, invoice: Invoice): Promise<void> {
  const pdf = await call(
    api.GET('/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf', {
      params: { path: { tenantId, invoiceId: invoice.id } },
      parseAs: 'blob',
    }),
  );
  saveBlob(pdf, `${invoice.number}.pdf`);
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by then; the object URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

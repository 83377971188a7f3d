// ExportLicenses, every page: the API pages the CSV by a Link rel="next"
// header naming a cursor, and takes at most 100 subscriptionIds a request.
import { api, call } from '../../api/client';

const IDS_PER_REQUEST = 100;
const CRLF = '\r\n';

/** The cursor of a Link header's rel="next" URL, if it has one. */
export function nextCursor(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (m?.[1] && /rel="?next"?/.test(m[2] ?? '')) {
      return new URL(m[1], window.location.origin).searchParams.get('cursor') ?? undefined;
    }
  }
  return undefined;
}

/** The records of an RFC 4180 text, each without its CRLF (a quoted cell may hold line breaks). */
export function records(csv: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      out.push(csv.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  if (start < csv.length) out.push(csv.slice(start));
  return out.filter((r) => r !== '');
}

/** The header row and the data rows of one page. */
function splitPage(csv: string): { header: string; rows: string[] } {
  const all = records(csv);
  return { header: all[0] ?? '', rows: all.slice(1) };
}

async function exportPage(tenantId: string, subscriptionId: string[], cursor?: string) {
  const request = api.GET('/v1/tenants/{tenantId}/licenses/export', {
    params: { path: { tenantId }, query: { subscriptionId, ...(cursor ? { cursor } : {}) } },
    parseAs: 'text',
  });
  const text = await call(request);
  const { response } = await request;
  return { text, next: nextCursor(response.headers.get('Link')) };
}

/**
 * The licensed users of the subscriptions as one CSV file (a single header
 * row), reporting the rows read so far after every page.
 */
export async function exportLicenses(tenantId: string, subscriptionIds: string[], onRows: (rows: number) => void): Promise<{ csv: string; rows: number }> {
  let header = '';
  const rows: string[] = [];
  for (let i = 0; i < subscriptionIds.length; i += IDS_PER_REQUEST) {
    const ids = subscriptionIds.slice(i, i + IDS_PER_REQUEST);
    let cursor: string | undefined;
    do {
      const page = await exportPage(tenantId, ids, cursor);
      const part = splitPage(page.text);
      header ||= part.header;
      rows.push(...part.rows);
      onRows(rows.length);
      cursor = page.next;
    } while (cursor);
  }
  return { csv: [header, ...rows].map((l) => l + CRLF).join(''), rows: rows.length };
}

/** Hands the text to the browser as a downloaded file. */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

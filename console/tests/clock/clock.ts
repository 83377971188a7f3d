// The local runner's clock (GET and POST /_local/clock): it starts at this
// machine's time, and moving it runs the sweeps that have become due. Only
// the "clock" project's specs, on a runner of their own, may move it.
import { expect } from '../fixtures';

/** The runner's time now (RFC 3339). */
export async function clockNow(baseURL: string | undefined): Promise<string> {
  const res = await fetch(`${baseURL}/_local/clock`);
  expect(res.ok, `GET /_local/clock: ${res.status}`).toBe(true);
  return ((await res.json()) as { now: string }).now;
}

/** Sets the runner's clock (forward only, as time goes) and runs what became due. */
export async function setClock(baseURL: string | undefined, at: string): Promise<string> {
  const res = await fetch(`${baseURL}/_local/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ set: at }),
  });
  const text = await res.text();
  expect(res.ok, `POST /_local/clock ${at}: ${res.status} ${text}`).toBe(true);
  return (JSON.parse(text) as { now: string }).now;
}

/** The 1st of the month after the one of `iso`, at 02:00 UTC: after that month's invoices are final (01:00). */
export function firstOfNextMonth(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 2, 0, 0)).toISOString();
}

/** Money in minor units as the console writes it in English. */
export function money(m: { amount: number; currency: string }): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).format(m.amount / 100);
}

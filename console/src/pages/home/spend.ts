// Spend per calendar month from the order history: charges minus credits.
import type { Order } from '../bills/orders';

export interface MonthlySpend {
  currency: string;
  /** One per calendar month (UTC) from the first order's to the last one's, empty months included. */
  months: { month: string; amount: number }[];
}

/** "2026-11" for an RFC 3339 time (UTC). */
function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

function nextMonth(month: string): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The orders' net amount per month, one series per currency (in minor units). */
export function spendPerMonth(orders: Order[]): MonthlySpend[] {
  const byCurrency = new Map<string, Map<string, number>>();
  for (const o of orders) {
    const months = byCurrency.get(o.amount.currency) ?? new Map<string, number>();
    byCurrency.set(o.amount.currency, months);
    const sign = o.type === 'credit' ? -1 : 1;
    months.set(monthOf(o.at), (months.get(monthOf(o.at)) ?? 0) + sign * o.amount.amount);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amounts]) => {
      const keys = [...amounts.keys()].sort();
      const months: MonthlySpend['months'] = [];
      const last = keys[keys.length - 1] ?? '';
      for (let m = keys[0] ?? ''; m && m <= last; m = nextMonth(m)) months.push({ month: m, amount: amounts.get(m) ?? 0 });
      return { currency, months };
    });
}

/** A month ("2026-11") as the locale writes it, e.g. "Nov 2026". */
export function monthLabel(locale: string, month: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

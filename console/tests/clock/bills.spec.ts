// Bills & payments with real invoices (docs/spec.md §10): a month's orders
// are invoiced on the 1st of the next month, so this spec moves the clock of
// the "clock" project's own runner. An admin sees the organization's invoice
// (central purchase, open) and the purchaser's (card-paid), reads the lines
// and downloads a PDF; the purchaser sees only their own.
import { readFile } from 'node:fs/promises';
import { test, expect, signIn, checkPage, type Who } from '../fixtures';
import { clockNow, firstOfNextMonth, money, setClock } from './clock';

interface Invoice {
  id: string;
  number: string;
  month: string;
  status: 'paid' | 'open' | 'void';
  billTo: { type: 'purchaser' | 'tenant' | 'partner'; id: string };
  totals: { amount: number; currency: string }[];
}

const POWER_APPS = { id: 'CFQ7TTC0KP0P', name: 'Power Apps per user' };
const POWER_BI = { id: 'CFQ7TTC0L3PB', name: 'Power BI Pro' };

/** "November 2026" for "2026-11". */
function monthText(month: string): string {
  return new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

test('invoices: an admin sees both, reads the lines and downloads a PDF; the purchaser sees only their own', async ({ page, api, tenant, baseURL }) => {
  const admin: Who = { tenantId: tenant, userId: 'gina', roles: ['GlobalAdmin'] };
  const user: Who = { tenantId: tenant, userId: 'ursula', name: 'Ursula User', email: 'ursula@contoso.example' };
  const subs = `/v1/tenants/${tenant}/subscriptions`;
  const month = (await clockNow(baseURL)).slice(0, 7);
  await api.call(user, 'POST', subs, { productId: POWER_APPS.id, billingFrequency: 'monthly', quantity: 1, paymentMethodId: 'pm_card_visa' });
  await api.call(admin, 'POST', subs, { productId: POWER_BI.id, billingFrequency: 'monthly', quantity: 3 });

  // Before the month is over: no invoice.
  await signIn(page, admin);
  await page.getByRole('button', { name: 'Bills & payments' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Invoices' })).toBeVisible();
  await expect(page.getByText('No invoices yet.', { exact: false })).toBeVisible();

  // The 1st of the next month, 02:00 UTC: the InvoicesSweep (01:00) has finalized the month.
  await setClock(baseURL, firstOfNextMonth(`${month}-15T00:00:00Z`));
  const list = await api.call<{ items: Invoice[] }>(admin, 'GET', `/v1/tenants/${tenant}/invoices`);
  expect(list.body.items).toHaveLength(2);
  const central = list.body.items.find((i) => i.billTo.type === 'tenant');
  const own = list.body.items.find((i) => i.billTo.type === 'purchaser');
  expect(central).toMatchObject({ month, status: 'open', billTo: { id: tenant } });
  expect(own).toMatchObject({ month, status: 'paid', billTo: { id: 'ursula' } });
  if (!central?.totals[0] || !own?.totals[0]) throw new Error('invoices without totals');

  await page.getByRole('button', { name: 'Home' }).click();
  await page.getByRole('button', { name: 'Bills & payments' }).click();
  const invoices = page.getByRole('table', { name: 'Invoices' });
  await expect(invoices.getByRole('columnheader')).toHaveText(['Invoice number', 'Month', 'Billed to', 'Status', 'Total', 'Issued', 'Actions']);
  const centralRow = invoices.getByRole('row').filter({ hasText: central.number });
  const ownRow = invoices.getByRole('row').filter({ hasText: own.number });
  await expect(centralRow.getByRole('cell').nth(1)).toHaveText(monthText(month));
  await expect(centralRow.getByRole('cell').nth(2)).toHaveText('Your organization');
  await expect(centralRow.getByRole('cell').nth(3)).toHaveText('Open');
  await expect(centralRow.getByRole('cell').nth(4)).toHaveText(money(central.totals[0]));
  await expect(ownRow.getByRole('cell').nth(2)).toHaveText('Ursula User');
  await expect(ownRow.getByRole('cell').nth(3)).toHaveText('Paid');
  await expect(ownRow.getByRole('cell').nth(4)).toHaveText(money(own.totals[0]));
  // The orders are still listed below.
  await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row')).toHaveCount(3);
  await checkPage(page, 'bills-invoices');

  // A row opens its lines.
  await ownRow.getByRole('button', { name: 'Show lines' }).click();
  await expect(ownRow.getByRole('button', { name: 'Hide lines' })).toHaveAttribute('aria-expanded', 'true');
  const lines = page.getByRole('table', { name: `Lines of invoice ${own.number}` });
  await expect(lines.getByRole('row')).toHaveCount(2);
  await expect(lines.getByRole('row').nth(1)).toContainText(POWER_APPS.name);
  await expect(lines.getByRole('row').nth(1)).toContainText('Purchase');
  await expect(lines.getByRole('row').nth(1)).toContainText(money(own.totals[0]));
  await checkPage(page, 'bills-invoice-lines');
  await ownRow.getByRole('button', { name: 'Hide lines' }).click();
  await expect(lines).toHaveCount(0);

  // The filters: by status, then the organization's own.
  await page.getByLabel('Status').selectOption('paid');
  await expect(invoices.getByRole('row')).toHaveCount(2);
  await expect(invoices).toContainText(own.number);
  await page.getByLabel('Status').selectOption('void');
  await expect(page.getByText('No invoice matches these filters.')).toBeVisible();
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Billed to').selectOption('tenant');
  await expect(invoices.getByRole('row')).toHaveCount(2);
  await expect(invoices).toContainText(central.number);
  await page.getByLabel('Billed to').selectOption('');
  await expect(invoices.getByRole('row')).toHaveCount(3);

  // The PDF, fetched with the session's token and saved under the invoice's number.
  const downloading = page.waitForEvent('download');
  await invoices.getByRole('row').filter({ hasText: central.number }).getByRole('button', { name: 'Download PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${central.number}.pdf`);
  const pdf = await readFile(await download.path());
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // The purchaser: only their own invoice, and no bill-to filter.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, user);
  await page.getByRole('button', { name: 'Bills & payments' }).click();
  const mine = page.getByRole('table', { name: 'Invoices' });
  await expect(mine.getByRole('row')).toHaveCount(2);
  await expect(mine.getByRole('row').nth(1)).toContainText(own.number);
  await expect(mine.getByRole('row').nth(1)).toContainText('Paid');
  await expect(mine).not.toContainText(central.number);
  await expect(page.getByLabel('Billed to')).toHaveCount(0);
  await checkPage(page, 'bills-invoices-purchaser');

  const userDownload = page.waitForEvent('download');
  await mine.getByRole('button', { name: 'Download PDF' }).click();
  expect((await userDownload).suggestedFilename()).toBe(`${own.number}.pdf`);

  // In French: the invoice and its lines in that language's words (a missing one fails the test).
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  const factures = page.getByRole('table', { name: 'Factures' });
  await expect(factures.getByRole('columnheader')).toHaveText(['Numéro de facture', 'Mois', 'Facturé à', 'État', 'Montant total', 'Émise le', 'Actions']);
  await expect(factures.getByRole('row').nth(1)).toContainText('Payée');
  await factures.getByRole('button', { name: 'Afficher les lignes' }).click();
  await expect(page.getByRole('table', { name: `Lignes de la facture ${own.number}` })).toContainText('Achat');
  await expect(factures.getByRole('button', { name: 'Télécharger le PDF' })).toBeVisible();
  await checkPage(page, 'bills-invoices-fr');
});

// Your products and a subscription's details (docs/spec.md §4, §13; seeds
// 000/001): the admin's filtered list, take over and move users to another
// product, cancel with the quote, disabled actions' reasons, bad quantities.
import type { Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Api, type Who } from './fixtures';

interface Sub {
  id: string;
  status: string;
  quantity: number;
  termEnd: string;
  assignedLicenses: number;
  cancellationReasonCode?: string;
}

const POWER_BI_PRO = 'CFQ7TTC0L3PB';
const M365_E3 = 'CFQ7TTC0LFLX';

function people(tenant: string) {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'], name: 'Alice Admin', email: 'alice@contoso.com' };
  const bob: Who = { tenantId: tenant, userId: 'bob', name: 'Bob Kelly', email: 'bob@contoso.com' };
  return { admin, bob };
}

async function buy(api: Api, who: Who, productId: string, quantity: number, selfService: boolean): Promise<Sub> {
  const body = { productId, billingFrequency: 'monthly', quantity, ...(selfService ? { paymentMethodId: 'pm_card_visa' } : {}) };
  return (await api.call<Sub>(who, 'POST', `/v1/tenants/${who.tenantId}/subscriptions`, body)).body;
}

async function assign(api: Api, who: Who, sub: Sub, ids: string[]): Promise<void> {
  const users = ids.map((id) => ({ id, name: `User ${id}`, email: `${id}@contoso.com` }));
  await api.call(who, 'POST', `/v1/tenants/${who.tenantId}/subscriptions/${sub.id}/licenses`, { users });
}

async function openYourProducts(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Your products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your products' })).toBeVisible();
}

async function openDetails(page: Page, productName: string): Promise<void> {
  await openYourProducts(page);
  await page.getByRole('table', { name: 'Subscriptions' }).getByRole('link', { name: productName }).click();
  await expect(page.getByRole('heading', { level: 1, name: productName })).toBeVisible();
}

/** The value next to a term of the details list. */
const fact = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);

const day = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

test('an admin filters Your products to self-service purchases', async ({ page, api, tenant }) => {
  const { admin, bob } = people(tenant);
  const own = await buy(api, bob, POWER_BI_PRO, 3, true);
  await buy(api, admin, M365_E3, 5, false);

  await signIn(page, admin);
  await openYourProducts(page);
  const table = page.getByRole('table', { name: 'Subscriptions' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('Microsoft 365 E3');
  await checkPage(page, 'products-all');

  await page.getByLabel('Purchase channel').selectOption('selfService');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Product name',
    'Purchaser',
    'Quantity',
    'Expiration date',
    'Price',
    'Assigned users',
    'Status',
    'Purchase channel',
  ]);
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    'Power BI Pro',
    'Bob Kelly',
    '3',
    day(own.termEnd),
    '$30.00Monthly',
    '0',
    'Active',
    'Self-service',
  ]);
  await expect(table).not.toContainText('Microsoft 365 E3');
  await checkPage(page, 'products-self-service');

  await table.getByRole('link', { name: 'Power BI Pro' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Power BI Pro' })).toBeVisible();
  await expect(fact(page, 'Subscription ID')).toHaveText(own.id);
});

test('an admin takes over a self-service subscription and moves its users to another product', async ({ page, api, tenant }) => {
  const { admin, bob } = people(tenant);
  const source = await buy(api, bob, POWER_BI_PRO, 3, true);
  await assign(api, bob, source, ['u-ada', 'u-grace']);
  const target = await buy(api, admin, M365_E3, 5, false);

  await signIn(page, admin);
  await openDetails(page, 'Power BI Pro');
  await expect(fact(page, 'Licenses assigned')).toHaveText('2');
  await checkPage(page, 'subscription-self-service');

  await page.getByRole('button', { name: 'Take over' }).click();
  await expect(page.getByRole('status')).toContainText('You now manage this subscription');
  await expect(fact(page, 'Taken over')).toContainText('By alice');
  await expect(page.getByRole('button', { name: 'Assign licenses' })).toBeEnabled();
  await checkPage(page, 'subscription-taken-over');

  await page.getByRole('button', { name: 'Move users' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /Microsoft 365 E3 — Alice Admin/ }).check();
  await expect(dialog).toContainText('available licenses: 5 of 5');
  await checkPage(page, 'subscription-move-users');
  await dialog.getByRole('button', { name: 'Move users' }).click();

  await expect(dialog).toBeHidden();
  const notice = page.getByRole('status');
  await expect(notice).toContainText('Users moved to Microsoft 365 E3: 2 (2 took a new license)');
  await expect(notice).toContainText('The purchaser has been told by e-mail and webhook.');
  await expect(fact(page, 'Status')).toHaveText('Deleted');
  await expect(fact(page, 'Cancellation reason')).toHaveText('Its users were moved to another subscription');
  await checkPage(page, 'subscription-users-moved');

  const licenses = await api.call<{ items: { userId: string }[] }>(admin, 'GET', `/v1/tenants/${tenant}/subscriptions/${target.id}/licenses`);
  expect(licenses.body.items.map((l) => l.userId).sort()).toEqual(['u-ada', 'u-grace']);
  const after = await api.call<Sub>(admin, 'GET', `/v1/tenants/${tenant}/subscriptions/${source.id}`);
  expect(after.body.status).toBe('Deleted');
});

test('moving thousands of users shows how far the move got', async ({ page, api, tenant }) => {
  const { admin, bob } = people(tenant);
  const count = 3000;
  const source = await buy(api, bob, POWER_BI_PRO, count, true);
  const users = Array.from({ length: count }, (_, i) => ({ id: `u-${i}`, name: `User ${i}`, email: `u-${i}@contoso.com` }));
  await api.call(bob, 'POST', `/v1/tenants/${tenant}/subscriptions/${source.id}/licenses/bulk`, { users });
  const target = await buy(api, admin, M365_E3, count, false);

  await signIn(page, admin);
  await openDetails(page, 'Power BI Pro');
  // An admin's move takes a self-service subscription over by itself.
  await page.getByRole('button', { name: 'Move users' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /Microsoft 365 E3/ }).check();
  await dialog.getByRole('button', { name: 'Move users' }).click();

  const bar = dialog.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Moving…' })).toBeDisabled();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(dialog).toContainText(/Moving users: [\d,]+ of 3,000/);

  await expect(page.getByRole('status')).toContainText('Users moved to Microsoft 365 E3: 3,000 (3,000 took a new license)', { timeout: 80_000 });
  await expect(fact(page, 'Status')).toHaveText('Deleted');
  await checkPage(page, 'subscription-thousands-moved');
  const after = await api.call<Sub>(admin, 'GET', `/v1/tenants/${tenant}/subscriptions/${target.id}`);
  expect(after.body.assignedLicenses).toBe(count);
});

test('a subscription shows its cancellation quote and is cancelled with a reason', async ({ page, api, tenant }) => {
  const { admin } = people(tenant);
  const sub = await buy(api, admin, M365_E3, 2, false);

  await signIn(page, admin);
  await openDetails(page, 'Microsoft 365 E3');
  const quote = page.getByTestId('cancellation-quote');
  await expect(quote).toContainText('If you cancel now');
  await expect(quote).toContainText('The subscription is deleted at once');
  await expect(quote).toContainText('$72.00 will be credited.');
  await checkPage(page, 'subscription-quote');

  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cancellation-quote')).toContainText('$72.00 will be credited.');
  const confirm = dialog.getByRole('button', { name: 'Cancel subscription' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Reason for cancelling').selectOption({ label: 'Too expensive' });
  await dialog.getByLabel('Comment (optional)').fill('Moving to a cheaper plan');
  await checkPage(page, 'subscription-cancel-dialog');
  await confirm.click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('The subscription was cancelled and deleted. $72.00 was credited.');
  await expect(fact(page, 'Status')).toHaveText('Deleted');
  await expect(fact(page, 'Cancellation reason')).toHaveText('Too expensive — Moving to a cheaper plan');
  await checkPage(page, 'subscription-cancelled');

  const after = await api.call<Sub>(admin, 'GET', `/v1/tenants/${tenant}/subscriptions/${sub.id}`);
  expect(after.body.status).toBe('Deleted');
  expect(after.body.cancellationReasonCode).toBe('tooExpensive');
});

test('a disabled action says why in words', async ({ page, api, tenant }) => {
  const { admin, bob } = people(tenant);
  await buy(api, bob, POWER_BI_PRO, 2, true);

  await signIn(page, admin);
  await openDetails(page, 'Power BI Pro');
  const assignButton = page.getByRole('button', { name: 'Assign licenses' });
  await expect(assignButton).toBeDisabled();
  await expect(assignButton).toHaveAccessibleDescription('Not available: take over this self-service subscription first');
  await expect(page.getByRole('button', { name: 'Change quantity' })).toHaveAccessibleDescription(/take over this self-service subscription first/);
  await expect(page.getByRole('button', { name: 'Take over' })).toBeEnabled();
  await checkPage(page, 'subscription-disabled-actions');
});

test('a quantity out of range shows the API’s detail at the field and changes nothing', async ({ page, api, tenant }) => {
  const { admin } = people(tenant);
  const sub = await buy(api, admin, M365_E3, 5, false);

  await signIn(page, admin);
  await openDetails(page, 'Microsoft 365 E3');
  await page.getByRole('button', { name: 'Change quantity' }).click();
  const dialog = page.getByRole('dialog');
  const quantity = dialog.getByRole('spinbutton', { name: 'Quantity' });
  for (const bad of ['0', '10001']) {
    await quantity.fill(bad);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(quantity).toHaveAccessibleDescription(/quantity must be from 1 to 10000/);
    await expect(quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText(/quantity must be from 1 to 10000/)).toBeVisible();
  }
  await checkPage(page, 'subscription-quantity-invalid');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(fact(page, 'Licenses purchased')).toHaveText('5');

  const after = await api.call<Sub>(admin, 'GET', `/v1/tenants/${tenant}/subscriptions/${sub.id}`);
  expect(after.body.quantity).toBe(5);
});

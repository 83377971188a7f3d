// Home's charts with the tenant's own figures: spend per month from its
// orders and licenses assigned vs purchased from its license summary.
import type { Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Api, type Who } from './fixtures';

interface Order {
  amount: { amount: number; currency: string };
  at: string;
  type: string;
}

/** Two central purchases (Power BI Pro ×5 with 2 users licensed, Visio Plan 1 ×2); the orders' total this month. */
async function setUp(api: Api, tenant: string): Promise<{ admin: Who; spend: string }> {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  const subs = `/v1/tenants/${tenant}/subscriptions`;
  const bi = await api.call<{ id: string }>(admin, 'POST', subs, { productId: 'CFQ7TTC0L3PB', billingFrequency: 'monthly', quantity: 5 });
  await api.call(admin, 'POST', subs, { productId: 'CFQ7TTC0KXN9', billingFrequency: 'monthly', quantity: 2 });
  await api.call(admin, 'POST', `${subs}/${bi.body.id}/licenses`, {
    users: [
      { id: 'dana', name: 'Dana', email: 'dana@contoso.example' },
      { id: 'eli', name: 'Eli', email: 'eli@contoso.example' },
    ],
  });
  const orders = await api.call<{ items: Order[] }>(admin, 'GET', `/v1/tenants/${tenant}/orders`);
  expect(orders.body.items).toHaveLength(2);
  const total = orders.body.items.reduce((n, o) => n + o.amount.amount, 0);
  return { admin, spend: new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(total / 100) };
}

async function expectFigures(page: Page, spend: string): Promise<void> {
  const month = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());
  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('Active subscriptions2');
  await expect(summary).toContainText('Licenses assigned2 of 7');

  const spendTable = page.getByRole('table', { name: 'Spend per month (USD)' });
  await expect(spendTable.getByRole('columnheader')).toHaveText(['Spend per month (USD)', 'Spend']);
  await expect(spendTable.getByRole('row', { name: month }).getByRole('cell')).toHaveText([spend]);
  await expect(page.getByRole('img', { name: 'Spend per month (USD)' })).toBeVisible();

  const licenses = page.getByRole('table', { name: 'Licenses assigned vs purchased' });
  await expect(licenses.getByRole('columnheader')).toHaveText(['Licenses assigned vs purchased', 'Assigned', 'Purchased']);
  await expect(licenses.getByRole('row', { name: 'Power BI Pro' }).getByRole('cell')).toHaveText(['2', '5']);
  await expect(licenses.getByRole('row', { name: 'Visio Plan 1' }).getByRole('cell')).toHaveText(['0', '2']);
  await expect(page.getByRole('img', { name: 'Licenses assigned vs purchased' })).toBeVisible();
}

test('the charts show the tenant’s spend and licenses', async ({ page, api, tenant }) => {
  const { admin, spend } = await setUp(api, tenant);
  await signIn(page, admin);
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expectFigures(page, spend);
  await checkPage(page, 'home-charts');

  // The same orders on Bills & payments.
  await page.getByRole('button', { name: 'Bills & payments' }).click();
  const orders = page.getByRole('table', { name: 'Orders' });
  await expect(orders.getByRole('row')).toHaveCount(3);
  await expect(orders.getByRole('row').filter({ hasText: 'Power BI Pro' })).toContainText('Purchase');
  // No invoice yet: this month's are issued on the 1st of the next one.
  await expect(page.getByText('No invoices yet.', { exact: false })).toBeVisible();
  await checkPage(page, 'bills-orders');
});

test('a partner agent acting for the customer sees the customer’s charts', async ({ page, api, tenant }) => {
  const { spend } = await setUp(api, tenant);
  await signIn(page, { tenantId: 'fabrikam', userId: 'sam', roles: ['AdminAgent'] });
  // What the Customer page's "Manage" does: App keeps the customer in sessionStorage.
  await page.evaluate((t) => sessionStorage.setItem('selfserve.actingFor', t), tenant);
  await page.goto('/#/home');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expectFigures(page, spend);
  await checkPage(page, 'home-agent');
});

test('a new tenant has no figures yet', async ({ page, tenant }) => {
  await signIn(page, { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] });
  await expect(page.getByText('No orders yet. Spending appears here after the first purchase.')).toBeVisible();
  await expect(page.getByText('No active subscriptions or trials with licenses yet.')).toBeVisible();
  await checkPage(page, 'home-empty');
});

// My purchases (docs/spec.md §13, seeds 001 and 004): a plain user buys or
// starts a trial after seeing the notice; the policy refuses; one click, one
// subscription.
import type { Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Who } from './fixtures';

interface SubscriptionList {
  items: { id: string; productId: string; status: string; hasPaymentMethod: boolean }[];
}

const POWER_AUTOMATE = { id: 'CFQ7TTC0KP0N', name: 'Power Automate per user' };
const VISIO_PLAN_2 = { id: 'CFQ7TTC0KXN8', name: 'Visio Plan 2' };
const POWER_APPS = { id: 'CFQ7TTC0KP0P', name: 'Power Apps per user' };

function purchaser(tenantId: string): Who {
  return { tenantId, userId: 'ursula', name: 'Ursula User', email: 'ursula@contoso.example' };
}

/** Opens a product's Buy or Start trial dialog from the catalog, found by searching its name. */
async function openDialog(page: Page, productName: string, button: 'Buy' | 'Start trial') {
  await expect(page.getByRole('heading', { level: 1, name: 'My purchases' })).toBeVisible();
  await page.getByLabel('Search by product name').fill(productName);
  const row = page.getByRole('row', { name: new RegExp(productName) });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: button }).click();
  return page.getByRole('dialog');
}

test('the policy refuses a purchase: the refusal is shown and nothing is created', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'gina', roles: ['GlobalAdmin'] };
  await api.call(admin, 'PUT', `/v1/tenants/${tenant}/policies/AllowSelfServicePurchase/products/${POWER_AUTOMATE.id}`, { policyValue: 'Disabled' });
  const user = purchaser(tenant);

  await signIn(page, user);
  await checkPage(page, 'purchases-catalog');
  const dialog = await openDialog(page, POWER_AUTOMATE.name, 'Buy');
  await dialog.getByLabel('Payment method').fill('pm_card_visa');
  await checkPage(page, 'purchases-buy-details');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByTestId('purchase-notice')).toContainText('privacy statement');
  await checkPage(page, 'purchases-buy-notice');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Your admin turned off self-service purchases and trials of this product.');
  await expect(alert).toContainText(`doesn't allow self-service purchases or trials of ${POWER_AUTOMATE.name}`);
  await checkPage(page, 'purchases-policy-refused');

  const subs = await api.call<SubscriptionList>(user, 'GET', `/v1/tenants/${tenant}/subscriptions?purchaserId=${user.userId}`);
  expect(subs.body.items).toEqual([]);
});

test('a purchaser starts a trial after seeing the notice; it is listed as a trial', async ({ page, api, tenant }) => {
  const user = purchaser(tenant);
  await signIn(page, user);
  const dialog = await openDialog(page, VISIO_PLAN_2.name, 'Start trial');
  await expect(dialog.getByRole('heading', { name: `Start a trial of ${VISIO_PLAN_2.name}` })).toBeVisible();
  await dialog.getByLabel('Payment method').fill('pm_card_visa');
  await checkPage(page, 'purchases-trial-details');
  await dialog.getByRole('button', { name: 'Next' }).click();

  const notice = dialog.getByTestId('purchase-notice');
  await expect(notice).toContainText('we use your directory data');
  await expect(notice).toContainText('trial terms of service');
  await expect(notice).toContainText('product terms');
  await checkPage(page, 'purchases-trial-notice');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`Your trial of ${VISIO_PLAN_2.name} has started.`);
  const row = page.getByTestId('my-subscriptions').getByRole('row', { name: new RegExp(VISIO_PLAN_2.name) });
  await expect(row).toContainText('Trial');
  await expect(row).toContainText('On file');
  const subs = await api.call<SubscriptionList>(user, 'GET', `/v1/tenants/${tenant}/subscriptions?purchaserId=${user.userId}`);
  expect(subs.body.items).toHaveLength(1);
  expect(subs.body.items[0]).toMatchObject({ productId: VISIO_PLAN_2.id, status: 'Trial', hasPaymentMethod: true });
  await expect(row.getByRole('link', { name: VISIO_PLAN_2.name })).toHaveAttribute('href', `#/purchases/${subs.body.items[0]?.id}`);
  await checkPage(page, 'purchases-trial-started');
});

test('a double click on Confirm buys once, with an Idempotency-Key', async ({ page, api, tenant }) => {
  const user = purchaser(tenant);
  const posts: (string | undefined)[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === `/v1/tenants/${tenant}/subscriptions`) posts.push(r.headers()['idempotency-key']);
  });

  await signIn(page, user);
  const dialog = await openDialog(page, POWER_APPS.name, 'Buy');
  await dialog.getByLabel('Billing frequency').selectOption('monthly');
  await dialog.getByLabel('Quantity').fill('3');
  await dialog.getByLabel('Payment method').fill('pm_card_visa');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByTestId('purchase-notice')).toBeVisible();
  await checkPage(page, 'purchases-buy-review');
  await dialog.getByRole('button', { name: 'Confirm' }).dblclick();

  await expect(dialog).toBeHidden();
  // One request went out (checked first: two rows below would mean the API bought twice under one key).
  expect(posts).toHaveLength(1);
  await expect(page.getByRole('status')).toContainText(`You bought ${POWER_APPS.name}.`);
  const row = page.getByTestId('my-subscriptions').getByRole('row', { name: new RegExp(POWER_APPS.name) });
  await expect(row).toContainText('Active');
  await checkPage(page, 'purchases-bought');

  const subs = await api.call<SubscriptionList>(user, 'GET', `/v1/tenants/${tenant}/subscriptions?purchaserId=${user.userId}`);
  expect(subs.body.items).toHaveLength(1);
  expect(subs.body.items[0]).toMatchObject({ productId: POWER_APPS.id, status: 'Active' });
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatch(/^[0-9a-f-]{36}$/);
});

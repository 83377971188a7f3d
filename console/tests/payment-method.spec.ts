// A subscription's payment method without moving the clock (docs/spec.md
// §10): an admin must take a self-service subscription over before giving
// it one, and a trial under "Allow for trials only" can't get one. The
// past-due payment, which needs the renewal, is in clock/payment-method.spec.ts.
import { test, expect, signIn, checkPage, type Who } from './fixtures';

const POWER_APPS = { id: 'CFQ7TTC0KP0P', name: 'Power Apps per user' };
const VISIO_PLAN_1 = { id: 'CFQ7TTC0KXN9', name: 'Visio Plan 1' };

test('an admin takes a self-service subscription over, then changes its payment method', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  const bob: Who = { tenantId: tenant, userId: 'bob', name: 'Bob Kelly', email: 'bob@contoso.com' };
  const sub = await api.call<{ id: string }>(bob, 'POST', `/v1/tenants/${tenant}/subscriptions`, {
    productId: POWER_APPS.id,
    billingFrequency: 'monthly',
    quantity: 1,
    paymentMethodId: 'pm_card_visa',
  });

  await signIn(page, admin);
  await page.goto(`/#/products/${sub.body.id}`);
  await expect(page.getByRole('heading', { level: 1, name: POWER_APPS.name })).toBeVisible();
  const change = page.getByRole('button', { name: 'Change payment method' });
  await expect(change).toBeDisabled();
  await expect(change).toHaveAccessibleDescription('Not available: take over this self-service subscription first');

  await page.getByRole('button', { name: 'Take over' }).click();
  await expect(page.getByRole('status')).toContainText('You now manage this subscription.');
  await expect(change).toBeEnabled();
  await change.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: `Payment method of ${POWER_APPS.name}` })).toBeVisible();
  // A blank ID (the browser refuses an empty one): the API's problem, next to the field.
  await dialog.getByLabel('New payment method').fill('   ');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText(/paymentMethodId/)).toBeVisible();
  await dialog.getByLabel('New payment method').fill('pm_card_mastercard');
  await checkPage(page, 'subscription-payment-method');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`The payment method of ${POWER_APPS.name} was changed.`);
  await expect(page.locator('dt:text-is("Payment method") + dd')).toHaveText('On file');
});

test('a trial under “Allow for trials only” can’t be given a payment method', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  const bob: Who = { tenantId: tenant, userId: 'bob', name: 'Bob Kelly', email: 'bob@contoso.com' };
  await api.call(admin, 'PUT', `/v1/tenants/${tenant}/policies/AllowSelfServicePurchase/products/${VISIO_PLAN_1.id}`, {
    policyValue: 'OnlyTrialsWithoutPaymentMethod',
  });
  await api.call(bob, 'POST', `/v1/tenants/${tenant}/subscriptions`, { productId: VISIO_PLAN_1.id, billingFrequency: 'monthly', quantity: 1, trial: true });

  await signIn(page, bob);
  const row = page.getByTestId('my-subscriptions').getByRole('row', { name: new RegExp(VISIO_PLAN_1.name) });
  await expect(row).toContainText('Trial');
  await expect(row).toContainText('None');
  await row.getByRole('button', { name: 'Add a payment method' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('the trial becomes a paid subscription when it ends');
  await dialog.getByLabel('New payment method').fill('pm_card_visa');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Your admin allows only trials without a payment method for this product.');
  await checkPage(page, 'purchases-payment-method-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('None');
});

// A subscription's payment method (docs/spec.md §10), from My purchases: on
// an Active subscription a new method (even one that will be declined) only
// replaces the old one; once the renewal is declined the subscription is
// PastDue, and the dialog pays what it owes: a declined card says why, a
// good one makes it Active again. Moves the clock of the "clock" project's
// own runner past the renewal.
import { test, expect, signIn, checkPage, type Who } from '../fixtures';
import { money, setClock } from './clock';

interface Sub {
  id: string;
  status: string;
  termEnd: string;
  pastDue?: { amount: { amount: number; currency: string }; declineCode?: string };
}

const POWER_AUTOMATE = { id: 'CFQ7TTC0KP0N', name: 'Power Automate per user' };

test('a purchaser changes the payment method, then pays a past-due renewal with another card', async ({ page, api, tenant, baseURL }) => {
  const user: Who = { tenantId: tenant, userId: 'ursula', name: 'Ursula User', email: 'ursula@contoso.example' };
  const subs = `/v1/tenants/${tenant}/subscriptions`;
  const bought = await api.call<Sub>(user, 'POST', subs, {
    productId: POWER_AUTOMATE.id,
    billingFrequency: 'monthly',
    quantity: 1,
    paymentMethodId: 'pm_card_visa',
  });
  const id = bought.body.id;
  const keys: (string | undefined)[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === `${subs}/${id}/payment-method`) keys.push(r.headers()['idempotency-key']);
  });

  // Active: the new method replaces the old one; nothing is charged.
  await signIn(page, user);
  const row = page.getByTestId('my-subscriptions').getByRole('row', { name: new RegExp(POWER_AUTOMATE.name) });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Change payment method' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: `Payment method of ${POWER_AUTOMATE.name}` })).toBeVisible();
  await expect(dialog).toContainText('Nothing is charged now.');
  await dialog.getByLabel('New payment method').fill('pm_card_chargeDeclined');
  await checkPage(page, 'purchases-payment-method');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`The payment method of ${POWER_AUTOMATE.name} was changed.`);
  await expect(row).toContainText('Active');
  expect((await api.call<Sub>(user, 'GET', `${subs}/${id}`)).body.status).toBe('Active');

  // Past the renewal: its charge is declined and the subscription is PastDue.
  await setClock(baseURL, new Date(Date.parse(bought.body.termEnd) + 60 * 60 * 1000).toISOString());
  const pastDue = await api.call<Sub>(user, 'GET', `${subs}/${id}`);
  expect(pastDue.body).toMatchObject({ status: 'PastDue', pastDue: { declineCode: 'generic_decline' } });
  if (!pastDue.body.pastDue) throw new Error('no pastDue');
  const owed = money(pastDue.body.pastDue.amount);

  // The subscription's page says what is owed, with "Pay now" as the obvious action.
  await page.goto(`/#/purchases/${id}`);
  const notice = page.getByTestId('past-due');
  await expect(notice).toContainText('Payment past due');
  await expect(notice).toContainText(`${owed} is owed since`);
  await expect(notice).toContainText('Last decline: the card issuer declined the charge (generic_decline).');
  await expect(notice.getByRole('button', { name: 'Pay now with another card' })).toBeVisible();
  await checkPage(page, 'purchases-past-due-details');

  await page.getByRole('link', { name: 'Back to My purchases' }).click();
  await expect(row.getByRole('cell').nth(1)).toContainText('Past due');
  await expect(row.getByRole('cell').nth(1)).toContainText(`Owes ${owed}`);
  await checkPage(page, 'purchases-past-due');
  await row.getByRole('button', { name: 'Pay now with another card' }).click();
  await expect(dialog.getByRole('heading', { name: `Pay what ${POWER_AUTOMATE.name} owes` })).toBeVisible();
  await expect(dialog).toContainText(`${owed} is owed since`);

  // A declined card: why, in words and by its code; nothing changes.
  await dialog.getByLabel('New payment method').fill('pm_card_chargeDeclinedInsufficientFunds');
  await dialog.getByRole('button', { name: `Pay ${owed}` }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Your payment method was declined: insufficient funds.');
  await expect(alert).toContainText('Decline code: insufficient_funds.');
  await checkPage(page, 'purchases-payment-declined');
  expect((await api.call<Sub>(user, 'GET', `${subs}/${id}`)).body.status).toBe('PastDue');

  // A good card pays it: Active again.
  await dialog.getByLabel('New payment method').fill('pm_card_visa');
  await dialog.getByRole('button', { name: `Pay ${owed}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`${owed} was paid. ${POWER_AUTOMATE.name} is active again.`);
  await expect(row.getByRole('cell').nth(1)).toHaveText('Active');
  await expect(row.getByRole('button', { name: 'Change payment method' })).toBeVisible();
  const paid = await api.call<Sub>(user, 'GET', `${subs}/${id}`);
  expect(paid.body.status).toBe('Active');
  expect(paid.body.pastDue).toBeUndefined();

  // One Idempotency-Key per submission, a new one after each answer.
  expect(keys).toHaveLength(3);
  for (const k of keys) expect(k).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Set(keys).size).toBe(3);
});

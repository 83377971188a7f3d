// Licenses (docs/spec.md §4.7, §13; seeds 000/001): one row per product with
// totals, users grouped by purchaser, the CSV export of chosen
// subscriptions, and assigning and removing a license from the console.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Api, type Who } from './fixtures';

interface Sub {
  id: string;
}

const POWER_BI_PRO = 'CFQ7TTC0L3PB';
const M365_E3 = 'CFQ7TTC0LFLX';
const CSV_HEADER = 'subscriptionId,productName,purchaserName,userId,displayName,email,assignedAt';

function member(tenant: string, userId: string, name: string, roles: string[] = []): Who {
  return { tenantId: tenant, userId, name, email: `${userId}@contoso.com`, roles };
}

async function buy(api: Api, who: Who, productId: string, quantity: number): Promise<Sub> {
  const selfService = !(who.roles ?? []).length;
  const body = { productId, billingFrequency: 'monthly', quantity, ...(selfService ? { paymentMethodId: 'pm_card_visa' } : {}) };
  return (await api.call<Sub>(who, 'POST', `/v1/tenants/${who.tenantId}/subscriptions`, body)).body;
}

async function assign(api: Api, who: Who, sub: Sub, users: [string, string][]): Promise<void> {
  const body = { users: users.map(([id, name]) => ({ id, name, email: `${id}@contoso.com` })) };
  await api.call(who, 'POST', `/v1/tenants/${who.tenantId}/subscriptions/${sub.id}/licenses`, body);
}

async function licensedUsers(api: Api, who: Who, sub: Sub): Promise<string[]> {
  const r = await api.call<{ items: { userId: string }[] }>(who, 'GET', `/v1/tenants/${who.tenantId}/subscriptions/${sub.id}/licenses`);
  return r.body.items.map((l) => l.userId).sort();
}

async function openLicenses(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Licenses' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible();
}

test('the summary lists each product once with users by purchaser, and chosen subscriptions export as CSV', async ({ page, api, tenant }) => {
  const admin = member(tenant, 'alice', 'Alice Admin', ['GlobalAdmin']);
  const bob = member(tenant, 'bob', 'Bob Kelly');
  const carol = member(tenant, 'carol', 'Carol Diaz');
  const bobs = await buy(api, bob, POWER_BI_PRO, 3);
  await assign(api, bob, bobs, [['u-ada', 'Ada Lovelace'], ['u-grace', 'Grace Hopper']]);
  const carols = await buy(api, carol, POWER_BI_PRO, 2);
  await assign(api, carol, carols, [['u-linus', 'Linus Pauling']]);
  const central = await buy(api, admin, M365_E3, 5);
  await assign(api, admin, central, [['u-marie', 'Marie Curie']]);

  await signIn(page, admin);
  await openLicenses(page);
  const table = page.getByRole('table', { name: 'Licenses by product' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId(`product-${M365_E3}`).getByRole('cell')).toHaveText(['Microsoft 365 E3', '5', '1', '4', 'Show users of Microsoft 365 E3']);
  await expect(page.getByTestId(`product-${POWER_BI_PRO}`).getByRole('cell')).toHaveText(['Power BI Pro', '5', '3', '2', 'Show users of Power BI Pro']);
  await checkPage(page, 'licenses-summary');

  await page.getByRole('button', { name: 'Show users of Power BI Pro' }).click();
  const detail = page.getByTestId(`product-detail-${POWER_BI_PRO}`);
  await expect(detail.getByRole('heading', { name: 'Users of Power BI Pro by purchaser' })).toBeVisible();
  const bobGroup = detail.getByTestId('purchaser-bob');
  await expect(bobGroup).toContainText('Bob Kelly');
  await expect(bobGroup).toContainText('Licensed users: 2');
  await expect(bobGroup.getByRole('listitem')).toHaveText(['Ada Lovelace (u-ada@contoso.com)', 'Grace Hopper (u-grace@contoso.com)']);
  const carolGroup = detail.getByTestId('purchaser-carol');
  await expect(carolGroup).toContainText('Licensed users: 1');
  await expect(carolGroup.getByRole('listitem')).toHaveText(['Linus Pauling (u-linus@contoso.com)']);
  // Self-service subscriptions are their purchasers' until taken over.
  const bobsLicenses = detail.getByTestId(`licenses-${bobs.id}`);
  await expect(bobsLicenses.getByRole('button', { name: 'Assign licenses' })).toBeDisabled();
  await expect(bobsLicenses.getByRole('button', { name: 'Assign licenses' })).toHaveAccessibleDescription(/take over this self-service subscription first/);
  await expect(bobsLicenses.getByRole('row')).toHaveCount(3);
  await checkPage(page, 'licenses-by-purchaser');

  await page.getByRole('checkbox', { name: 'Export Power BI Pro bought by Bob Kelly' }).check();
  await page.getByRole('checkbox', { name: 'Export Microsoft 365 E3 bought by Alice Admin' }).check();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV (2 chosen)' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('licenses.csv');
  const csv = await readFile(await file.path(), 'utf8');
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 6).join(',')).sort()).toEqual(
    [
      `${bobs.id},Power BI Pro,Bob Kelly,u-ada,Ada Lovelace,u-ada@contoso.com`,
      `${bobs.id},Power BI Pro,Bob Kelly,u-grace,Grace Hopper,u-grace@contoso.com`,
      `${central.id},Microsoft 365 E3,Alice Admin,u-marie,Marie Curie,u-marie@contoso.com`,
    ].sort(),
  );
  await expect(page.getByRole('status')).toHaveText('licenses.csv downloaded: 3 users.');
  await checkPage(page, 'licenses-exported');
});

test('an admin assigns a license and removes one from the console', async ({ page, api, tenant }) => {
  const admin = member(tenant, 'alice', 'Alice Admin', ['GlobalAdmin']);
  const sub = await buy(api, admin, M365_E3, 3);
  await assign(api, admin, sub, [['u-keep', 'Kept User'], ['u-gone', 'Leaving User']]);

  await signIn(page, admin);
  await openLicenses(page);
  await page.getByRole('button', { name: 'Show users of Microsoft 365 E3' }).click();
  const box = page.getByTestId(`licenses-${sub.id}`);
  await expect(box).toContainText('Assigned: 2 of 3.');

  await box.getByRole('button', { name: 'Assign licenses' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('User 1: user ID').fill('u-new');
  await dialog.getByLabel('User 1: display name').fill('New Hire');
  await dialog.getByLabel('User 1: email').fill('new.hire@contoso.com');
  await checkPage(page, 'licenses-assign-dialog');
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Licenses of Microsoft 365 E3 assigned: 1.');
  await expect(box).toContainText('Assigned: 3 of 3.');
  await expect(box.getByRole('row', { name: /New Hire/ })).toContainText('new.hire@contoso.com');
  await expect(page.getByTestId(`product-${M365_E3}`).getByRole('cell').nth(2)).toHaveText('3');
  await checkPage(page, 'licenses-assigned');
  expect(await licensedUsers(api, admin, sub)).toEqual(['u-gone', 'u-keep', 'u-new']);

  await box.getByRole('button', { name: 'Remove Leaving User' }).click();
  await expect(page.getByRole('status')).toHaveText('The license of Microsoft 365 E3 was removed from Leaving User.');
  await expect(box.getByRole('row', { name: /Leaving User/ })).toHaveCount(0);
  await expect(box).toContainText('Assigned: 2 of 3.');
  await checkPage(page, 'licenses-removed');
  expect(await licensedUsers(api, admin, sub)).toEqual(['u-keep', 'u-new']);
});

// Seed 004's policy change, clicked through the console: an admin sets Power
// Automate per user (CFQ7TTC0KP0N) to "Do not allow", "Allow for trials only"
// and back to "Allow"; the same in French; a partner agent only reads.
import type { Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Api, type Who } from './fixtures';
import { messages as home } from '../src/pages/home/messages';
import { messages as policy } from '../src/pages/policy/messages';
import { messages as bills } from '../src/pages/bills/messages';
import { messages as activity } from '../src/pages/activity/messages';
import { messages as webhooks } from '../src/pages/webhooks/messages';
import { common } from '../src/i18n/common';

const PRODUCT = 'CFQ7TTC0KP0N';
const NAME = 'Power Automate per user';

type Value = 'Enabled' | 'OnlyTrialsWithoutPaymentMethod' | 'Disabled';

async function policyValue(api: Api, who: Who, tenant: string): Promise<Value> {
  const r = await api.call<{ policyValue: Value }>(who, 'GET', `/v1/tenants/${tenant}/policies/AllowSelfServicePurchase/products/${PRODUCT}`);
  return r.body.policyValue;
}

/** Chooses label in the product's row, saves, and waits for the confirmation. */
async function setValue(page: Page, selectLabel: string, label: string, saved: string): Promise<void> {
  const select = page.getByLabel(selectLabel);
  await select.selectOption({ label });
  const row = page.getByRole('row').filter({ has: select });
  await row.getByRole('button').click();
  await expect(page.getByRole('status').filter({ hasText: saved })).toBeVisible();
  await expect(select).toHaveValue(await select.inputValue());
}

test('an admin sets Power Automate per user to Do not allow, trials only, then Allow', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  await signIn(page, admin);
  await page.getByRole('button', { name: 'Self-service purchase policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Self-service purchase policy' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: PRODUCT });
  await expect(row).toContainText(NAME);
  await expect(row.getByRole('combobox')).toHaveValue('Enabled');
  await checkPage(page, 'policy-list');

  const select = `Self-service purchase value for ${NAME}`;
  await setValue(page, select, 'Do not allow', `${NAME} is now set to “Do not allow”.`);
  expect(await policyValue(api, admin, tenant)).toBe('Disabled');
  await checkPage(page, 'policy-disabled');

  await setValue(page, select, 'Allow for trials only', `${NAME} is now set to “Allow for trials only”.`);
  expect(await policyValue(api, admin, tenant)).toBe('OnlyTrialsWithoutPaymentMethod');

  await setValue(page, select, 'Allow', `${NAME} is now set to “Allow”.`);
  expect(await policyValue(api, admin, tenant)).toBe('Enabled');
  await checkPage(page, 'policy-enabled');

  // The search box keeps the rows whose product name matches.
  await page.getByLabel('Search by product name').fill('automate per');
  await expect(page.getByRole('row').filter({ hasText: PRODUCT })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Power Apps per user' })).toHaveCount(0);
  await checkPage(page, 'policy-search');
});

/** The en texts of the areas that French translates differently, without their {placeholders}. */
function englishOnlyTexts(): string[] {
  const areas = [home, policy, bills, activity, webhooks];
  const out: string[] = [];
  for (const a of areas) {
    const en = a.en as Record<string, string>;
    const fr = a.fr as Record<string, string>;
    for (const [k, v] of Object.entries(en)) {
      if (fr[k] === v) continue;
      for (const part of v.split(/\{\w+\}/)) if (part.trim().length >= 3) out.push(part.trim());
    }
  }
  return out;
}

test('the same change in French', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'], locale: 'fr' };
  await signIn(page, admin);
  const title = common.fr['nav.policy'];
  expect(title).toBe('Stratégie d’achat en libre-service');
  await page.getByRole('button', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const select = page.getByLabel(`Valeur d’achat en libre-service pour ${NAME}`);
  await expect(select.locator('option')).toHaveText(['Autoriser', 'Autoriser uniquement pour les essais', 'Ne pas autoriser']);
  await expect(page.getByRole('columnheader')).toHaveText(['Nom du produit', 'ID du produit', 'Valeur']);
  await checkPage(page, 'policy-fr');

  const label = `Valeur d’achat en libre-service pour ${NAME}`;
  await setValue(page, label, 'Ne pas autoriser', `${NAME} est désormais défini sur « Ne pas autoriser ».`);
  expect(await policyValue(api, admin, tenant)).toBe('Disabled');
  await setValue(page, label, 'Autoriser uniquement pour les essais', `${NAME} est désormais défini sur « Autoriser uniquement pour les essais ».`);
  expect(await policyValue(api, admin, tenant)).toBe('OnlyTrialsWithoutPaymentMethod');
  await setValue(page, label, 'Autoriser', `${NAME} est désormais défini sur « Autoriser ».`);
  expect(await policyValue(api, admin, tenant)).toBe('Enabled');
  await checkPage(page, 'policy-fr-saved');

  // No English message of these areas on the page (the options' texts included).
  const shown = (await page.locator('main').innerText()) + '\n' + (await page.locator('main option').allTextContents()).join('\n');
  for (const en of englishOnlyTexts()) expect(shown, `English text on the French page: ${en}`).not.toContain(en);
});

test('a partner agent reads the values but may not change them', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  await api.call(admin, 'PUT', `/v1/tenants/${tenant}/policies/AllowSelfServicePurchase/products/${PRODUCT}`, { policyValue: 'Disabled' });
  await signIn(page, { tenantId: 'fabrikam', userId: 'sam', roles: ['AdminAgent'] });
  // The agent works on the customer (what the Customer page's "Manage" does: App keeps it in sessionStorage).
  await page.evaluate((t) => sessionStorage.setItem('selfserve.actingFor', t), tenant);
  await page.goto('/#/policy');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Self-service purchase policy' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: PRODUCT });
  await expect(row).toContainText('Do not allow');
  await expect(row.getByRole('combobox')).toHaveCount(0);
  await expect(row.getByRole('button')).toHaveCount(0);
  await expect(page.getByText('Only the organization’s Global admins and Billing admins can change them.')).toBeVisible();
  await checkPage(page, 'policy-agent');
});

// Every page in every language other than English: the labels are that
// language's (no English message left), and no key is missing (a missing
// translation logs a console error, which fails the test).
import type { Page } from '@playwright/test';
import { test, expect, signIn, screenshot, type Api } from './fixtures';
import { catalog, type MessageKey } from '../src/i18n/catalog';
import type { Locale } from '../src/i18n/locales';

/** The English messages that read differently in locale, as they appear on a page. */
function englishOnly(locale: Locale): Set<string> {
  return new Set(
    (Object.keys(catalog.en) as MessageKey[])
      .filter((k) => catalog.en[k] !== catalog[locale][k] && /[a-z]{3}/i.test(catalog.en[k]) && !catalog.en[k].includes('{'))
      .map((k) => catalog.en[k]),
  );
}

/** Texts of the page: each element's own text, and labels given as attributes. */
async function texts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent?.trim();
      if (t) out.push(t);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      for (const a of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

async function seed(api: Api, tenant: string): Promise<void> {
  const bob = { tenantId: tenant, userId: 'bob', name: 'Bob' };
  const alice = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  await api.call(bob, 'POST', `/v1/tenants/${tenant}/subscriptions`, {
    productId: 'CFQ7TTC0L3PB',
    billingFrequency: 'monthly',
    quantity: 2,
    paymentMethodId: 'pm_card_visa',
  });
  await api.call(alice, 'POST', `/v1/tenants/${tenant}/subscriptions`, { productId: 'CFQ7TTC0L3PB', billingFrequency: 'monthly', quantity: 5 });
}

async function visitEveryPage(page: Page, locale: Locale, shot: string): Promise<void> {
  const english = englishOnly(locale);
  const nav = page.getByRole('navigation');
  const count = await nav.getByRole('button').count();
  for (let i = 0; i < count; i++) {
    await nav.getByRole('button').nth(i).click();
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.locator('.fui-Spinner')).toHaveCount(0);
    const left = (await texts(page)).filter((t) => english.has(t));
    expect(left, `${locale} page ${i + 1} (${await page.locator('h1').innerText()})`).toEqual([]);
    await screenshot(page, `${shot}-${i + 1}`);
  }
}

/** The page now shows no English message that reads otherwise in locale. */
async function expectTranslated(page: Page, locale: Locale, what: string): Promise<void> {
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.fui-Spinner')).toHaveCount(0);
  const english = englishOnly(locale);
  expect((await texts(page)).filter((t) => english.has(t)), `${locale} ${what}`).toEqual([]);
}

for (const locale of ['fr', 'zh-CN', 'zh-TW'] as const) {
  test(`an admin's pages in ${locale}`, async ({ page, api, tenant }) => {
    await seed(api, tenant);
    await signIn(page, { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'], locale });
    await visitEveryPage(page, locale, `${locale}-admin`);
    // A subscription's details, with its actions and the cancellation quote.
    await page.goto('/#/products');
    await page.locator('main table a').first().click();
    await expectTranslated(page, locale, 'subscription details');
    await screenshot(page, `${locale}-admin-subscription`);
  });
}

test('a purchaser’s and a partner agent’s pages in French', async ({ page, api, tenant }) => {
  await seed(api, tenant);
  await signIn(page, { tenantId: tenant, userId: 'bob', locale: 'fr' });
  await visitEveryPage(page, 'fr', 'fr-user');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await signIn(page, { tenantId: 'fabrikam', userId: 'pat', roles: ['AdminAgent'], locale: 'fr' });
  await visitEveryPage(page, 'fr', 'fr-agent');
  // The customer's page, with its permission and prerequisites.
  await page.goto(`/#/customers/${tenant}`);
  await expectTranslated(page, 'fr', 'customer page');
  await screenshot(page, 'fr-agent-customer');
});

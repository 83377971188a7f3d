// What every end-to-end test needs: a fresh tenant, tokens from the runner,
// the API for setting up state, sign-in through the real form, axe checks and
// screenshots of every page.
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

export interface Who {
  tenantId: string;
  userId: string;
  roles?: string[];
  name?: string;
  email?: string;
  locale?: 'en' | 'fr' | 'zh-CN' | 'zh-TW';
}

/** A signed token from the runner (POST /_local/tokens). */
export async function tokenFor(baseURL: string, who: Who): Promise<string> {
  const res = await fetch(`${baseURL}/_local/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantId: who.tenantId, userId: who.userId, roles: who.roles ?? [], ...(who.name ? { name: who.name } : {}), ...(who.email ? { email: who.email } : {}) }),
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface Api {
  /** Calls the API as who; throws on a non-2xx answer unless ok is false. */
  call<T = unknown>(who: Who, method: string, path: string, body?: unknown, opts?: { ok?: boolean; key?: string }): Promise<{ status: number; body: T }>;
}

function makeApi(baseURL: string): Api {
  const tokens = new Map<string, string>();
  return {
    async call(who, method, path, body, opts) {
      const id = JSON.stringify([who.tenantId, who.userId, who.roles ?? [], who.name ?? '', who.email ?? '']);
      let tok = tokens.get(id);
      if (!tok) tokens.set(id, (tok = await tokenFor(baseURL, who)));
      const headers: Record<string, string> = { Authorization: `Bearer ${tok}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (method === 'POST' && /\/subscriptions$|move-users$|licenses\/bulk$/.test(path)) headers['Idempotency-Key'] = opts?.key ?? crypto.randomUUID();
      const res = await fetch(`${baseURL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      const parsed = text ? (JSON.parse(text) as unknown) : undefined;
      if ((opts?.ok ?? true) && !res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return { status: res.status, body: parsed as never };
    },
  };
}

export const operator: Who = { tenantId: 'operations', userId: 'op', roles: ['Operator'] };

/** Creates tenant id (a customer of partnerId, when given) as the operator. */
export async function createTenant(api: Api, id: string, opts: { name?: string; partnerId?: string } = {}): Promise<void> {
  await api.call(operator, 'PUT', `/v1/tenants/${id}`, {
    name: opts.name ?? 'Contoso',
    country: 'US',
    hasAgreement: true,
    ...(opts.partnerId ? { partnerId: opts.partnerId } : {}),
    createdAt: '2025-01-15T00:00:00Z',
  });
}

/** Signs in through the console's own "Sign in as" form. */
export async function signIn(page: Page, who: Who): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/tenant|locataire|租户|租用戶/i).fill(who.tenantId);
  await page.locator('input[name="userId"]').fill(who.userId);
  if (who.name) await page.locator('input[name="name"]').fill(who.name);
  if (who.email) await page.locator('input[name="email"]').fill(who.email);
  const boxes = page.locator('fieldset input[type="checkbox"]');
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
  for (const r of who.roles ?? []) await page.locator('fieldset label', { hasText: roleLabel[r] ?? r }).click();
  if (who.locale) await page.locator('select').last().selectOption(who.locale);
  await page.locator('button[type="submit"]').click();
  await expect(page.locator('nav')).toBeVisible();
}

const roleLabel: Record<string, string> = {
  GlobalAdmin: 'Global admin',
  BillingAdmin: 'Billing admin',
  AdminAgent: 'Admin agent (partner)',
  SalesAgent: 'Sales agent (partner)',
  HelpdeskAgent: 'Helpdesk agent (partner)',
  Operator: 'Operator',
};

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A full-page screenshot kept under test-results/screens/ (the README's come from here). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** Checks a page: accessible, no untranslated message, screenshot kept. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expect(page.locator('[role="progressbar"], .fui-Spinner')).toHaveCount(0);
  // A dialog fading in would be measured mid-way (colour contrast).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await expectAccessible(page);
  await screenshot(page, name);
}

/** A tenant id of its own for each test (tests run in parallel on one runner). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export const test = base.extend<{ api: Api; tenant: string; errors: string[] }>({
  api: async ({ baseURL }, use) => {
    await use(makeApi(baseURL ?? ''));
  },
  tenant: async ({ api }, use) => {
    const id = uniqueId('contoso');
    await createTenant(api, id, { partnerId: 'fabrikam' });
    await use(id);
  },
  // Console errors (a missing translation logs one) fail the test.
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
});

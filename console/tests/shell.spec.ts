// The sign-in form, the navigation each kind of user gets, and the
// languages.
import { test, expect, signIn, checkPage } from './fixtures';

test('sign in as an admin: the admin center navigation, accessible', async ({ page, tenant }) => {
  await page.goto('/');
  await checkPage(page, 'sign-in');
  await signIn(page, { tenantId: tenant, userId: 'alice', name: 'Alice', roles: ['GlobalAdmin'] });
  const nav = page.getByRole('navigation');
  for (const name of ['Home', 'Your products', 'Licenses', 'Self-service purchase policy', 'Bills & payments', 'Activity log', 'Webhooks', 'My purchases']) {
    await expect(nav.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('who')).toContainText('Alice');
});

test('a plain user gets only their own pages', async ({ page, tenant }) => {
  await signIn(page, { tenantId: tenant, userId: 'bob' });
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button')).toHaveText(['My purchases', 'Bills & payments', 'Webhooks']);
});

test('a partner agent starts from the customers', async ({ page }) => {
  await signIn(page, { tenantId: 'fabrikam', userId: 'pat', roles: ['AdminAgent'] });
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button')).toHaveText(['Customers', 'Webhooks']);
});

test('a malformed tenant id is refused next to its field', async ({ page }) => {
  await page.goto('/');
  await page.locator('input[name="tenantId"]').fill('Not an id!');
  await page.locator('button[type="submit"]').click();
  const field = page.locator('input[name="tenantId"]');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/tenantId/)).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
});

test('the language follows the choice at sign-in and can be changed', async ({ page, tenant }) => {
  await signIn(page, { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'], locale: 'fr' });
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Vos produits' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('zh-TW');
  await expect(page.getByRole('navigation').getByRole('button', { name: '您的產品' })).toBeVisible();
  await page.getByRole('combobox', { name: '語言' }).selectOption('zh-CN');
  await expect(page.getByRole('navigation').getByRole('button', { name: '你的产品' })).toBeVisible();
});

test('sign in with OpenID Connect (code + PKCE), as when deployed, against the runner’s identity provider', async ({ page, tenant }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/_local\/oauth\/authorize\?.*code_challenge_method=S256/);
  await page.getByLabel('Tenant').fill(tenant);
  await page.getByLabel('User').fill('alice');
  await page.getByLabel('Name').fill('Alice');
  await page.getByLabel('GlobalAdmin').check();
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Vos produits' })).toBeVisible();
  await expect(page.getByTestId('who')).toContainText('Alice');
  expect(new URL(page.url()).search).toBe(''); // the code is gone from the address bar
});

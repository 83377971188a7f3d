// The activity log shows a change with its actor, operation in words, target
// and before/after values; a date range in the past leaves it out.
import { test, expect, signIn, checkPage, type Who } from './fixtures';

test('a policy change appears in the activity log and a past range excludes it', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  await api.call(admin, 'PUT', `/v1/tenants/${tenant}/policies/AllowSelfServicePurchase/products/CFQ7TTC0KP0N`, { policyValue: 'Disabled' });

  await signIn(page, admin);
  await page.getByRole('button', { name: 'Activity log' }).click();
  const log = page.getByRole('table', { name: 'Activity log' });
  const change = log.getByRole('row').filter({ hasText: 'Change self-service purchase policy' });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText('alice');
  await expect(change).toContainText('Self-service purchase policy of CFQ7TTC0KP0N');
  // The operator's creation of the tenant, by someone of another tenant.
  await expect(log.getByRole('row').filter({ hasText: 'Update organization details' })).toContainText('op (operations)');
  await checkPage(page, 'activity-log');

  await change.getByRole('button', { name: 'Show details' }).click();
  const details = page.getByRole('table', { name: 'Details' });
  await expect(details.getByRole('row').filter({ hasText: 'policyValue' }).getByRole('cell')).toHaveText(['policyValue', '—', 'Disabled']);
  await expect(change.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
  await checkPage(page, 'activity-details');

  // A range in the past: the change is not in it.
  await page.getByLabel('From', { exact: true }).fill('2025-01-01');
  await page.getByLabel('To', { exact: true }).fill('2025-01-31');
  await expect(page.getByText('No activity in this period.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Activity log' })).toHaveCount(0);
  await checkPage(page, 'activity-past-range');

  // A range with today: it is back.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('To', { exact: true }).fill(today);
  await expect(log.getByRole('row').filter({ hasText: 'Change self-service purchase policy' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear dates' }).click();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('');
  await expect(log.getByRole('row').filter({ hasText: 'Change self-service purchase policy' })).toHaveCount(1);
});

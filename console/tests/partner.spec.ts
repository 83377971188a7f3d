// Partner (docs/spec.md §5 and §13, seed 002): an admin agent turns a
// customer's Azure reservations permission on once its prerequisites hold,
// buying the Azure plan and assigning its Owner from the console.
import { test, expect, signIn, checkPage, type Who } from './fixtures';

interface Permissions {
  tenantId: string;
  reservations: { enabled: boolean; updatedBy?: string };
}

test('an admin agent turns reservations on after buying the Azure plan and assigning its Owner', async ({ page, api, tenant }) => {
  const agent: Who = { tenantId: 'fabrikam', userId: 'ada-agent', name: 'Ada Agent', roles: ['AdminAgent'] };
  await signIn(page, agent);

  // The customers list holds every customer of fabrikam: find this test's by its id.
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await page.getByLabel('Search by customer name or ID').fill(tenant);
  const customerRow = page.getByRole('row', { name: new RegExp(tenant) });
  await expect(async () => {
    const more = page.getByRole('button', { name: 'Load more' });
    if (await more.isVisible()) await more.click();
    await expect(customerRow).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await expect(customerRow).toContainText('Off');
  await checkPage(page, 'partner-customers');
  await customerRow.getByRole('link').click();

  // The permission is off; neither prerequisite is met.
  await expect(page.getByRole('heading', { level: 1, name: 'Contoso' })).toBeVisible();
  await expect(page.getByText(`Customer ID: ${tenant}`)).toBeVisible();
  const reservations = page.getByRole('switch', { name: 'Allow the customer to buy Azure reservations' });
  await expect(reservations).not.toBeChecked();
  await expect(page.getByTestId('prereq-plan')).toContainText('not met');
  await expect(page.getByTestId('prereq-owner')).toContainText('not met');
  await checkPage(page, 'partner-customer');

  // Turning it on is refused: the missing Azure plan is explained.
  await reservations.click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('The customer needs an Active Azure plan subscription first.');
  await expect(refusal).toHaveAttribute('data-code', 'azure_subscription_required');
  await expect(reservations).not.toBeChecked();
  await checkPage(page, 'partner-permission-refused');

  // Buy the Azure plan for the customer.
  const catalog = page.getByTestId('partner-catalog');
  await page.getByLabel('Billing type').selectOption('usage');
  const planRow = catalog.getByRole('row', { name: /Azure plan/ });
  await expect(planRow).toContainText('Pay as you go');
  await planRow.getByRole('button', { name: 'Buy' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Buy Azure plan for Contoso' })).toBeVisible();
  await expect(dialog).toContainText('Billed to your organization (fabrikam).');
  await checkPage(page, 'partner-buy-dialog');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Azure plan was bought for Contoso.');
  await expect(page.getByTestId('prereq-plan')).toContainText(': met');
  await expect(page.getByTestId('prereq-owner')).toContainText('not met');
  await expect(page.getByTestId('customer-subscriptions').getByRole('row', { name: /Azure plan/ })).toContainText('Partner');
  await checkPage(page, 'partner-plan-bought');

  // Make a customer user Owner of the plan.
  await page.getByLabel('User ID').fill('carol');
  await page.getByRole('button', { name: 'Assign the Owner role' }).click();
  await expect(page.getByText('carol now has the Owner role on the Azure plan subscription.')).toBeVisible();
  await expect(page.getByTestId('prereq-owner')).toContainText('Owner: carol');
  await expect(page.getByTestId('prereq-owner')).toContainText(': met');
  await checkPage(page, 'partner-owner-assigned');

  // Now it turns on.
  await reservations.click();
  await expect(reservations).toBeChecked();
  await expect(page.getByTestId('reservations-state')).toHaveText('Azure reservations permission: On');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await checkPage(page, 'partner-permission-on');

  const permissions = await api.call<Permissions>(agent, 'GET', `/v1/tenants/${tenant}/customer-permissions`);
  expect(permissions.body.reservations).toMatchObject({ enabled: true, updatedBy: agent.userId });

  // The Azure plan, one per customer, is no longer offered.
  await expect(planRow).toHaveCount(0);
  await page.getByLabel('Show offers I can’t sell to this customer').check();
  await expect(planRow).toContainText('The customer already has one');
  await expect(planRow.getByRole('button', { name: 'Buy' })).toBeDisabled();
  await checkPage(page, 'partner-catalog-unavailable');

  // Managing the customer's subscriptions switches the console to the customer.
  await page.getByRole('button', { name: 'Manage this customer’s subscriptions' }).click();
  await expect(page.getByRole('navigation')).toContainText(`Acting for customer ${tenant}`);
  await checkPage(page, 'partner-acting-for-customer');
});

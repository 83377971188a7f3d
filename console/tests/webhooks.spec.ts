// Webhooks from the console: register a real receiver (its secret shown
// once), send it a test event and see the delivery succeed; bad URLs; retry a
// failed delivery; rotate the secret and delete the endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, checkPage, type Who } from './fixtures';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver on 127.0.0.1 recording every request; it answers `status()`. */
async function receiver(status: () => number = () => 204) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reloads the deliveries (Refresh) until a row of eventType has status. */
async function expectDelivery(endpoint: Locator, status: string, attempt = ''): Promise<Locator> {
  const deliveries = endpoint.getByTestId('deliveries');
  const row = deliveries.getByRole('row').filter({ hasText: 'webhook.test' });
  // A delivery is Pending before its first attempt too: wait for the attempt's answer.
  await expect(async () => {
    await deliveries.getByRole('button', { name: 'Refresh' }).click();
    await expect(row.filter({ hasText: status }).filter({ hasText: attempt })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  return row;
}

/** Waits for running animations (a dialog's opening motion) to end, so axe sees final colours. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

async function openWebhooks(page: Page, who: Who): Promise<void> {
  await signIn(page, who);
  await page.getByRole('button', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
}

test('register an endpoint, send a test event and see its delivery', async ({ page, api, tenant }) => {
  const hook = await receiver();
  try {
    const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
    await openWebhooks(page, admin);
    await expect(page.getByText('No endpoints yet. Add one to receive events.')).toBeVisible();
    await checkPage(page, 'webhooks-empty');

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const create = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await create.getByLabel('Endpoint URL').fill(hook.url);
    await create.getByRole('checkbox', { name: /Subscription created/ }).check();
    await create.getByRole('checkbox', { name: /Test event/ }).check();
    await settled(page);
    await checkPage(page, 'webhooks-create');
    await create.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, once.
    const shown = page.getByRole('dialog', { name: 'Signing secret' });
    await expect(shown.getByText('It won’t be shown again.', { exact: false })).toBeVisible();
    const secret = await shown.getByLabel(`Signing secret of ${hook.url}`).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    await settled(page);
    await checkPage(page, 'webhooks-secret');
    await shown.getByRole('button', { name: 'Close' }).click();
    await expect(shown).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    const endpoint = page.getByRole('region', { name: hook.url });
    await expect(endpoint).toContainText('Receives every event of the organization');
    await expect(endpoint).toContainText('Events: Subscription created, Test event');
    await checkPage(page, 'webhooks-endpoint');

    await endpoint.getByRole('button', { name: 'Send test' }).click();
    await expect(endpoint.getByRole('status')).toContainText(`Test event sent to ${hook.url}.`);
    const row = await expectDelivery(endpoint, 'Succeeded');
    await expect(row).toContainText('Test event');
    await expect(row.getByRole('cell').nth(3)).toHaveText('1');
    await expect(row).toContainText('HTTP 204');
    await checkPage(page, 'webhooks-delivery');

    // The receiver got the signed test event.
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got?.url).toBe('/hooks');
    expect(got?.headers['webhook-id']).toMatch(/^evt_/);
    expect(got?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ type: 'webhook.test' });

    const list = await api.call<{ items: { id: string }[] }>(admin, 'GET', `/v1/tenants/${tenant}/webhooks`);
    const deliveries = await api.call<{ items: { status: string; eventType: string }[] }>(
      admin,
      'GET',
      `/v1/tenants/${tenant}/webhooks/${list.body.items[0]?.id}/deliveries`,
    );
    expect(deliveries.body.items).toMatchObject([{ status: 'succeeded', eventType: 'webhook.test' }]);
  } finally {
    await hook.close();
  }
});

test('a bad URL shows the API’s detail next to the field', async ({ page, api, tenant }) => {
  const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
  await openWebhooks(page, admin);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const create = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
  const url = create.getByLabel('Endpoint URL');
  for (const bad of ['ftp://x', 'not a url']) {
    const refused = await api.call<{ detail: string; field: string }>(admin, 'POST', `/v1/tenants/${tenant}/webhooks`, { url: bad }, { ok: false });
    expect(refused).toMatchObject({ status: 400, body: { field: 'url' } });
    await url.fill(bad);
    await create.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(url).toHaveAccessibleDescription(new RegExp(refused.body.detail));
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(create.getByText(refused.body.detail)).toBeVisible();
    await expect(create.getByText('Something went wrong')).toHaveCount(0);
    await settled(page);
    await checkPage(page, `webhooks-bad-url-${bad.replace(/\W+/g, '-')}`);
  }
  await create.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('No endpoints yet. Add one to receive events.')).toBeVisible();
  const list = await api.call<{ items: unknown[] }>(admin, 'GET', `/v1/tenants/${tenant}/webhooks`);
  expect(list.body.items).toEqual([]);
});

test('retry a failed delivery, rotate the secret and delete the endpoint', async ({ page, api, tenant }) => {
  let answer = 500;
  const hook = await receiver(() => answer);
  try {
    const admin: Who = { tenantId: tenant, userId: 'alice', roles: ['GlobalAdmin'] };
    const created = await api.call<{ id: string; secret: string }>(admin, 'POST', `/v1/tenants/${tenant}/webhooks`, { url: hook.url });
    await openWebhooks(page, admin);
    const endpoint = page.getByRole('region', { name: hook.url });

    // The receiver fails: the delivery waits for its next attempt.
    await endpoint.getByRole('button', { name: 'Send test' }).click();
    const row = await expectDelivery(endpoint, 'Pending', 'HTTP 500');
    await checkPage(page, 'webhooks-pending');

    // It works again from the manual retry on: the receiver turns to 200 as
    // the console's retry request goes out, not before, so the runner's own
    // retry schedule can't deliver it first and take the button away.
    await page.route('**/deliveries/*/retry', async (route) => {
      answer = 200;
      await route.continue();
    });
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect(endpoint.getByRole('status').filter({ hasText: 'Retried Test event: HTTP 200' })).toBeVisible();
    await expect(row).toContainText('Succeeded');
    await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await checkPage(page, 'webhooks-retried');

    // Rotate: a new secret, shown once.
    await endpoint.getByRole('button', { name: 'Rotate secret' }).click();
    const confirmRotate = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await settled(page);
    await checkPage(page, 'webhooks-rotate-confirm');
    await confirmRotate.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = page.getByRole('dialog', { name: 'Signing secret' });
    const secret = await shown.getByLabel(`Signing secret of ${hook.url}`).inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.body.secret);
    await shown.getByRole('button', { name: 'Close' }).click();
    expect(await page.content()).not.toContain(secret);

    // Delete, after confirming.
    await endpoint.getByRole('button', { name: 'Delete' }).click();
    const confirmDelete = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await expect(confirmDelete).toContainText(hook.url);
    await settled(page);
    await checkPage(page, 'webhooks-delete-confirm');
    await confirmDelete.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status').filter({ hasText: `The endpoint ${hook.url} was deleted.` })).toBeVisible();
    await expect(page.getByRole('region', { name: hook.url })).toHaveCount(0);
    const list = await api.call<{ items: unknown[] }>(admin, 'GET', `/v1/tenants/${tenant}/webhooks`);
    expect(list.body.items).toEqual([]);
    await checkPage(page, 'webhooks-deleted');
  } finally {
    await hook.close();
  }
});

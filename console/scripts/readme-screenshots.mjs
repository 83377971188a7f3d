// Copies the README's screenshots from the last test run
// (test-results/screens/, taken by the Playwright tests) to docs/screenshots/.
import { copyFile, mkdir } from 'node:fs/promises';

export const shots = [
  'home-charts',
  'products-self-service',
  'subscription-move-users',
  'licenses-by-purchaser',
  'policy-list',
  'purchases-buy-review',
  'partner-permission-on',
  'webhooks-delivery',
];

const from = new URL('../test-results/screens/', import.meta.url);
const to = new URL('../../docs/screenshots/', import.meta.url);
await mkdir(to, { recursive: true });
for (const name of shots) await copyFile(new URL(`${name}.png`, from), new URL(`${name}.png`, to));
console.log(`copied ${shots.length} screenshots to docs/screenshots/`);

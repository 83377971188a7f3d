// Generates src/api/schema.d.ts from docs/openapi.yaml; with --check, fails
// when the committed file differs from what the document generates (the
// console's types are stale).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const doc = new URL('../../docs/openapi.yaml', import.meta.url);
const out = new URL('../src/api/schema.d.ts', import.meta.url);
const header = '// Generated from docs/openapi.yaml by `npm run api`. Do not edit.\n\n';

const generated = header + astToString(await openapiTS(doc));
if (process.argv.includes('--check')) {
  const current = await readFile(out, 'utf8').catch(() => '');
  if (current !== generated) {
    console.error(`${fileURLToPath(out)} is stale: docs/openapi.yaml changed. Run: cd console && npm run api`);
    process.exit(1);
  }
  console.log('API types match docs/openapi.yaml');
} else {
  await writeFile(out, generated);
  console.log(`wrote ${fileURLToPath(out)}`);
}

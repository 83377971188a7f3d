import { defineConfig } from '@playwright/test';

// End-to-end tests against the real local runner (its own DynamoDB Local,
// in memory), started here unless CONSOLE_URL points at one already running
// (e.g. `npx vite` for development). Debian's chromium, no browser download.
const port = process.env.CONSOLE_PORT ?? '3310';
const url = process.env.CONSOLE_URL ?? `http://127.0.0.1:${port}`;
const runner = process.env.SELFSERVE_RUNNER ?? '../bin/local';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results/output',
  fullyParallel: true,
  workers: process.env.CI_WORKERS ? Number(process.env.CI_WORKERS) : 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: url,
    screenshot: 'only-on-failure',
    trace: 'off',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: process.env.CONSOLE_URL
    ? undefined
    : {
        command: `${runner} -addr 127.0.0.1:${port} -in-memory -log-level WARN`,
        url: `${url}/`,
        reuseExistingServer: false,
        timeout: 180_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});

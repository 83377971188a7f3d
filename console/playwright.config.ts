import { defineConfig } from '@playwright/test';

// End-to-end tests against the real local runner (its own DynamoDB Local,
// in memory). Debian's chromium, no browser download.
//
// Two projects, each with a runner of its own, started here:
// - "default" (tests/, but tests/clock/): fully parallel on one shared runner
//   (CONSOLE_PORT, default 3310), whose clock never moves;
// - "clock" (tests/clock/): specs that move the runner's clock
//   (POST /_local/clock) and so get their own runner (CONSOLE_CLOCK_PORT,
//   default 3311), one test at a time.
//
// CONSOLE_URL points both projects at a runner already running instead
// (e.g. `npx vite` for development) and starts none; the clock project then
// moves that runner's clock, so run it alone (`--project clock`) or give it
// another runner with CONSOLE_CLOCK_URL.
const port = process.env.CONSOLE_PORT ?? '3310';
const clockPort = process.env.CONSOLE_CLOCK_PORT ?? '3311';
const url = process.env.CONSOLE_URL ?? `http://127.0.0.1:${port}`;
const clockUrl = process.env.CONSOLE_CLOCK_URL ?? process.env.CONSOLE_URL ?? `http://127.0.0.1:${clockPort}`;
const runner = process.env.SELFSERVE_RUNNER ?? '../bin/local';

function runnerOn(p: string) {
  return {
    // Mails are off: the two runners would share one Mailpit (cmd/local tests cover mails).
    command: `${runner} -addr 127.0.0.1:${p} -in-memory -log-level WARN -mail off`,
    url: `http://127.0.0.1:${p}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

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
  projects: [
    { name: 'default', testDir: 'tests', testIgnore: 'clock/**' },
    {
      name: 'clock',
      testDir: 'tests/clock',
      // The runner's clock is the tests' shared state: one test at a time.
      fullyParallel: false,
      workers: 1,
      use: { baseURL: clockUrl },
    },
  ],
  webServer: [
    ...(process.env.CONSOLE_URL ? [] : [runnerOn(port)]),
    ...(process.env.CONSOLE_CLOCK_URL || process.env.CONSOLE_URL ? [] : [runnerOn(clockPort)]),
  ],
});

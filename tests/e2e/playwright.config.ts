// End-to-end tests: the release build served by the provider emulator,
// driven in Debian's headless Chromium. `cargo xtask test` runs this.
import { defineConfig } from '@playwright/test';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const emulator = process.env.DEVENV_EMULATOR ?? path.join(root, 'target/debug/devenv-emulator');
const dist = process.env.DEVENV_DIST ?? path.join(root, 'dist');
// A port chosen at random from a range nothing else here uses, fixed in the
// environment so that the worker processes (which load this file again) agree.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // The deployment suite has its own config (nginx.config.ts).
  testIgnore: ['nginx.spec.ts', 'gateway.spec.ts'],
  outputDir: path.join(root, 'target/e2e-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A stray test.only must fail the run, not quietly run one test.
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `"${emulator}" --port ${port} --dist "${dist}" --transition-ms 1500`,
    url: `http://127.0.0.1:${port}/__emulator/requests`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

// What the three Playwright suites (emulator, nginx, gateway) share: one
// test at a time, no retries, a stray test.only failing the run, and
// Debian's headless Chromium started with the flags this machine needs.
import { PlaywrightTestConfig } from '@playwright/test';

/** Settings every suite uses; each adds its files, output and servers. */
export function suite(baseURL: string): PlaywrightTestConfig {
  return {
    testDir: '.',
    fullyParallel: false,
    workers: 1,
    retries: 0,
    // A stray test.only must fail the run, not quietly run one test.
    forbidOnly: true,
    timeout: 60_000,
    expect: { timeout: 10_000 },
    reporter: [['list']],
    use: {
      baseURL,
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
  };
}

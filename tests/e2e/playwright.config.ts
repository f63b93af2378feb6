// End-to-end tests: the release build served by the provider emulator,
// driven in Debian's headless Chromium. `cargo xtask test` runs this.
import { defineConfig } from '@playwright/test';
import * as path from 'path';
import { suite } from './suite';

const root = path.resolve(__dirname, '../..');
const emulator = process.env.DEVENV_EMULATOR ?? path.join(root, 'target/debug/devenv-emulator');
const dist = process.env.DEVENV_DIST ?? path.join(root, 'dist');
// A port chosen at random from a range nothing else here uses, fixed in the
// environment so that the worker processes (which load this file again) agree.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);

export default defineConfig({
  ...suite(`http://127.0.0.1:${port}/`),
  testMatch: '*.spec.ts',
  // The deployment and access suites have their own configs.
  testIgnore: ['nginx.spec.ts', 'gateway.spec.ts'],
  outputDir: path.join(root, 'target/e2e-results'),
  webServer: {
    command: `"${emulator}" --port ${port} --dist "${dist}" --transition-ms 1500`,
    url: `http://127.0.0.1:${port}/__emulator/requests`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

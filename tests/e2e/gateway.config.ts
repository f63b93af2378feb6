// End-to-end tests of the console through the gateway: the release build
// served by `devenv-gateway --static-dir dist` in trusted-header mode (as
// behind an SSO proxy), the emulator as every provider's upstream. The
// identity comes from the X-Forwarded-User header each test sets.
// `cargo xtask test` runs it.
import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { suite } from './suite';

const root = path.resolve(__dirname, '../..');
const emulator = process.env.DEVENV_EMULATOR ?? path.join(root, 'target/debug/devenv-emulator');
const gateway = process.env.DEVENV_GATEWAY ?? path.join(root, 'target/debug/devenv-gateway');
const dist = path.resolve(process.env.DEVENV_DIST ?? path.join(root, 'dist'));
// Chosen once and kept in the environment, so the worker processes (which
// load this file again) agree on the ports and the configuration file.
process.env.E2E_GATEWAY_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
process.env.E2E_GATEWAY_API_PORT ??= String(Number(process.env.E2E_GATEWAY_PORT) + 1);
process.env.E2E_GATEWAY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'devenv-gateway-'));
const port = Number(process.env.E2E_GATEWAY_PORT);
const apiPort = Number(process.env.E2E_GATEWAY_API_PORT);
const configFile = path.join(process.env.E2E_GATEWAY_DIR, 'gateway.toml');
const template = fs.readFileSync(path.join(root, 'crates/gateway/tests/e2e-gateway.toml'), 'utf8');
fs.writeFileSync(configFile, template.replaceAll('{EMULATOR}', `http://127.0.0.1:${apiPort}`));

export default defineConfig({
  ...suite(`http://127.0.0.1:${port}/`),
  testMatch: 'gateway.spec.ts',
  outputDir: path.join(root, 'target/e2e-results-gateway'),
  webServer: [
    {
      command: `"${emulator}" --port ${apiPort}`,
      url: `http://127.0.0.1:${apiPort}/__emulator/requests`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `"${gateway}" --config "${configFile}" --listen 127.0.0.1:${port} --static-dir "${dist}"`,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      // The gateway logs every request; the tests read what matters.
      stderr: 'ignore',
      env: {
        E2E_FAKE_KEY: 'emulator-ignores-it',
      },
    },
  ],
});

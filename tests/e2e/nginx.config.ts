// End-to-end tests against Debian's nginx with deploy/nginx.conf as it is:
// the sub-path build (`trunk build --public-url /console/ --dist dist-subpath`)
// at http://127.0.0.1:PORT/console/, the strict CSP and cache headers from that
// file, and /console/proxy/ forwarded to the emulator. `cargo xtask test` runs it.
//
// nginx runs unprivileged in a temporary prefix: `<prefix>/nginx.conf` is a
// symlink to deploy/nginx.conf, so the snippets it includes from its own
// directory (devenv/listen.conf, root.conf, upstream.conf) are the ones written
// here, with this run's ports and paths.
import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { suite } from './suite';

const root = path.resolve(__dirname, '../..');
const emulator = process.env.DEVENV_EMULATOR ?? path.join(root, 'target/debug/devenv-emulator');
const dist = path.resolve(process.env.DEVENV_DIST_SUBPATH ?? path.join(root, 'dist-subpath'));
const nginx = process.env.NGINX ?? '/usr/sbin/nginx';
// Chosen once and kept in the environment, so the worker processes (which load
// this file again) agree on the ports and the prefix.
process.env.E2E_NGINX_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
process.env.E2E_API_PORT ??= String(Number(process.env.E2E_NGINX_PORT) + 1);
process.env.E2E_NGINX_PREFIX ??= fs.mkdtempSync(path.join(os.tmpdir(), 'devenv-nginx-'));
// nginx's workers (`nobody` when the tests run as root) must reach the files.
fs.chmodSync(process.env.E2E_NGINX_PREFIX, 0o755);
const port = Number(process.env.E2E_NGINX_PORT);
const apiPort = Number(process.env.E2E_API_PORT);
const prefix = process.env.E2E_NGINX_PREFIX;

function writePrefix() {
  fs.mkdirSync(path.join(prefix, 'devenv'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'www'), { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  if (!fs.existsSync(conf)) fs.symlinkSync(path.join(root, 'deploy/nginx.conf'), conf);
  const site = path.join(prefix, 'www/console');
  if (!fs.existsSync(site)) fs.symlinkSync(dist, site);
  fs.writeFileSync(path.join(prefix, 'devenv/listen.conf'), `listen 127.0.0.1:${port};\n`);
  fs.writeFileSync(path.join(prefix, 'devenv/root.conf'), `root ${path.join(prefix, 'www')};\n`);
  fs.writeFileSync(path.join(prefix, 'devenv/upstream.conf'), `server 127.0.0.1:${apiPort};\n`);
}
writePrefix();


export default defineConfig({
  ...suite(`http://127.0.0.1:${port}/console/`),
  testMatch: 'nginx.spec.ts',
  globalTeardown: './nginx.teardown.ts',
  outputDir: path.join(root, 'target/e2e-results-nginx'),
  webServer: [
    {
      command: `"${emulator}" --port ${apiPort} --transition-ms 1500`,
      url: `http://127.0.0.1:${apiPort}/__emulator/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `"${nginx}" -e stderr -p "${prefix}/" -c "${prefix}/nginx.conf" -g "daemon off; pid ${prefix}/nginx.pid;"`,
      url: `http://127.0.0.1:${port}/console/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});

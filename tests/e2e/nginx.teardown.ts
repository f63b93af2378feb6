// Removes the temporary nginx prefix that nginx.config.ts made for this run.
import * as fs from 'fs';

export default async function teardown() {
  const prefix = process.env.E2E_NGINX_PREFIX;
  if (prefix && prefix.includes('devenv-nginx-')) fs.rmSync(prefix, { recursive: true, force: true });
}

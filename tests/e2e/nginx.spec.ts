// The sub-path build behind Debian's nginx with deploy/nginx.conf: the whole
// flow at /console/ under the strict CSP, deep links and reloads, and the
// cache policy and types of the shipped files. Run by nginx.config.ts.
import { test, expect, request as apiRequest, APIRequestContext } from '@playwright/test';
import { STRICT_CSP, resetEmulator, row, shot, watchCsp } from './helpers';

// The emulator itself (control routes are not behind nginx).
let emulator: APIRequestContext;

test.beforeAll(async () => {
  emulator = await apiRequest.newContext({ baseURL: `http://127.0.0.1:${process.env.E2E_API_PORT}/` });
});

test.afterAll(async () => {
  await emulator.dispose();
});

test.beforeEach(async () => {
  await resetEmulator(emulator);
});

test('list → detail → stop at /console/ under the strict CSP, with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  const response = await page.goto('./');
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await expect(page).toHaveURL(/\/console\/instances$/);
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Instances' })).toHaveAttribute('href', '/console/instances');
  await expect(nav.getByRole('link', { name: 'Instances' })).toHaveAttribute('aria-current', 'page');
  await expect(row(page, 'notebook-c6fd')).toContainText('RUNNING');
  await row(page, 'notebook-c6fd').getByRole('link', { name: 'notebook-c6fd', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/instances\/ma-bj4\/[^/]+$/);
  await expect(page.getByRole('heading', { name: 'notebook-c6fd', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Stop notebook-c6fd' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop notebook-c6fd?' });
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('.detail-head .badge-raw')).toHaveText('STOPPED', { timeout: 15_000 });
  await shot(page, 'nginx-detail-stopped');
  // The provider calls went through nginx's /console/proxy/ to the emulator.
  const log = await (await emulator.get('__emulator/requests')).json();
  expect(log.some((r: { method: string; path: string }) => r.method === 'POST' && r.path.includes('/action'))).toBeTruthy();
  expect(await violations()).toEqual([]);
});

test('deep links and reloads under /console/ open the right view', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto('instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
  await page.getByRole('link', { name: 'Instances', exact: true }).first().click();
  await expect(page).toHaveURL(/\/console\/instances$/);
  await page.goto('instances?status=stopped');
  await expect(row(page, 'notebook-b1b8')).toBeVisible();
  await expect(row(page, 'notebook-c6fd')).toHaveCount(0);
  await page.goto('instances/nowhere/at-all');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instance not found');
  await expect(page.getByText('No endpoint with ID nowhere is configured.')).toBeVisible();
  await page.goto('no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  expect(await violations()).toEqual([]);
});

test('hashed files are immutable, index.html and config.json revalidated, wasm typed', async ({ page, request }) => {
  const index = await request.get('./');
  expect(index.headers()['cache-control']).toBe('no-cache');
  expect(index.headers()['content-type']).toMatch(/^text\/html/);
  const html = await index.text();
  // The page is minified: attribute values may go unquoted.
  expect(html).toMatch(/<base href="?\/console\/"?>/);
  // No inline script: the loader is an external file with an integrity attribute.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle=/);
  const assets = [...html.matchAll(/(?:src|href)="?(\/console\/[^"\s>]+-[0-9a-f]{1,16}(?:_bg)?\.(?:js|wasm|css))[\s">]/g)].map((m) => m[1]);
  expect(assets.some((a) => a.includes('/loader-'))).toBeTruthy();
  expect(assets.some((a) => a.endsWith('.wasm'))).toBeTruthy();
  const tags = html.match(/<(?:script|link)[^>]+\/console\/[^>]+-[0-9a-f]{1,16}[^>]*>/g) ?? [];
  // The loader, the wasm preload, the JS glue and the style sheets.
  expect(tags.length).toBeGreaterThanOrEqual(4);
  for (const tag of tags) {
    expect(tag, tag).toMatch(/integrity="?sha384-/);
  }
  for (const asset of assets) {
    const r = await request.get(asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.status(), asset).toBe(200);
    expect(r.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
    const type = asset.endsWith('.wasm') ? 'application/wasm' : asset.endsWith('.css') ? 'text/css' : 'application/javascript';
    expect(r.headers()['content-type'], asset).toContain(type);
  }
  // The pages fetched on demand: `__wasm_split.js` (named by the glue, so
  // revalidated) names the chunks, which are hashed and immutable.
  const splitJs = await request.get('__wasm_split.js');
  expect(splitJs.status()).toBe(200);
  expect(splitJs.headers()['cache-control']).toBe('no-cache');
  expect(splitJs.headers()['content-type']).toContain('application/javascript');
  const chunks = [...(await splitJs.text()).matchAll(/"\.\/([^"]+-[0-9a-f]{16}\.wasm)"/g)].map((m) => m[1]);
  expect(chunks.length).toBeGreaterThanOrEqual(2);
  for (const chunk of chunks) {
    const r = await request.get(chunk);
    expect(r.status(), chunk).toBe(200);
    expect(r.headers()['cache-control'], chunk).toBe('public, max-age=31536000, immutable');
    expect(r.headers()['content-type'], chunk).toContain('application/wasm');
  }
  const wasm = assets.find((a) => a.endsWith('.wasm'))!;
  const gz = await request.get(wasm, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  const config = await request.get('config.json');
  expect(config.headers()['cache-control']).toBe('no-cache');
  expect(config.headers()['content-type']).toContain('application/json');
  expect(config.headers()['etag']).toBeTruthy();
  const deep = await request.get('instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033');
  expect(deep.status()).toBe(200);
  expect(await deep.text()).toBe(html);
  expect((await request.get('missing-0123456789abcdef.js')).status()).toBe(404);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
});

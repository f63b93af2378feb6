// The first load carries the list only: the create/edit forms and the detail
// page arrive as wasm chunks the first time a user needs them, ahead of the
// click when a link is pointed at, and a chunk that cannot be fetched says so
// and can be tried again.
import { test, expect, Page } from '@playwright/test';
import { resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

const CHUNK = /\/(split_[a-z_]+|chunk_\d+)-[0-9a-f]{16}\.wasm$/;
// trunk names style sheets by a hash written without leading zeros.
const PAGE_STYLES = /\/pages-[0-9a-f]+\.css$/;

/** Paths of the on-demand chunks (and their style sheet) the page has fetched. */
function chunkLog(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (CHUNK.test(path) || PAGE_STYLES.test(path)) seen.push(path);
  });
  return seen;
}

test('the list page loads no chunk; an instance link pointed at fetches the detail page before the click', async ({ page }) => {
  const chunks = chunkLog(page);
  await page.goto('instances');
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(chunks).toEqual([]);

  await page.getByRole('link', { name: 'notebook-c6fd', exact: true }).hover();
  await expect.poll(() => chunks.some((c) => c.includes('/split_detail-'))).toBeTruthy();
  // The on-demand pages' style sheet comes with their first chunk.
  await expect.poll(() => chunks.some((c) => c.includes('/pages-'))).toBeTruthy();
  expect(chunks.some((c) => c.includes('/split_forms-'))).toBeFalsy();
  await page.getByRole('link', { name: 'notebook-c6fd', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'notebook-c6fd' })).toBeVisible();
  // Styled by it: the detail cards lay out as a grid.
  await expect(page.locator('.detail-grid')).toHaveCSS('display', 'grid');
});

test('a form chunk that cannot be fetched says so, keeps the console usable, and Retry loads it', async ({ page }) => {
  let blocked = true;
  await page.route(CHUNK, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('instances');
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create instance' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Check the network connection and try again');
  await shot(page, 'split-chunk-unavailable');
  // The rest of the console still works.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instances' }).click();
  await expect(row(page, 'notebook-c6fd')).toBeVisible();

  await page.goBack();
  await expect(alert).toBeVisible();
  blocked = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create instance' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Where should the instance run?' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test("an action's code arrives when its buttons are pointed at; when it cannot be fetched a toast says so and the next click works", async ({ page }) => {
  const chunks = chunkLog(page);
  await page.goto('instances');
  const stop = row(page, 'notebook-c6fd').getByRole('button', { name: 'Stop notebook-c6fd' });
  await expect(stop).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(chunks.some((c) => c.includes('/split_actions-'))).toBeFalsy();
  await stop.hover();
  await expect.poll(() => chunks.some((c) => c.includes('/split_actions-'))).toBeTruthy();

  // A fresh page whose chunks cannot be fetched.
  const offline = await page.context().newPage();
  let blocked = true;
  await offline.route(CHUNK, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await offline.goto('instances');
  const stopOffline = row(offline, 'notebook-c6fd').getByRole('button', { name: 'Stop notebook-c6fd' });
  await stopOffline.click();
  const toast = offline.locator('.toast-error').filter({ hasText: 'Stop notebook-c6fd failed' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Check the network connection and try again');
  await expect(offline.getByRole('dialog')).toHaveCount(0);
  blocked = false;
  await stopOffline.click();
  await expect(offline.getByRole('dialog', { name: 'Stop notebook-c6fd?' })).toBeVisible();
  await offline.close();
});

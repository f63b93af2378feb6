// The vertical slice: the console starts from config.json and lists the
// ModelArts seed instances through the fetch layer and the emulator.
import { test, expect } from '@playwright/test';
import { resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test('lists the ModelArts seed instances with their statuses', async ({ page }) => {
  await page.goto('./');
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  const c6fd = row(page, 'notebook-c6fd');
  const b1b8 = row(page, 'notebook-b1b8');
  await expect(c6fd).toContainText('RUNNING');
  await expect(c6fd).toContainText('Running');
  await expect(b1b8).toContainText('STOPPED');
  await expect(b1b8).toContainText('Stopped');
  await shot(page, 'foundation-list');
});

test('a slow start shows a loading note, which goes once the console runs', async ({ page }) => {
  // The console's code arrives late: the page itself says it is loading.
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await page.goto('./instances');
  const note = page.getByRole('status').filter({ hasText: 'Loading…' });
  await expect(note).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible({ timeout: 15_000 });
  await expect(note).toHaveCount(0);
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
});

test('a broken config.json shows which file and what is wrong', async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{ "endpoints": [ { "id": "x", ' }),
  );
  await page.goto('./instances');
  await expect(page.getByRole('heading', { name: 'The console could not start' })).toBeVisible();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('config.json');
  await expect(alert).toContainText('not valid configuration JSON');
  await shot(page, 'foundation-config-error');
});

test('a config.json naming an unknown provider says which field', async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ endpoints: [{ id: 'x', provider: 'aws', base_url: 'proxy/x' }] }),
    }),
  );
  await page.goto('./instances');
  await expect(page.getByRole('alert')).toContainText('endpoints[0].provider');
});

test('a missing config.json says so', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./instances');
  await expect(page.getByRole('alert')).toContainText('HTTP 404');
});

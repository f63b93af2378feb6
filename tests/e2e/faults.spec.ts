// The faults users meet most, driven end to end through the emulator: a
// dropped connection, a provider slower than the timeout, an answer that
// cannot be read, and a write answered 503. The request log says exactly
// what the console sent.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { LoggedRequest, injectFault, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

/** The PAI-DSW list requests the emulator received. */
async function dswLists(request: APIRequestContext): Promise<LoggedRequest[]> {
  return (await requestLog(request)).filter((r) => r.provider === 'pai-dsw' && r.method === 'GET');
}

/** Serves config.json with the PAI-DSW endpoint's timeout set to `seconds`. */
async function dswTimeout(page: Page, request: APIRequestContext, seconds: number) {
  const config = await (await request.get('config.json')).json();
  for (const e of config.endpoints) {
    if (e.provider === 'pai-dsw') e.timeout_seconds = seconds;
  }
  await page.route('**/config.json', (route) => route.fulfill({ json: config }));
}

const banner = (page: Page) => page.getByRole('alert', { name: 'PAI-DSW · cn-shanghai' });

test('providers slower than the first paint: the page shows at once with its placeholder, then the rows', async ({ page, request }) => {
  // Every endpoint's first list request answers after 3 s.
  const lists = { modelarts: '/demanager/instances', 'pai-dsw': '/api/v2/instances', scnet: '/instance-service/task' };
  for (const [provider, path] of Object.entries(lists)) {
    await injectFault(request, { provider, count: 1, kind: 'slow', delay_ms: 3000, path_contains: path });
  }
  await page.goto('instances');
  // The page does not wait for them: it shows with the table's placeholder.
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  await expect(page.locator('.skeleton')).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await expect(row(page, 'notebook-c6fd')).toBeVisible({ timeout: 10_000 });
  await expect(row(page, 'training_data')).toBeVisible();
  await expect(page.locator('.skeleton')).toHaveCount(0);
});

test('a connection dropped once: the read is tried again, rows appear, no banner', async ({ page, request }) => {
  await injectFault(request, { provider: 'pai-dsw', count: 1, kind: 'close' });
  await page.goto('instances');
  await expect(row(page, 'training_data')).toBeVisible();
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  // The dropped request and its one retry: two, not one, not three.
  expect(await dswLists(request)).toHaveLength(2);
});

test('a provider slower than the timeout: a timeout banner after one request, then Retry recovers', async ({ page, request }) => {
  await dswTimeout(page, request, 1);
  await injectFault(request, { provider: 'pai-dsw', count: 1, kind: 'slow', delay_ms: 4000 });
  await page.goto('instances');
  await expect(banner(page)).toContainText('no answer within 1 s');
  await expect(banner(page)).toContainText('The provider did not answer in time');
  // The other endpoints still show.
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await expect(row(page, 'training_data')).toHaveCount(0);
  // A timeout is not retried by itself: one request.
  expect(await dswLists(request)).toHaveLength(1);
  await shot(page, 'faults-timeout');
  await banner(page).getByRole('button', { name: /Retry/ }).click();
  await expect(row(page, 'training_data')).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  expect(await dswLists(request)).toHaveLength(2);
});

test('an answer that cannot be read: a banner naming the provider says so', async ({ page, request }) => {
  // A 200 that cannot be read is not retried: one broken answer is enough.
  await injectFault(request, { provider: 'pai-dsw', count: 1, kind: 'malformed' });
  await page.goto('instances');
  await expect(banner(page)).toContainText('PAI-DSW');
  await expect(banner(page)).toContainText('answer is not JSON');
  await expect(banner(page)).toContainText('The answer could not be read');
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  expect(await dswLists(request)).toHaveLength(1);
  await shot(page, 'faults-malformed');
});

test('a create answered 503 is sent once, never retried, and the form keeps every value', async ({ page, request }) => {
  await injectFault(request, { provider: 'pai-dsw', count: 1, kind: 'status', status: 503, method: 'POST' });
  await page.goto('instances/new?endpoint=dsw-sh');
  await page.getByLabel(/^Name/).fill('dsw_after_503');
  await page.getByRole('radio', { name: /ecs\.c6\.large/ }).check();
  await page.getByLabel(/^Image/).fill('registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu');
  await page.getByRole('button', { name: 'Create instance' }).click();
  const error = page.getByRole('alert').filter({ hasText: 'The provider did not create the instance' });
  await expect(error).toContainText('PAI-DSW');
  await expect(error).toContainText('InternalError');
  const posts = (await requestLog(request)).filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(1);
  await expect(page.getByLabel(/^Name/)).toHaveValue('dsw_after_503');
  await expect(page.getByRole('radio', { name: /ecs\.c6\.large/ })).toBeChecked();
  await expect(page.getByLabel(/^Image/)).toHaveValue(/py36_cpu_tf1\.12_ubuntu$/);
  // Sending again is the user's choice, and then it goes through.
  await page.getByRole('button', { name: 'Create instance' }).click();
  await expect(page).toHaveURL(/\/instances\/dsw-sh\/[^/]+$/);
  expect((await requestLog(request)).filter((r) => r.method === 'POST')).toHaveLength(2);
});

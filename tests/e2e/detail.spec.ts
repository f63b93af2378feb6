// Detail view, lifecycle actions and editing, for each provider.
import { test, expect, Page } from '@playwright/test';
import { requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

const C6FD = 'DE-7d558ef8-c73d-11ea-964c-0255ac100033';
const B1B8 = 'DE-7936a360-c734-11ea-a72b-0255ac100033';

function section(page: Page, name: string) {
  return page.getByRole('region', { name });
}

/** Seconds shown by a countdown such as "57 min 08 s" (NaN for any other text). */
function countdownSeconds(text: string | null): number {
  const m = /^(\d+) min (\d\d) s$/.exec(text ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

async function openFromList(page: Page, name: string) {
  await page.goto('instances');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('ModelArts detail: flavor, GPU and a live auto-stop countdown', async ({ page }) => {
  await openFromList(page, 'notebook-c6fd');
  await expect(page).toHaveURL(new RegExp(`/instances/ma-bj4/${C6FD}$`));
  const hw = section(page, 'Hardware');
  await expect(hw).toContainText('modelarts.bm.gpu.v100NV32');
  await expect(hw).toContainText('1 × v100NV32');
  await expect(hw).toContainText('64GiB');
  const overview = section(page, 'Overview');
  await expect(overview).toContainText(C6FD);
  await expect(overview).toContainText('ops_dev_env');
  // The countdown runs from the provider's remain_time (3450 s), not from
  // its stop_timestamp (long past, which would read 0), and goes down live.
  const countdown = section(page, 'Auto-stop').locator('.countdown');
  await expect(countdown).toHaveText(/^\d+ min \d\d s$/);
  const first = countdownSeconds(await countdown.textContent());
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(3450);
  await expect.poll(async () => countdownSeconds(await countdown.textContent())).toBeLessThan(first);
  await expect(page.getByRole('button', { name: 'Stop notebook-c6fd' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restart notebook-c6fd' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start notebook-c6fd', exact: true })).toHaveCount(0);
  await page.getByText("Provider's answer (JSON)").click();
  await expect(page.locator('.raw-json pre')).toContainText('"gpu_type": "v100NV32"');
  await shot(page, 'detail-modelarts');
});

test('PAI-DSW detail: JupyterLab link and 4 × NVIDIA A10', async ({ page }) => {
  await openFromList(page, 'training_data');
  await expect(section(page, 'Hardware')).toContainText('4 × NVIDIA A10');
  const overview = section(page, 'Overview');
  await expect(overview).toContainText('40823');
  await expect(overview.getByRole('button', { name: 'Copy Workspace ID' })).toBeVisible();
  await expect(overview.getByRole('button', { name: 'Copy ID', exact: true })).toBeVisible();
  const jupyter = section(page, 'Connect').getByRole('link', { name: /JupyterLab/ });
  await expect(jupyter).toHaveAttribute('href', 'https://dsw-gateway-cn-shanghai.aliyun.com/dsw-39772/lab/');
  await expect(jupyter).toHaveAttribute('target', '_blank');
  await expect(jupyter).toHaveAttribute('rel', /noopener/);
  await shot(page, 'detail-pai-dsw');
});

test('SCNet detail: 6 CPU, 2 GPU, Waiting', async ({ page }) => {
  await openFromList(page, 'Instances_2204208761');
  const hw = section(page, 'Hardware');
  await expect(hw.locator('dd').nth(1)).toHaveText('6');
  await expect(hw).toContainText('2 × TeslaM40');
  await expect(page.locator('.detail-head .badge-raw')).toHaveText('Waiting');
  await shot(page, 'detail-scnet');
});

test('an unknown instance id shows the not-found page with a way back', async ({ page }) => {
  await page.goto(`instances/ma-bj4/DE-does-not-exist`);
  await expect(page.getByRole('heading', { name: 'Instance not found' })).toBeVisible();
  await expect(page.getByText('It may have been deleted')).toBeVisible();
  await page.getByRole('link', { name: 'Back to instances' }).click();
  await expect(page).toHaveURL(/\/instances$/);
  await shot(page, 'detail-not-found');
});

async function stopAndStart(page: Page, name: string, stoppedRaw: string, runningRaw: string) {
  await openFromList(page, name);
  const badge = page.locator('.detail-head .badge-raw');
  await page.getByRole('button', { name: `Stop ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Stop ${name}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(badge).toHaveText(stoppedRaw, { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: `${name} is now` })).toBeVisible();
  await page.getByRole('button', { name: `Start ${name}` }).click();
  await expect(badge).toHaveText(runningRaw, { timeout: 15_000 });
}

test('ModelArts: stop a running instance, watch it stop, start it again', async ({ page }) => {
  await stopAndStart(page, 'notebook-c6fd', 'STOPPED', 'RUNNING');
});

test('PAI-DSW: stop and start', async ({ page }) => {
  await stopAndStart(page, 'training_data', 'Stopped', 'Running');
});

test('SCNet: stop and start', async ({ page }) => {
  await stopAndStart(page, 'Instances_2204208761', 'Terminated', 'Running');
});

test('stop asks first; Escape closes the dialog and gives focus back', async ({ page, request }) => {
  await page.goto('instances');
  const stop = page.getByRole('button', { name: 'Stop notebook-c6fd' });
  await stop.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Stop notebook-c6fd?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(stop).toBeFocused();
  const log = await requestLog(request);
  expect(log.filter((r) => r.method !== 'GET')).toHaveLength(0);
});

async function deleteByTypingName(page: Page, name: string) {
  await page.goto('instances');
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  const confirm = dialog.getByRole('button', { name: 'Delete' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type the instance name/).fill(name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type the instance name/).fill(name);
  await confirm.click();
  await expect(row(page, name)).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: `${name} was deleted` })).toBeVisible();
  await page.reload();
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await expect(row(page, name)).toHaveCount(0);
}

test('ModelArts: delete a stopped instance after typing its name', async ({ page }) => {
  await deleteByTypingName(page, 'notebook-b1b8');
});

test('PAI-DSW: delete after stopping', async ({ page, request }) => {
  const r = await request.put('/proxy/pai-dsw/api/v2/instances/dsw-730xxxxxxxxxx/stop');
  expect(r.ok()).toBeTruthy();
  await page.waitForTimeout(1800);
  await deleteByTypingName(page, 'training_data');
});

test('SCNet: delete after stopping', async ({ page, request }) => {
  const r = await request.post('/proxy/scnet/ai/openapi/v2/instance-service/task/actions/stop?ids=530491fa7c8e47348f01de73e627a6a7');
  expect(r.ok()).toBeTruthy();
  await deleteByTypingName(page, 'Instances_2204208761');
});

test('a provider refusal shows its code and what to do', async ({ page, request }) => {
  await page.goto(`instances/ma-bj4/${B1B8}`);
  await expect(page.getByRole('button', { name: 'Start notebook-b1b8' })).toBeVisible();
  // Someone else starts it meanwhile: the console still offers Start.
  await request.post(`/proxy/modelarts/v1/p/demanager/instances/${B1B8}/action`, { data: { action: 'start' } });
  await page.waitForTimeout(1800);
  await page.getByRole('button', { name: 'Start notebook-b1b8' }).click();
  const toast = page.getByRole('status').filter({ hasText: 'Start notebook-b1b8 failed' });
  await expect(toast).toContainText('ModelArts.6305');
  await shot(page, 'detail-refusal');
});

test('editing a ModelArts description persists across a reload', async ({ page }) => {
  await page.goto(`instances/ma-bj4/${C6FD}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit notebook-c6fd' })).toBeVisible();
  await page.getByLabel('Description').fill('training run for the spring model');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/ma-bj4/${C6FD}$`));
  await expect(page.locator('.detail-description')).toHaveText('training run for the spring model');
  await page.reload();
  await expect(page.locator('.detail-description')).toHaveText('training run for the spring model');
});

test('the edit form refuses < in a description and 25 hours of auto-stop, sending nothing', async ({ page, request }) => {
  await page.goto(`instances/ma-bj4/${C6FD}/edit`);
  const description = page.getByLabel('Description');
  await description.fill('a < b');
  await description.blur();
  await expect(description).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Must not contain')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these problems' })).toBeVisible();
  await shot(page, 'edit-refused');
  await description.fill('fine');
  await page.getByLabel('Run time before stopping (hours, 1–24)').fill('25');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Must be from 1 to 24 h.').first()).toBeVisible();
  const log = await requestLog(request);
  expect(log.filter((r) => r.method === 'PUT')).toHaveLength(0);
});

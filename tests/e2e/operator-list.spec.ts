// The operator's view of the list: picking many instances (a checkbox per
// row, shift-click for a range, the page, every match) and acting on them at
// once with one confirmation and a result per row; the "running without
// auto-stop" filter; the accelerators the fleet holds; stuck rows.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { addInstance, injectFault, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

/** Adds a running PAI-DSW instance in the configured workspace. */
async function addDsw(request: APIRequestContext, fields: Record<string, unknown>) {
  await addInstance(request, 'pai-dsw', {
    Status: 'Running',
    AcceleratorType: 'CPU',
    EcsSpec: 'ecs.c6.large',
    WorkspaceId: '40823',
    GmtCreateTime: '2026-01-01T08:00:00Z',
    ...fields,
  });
}

/** Three running PAI-DSW instances, newest first: ops_dsw_1, _2, _3. */
async function addThreeDsw(request: APIRequestContext) {
  for (const n of [1, 2, 3]) {
    await addDsw(request, {
      InstanceId: `dsw-ops${n}`,
      InstanceName: `ops_dsw_${n}`,
      GmtCreateTime: `2026-01-0${4 - n}T08:00:00Z`,
    });
  }
}

const pick = (page: Page, name: string) => page.getByRole('checkbox', { name, exact: true });
const bar = (page: Page) => page.getByRole('group', { name: 'Selected instances' });

test('stopping five picked instances: one batch request for PAI-DSW, a result per row, the failure stays picked with its reason', async ({ page, request }) => {
  await addThreeDsw(request);
  await page.goto('instances');
  await expect(row(page, 'ops_dsw_3')).toBeVisible();
  await expect(bar(page)).toBeHidden();

  // A range by shift-click, then two more one by one.
  await pick(page, 'ops_dsw_1').click();
  await pick(page, 'ops_dsw_3').click({ modifiers: ['Shift'] });
  await expect(pick(page, 'ops_dsw_2')).toBeChecked();
  await expect(bar(page)).toContainText('3 selected');
  await pick(page, 'training_data').click();
  await pick(page, 'notebook-c6fd').click();
  await expect(bar(page)).toContainText('5 selected');
  await expect(pick(page, 'notebook-b1b8')).not.toBeChecked();
  await shot(page, 'operator-list-selection');

  // The ModelArts stop fails with the provider's own error.
  await injectFault(request, {
    provider: 'modelarts',
    count: 1,
    kind: 'status',
    status: 400,
    action: 'action',
    body: { error_code: 'ModelArts.7001', error_msg: 'The instance is locked by another operation.' },
  });

  await bar(page).getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop: 5 instances' });
  await expect(dialog).toBeVisible();
  for (const name of ['ops_dsw_1', 'ops_dsw_2', 'ops_dsw_3', 'training_data', 'notebook-c6fd']) {
    await expect(dialog.locator('.batch-row', { hasText: name })).toHaveAttribute('data-state', 'waiting');
  }
  // The save-image option is offered (and explained) but left off here.
  await expect(dialog.getByRole('checkbox', { name: 'Save the environment as an image first' })).not.toBeChecked();
  await expect(dialog).toContainText('saved as an image in your account');
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();

  await expect(dialog.getByRole('status')).toHaveText('4 requested, 1 failed, 0 skipped');
  await expect(dialog.locator('.batch-row[data-state="done"]')).toHaveCount(4);
  const failed = dialog.locator('.batch-row[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('notebook-c6fd');
  await expect(failed).toContainText('ModelArts');
  await expect(failed).toContainText('ModelArts.7001');
  await expect(failed).toContainText('The instance is locked by another operation.');
  await shot(page, 'operator-list-batch-result');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // What went wrong stays listed, and the failure stays picked.
  const left = page.getByRole('region', { name: 'Stop: 5 instances' });
  await expect(left).toContainText('ModelArts.7001');
  await expect(pick(page, 'notebook-c6fd')).toBeChecked();
  await expect(bar(page)).toContainText('1 selected');
  for (const name of ['ops_dsw_1', 'ops_dsw_2', 'ops_dsw_3', 'training_data']) {
    await expect(pick(page, name)).not.toBeChecked();
    await expect(row(page, name).locator('[data-status-class]')).toHaveAttribute('data-status-class', /transitional|stopped/);
  }
  await expect(row(page, 'notebook-c6fd').locator('[data-status-class]')).toHaveAttribute('data-status-class', 'running');

  // PAI-DSW: one StopInstances batch with the four ids, no single stop.
  const log = await requestLog(request);
  const dsw = log.filter((r) => r.provider === 'pai-dsw' && r.method !== 'GET');
  expect(dsw.map((r) => `${r.action} ${r.method} ${r.path}`)).toEqual(['StopInstances PUT /proxy/pai-dsw/api/v2/batch/instances/stop']);
  expect(((dsw[0].body as { InstanceIds: string[] }).InstanceIds).slice().sort()).toEqual(
    ['dsw-730xxxxxxxxxx', 'dsw-ops1', 'dsw-ops2', 'dsw-ops3'],
  );
  const ma = log.filter((r) => r.provider === 'modelarts' && r.method === 'POST');
  expect(ma).toHaveLength(1);
  expect(ma[0].path).toMatch(/\/action$/);
});

test('stopping with "save the environment as an image first": each PAI-DSW instance is stopped on its own with SaveImage', async ({ page, request }) => {
  await addThreeDsw(request);
  await page.goto('instances?q=ops_dsw');
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await expect(bar(page)).toContainText('3 selected');
  await bar(page).getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop: 3 instances' });
  await dialog.getByRole('checkbox', { name: 'Save the environment as an image first' }).check();
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('3 requested, 0 failed, 0 skipped');
  const stops = (await requestLog(request)).filter((r) => r.provider === 'pai-dsw' && r.method !== 'GET');
  expect(stops.map((r) => `${r.action} ${r.path} ${r.query.SaveImage}`).sort()).toEqual([
    'StopInstance /proxy/pai-dsw/api/v2/instances/dsw-ops1/stop true',
    'StopInstance /proxy/pai-dsw/api/v2/instances/dsw-ops2/stop true',
    'StopInstance /proxy/pai-dsw/api/v2/instances/dsw-ops3/stop true',
  ]);
});

test('stopping 32 instances one request each: a result per row, the list shows them stopping, and it is asked for again once the batch ends, not after every stop', async ({ page, request }) => {
  await Promise.all(Array.from({ length: 32 }, (_, i) => {
    const n = String(i).padStart(2, '0');
    return addInstance(request, 'modelarts', { id: `DE-many-${n}`, name: `many-${n}`, status: 'RUNNING', flavor: 'modelarts.vm.cpu.2u', creation_timestamp: String(1600000000000 + i * 1000) });
  }));
  // Each stop takes 300 ms: eight rounds of four, about 2.5 s in all.
  await injectFault(request, { provider: 'modelarts', count: 32, kind: 'slow', delay_ms: 300, action: 'action' });
  await page.goto('instances?q=many-');
  await expect(page.getByText('1–20 of 32')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await bar(page).getByRole('button', { name: 'Select all 32 matching' }).click();
  await expect(bar(page)).toContainText('32 selected');
  await bar(page).getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop: 32 instances' });
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('32 requested, 0 failed, 0 skipped', { timeout: 20_000 });
  await expect(dialog.locator('.batch-row[data-state="done"]')).toHaveCount(32);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(bar(page)).toBeHidden();
  await expect(row(page, 'many-31').locator('[data-status-class]')).toHaveAttribute('data-status-class', /transitional|stopped/);

  // While the stops went out, the list was asked for at most once (its own
  // schedule), not after each; after the last, it is asked for again.
  const isStop = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/action');
  const modelarts = (await requestLog(request)).filter((r) => r.provider === 'modelarts');
  const first = modelarts.findIndex(isStop);
  const last = modelarts.map(isStop).lastIndexOf(true);
  expect(modelarts.filter(isStop)).toHaveLength(32);
  const listsDuring = modelarts.slice(first, last).filter((r) => r.method === 'GET' && r.query.offset === '0');
  expect(listsDuring.length).toBeLessThanOrEqual(1);
  await expect.poll(async () => {
    const log = (await requestLog(request)).filter((r) => r.provider === 'modelarts');
    return log.slice(log.map(isStop).lastIndexOf(true)).some((r) => r.method === 'GET' && r.query.offset === '0');
  }).toBeTruthy();
});

test('a batch of 150: the dialog lists the first 100 and counts the rest; a failure among the rest is listed, and stays listed after closing', async ({ page, request }) => {
  await Promise.all(Array.from({ length: 150 }, (_, i) => {
    const n = String(i).padStart(3, '0');
    return addInstance(request, 'modelarts', { id: `DE-many-${n}`, name: `many-${n}`, status: 'RUNNING', flavor: 'modelarts.vm.cpu.2u', creation_timestamp: String(1600000000000 + i * 1000) });
  }));
  // The oldest, listed last, cannot be stopped.
  await injectFault(request, {
    provider: 'modelarts', count: 1, kind: 'status', status: 400, action: 'action', path_contains: 'DE-many-000',
    body: { error_code: 'ModelArts.7001', error_msg: 'The instance is locked by another operation.' },
  });
  await page.goto('instances?q=many-');
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await bar(page).getByRole('button', { name: 'Select all 150 matching' }).click();
  await bar(page).getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop: 150 instances' });
  await expect(dialog.locator('.batch-row')).toHaveCount(100);
  await expect(dialog.locator('.batch-more')).toHaveText('…and 50 more');
  await expect(dialog.locator('.batch-row', { hasText: 'many-000' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('149 requested, 1 failed, 0 skipped', { timeout: 20_000 });
  const failed = dialog.locator('.batch-row[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('many-000');
  await expect(failed).toContainText('ModelArts.7001');
  await expect(dialog.locator('.batch-more')).toHaveText('…and 49 more');
  await dialog.locator('.batch-more').scrollIntoViewIfNeeded();
  await shot(page, 'operator-list-batch-150');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const left = page.getByRole('region', { name: 'Stop: 150 instances' });
  await expect(left.locator('.batch-row')).toHaveCount(1);
  await expect(left).toContainText('The instance is locked by another operation.');
  await expect(bar(page)).toContainText('1 selected');
});

test('delete asks for the count typed and is disabled until it matches; an action not allowed says why', async ({ page, request }) => {
  await page.goto('instances');
  await pick(page, 'notebook-b1b8').click();
  await pick(page, 'notebook-c6fd').click();
  await bar(page).getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete: 2 instances' });
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  const typed = dialog.getByLabel('Type 2 to confirm');
  await expect(confirm).toBeDisabled();
  await typed.fill('1');
  await expect(confirm).toBeDisabled();
  await typed.fill('2');
  await expect(confirm).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await requestLog(request)).filter((r) => r.method === 'DELETE')).toHaveLength(0);
  await expect(bar(page)).toContainText('2 selected');

  // Start on a running instance is refused before anything is sent.
  await bar(page).getByRole('button', { name: 'Start', exact: true }).click();
  const start = page.getByRole('dialog', { name: 'Start: 2 instances' });
  await expect(start.locator('.batch-row', { hasText: 'notebook-c6fd' })).toHaveAttribute('data-state', 'refused');
  await expect(start.locator('.batch-row', { hasText: 'notebook-c6fd' })).toContainText('Not allowed while RUNNING');
  await expect(start.locator('.batch-row', { hasText: 'notebook-b1b8' })).toHaveAttribute('data-state', 'waiting');
});

test('the header checkbox picks the page, and "select all matching" every match', async ({ page, request }) => {
  for (let i = 0; i < 25; i++) {
    await addInstance(request, 'modelarts', { id: `DE-bulk-${i}`, name: `bulk-${String(i).padStart(2, '0')}`, status: 'STOPPED', creation_timestamp: String(1600000000000 + i) });
  }
  await page.goto('instances?q=bulk');
  await expect(page.getByText('1–20 of 25')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await expect(bar(page)).toContainText('20 selected');
  await bar(page).getByRole('button', { name: 'Select all 25 matching' }).click();
  await expect(bar(page)).toContainText('25 selected');
  await expect(bar(page).getByRole('button', { name: /Select all \d+ matching/ })).toBeHidden();
  await bar(page).getByRole('button', { name: 'Clear selection' }).click();
  await expect(bar(page)).toBeHidden();
  await expect(page.getByRole('checkbox', { name: 'Select all on this page' })).not.toBeChecked();
});

test('the "running without auto-stop" chip filters the list and survives a reload', async ({ page, request }) => {
  // One more running without any auto-stop, and one with a timer.
  await addDsw(request, { InstanceId: 'dsw-bare', InstanceName: 'no_timer' });
  await addDsw(request, {
    InstanceId: 'dsw-timed', InstanceName: 'with_timer',
    InstanceShutdownTimer: { DueTime: '2099-01-01T00:00:00Z', RemainingTimeInMs: 3600000, InstanceId: 'dsw-timed' },
  });
  await page.goto('instances');
  await expect(row(page, 'with_timer')).toBeVisible();
  const chip = page.getByRole('button', { name: /^Running without auto-stop/ });
  const count = Number(await chip.locator('.chip-count').innerText());
  expect(count).toBeGreaterThanOrEqual(1);
  await chip.click();
  await expect(page).toHaveURL(/autostop=none/);
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(count);
  await expect(row(page, 'no_timer')).toBeVisible();
  await expect(row(page, 'with_timer')).toHaveCount(0);
  await expect(row(page, 'notebook-b1b8')).toHaveCount(0);
  for (const r of await rows.all()) {
    await expect(r.locator('[data-status-class]')).toHaveAttribute('data-status-class', 'running');
  }
  await page.reload();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(count);
  await expect(row(page, 'with_timer')).toHaveCount(0);
  await chip.click();
  await expect(page).not.toHaveURL(/autostop/);
  await expect(row(page, 'with_timer')).toBeVisible();
});

test('the fleet glance counts the accelerators of running instances by model', async ({ page, request }) => {
  await addDsw(request, { InstanceId: 'dsw-a10', InstanceName: 'more_a10', RequestedResource: { CPU: '16', Memory: '64', GPU: '2', GPUType: 'NVIDIA A10' } });
  await addDsw(request, { InstanceId: 'dsw-v100', InstanceName: 'one_v100', RequestedResource: { CPU: '8', Memory: '32', GPU: '1', GPUType: 'V100' } });
  await addDsw(request, { InstanceId: 'dsw-off', InstanceName: 'stopped_a10', Status: 'Stopped', RequestedResource: { CPU: '8', Memory: '32', GPU: '8', GPUType: 'NVIDIA A10' } });
  await page.goto('instances');
  await expect(row(page, 'stopped_a10')).toBeVisible();
  const glance = page.getByRole('region', { name: 'Accelerators in use' });
  const bars = glance.getByRole('listitem');
  // training_data's 4 × A10 and more_a10's 2 (the stopped one does not
  // count), one_v100's V100, and notebook-c6fd's (ModelArts) v100NV32.
  await expect(bars).toHaveText([/^A10\s*6$/, /^V100\s*1$/, /^v100NV32\s*1$/]);
  await expect(bars.first().locator('.fleet-count')).toHaveText('6');
  await shot(page, 'operator-list-fleet');

  // Stopping them all hides the glance.
  const stop = await request.put('/proxy/pai-dsw/api/v2/batch/instances/stop', {
    data: { InstanceIds: ['dsw-730xxxxxxxxxx', 'dsw-a10', 'dsw-v100'] },
  });
  expect(stop.ok()).toBeTruthy();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(bars).toHaveText([/^v100NV32\s*1$/], { timeout: 15_000 });
  await row(page, 'notebook-c6fd').getByRole('button', { name: 'Stop notebook-c6fd' }).click();
  await page.getByRole('dialog', { name: 'Stop notebook-c6fd?' }).getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(glance).toBeHidden({ timeout: 15_000 });
});

test('the selection in Chinese', async ({ page, request }) => {
  await addThreeDsw(request);
  await page.addInitScript(() => localStorage.setItem('devenv.locale', 'zh-CN'));
  await page.goto('instances');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await pick(page, 'ops_dsw_1').click();
  await pick(page, 'ops_dsw_2').click();
  await expect(page.getByRole('group', { name: '已选实例' })).toContainText('已选 2 个');
  await shot(page, 'operator-list-selection-zh');
});

test.describe('on a 390 px touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("each card's checkbox and the page's are 44 × 44 px touch targets", async ({ page }) => {
    await page.goto('instances');
    await expect(row(page, 'notebook-c6fd')).toHaveCSS('display', 'flex');
    for (const box of [
      await pick(page, 'notebook-c6fd').boundingBox(),
      await page.getByRole('checkbox', { name: 'Select all on this page' }).boundingBox(),
    ]) {
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    await pick(page, 'notebook-c6fd').tap();
    await expect(bar(page)).toContainText('1 selected');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(scroll).toBeLessThanOrEqual(0);
  });
});

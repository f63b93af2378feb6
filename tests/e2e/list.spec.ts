// The instance list: every endpoint in one live table, filters, sort and
// paging kept in the URL, per-endpoint error banners, live status, hostile data.
import { test, expect, Page } from '@playwright/test';
import { addInstance, injectFault, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function expectClass(page: Page, name: string, cls: string, raw: string) {
  const r = row(page, name);
  await expect(r.locator('[data-status-class]')).toHaveAttribute('data-status-class', cls);
  await expect(r.locator('.badge-raw')).toHaveText(raw);
}

test('shows the seed instances of all three providers with their status classes', async ({ page }) => {
  await page.goto('instances');
  await expectClass(page, 'notebook-c6fd', 'running', 'RUNNING');
  await expectClass(page, 'notebook-b1b8', 'stopped', 'STOPPED');
  await expectClass(page, 'notebook-d115', 'transitional', 'CREATING');
  await expectClass(page, 'training_data', 'running', 'Running');
  await expectClass(page, 'Instances_2204208761', 'queued', 'Waiting');
  await expect(row(page, 'training_data')).toContainText('PAI-DSW · cn-shanghai');
  await expect(row(page, 'training_data')).toContainText('4 × NVIDIA A10');
  await expect(row(page, 'Instances_2204208761')).toContainText('SCNet');
  const counts = page.getByRole('list', { name: 'Instances by status' });
  await expect(counts.getByRole('button', { name: /Running\s*2/ })).toBeVisible();
  await shot(page, 'list-seeds');
});

test('filters, sort and paging live in the URL and survive a reload', async ({ page, request }) => {
  // 25 more ModelArts instances so that there is a second page.
  for (let i = 0; i < 25; i++) {
    const id = `DE-page-${String(i).padStart(2, '0')}`;
    await addInstance(request, 'modelarts', {
      id,
      name: `bulk-${String(i).padStart(2, '0')}`,
      status: i % 2 ? 'STOPPED' : 'RUNNING',
      creation_timestamp: String(1600000000000 + i * 1000),
      flavor: 'modelarts.vm.cpu.2u',
      flavor_details: { name: 'modelarts.vm.cpu.2u', params: { CPU: 2, GPU: 0, memory: '8GiB' }, type: 'CPU' },
    });
  }
  await page.goto('instances');
  await expect(page.getByText('1–20 of 30')).toBeVisible();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('21–30 of 30')).toBeVisible();
  await page.reload();
  await expect(page.getByText('21–30 of 30')).toBeVisible();

  await page.getByLabel('Search name or ID').fill('bulk-1');
  await expect(page).toHaveURL(/q=bulk-1/);
  await expect(page.getByText('1–10 of 10')).toBeVisible();
  await page.getByLabel('Status', { exact: true }).selectOption('running');
  await expect(page).toHaveURL(/status=running/);
  await page.getByLabel('Sort by').selectOption('-name');
  await expect(page).toHaveURL(/sort=-name/);
  const names = page.locator('tbody a.instance-link');
  await expect(names).toHaveText(['bulk-18', 'bulk-16', 'bulk-14', 'bulk-12', 'bulk-10']);
  await page.reload();
  await expect(page.getByLabel('Search name or ID')).toHaveValue('bulk-1');
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('running');
  await expect(names).toHaveText(['bulk-18', 'bulk-16', 'bulk-14', 'bulk-12', 'bulk-10']);

  await page.getByLabel('Endpoint').selectOption('scnet');
  await expect(page.getByText('No instance matches these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/instances(\?sort=-name)?$/);
  await expect(page.getByText('1–20 of 30')).toBeVisible();
});

test('a failing endpoint shows its own banner while the others show, and retry recovers', async ({ page, request }) => {
  // Two failures: the list request and its one automatic retry.
  await injectFault(request, {
    provider: 'pai-dsw',
    count: 2,
    kind: 'status',
    status: 503,
    body: { RequestId: 'req-503', Code: 'ServiceUnavailable', Message: 'The service is temporarily unavailable.' },
  });
  await page.goto('instances');
  const banner = page.getByRole('alert', { name: 'PAI-DSW · cn-shanghai' });
  await expect(banner).toContainText('PAI-DSW · cn-shanghai could not be listed');
  await expect(banner).toContainText('ServiceUnavailable');
  await expect(banner).toContainText('The service is temporarily unavailable.');
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await expect(row(page, 'Instances_2204208761')).toBeVisible();
  await expect(row(page, 'training_data')).toHaveCount(0);
  await shot(page, 'list-endpoint-error');
  await banner.getByRole('button', { name: /Retry/ }).click();
  await expect(row(page, 'training_data')).toBeVisible();
  await expect(page.getByRole('alert', { name: 'PAI-DSW · cn-shanghai' })).toHaveCount(0);
});

test('an instance in a transitional state turns running without a reload', async ({ page, request }) => {
  await page.goto('instances');
  await expectClass(page, 'notebook-b1b8', 'stopped', 'STOPPED');
  const r = await request.post(
    '/proxy/modelarts/v1/0b1c2d3e4f5a46b7a8c9d0e1f2a3b4c5/demanager/instances/DE-7936a360-c734-11ea-a72b-0255ac100033/action',
    { data: { action: 'start' } },
  );
  expect(r.ok()).toBeTruthy();
  await expectClass(page, 'notebook-b1b8', 'running', 'RUNNING');
});

test('hostile text from a provider shows as text and runs nothing', async ({ page, request }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  await addInstance(request, 'modelarts', { id: 'DE-hostile', name: hostile, description: '<script>alert(2)</script>', status: '<b>RUNNING</b>', creation_timestamp: '1600000000000' });
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs++;
    await d.dismiss();
  });
  await page.goto('instances');
  await expect(page.getByRole('link', { name: hostile, exact: true })).toBeVisible();
  await expect(row(page, hostile)).toContainText('<b>RUNNING</b>');
  await expect(row(page, hostile).locator('[data-status-class]')).toHaveAttribute('data-status-class', 'unknown');
  expect(await page.locator('tbody img, tbody b, script:not([src]):not([type="module"])').count()).toBe(0);
  await page.getByRole('link', { name: hostile, exact: true }).click();
  await expect(page.getByRole('heading', { name: hostile, level: 1 })).toBeVisible();
  await page.waitForTimeout(500);
  expect(dialogs).toBe(0);
});

test('the auto-stop column shows how long a running instance has idled of its idle policy', async ({ page, request }) => {
  const add = async (fields: Record<string, unknown>) => {
    await addInstance(request, 'pai-dsw', { Status: 'Running', AcceleratorType: 'CPU', EcsSpec: 'ecs.c6.large', WorkspaceId: '40823', GmtCreateTime: '2024-03-01T08:00:00Z', ...fields });
  };
  await add({
    InstanceId: 'dsw-idlepolicy01', InstanceName: 'idle_policy',
    IdleInstanceCuller: { CpuPercentThreshold: 10, MaxIdleTimeInMinutes: 60, IdleTimeInMinutes: 12 },
  });
  await add({
    InstanceId: 'dsw-idlestopped1', InstanceName: 'idle_policy_stopped', Status: 'Stopped',
    IdleInstanceCuller: { CpuPercentThreshold: 10, MaxIdleTimeInMinutes: 60, IdleTimeInMinutes: 0 },
  });
  await page.goto('instances');
  await expect(row(page, 'idle_policy').locator('.col-auto-stop')).toHaveText('Idle 12 of 60 min');
  // A stopped instance's policy stops nothing now.
  await expect(row(page, 'idle_policy_stopped').locator('.col-auto-stop')).toHaveText('');
  await page.goto('instances?lang=zh-CN');
  await expect(row(page, 'idle_policy').locator('.col-auto-stop')).toHaveText('已空闲 12/60 分钟');
});

test('while an instance moves, a list of eleven pages is asked for again after eleven seconds, not every five', async ({ page, request }) => {
  // 1,000 more ModelArts instances and one that stays starting: with the
  // seeds, eleven pages of 100.
  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, k) => {
      const n = String(i + k).padStart(4, '0');
      return addInstance(request, 'modelarts', { id: `DE-fleet-${n}`, name: `fleet-${n}`, status: 'STOPPED', creation_timestamp: String(1600000000000 + (i + k) * 1000) });
    }));
  }
  await addInstance(request, 'modelarts', { id: 'DE-fleet-moving', name: 'fleet-moving', status: 'STARTING', creation_timestamp: '1700000000000' });
  const firstPages = async () =>
    (await requestLog(request)).filter((r) => r.provider === 'modelarts' && r.method === 'GET' && r.query.offset === '0').length;
  await page.goto('instances?q=fleet-moving');
  await expect(row(page, 'fleet-moving').locator('[data-status-class]')).toHaveAttribute('data-status-class', 'transitional');
  // The first load reached the last page.
  await expect.poll(async () => (await requestLog(request)).some((r) => r.provider === 'modelarts' && r.query.offset === '1000')).toBeTruthy();
  expect(await firstPages()).toBe(1);
  // Five seconds on, a short list would be asked for again; this one waits
  // a second per page...
  await page.waitForTimeout(7000);
  expect(await firstPages()).toBe(1);
  // ...and then comes again, sooner than the 30 s of a settled list.
  await expect.poll(firstPages, { timeout: 15_000 }).toBe(2);
});

// The operator's view of one instance: history (failure reasons, events,
// lifecycle, copy), resource charts, the shutdown timer and the idle
// policy, provider text shown as text, in both languages and themes.
import { test, expect, APIRequestContext, Page } from '@playwright/test';
import { addInstance, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

/** The emulator decides busy or idle from the instance id: these two are busy and idle. */
const BUSY_GPU = 'dsw-3bb8cee3603f231d';
const IDLE_CPU = 'dsw-159abfeb36e23fa6';
const FAILED_MA = 'DE-f38a5cc0-eada-11ee-76b8-0255ac1088f6';
const REASON = 'ModelArts.6360: Insufficient resources, please try again later.';

function iso(ms: number) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adds a running PAI-DSW instance, started two hours ago. */
async function addDsw(request: APIRequestContext, fields: Record<string, unknown>) {
  const started = Date.now() - 2 * 3600_000;
  await addInstance(request, 'pai-dsw', {
    Status: 'Running',
    AcceleratorType: 'CPU',
    EcsSpec: 'ecs.c6.large',
    WorkspaceId: '40823',
    PaymentType: 'PayAsYouGo',
    ResourceId: '',
    GmtCreateTime: iso(started),
    GmtModifiedTime: iso(started + 90_000),
    RequestedResource: { CPU: '2', Memory: '8' },
    ImageUrl: 'dsw-registry.cn-shanghai.cr.aliyuncs.com/pai/modelscope:1.9.4-pytorch2.0.1-gpu-py38',
    ...fields,
  });
}

async function addBusyGpu(request: APIRequestContext) {
  await addDsw(request, {
    InstanceId: BUSY_GPU,
    InstanceName: 'busy_gpu',
    AcceleratorType: 'GPU',
    EcsSpec: 'ecs.gn6i-c4g1.xlarge',
    RequestedResource: { CPU: '4', Memory: '15', GPU: '1', GPUType: 'NVIDIA T4' },
  });
}

function card(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test('a failing ModelArts instance shows its failure reason, and its copy button copies it', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await addInstance(request, 'modelarts', {
    id: FAILED_MA, name: 'failed-create', status: 'CREATE_FAILED',
    creation_timestamp: String(Date.now() - 3600_000), flavor: 'modelarts.vm.cpu.2u',
    flavor_details: { name: 'modelarts.vm.cpu.2u', type: 'CPU', params: { CPU: 2, GPU: 0, memory: '8GiB' } },
    spec: { failed_reasons: { code: 'ModelArts.6360', message: 'Insufficient resources, please try again later.', detail: {} } },
  });
  await page.goto(`instances/ma-bj4/${FAILED_MA}`);
  const history = card(page, 'History');
  const entry = history.getByRole('listitem').filter({ hasText: 'Insufficient resources' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('ModelArts.6360');
  await expect(entry).toContainText('Failure');
  // ModelArts has no metrics and no policies: no such cards.
  await expect(card(page, 'Resource usage')).toHaveCount(0);
  await entry.getByRole('button', { name: 'Copy entry' }).click();
  await expect(entry.getByRole('button', { name: 'Copy entry' })).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(REASON);
  expect(copied).toContain('CREATE_FAILED');
});

test('a PAI-DSW instance shows its events and lifecycle, newest first', async ({ page, request }) => {
  await addDsw(request, { InstanceId: IDLE_CPU, InstanceName: 'idle_cpu' });
  await page.goto(`instances/dsw-sh/${IDLE_CPU}`);
  const history = card(page, 'History');
  // Events (GetInstanceEvents) …
  await expect(history.getByRole('listitem').filter({ hasText: 'Pulling image' })).toHaveCount(1);
  await expect(history.getByRole('listitem').filter({ hasText: /Pod .* is running/ })).toHaveCount(1);
  // … and the lifecycle (GetLifecycle), each step with its status.
  const lifecycle = history.getByRole('listitem').filter({ hasText: 'Lifecycle' });
  await expect(lifecycle.filter({ hasText: 'EnvPreparing' })).toHaveCount(1);
  await expect(lifecycle.filter({ hasText: 'Running' })).toHaveCount(1);
  const log = await requestLog(request);
  expect(log.some((l) => l.path.endsWith(`/${IDLE_CPU}/events`))).toBeTruthy();
  expect(log.some((l) => l.path.endsWith(`/${IDLE_CPU}/lifecycle`))).toBeTruthy();
  // Newest first: the times of the entries go down.
  const times = await history.locator('.history-entry > .history-meta > time:first-child').evaluateAll(
    (els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')),
  );
  expect(times.length).toBeGreaterThan(3);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
});

test('the usage chart of a running GPU instance draws four series; another range asks again and redraws', async ({ page, request }) => {
  await addBusyGpu(request);
  // Clicked 0.4 s into a minute: the provider's points fall on whole
  // minutes, and the first must not land left of the plot.
  await page.clock.setFixedTime(Math.floor(Date.now() / 60_000) * 60_000 + 400);
  await page.goto(`instances/dsw-sh/${BUSY_GPU}`);
  const usage = card(page, 'Resource usage');
  const lines = usage.locator('path.usage-line');
  await expect(lines).toHaveCount(4);
  for (const name of ['CPU', 'Memory', 'GPU core', 'GPU memory']) {
    await expect(usage.getByRole('listitem').filter({ hasText: new RegExp(`^${name}$`) })).toHaveCount(1);
  }
  for (let i = 0; i < 4; i++) await expect(lines.nth(i)).toHaveAttribute('d', /^M[\d.]+ [\d.]+ L/);
  await expect(usage.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
  const hourD = await lines.first().getAttribute('d');
  const metrics = (log: Awaited<ReturnType<typeof requestLog>>) =>
    log.filter((l) => l.path.endsWith(`/instance/${BUSY_GPU}/metrics`));
  const first = metrics(await requestLog(request));
  expect(first.map((l) => l.query.MetricType).sort()).toEqual(['CpuCoreUsage', 'GpuCoreUsage', 'GpuMemoryUsage', 'MemoryUsage']);
  expect(first.every((l) => l.query.TimeStep === '1m')).toBeTruthy();

  // The value under the pointer: four readings.
  const svg = usage.locator('svg');
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4);
  await expect(usage.locator('.usage-readout')).toContainText(/CPU \d+\.\d%.*GPU memory \d+\.\d%/);
  await expect(usage.locator('circle.usage-dot')).toHaveCount(4);

  await usage.getByRole('button', { name: '24 h' }).click();
  await expect(usage.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => metrics(await requestLog(request)).filter((l) => l.query.TimeStep === '15m').length).toBe(4);
  const day = metrics(await requestLog(request)).filter((l) => l.query.TimeStep === '15m');
  const span = Date.parse(day[0].query.EndTime) - Date.parse(day[0].query.StartTime);
  expect(span).toBe(24 * 3600_000);
  await expect(lines).toHaveCount(4);
  await expect.poll(async () => lines.first().getAttribute('d')).not.toBe(hourD);
  // Screen readers get the numbers as a table.
  await expect(usage.locator('table.visually-hidden th[scope="col"]')).toHaveCount(5);
  // Keyboard: focus and arrows move the reading.
  await svg.focus();
  await page.keyboard.press('Home');
  await expect(usage.locator('.usage-readout')).toContainText(/CPU \d+\.\d%/);
});

test('a shutdown timer shows a countdown and can be cancelled', async ({ page, request }) => {
  await addDsw(request, { InstanceId: IDLE_CPU, InstanceName: 'idle_cpu' });
  await page.goto(`instances/dsw-sh/${IDLE_CPU}`);
  const autoStop = card(page, 'Auto-stop');
  await expect(autoStop.getByText('No timer set.')).toBeVisible();
  // Core's check shows at the field, and what was typed stays.
  await autoStop.getByLabel('Stop after').fill('0');
  await autoStop.getByRole('button', { name: 'Set timer' }).click();
  await expect(autoStop.getByLabel('Stop after')).toHaveAttribute('aria-invalid', 'true');
  await expect(autoStop.getByLabel('Stop after')).toHaveValue('0');
  expect((await requestLog(request)).filter((l) => l.path.endsWith('/shutdowntimer'))).toEqual([]);

  await autoStop.getByLabel('Stop after').fill('3');
  await autoStop.getByRole('button', { name: 'Set timer' }).click();
  const countdown = autoStop.locator('.timer-countdown');
  await expect(countdown).toHaveText(/^2 min \d\d s$/);
  const before = await countdown.textContent();
  await expect.poll(async () => countdown.textContent(), { timeout: 5000 }).not.toBe(before);
  // Another timer replaces it: the old one is deleted first; hours count as 60 minutes.
  await autoStop.getByLabel('Stop after').fill('2');
  await autoStop.getByLabel('In', { exact: true }).selectOption('h');
  await autoStop.getByRole('button', { name: 'Set timer' }).click();
  await expect(countdown).toHaveText(/^1 h 59 min$|^2 h 00 min$/);
  const timerCalls = (await requestLog(request)).filter((l) => l.path.endsWith('/shutdowntimer') && l.method !== 'GET');
  expect(timerCalls.map((p) => [p.method, p.body])).toEqual([
    ['POST', { RemainingTimeInMs: 3 * 60_000 }],
    ['DELETE', null],
    ['POST', { RemainingTimeInMs: 2 * 3600_000 }],
  ]);

  await autoStop.getByRole('button', { name: 'Cancel timer' }).click();
  await expect(autoStop.getByText('No timer set.')).toBeVisible();
  const left = await request.get(`proxy/pai-dsw/api/v2/instances/${IDLE_CPU}/shutdowntimer`);
  expect(left.status()).toBe(404);
});

test('an idle policy of one minute stops an idle instance once the clock moves on', async ({ page, request }) => {
  await addDsw(request, { InstanceId: IDLE_CPU, InstanceName: 'idle_cpu' });
  await page.goto(`instances/dsw-sh/${IDLE_CPU}`);
  const autoStop = card(page, 'Auto-stop');
  await expect(autoStop.getByText('No idle policy.')).toBeVisible();
  // A CPU instance has no GPU threshold.
  await expect(autoStop.getByLabel('GPU below (%)')).toHaveCount(0);
  await autoStop.getByLabel('CPU below (%)').fill('20');
  await autoStop.getByLabel('For (minutes)').fill('1');
  await autoStop.getByRole('button', { name: 'Set policy' }).click();
  await expect(autoStop.getByRole('button', { name: 'Delete policy' })).toBeVisible();
  await expect(autoStop.getByRole('button', { name: 'Replace policy' })).toBeVisible();
  const posts = (await requestLog(request)).filter((l) => l.method === 'POST' && l.path.endsWith('/idleinstanceculler'));
  expect(posts.map((p) => p.body)).toEqual([{ CpuPercentThreshold: 20, MaxIdleTimeInMinutes: 1 }]);

  await request.post('/__emulator/clock', { data: { advance_ms: 61_000 } });
  await request.get(`proxy/pai-dsw/api/v2/instances/${IDLE_CPU}`);
  await request.post('/__emulator/clock', { data: { advance_ms: 5_000 } });
  await page.goto('instances');
  await expect(row(page, 'idle_cpu').locator('.badge-raw')).toHaveText('Stopped');
});

test('an instance queued longer than stuck_after_minutes is marked stuck in the list, and its page says since when and why', async ({ page, request }) => {
  const queuedAt = Date.now() - 10 * 60_000;
  await addDsw(request, {
    InstanceId: 'dsw-queued000001',
    InstanceName: 'long_queue',
    Status: 'Queuing',
    GmtModifiedTime: iso(queuedAt),
    ReasonCode: 'ResourceNotEnough',
    ReasonMessage: 'No A10 GPUs are free in the zone.',
  });
  // Ten minutes is not stuck under the default of 15.
  await page.goto('instances');
  const marker = row(page, 'long_queue').locator('.stuck');
  await expect(row(page, 'long_queue')).toBeVisible();
  await expect(marker).toBeHidden();

  // With `stuck_after_minutes: 5` it is.
  const config = await (await request.get('config.json')).json();
  config.stuck_after_minutes = 5;
  await page.route('**/config.json', (route) => route.fulfill({ json: config }));
  await page.reload();
  await expect(marker).toBeVisible();
  await expect(marker).toHaveText('stuck');
  await expect(marker).toHaveAttribute('title', /^In this status since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  await expect(row(page, 'training_data').locator('.stuck')).toBeHidden();

  await page.getByRole('link', { name: 'long_queue', exact: true }).click();
  const notice = page.locator('.stuck-notice');
  await expect(notice).toContainText('In Queuing since');
  await expect(notice).toContainText('10 minutes ago');
  await expect(notice).toContainText('longer than expected');
  await expect(notice).toContainText('Latest reason: ResourceNotEnough: No A10 GPUs are free in the zone.');
});

test('provider text with markup in an event shows as text', async ({ page, request }) => {
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
  await addDsw(request, {
    InstanceId: 'dsw-hostile0001',
    InstanceName: 'hostile_text',
    Status: 'Failed',
    ReasonCode: '<i>Code</i>',
    ReasonMessage: hostile,
  });
  await page.goto('instances/dsw-sh/dsw-hostile0001');
  const history = card(page, 'History');
  await expect(history.getByText(hostile).first()).toBeVisible();
  await expect(history.locator('img, script, b, i')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test.describe('screenshots', () => {
  for (const lang of ['en', 'zh'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`detail with history and charts, ${lang} ${theme}`, async ({ page, request }) => {
        await page.emulateMedia({ colorScheme: theme });
        await addBusyGpu(request);
        await page.goto(`instances/dsw-sh/${BUSY_GPU}?lang=${lang === 'zh' ? 'zh-CN' : 'en'}&theme=${theme}`);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(page.locator('path.usage-line')).toHaveCount(4);
        await expect(page.locator('.history-entry').first()).toBeVisible();
        const svg = page.locator('.usage-chart svg');
        await svg.scrollIntoViewIfNeeded();
        const box = (await svg.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
        await expect(page.locator('circle.usage-dot')).toHaveCount(4);
        await shot(page, `operator-detail-${lang}-${theme}`);
      });
    }
  }
});

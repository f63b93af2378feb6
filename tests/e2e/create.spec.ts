// Create forms: bad input is caught before anything is sent; a valid form
// creates exactly one instance that reaches running; a provider error keeps
// every field; a reload keeps the draft.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { injectFault, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function creates(request: APIRequestContext, provider: string) {
  return (await requestLog(request)).filter((r) => r.provider === provider && r.method === 'POST');
}

async function choose(page: Page, endpointLabel: string) {
  await page.goto('instances/new');
  await expect(page.getByRole('heading', { name: 'Create instance', level: 1 })).toBeVisible();
  await page.getByLabel(endpointLabel).check();
}

async function expectFieldError(page: Page, label: string | RegExp, message: string) {
  const field = page.getByLabel(label);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const described = await field.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
  const errorId = described!.split(' ').find((id) => id.endsWith('-error'))!;
  await expect(page.locator(`#${errorId}`)).toHaveText(message);
}

interface ProviderCase {
  provider: string;
  endpoint: string;
  endpointId: string;
  nameLabel: string | RegExp;
  name: string;
  fillValid: (page: Page, name: string) => Promise<void>;
  running: string;
  failure: { status: number; body: unknown; code: string };
}

const cases: ProviderCase[] = [
  {
    provider: 'modelarts',
    endpoint: 'ModelArts · cn-north-4',
    endpointId: 'ma-bj4',
    nameLabel: /^Name/,
    name: 'notebook-e2e1',
    fillValid: async (page, name) => {
      await page.getByLabel(/^Name/).fill(name);
      await page.getByLabel('Description').fill('made by the end-to-end suite');
      await page.getByLabel(/^Profile/).selectOption('Multi-Engine 1.0 (python3)-cpu');
      await page.getByLabel(/^Flavor/).selectOption('modelarts.vm.cpu.2u');
    },
    running: 'RUNNING',
    failure: { status: 400, body: { error_code: 'ModelArts.6302', error_message: 'The quota is reached.' }, code: 'ModelArts.6302' },
  },
  {
    provider: 'pai-dsw',
    endpoint: 'PAI-DSW · cn-shanghai',
    endpointId: 'dsw-sh',
    nameLabel: /^Name/,
    name: 'dsw_e2e1',
    fillValid: async (page, name) => {
      await page.getByLabel(/^Name/).fill(name);
      await page.getByRole('radio', { name: /ecs\.c6\.large/ }).check();
      await page.getByLabel(/^Image/).fill('registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu');
    },
    running: 'Running',
    failure: { status: 400, body: { RequestId: 'r-1', Code: 'QuotaExceeded', Message: 'Quota exceeded in this workspace.', Success: false }, code: 'QuotaExceeded' },
  },
  {
    provider: 'scnet',
    endpoint: 'SCNet',
    endpointId: 'scnet',
    nameLabel: /^Instance service name/,
    name: 'scnet-e2e1',
    fillValid: async (page, name) => {
      await page.getByLabel(/^Instance service name/).fill(name);
      await page.getByLabel(/^CPU cores/).fill('4');
      await page.getByLabel(/^Accelerators/).fill('1');
      await page.getByLabel(/^Memory/).fill('8192');
      await page.getByLabel(/^Resource group/).selectOption('TeslaM40');
      await page.getByLabel(/^Image path/).fill('10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0');
    },
    running: 'Running',
    failure: { status: 200, body: { code: '10007', msg: 'The user is frozen.', data: null }, code: '10007' },
  },
];

test('ModelArts: bad input shows the right messages and nothing is sent', async ({ page, request }) => {
  await choose(page, 'ModelArts · cn-north-4');
  const name = page.getByLabel(/^Name/);
  await name.fill('bad name!');
  await name.blur();
  await expectFieldError(page, /^Name/, 'Use only A-Z a-z 0-9 - _ (not “ ” “!”).');
  await name.fill('n'.repeat(65));
  await name.blur();
  await expectFieldError(page, /^Name/, 'At most 64 characters.');
  await page.getByLabel(/^Storage/).selectOption('obs');
  await page.getByLabel(/^OBS path/).fill('/my-bucket/work');
  await page.getByLabel(/^OBS path/).blur();
  await expectFieldError(page, /^OBS path/, 'An OBS path must end with /.');
  await page.getByLabel(/^Storage/).selectOption('evs');
  await page.getByLabel('Disk size (GB, 5–4096)').fill('4097');
  await page.getByLabel('Disk size (GB, 5–4096)').blur();
  await expectFieldError(page, 'Disk size (GB, 5–4096)', 'Must be from 5 to 4096 GB.');
  await page.getByLabel(/^Run time before stopping/).fill('0.5');
  await page.getByLabel(/^Run time before stopping/).blur();
  await expectFieldError(page, /^Run time before stopping/, 'Must be from 1 to 24 h.');
  await page.getByRole('button', { name: 'Create instance' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Fix these problems' });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Profile (image): Required.');
  await shot(page, 'create-modelarts-invalid');
  await summary.getByRole('link', { name: /^Flavor/ }).click();
  await expect(page.getByLabel(/^Flavor/)).toBeFocused();
  expect(await creates(request, 'modelarts')).toHaveLength(0);
});

test('PAI-DSW: a name with - is refused and nothing is sent', async ({ page, request }) => {
  await choose(page, 'PAI-DSW · cn-shanghai');
  await page.getByLabel(/^Name/).fill('my-notebook');
  await page.getByLabel(/^Name/).blur();
  await expectFieldError(page, /^Name/, 'Use only A-Z a-z 0-9 _ (not “-”).');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these problems' })).toContainText('Machine type: Required.');
  await shot(page, 'create-pai-dsw-invalid');
  expect(await creates(request, 'pai-dsw')).toHaveLength(0);
});

test('SCNet: a negative CPU count is refused and nothing is sent', async ({ page, request }) => {
  await choose(page, 'SCNet');
  await page.getByLabel(/^CPU cores/).fill('-2');
  await page.getByLabel(/^CPU cores/).blur();
  await expectFieldError(page, /^CPU cores/, 'Must not be negative.');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these problems' })).toBeVisible();
  await shot(page, 'create-scnet-invalid');
  expect(await creates(request, 'scnet')).toHaveLength(0);
});

for (const c of cases) {
  test(`${c.provider}: a valid form creates exactly one instance that reaches running, even on a double click`, async ({ page, request }) => {
    await choose(page, c.endpoint);
    await c.fillValid(page, c.name);
    await page.getByRole('button', { name: 'Create instance' }).dblclick();
    await expect(page).toHaveURL(new RegExp(`/instances/${c.endpointId}/[^/]+$`));
    await expect(page.getByRole('heading', { name: c.name, level: 1 })).toBeVisible();
    await expect(page.locator('.detail-head .badge-raw')).toHaveText(c.running, { timeout: 15_000 });
    expect(await creates(request, c.provider)).toHaveLength(1);
    await page.getByRole('link', { name: 'Instances', exact: true }).first().click();
    await expect(row(page, c.name).locator('.badge-raw')).toHaveText(c.running);
  });

  test(`${c.provider}: a provider error shows with its code and every field keeps its value; a reload keeps the draft`, async ({ page, request }) => {
    await injectFault(request, { provider: c.provider, count: 1, kind: 'status', status: c.failure.status, body: c.failure.body, method: 'POST' });
    await choose(page, c.endpoint);
    await c.fillValid(page, c.name);
    const before = await page.locator('.create-form').locator('input[type=text], input[type=number], textarea, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await page.getByRole('button', { name: 'Create instance' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'The provider did not create the instance' });
    await expect(error).toContainText(c.failure.code);
    await shot(page, `create-${c.provider}-provider-error`);
    const after = await page.locator('.create-form').locator('input[type=text], input[type=number], textarea, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(after).toEqual(before);
    await page.reload();
    await expect(page.getByText('Your unsent draft was restored.')).toBeVisible();
    await expect(page.getByLabel(c.nameLabel)).toHaveValue(c.name);
    const reloaded = await page.locator('.create-form').locator('input[type=text], input[type=number], textarea, select').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(reloaded).toEqual(before);
  });
}

test('Clone opens the form filled from the instance', async ({ page }) => {
  await page.goto('instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033');
  await page.getByRole('link', { name: 'Clone' }).click();
  await expect(page.getByText('Cloned from notebook-c6fd')).toBeVisible();
  await expect(page.getByLabel(/^Flavor/)).toHaveValue('modelarts.bm.gpu.v100NV32');
  await expect(page.getByLabel(/^Name/)).toHaveValue(/^notebook-c6fd/);
});

test('PAI-DSW: labels, environment variables and datasets from the Advanced rows reach the request', async ({ page, request }) => {
  await choose(page, 'PAI-DSW · cn-shanghai');
  await cases[1].fillValid(page, 'dsw_rows');
  await page.getByText('Advanced').click();
  await page.getByRole('button', { name: 'Add · Labels' }).click();
  await page.getByLabel('Labels Key 1').fill('team');
  await page.getByLabel('Labels Value 1').fill('vision');
  await page.getByRole('button', { name: 'Add · Environment variables' }).click();
  await page.getByLabel('Environment variables Key 1').fill('MODE');
  await page.getByLabel('Environment variables Value 1').fill('train');
  await page.getByRole('button', { name: 'Add · Datasets' }).click();
  await page.getByLabel('Datasets Dataset ID 1').fill('d-123');
  await expect(page.getByLabel('Datasets Mount path 1')).toHaveValue('/mnt/data');
  // A removed row is gone from the request.
  await page.getByRole('button', { name: 'Add · Labels' }).click();
  await page.getByLabel('Labels Key 2').fill('dropped');
  await page.locator('.rows-field').filter({ hasText: 'Labels' }).getByRole('button', { name: 'Remove' }).nth(1).click();
  await page.getByRole('button', { name: 'Create instance' }).click();
  await expect(page).toHaveURL(/\/instances\/dsw-sh\/[^/]+$/);
  const [post] = await creates(request, 'pai-dsw');
  const body = post.body as Record<string, unknown>;
  expect(body.Labels).toEqual([{ Key: 'team', Value: 'vision' }]);
  expect(body.EnvironmentVariables).toEqual({ MODE: 'train' });
  expect(body.Datasets).toEqual([{ DatasetId: 'd-123', MountPath: '/mnt/data' }]);
});

test('a successful create clears the draft: the next form starts fresh', async ({ page }) => {
  await choose(page, 'PAI-DSW · cn-shanghai');
  await page.getByLabel(/^Name/).fill('dsw_draft_done');
  await page.getByRole('radio', { name: /ecs\.c6\.large/ }).check();
  await page.getByLabel(/^Image/).fill('registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu');
  expect(await page.evaluate(() => sessionStorage.getItem('devenv.create-draft.dsw-sh'))).toContain('dsw_draft_done');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await expect(page).toHaveURL(/\/instances\/dsw-sh\/[^/]+$/);
  expect(await page.evaluate(() => sessionStorage.getItem('devenv.create-draft.dsw-sh'))).toBeNull();
  await choose(page, 'PAI-DSW · cn-shanghai');
  await expect(page.getByLabel(/^Name/)).not.toHaveValue('dsw_draft_done');
  await expect(page.getByLabel(/^Image/)).toHaveValue('');
  await expect(page.getByText('Your unsent draft was restored.')).toHaveCount(0);
});

test('"Start over" discards a restored draft, also after a reload', async ({ page, request }) => {
  await choose(page, 'PAI-DSW · cn-shanghai');
  await page.getByLabel(/^Name/).fill('dsw_start_over');
  await page.getByLabel(/^Image/).fill('my-image:1');
  await page.reload();
  await expect(page.getByText('Your unsent draft was restored.')).toBeVisible();
  await expect(page.getByLabel(/^Name/)).toHaveValue('dsw_start_over');
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByLabel(/^Name/)).not.toHaveValue('dsw_start_over');
  await expect(page.getByLabel(/^Image/)).toHaveValue('');
  await page.reload();
  await expect(page.getByText('Your unsent draft was restored.')).toHaveCount(0);
  await expect(page.getByLabel(/^Name/)).not.toHaveValue('dsw_start_over');
  expect(await creates(request, 'pai-dsw')).toHaveLength(0);
});

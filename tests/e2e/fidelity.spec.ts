// What the providers document, end to end: PAI-DSW lists every workspace and
// resource group, PAI-DSW edit (UpdateInstance), ModelArts dequeue and its
// HTTP 400 "does not exist", one row per instance however the paging shifts,
// and an honest empty state when no endpoint answers.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { addInstance, injectFault, requestLog, resetEmulator, row, shot } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

const DSW_SEED = 'dsw-730xxxxxxxxxx';

/** Serves config.json with the PAI-DSW endpoint's workspace_id removed. */
async function dswWithoutWorkspace(page: Page, request: APIRequestContext) {
  const config = await (await request.get('config.json')).json();
  for (const e of config.endpoints) {
    if (e.provider === 'pai-dsw') delete e.workspace_id;
  }
  await page.route('**/config.json', (route) => route.fulfill({ json: config }));
}

/** Adds a PAI-DSW instance as the emulator stores it. */
async function addDsw(request: APIRequestContext, fields: Record<string, unknown>) {
  await addInstance(request, 'pai-dsw', {
    Status: 'Running',
    AcceleratorType: 'CPU',
    EcsSpec: 'ecs.c6.large',
    GmtCreateTime: '2024-03-01T08:00:00Z',
    ...fields,
  });
}

test('PAI-DSW: an endpoint without workspace_id lists subscription instances and every workspace', async ({ page, request }) => {
  await addDsw(request, {
    InstanceId: 'dsw-prepaid01', InstanceName: 'prepaid_notebook', WorkspaceId: '40823',
    PaymentType: 'Subscription', ResourceId: 'quota-prepaid-01',
  });
  await addDsw(request, {
    InstanceId: 'dsw-otherws01', InstanceName: 'second_workspace', WorkspaceId: '52011',
    PaymentType: 'PayAsYouGo', ResourceId: '',
  });
  // The emulator answers as the service documents: the blank defaults hide both.
  const blank = await (await request.get('proxy/pai-dsw/api/v2/instances?PageSize=100')).json();
  expect(blank.Instances.map((i: { InstanceName: string }) => i.InstanceName)).toEqual(['training_data']);

  await dswWithoutWorkspace(page, request);
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('instances');
  await expect(row(page, 'prepaid_notebook')).toBeVisible();
  await expect(row(page, 'second_workspace')).toBeVisible();
  await expect(row(page, 'training_data')).toBeVisible();
  // The console's list requests (the check above asked without SortBy).
  const lists = (await requestLog(request)).filter(
    (r) => r.provider === 'pai-dsw' && r.method === 'GET' && r.query.SortBy !== undefined,
  );
  expect(lists.length).toBeGreaterThan(0);
  for (const r of lists) {
    expect(r.query).toMatchObject({ ResourceId: 'ALL', WorkspaceId: 'ALL' });
  }
  // No list request ends in a stray '&' or carries an empty parameter.
  const listUrls = urls.filter((u) => u.includes('/proxy/'));
  expect(listUrls.length).toBeGreaterThanOrEqual(3);
  for (const u of listUrls) {
    expect(u, u).not.toMatch(/[?&]$|&&|\?&/);
  }
});

test('PAI-DSW: edit the name and machine type, see them after a reload', async ({ page, request }) => {
  await page.goto(`instances/dsw-sh/${DSW_SEED}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit training_data' })).toBeVisible();
  const name = page.getByLabel(/^Name/);
  await expect(name).toHaveValue('training_data');
  await name.fill('training_data_v2');
  await page.getByRole('radio', { name: /ecs\.g6\.xlarge/ }).check();
  await shot(page, 'edit-pai-dsw');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/dsw-sh/${DSW_SEED}$`));
  const puts = (await requestLog(request)).filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
  // Only what changed is sent.
  expect(puts[0].body).toEqual({ InstanceName: 'training_data_v2', EcsSpec: 'ecs.g6.xlarge' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('training_data_v2');
  await expect(page.getByText('ecs.g6.xlarge').first()).toBeVisible();
});

test('PAI-DSW: a bad name is refused on its field and nothing is sent', async ({ page, request }) => {
  await page.goto(`instances/dsw-sh/${DSW_SEED}/edit`);
  const name = page.getByLabel(/^Name/);
  await name.fill('has-a-dash');
  await name.blur();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these problems' })).toBeVisible();
  // What the user typed is kept.
  await expect(name).toHaveValue('has-a-dash');
  // Saving an unchanged form sends nothing either, and says so.
  await name.fill('training_data');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Nothing has changed, so nothing was sent.')).toBeVisible();
  const puts = (await requestLog(request)).filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(0);
});

test('ModelArts: a queued free-flavor instance leaves the queue from its detail page', async ({ page, request }) => {
  await addInstance(request, 'modelarts', {
    id: 'DE-free-queued', name: 'free-queued', status: 'START_QUEUING',
    creation_timestamp: '1700000000000', flavor: 'modelarts.vm.cpu.free',
    flavor_details: { name: 'modelarts.vm.cpu.free', promo_type: 'Free', type: 'CPU', params: { CPU: 2, GPU: 0, memory: '8GiB' } },
    queuing_info: { id: 'DE-free-queued', name: 'free-queued', status: 'START_QUEUING', rank: 2 },
  });
  await page.goto('instances/ma-bj4/DE-free-queued');
  const badge = page.locator('.detail-head .badge-raw');
  await expect(badge).toHaveText('START_QUEUING');
  await page.getByRole('button', { name: 'Leave queue free-queued' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave the queue with free-queued?' });
  await expect(dialog).toBeVisible();
  await shot(page, 'detail-dequeue');
  await dialog.getByRole('button', { name: 'Leave queue' }).click();
  await expect(badge).toHaveText('STOPPED');
  const actions = (await requestLog(request)).filter((l) => l.path.endsWith('/action'));
  expect(actions.map((a) => a.body)).toEqual([{ action: 'dequeue' }]);
});

test('ModelArts: a queued instance of a paid flavor offers no way out of the queue', async ({ page, request }) => {
  await addInstance(request, 'modelarts', {
    id: 'DE-paid-queued', name: 'paid-queued', status: 'START_QUEUING',
    creation_timestamp: '1700000000000', flavor: 'modelarts.vm.cpu.2u',
    flavor_details: { name: 'modelarts.vm.cpu.2u', promo_type: 'NoDiscount', type: 'CPU' },
  });
  await page.goto('instances/ma-bj4/DE-paid-queued');
  await expect(page.locator('.detail-head .badge-raw')).toHaveText('START_QUEUING');
  await expect(page.getByRole('button', { name: /Leave queue/ })).toHaveCount(0);
});

test('ModelArts: "does not exist" comes as HTTP 400 / 6309 and shows the not-found page', async ({ page }) => {
  const answer = page.waitForResponse((r) => r.url().includes('/demanager/instances/DE-gone'));
  await page.goto('instances/ma-bj4/DE-gone');
  const r = await answer;
  expect(r.status()).toBe(400);
  expect((await r.json()).error_code).toBe('ModelArts.6309');
  await expect(page.getByRole('heading', { name: 'Instance not found' })).toBeVisible();
});

test('an instance that paging hands out twice is listed once', async ({ page, request }) => {
  // 101 more ModelArts instances: two pages of 100.
  for (let i = 0; i < 101; i++) {
    const n = String(i).padStart(3, '0');
    await addInstance(request, 'modelarts', { id: `DE-bulk-${n}`, name: `bulk-${n}`, status: 'STOPPED', creation_timestamp: String(1600000000000 + i * 1000) });
  }
  // An instance is created between the two page requests: the offset shifts
  // and the last instance of page one comes again on page two.
  await injectFault(request, { provider: 'modelarts', count: 1, kind: 'shift', path_contains: 'offset=100' });
  await page.goto('instances?endpoint=ma-bj4&per=100');
  await expect(page.getByText('1–100 of 105')).toBeVisible();
  const lists = (await requestLog(request)).filter((r) => r.provider === 'modelarts' && r.method === 'GET');
  // The first load asked for both pages (later refreshes may follow).
  expect(lists.slice(0, 2).map((r) => r.query.offset)).toEqual(['0', '100']);
  const names = await page.locator('tbody a.instance-link').allTextContents();
  expect(new Set(names).size).toBe(names.length);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('101–105 of 105')).toBeVisible();
});

test('when no endpoint answers, the list says it could not list, not that there are none', async ({ page, request }) => {
  for (const provider of ['modelarts', 'pai-dsw', 'scnet']) {
    await injectFault(request, { provider, count: 50, kind: 'status', status: 503 });
  }
  await page.goto('instances');
  await expect(page.getByRole('heading', { name: 'Instances could not be listed' })).toBeVisible();
  await expect(page.getByText('ModelArts · cn-north-4 could not be listed')).toBeVisible();
  await expect(page.getByText('No instances yet')).toHaveCount(0);
  await shot(page, 'list-all-failed');
});

// Fits wherever it is embedded: the console from a 320 px phone to a 1920 px
// screen, alone or in a portal's 960 px frame, in en and zh-CN and zoomed to
// 200 %. The document never scrolls sideways, every row shows its status and
// its actions on screen, columns give way by priority and by the user's
// choice (remembered), rows become cards with touch-sized targets on phones,
// ids and image names wrap at their separators, and no page meets a 404 or
// an axe finding.
import { test, expect, Locator, Page } from '@playwright/test';
import * as path from 'path';
import { everyA11yViolation, resetEmulator, row, screenshotDir, shot, watchNotFound } from './helpers';

const C6FD = 'DE-7d558ef8-c73d-11ea-964c-0255ac100033';
const DETAIL = `instances/ma-bj4/${C6FD}`;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

/** The list with every endpoint's instances shown. */
async function listReady(page: Page) {
  for (const name of ['notebook-c6fd', 'training_data', 'Instances_2204208761']) {
    await expect(row(page, name)).toBeVisible();
  }
}

async function expectNoSidewaysScroll(page: Page, where: string) {
  const sizes = await page.evaluate(() => {
    window.scrollTo(10_000, window.scrollY);
    const sizes = {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      scrollX: window.scrollX,
    };
    window.scrollTo(0, window.scrollY);
    return sizes;
  });
  expect(sizes.scrollWidth, `${where}: the document is wider than the window`).toBeLessThanOrEqual(sizes.clientWidth);
  expect(sizes.scrollX, `${where}: the document scrolls sideways`).toBe(0);
}

/** A box lies inside the window's width. */
async function expectOnScreen(part: Locator, where: string) {
  const width = part.page().viewportSize()!.width;
  await expect(part, where).toBeVisible();
  const box = (await part.boundingBox())!;
  expect(box.x, `${where}: starts left of the window`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${where}: ends right of the window`).toBeLessThanOrEqual(width);
}

/** Saves what the window shows (a modal dialog over the page) as target/screenshots/NAME.png. */
async function shotOfWindow(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** At least 44 × 44 CSS pixels, as touch targets should be. */
async function expectTouchSized(target: Locator, what: string) {
  const box = (await target.boundingBox())!;
  expect(box.width, `${what} is narrower than 44 px`).toBeGreaterThanOrEqual(44);
  expect(box.height, `${what} is shorter than 44 px`).toBeGreaterThanOrEqual(44);
}

/** Every row's name, status and actions inside the window; touch-sized on cards. */
async function expectRowsOnScreen(page: Page, where: string, cards: boolean) {
  const rows = page.locator('tbody tr');
  const count = await rows.count();
  expect(count).toBe(5);
  for (let i = 0; i < count; i++) {
    const r = rows.nth(i);
    const link = r.locator('a.instance-link');
    const name = `${where} ${await link.textContent()}`;
    await expectOnScreen(link, `${name} name`);
    await expectOnScreen(r.locator('[data-status-class]'), `${name} status`);
    for (const button of await r.getByRole('button').all()) {
      const label = `${name} ${await button.getAttribute('aria-label')}`;
      await expectOnScreen(button, label);
      if (cards) await expectTouchSized(button, label);
    }
    if (cards) await expectTouchSized(link, `${name} link`);
  }
}

/** The optional columns whose heading shows, by their `col-…` name. */
async function shownColumns(page: Page): Promise<string[]> {
  return page
    .locator('thead th[class^="col-"]')
    .evaluateAll((ths) =>
      ths.filter((th) => getComputedStyle(th).display !== 'none').map((th) => th.className.replace('col-', '')),
    );
}

/**
 * Words (Latin letters and digits between spaces, / - _ . : and the like) of
 * up to 16 characters that a line break cuts in two, in the visible elements
 * matching `selector`. Longer runs, such as a 32-digit hex id, may break
 * anywhere; so may Chinese text.
 */
async function wordsCutByALineBreak(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.getClientRects().length === 0) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/[A-Za-z0-9()]+/g)) {
          if (word.index === undefined || word[0].length > 16) continue;
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) cut.push(word[0]);
        }
      }
    }
    return cut;
  }, selector);
}

const WIDTHS: { width: number; embed: boolean; columns: string[] | 'cards' }[] = [
  { width: 320, embed: false, columns: 'cards' },
  { width: 390, embed: false, columns: 'cards' },
  { width: 768, embed: false, columns: ['hardware', 'auto-stop'] },
  { width: 960, embed: true, columns: ['hardware', 'created', 'auto-stop'] },
  { width: 1280, embed: false, columns: ['endpoint', 'hardware', 'image', 'created', 'auto-stop'] },
  { width: 1920, embed: false, columns: ['endpoint', 'hardware', 'flavor', 'image', 'created', 'auto-stop'] },
];

for (const lang of ['en', 'zh-CN'] as const) {
  for (const { width, embed, columns } of WIDTHS) {
    const name = `${width}${embed ? '-embedded' : ''}${lang === 'en' ? '' : `-${lang}`}`;
    const title =
      `${width} px${embed ? ' in a portal frame (?embed=1)' : ''}, ${lang}: ` +
      'no sideways scroll, every row with its status and actions on screen, no 404, no axe finding';
    test(title, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const notFound = watchNotFound(page);
      const query = `?lang=${lang}${embed ? '&embed=1' : ''}`;

      await page.goto(`instances${query}`);
      await listReady(page);
      if (embed) await expect(page.locator('.app-header')).toHaveCount(0);
      await expectNoSidewaysScroll(page, `${name} list`);
      const cards = columns === 'cards';
      if (cards) {
        await expect(row(page, 'notebook-c6fd')).toHaveCSS('display', 'flex');
        await expect(page.locator('details.filters > summary')).toHaveText(lang === 'en' ? 'Filters' : '筛选');
        await expect(page.locator('#filter-text')).toBeHidden();
      } else {
        expect(await shownColumns(page), `${name}: the columns shown`).toEqual(columns);
        await expect(page.locator('#filter-text')).toBeVisible();
        await expect(page.locator('details.filters > summary')).toBeHidden();
      }
      await expectRowsOnScreen(page, name, cards);
      expect(await wordsCutByALineBreak(page, '.instance-link, .cell-sub, .col-flavor, .col-image')).toEqual([]);
      await shot(page, `responsive-${name}`);
      expect(await everyA11yViolation(page), `${name} list`).toEqual([]);

      await page.goto(`${DETAIL}${query}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
      await expect(page.getByRole('region', { name: lang === 'en' ? 'Storage' : '存储' })).toContainText('/home/ma-user/work');
      await expectNoSidewaysScroll(page, `${name} detail`);
      await expectOnScreen(page.getByRole('button', { name: /Stop notebook-c6fd|停止 notebook-c6fd/ }), `${name} detail stop`);
      expect(await wordsCutByALineBreak(page, '.detail-title h1, .dl code, .mini-table td, .card .wrap')).toEqual([]);
      if (cards) {
        // The panels stack: one column.
        const lefts = await page.locator('.detail-grid > .card').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().left));
        expect(new Set(lefts).size).toBe(1);
      }
      await shot(page, `responsive-${name}-detail`);
      expect(await everyA11yViolation(page), `${name} detail`).toEqual([]);

      if (lang === 'en') {
        // The create form after an empty submit (fields, errors, summary),
        // and the edit form.
        await page.goto(`instances/new${query}`);
        await page.getByLabel('ModelArts · cn-north-4').check();
        await page.locator('form').getByRole('button', { name: 'Create instance' }).click();
        await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
        await expectNoSidewaysScroll(page, `${name} create`);
        await shot(page, `responsive-${name}-create`);
        expect(await everyA11yViolation(page), `${name} create`).toEqual([]);
        await page.goto(`${DETAIL}/edit${query}`);
        await expect(page.locator('form')).toBeVisible();
        await expectNoSidewaysScroll(page, `${name} edit`);
        expect(await everyA11yViolation(page), `${name} edit`).toEqual([]);
      }
      expect(notFound, `${name}: answered 404`).toEqual([]);
    });
  }
}

test.describe('zoomed to 200 %', () => {
  test.use({ deviceScaleFactor: 2 });

  test('a 1280 px window shows cards and a 1920 px one a table, neither scrolling sideways', async ({ page }) => {
    // At 200 % a window has half as many CSS pixels.
    await page.setViewportSize({ width: 640, height: 450 });
    await page.goto('instances');
    await listReady(page);
    await expect(row(page, 'notebook-c6fd')).toHaveCSS('display', 'flex');
    await expectNoSidewaysScroll(page, 'zoomed 1280');
    await expectRowsOnScreen(page, 'zoomed 1280', true);
    await shot(page, 'responsive-1280-zoom-200');

    await page.setViewportSize({ width: 960, height: 540 });
    await expect(row(page, 'notebook-c6fd')).toHaveCSS('display', 'table-row');
    await expectNoSidewaysScroll(page, 'zoomed 1920');
    await expectRowsOnScreen(page, 'zoomed 1920', false);
    await shot(page, 'responsive-1920-zoom-200');
    expect(await everyA11yViolation(page)).toEqual([]);
  });
});

test('the column chooser hides two columns, and after a reload they stay hidden', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 900 });
  await page.goto('instances');
  await listReady(page);
  expect(await shownColumns(page)).toEqual(['endpoint', 'hardware', 'flavor', 'image', 'created', 'auto-stop']);
  const rowHeight = () => row(page, 'notebook-c6fd').evaluate((r) => r.getBoundingClientRect().height);
  const comfortable = await rowHeight();
  await page.getByRole('button', { name: 'Columns' }).click();
  const chooser = page.locator('#column-chooser');
  await expect(chooser).toBeVisible();
  await expectOnScreen(chooser, 'the column chooser');
  await chooser.getByRole('button', { name: 'Compact rows' }).click();
  const compact = await rowHeight();
  expect(compact).toBeLessThan(comfortable);
  await chooser.getByRole('button', { name: 'Endpoint' }).click();
  await chooser.getByRole('button', { name: 'Image / profile' }).click();
  await shot(page, 'responsive-column-chooser');
  await page.keyboard.press('Escape');
  await expect(chooser).toBeHidden();
  expect(await shownColumns(page)).toEqual(['hardware', 'flavor', 'created', 'auto-stop']);

  await page.reload();
  await listReady(page);
  expect(await shownColumns(page)).toEqual(['hardware', 'flavor', 'created', 'auto-stop']);
  await page.getByRole('button', { name: 'Columns' }).click();
  await expect(chooser.getByRole('button', { name: 'Endpoint' })).toHaveAttribute('aria-pressed', 'false');
  await expect(chooser.getByRole('button', { name: 'Image / profile' })).toHaveAttribute('aria-pressed', 'false');
  await expect(chooser.getByRole('button', { name: 'Flavor' })).toHaveAttribute('aria-pressed', 'true');
  await expect(chooser.getByRole('button', { name: 'Compact rows' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  // What is hidden stays at hand: in the row's tooltip and on its page.
  const nameCell = row(page, 'notebook-c6fd').getByRole('rowheader');
  await expect(nameCell).toHaveAttribute('title', /Endpoint: ModelArts · cn-north-4/);
  await expect(nameCell).toHaveAttribute('title', /Image \/ profile: Multi-Engine 1\.0 \(python3\)-gpu/);
  await shot(page, 'responsive-columns-hidden');

  // Back to every column, comfortable rows: remembered too.
  await page.getByRole('button', { name: 'Columns' }).click();
  await chooser.getByRole('button', { name: 'Endpoint' }).click();
  await chooser.getByRole('button', { name: 'Image / profile' }).click();
  await chooser.getByRole('button', { name: 'Compact rows' }).click();
  await page.reload();
  await listReady(page);
  expect(await shownColumns(page)).toEqual(['endpoint', 'hardware', 'flavor', 'image', 'created', 'auto-stop']);
  expect(await rowHeight()).toBeGreaterThan(compact);
});

test.describe('on a 390 px touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('cards: a user starts, stops and opens an instance with touch-sized targets', async ({ page }) => {
    const notFound = watchNotFound(page);
    await page.goto('instances');
    await listReady(page);
    const card = row(page, 'notebook-b1b8');
    await expect(card).toHaveCSS('display', 'flex');
    const status = card.locator('[data-status-class]');
    await expect(status).toHaveAttribute('data-status-class', 'stopped');

    const start = card.getByRole('button', { name: 'Start notebook-b1b8' });
    await expectTouchSized(start, 'Start');
    await start.tap();
    await expect(status).toHaveAttribute('data-status-class', 'running', { timeout: 15_000 });

    const stop = card.getByRole('button', { name: 'Stop notebook-b1b8' });
    await expectTouchSized(stop, 'Stop');
    await stop.tap();
    const dialog = page.getByRole('dialog', { name: 'Stop notebook-b1b8?' });
    await expectOnScreen(dialog, 'the stop dialog');
    const confirm = dialog.getByRole('button', { name: 'Stop', exact: true });
    await expectTouchSized(confirm, 'the dialog\'s Stop');
    await expectTouchSized(dialog.getByRole('button', { name: 'Cancel' }), 'the dialog\'s Cancel');
    await shotOfWindow(page, 'responsive-390-stop-dialog');
    await confirm.tap();
    await expect(status).toHaveAttribute('data-status-class', 'stopped', { timeout: 15_000 });

    const open = card.getByRole('link', { name: 'notebook-b1b8', exact: true });
    await expectTouchSized(open, 'the name link');
    await open.tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-b1b8');
    await expectNoSidewaysScroll(page, 'detail on a phone');
    await shot(page, 'responsive-390-touch-detail');
    expect(notFound).toEqual([]);
  });

  test('the filters fold into one "Filters" button', async ({ page }) => {
    await page.goto('instances');
    await listReady(page);
    const search = page.getByLabel('Search name or ID');
    await expect(search).toBeHidden();
    const filters = page.locator('details.filters');
    const toggle = filters.locator('summary', { hasText: 'Filters' });
    await expectTouchSized(toggle, 'Filters');
    await toggle.tap();
    await expect(filters).toHaveAttribute('open', '');
    await search.fill('notebook-c');
    await expect(page.locator('tbody tr')).toHaveCount(1);
    await page.getByLabel('Status', { exact: true }).selectOption('running');
    await expect(page).toHaveURL(/status=running/);
    await expectNoSidewaysScroll(page, 'filters open');
    await shot(page, 'responsive-390-filters');
    await toggle.tap();
    await expect(search).toBeHidden();
    await expect(row(page, 'notebook-c6fd')).toBeVisible();
  });
});

test('320 px: the detail page stacks its panels and the stop dialog fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(DETAIL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
  await expectNoSidewaysScroll(page, 'detail at 320');
  const panels = page.locator('.detail-grid > .card');
  const lefts = await panels.evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().left));
  expect(lefts.length).toBeGreaterThan(4);
  expect(new Set(lefts).size, 'the panels are not in one column').toBe(1);
  for (const panel of await panels.all()) await expectOnScreen(panel, 'a detail panel');
  await page.getByRole('button', { name: 'Stop notebook-c6fd' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop notebook-c6fd?' });
  await expectOnScreen(dialog, 'the stop dialog');
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(640);
  await expectOnScreen(dialog.getByRole('button', { name: 'Stop', exact: true }), 'the dialog\'s Stop');
  await shotOfWindow(page, 'responsive-320-stop-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

test('a favicon and an app icon under hashed names, for light and dark tabs, and no /favicon.ico', async ({ page, request }) => {
  const notFound = watchNotFound(page);
  const icons: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'other' || /favicon|icon/.test(new URL(r.url()).pathname)) icons.push(new URL(r.url()).pathname);
  });
  await page.goto('instances');
  await listReady(page);
  const favicon = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
  const appIcon = await page.locator('link[rel="apple-touch-icon"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
  expect(favicon).toEqual([expect.stringMatching(/\.svg$/)]);
  expect(appIcon).toEqual([expect.stringMatching(/\.png$/)]);
  const hrefs = [...favicon, ...appIcon];
  for (const href of hrefs) {
    expect(href).toMatch(/^\/(favicon|app-icon)-[0-9a-f]{1,16}\.(svg|png)$/);
    const answer = await request.get(href);
    expect(answer.status(), href).toBe(200);
    expect(answer.headers()['content-type'], href).toMatch(/^image\/(svg\+xml|png)/);
  }
  const svg = await (await request.get(hrefs.find((h) => h.endsWith('.svg'))!)).text();
  expect(svg).toContain('@media (prefers-color-scheme: dark)');
  expect(icons).not.toContain('/favicon.ico');
  expect(notFound).toEqual([]);
});

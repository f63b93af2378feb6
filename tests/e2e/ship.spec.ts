// Shipping anywhere, against the emulator-served build: every main page in
// both languages and both themes (screenshots, no serious axe finding), the
// strict CSP with no violation, keyboard use with visible focus, and the
// embedding protocol seen from a host page on another origin.
import { test, expect, Page, BrowserContext } from '@playwright/test';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { STRICT_CSP, resetEmulator, row, seriousA11yViolations, shot, watchCsp } from './helpers';

const DETAIL = 'instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

const pages: { name: string; url: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'list',
    url: 'instances',
    ready: async (page) => {
      await expect(row(page, 'notebook-c6fd')).toBeVisible();
      await expect(row(page, 'Instances_2204208761')).toBeVisible();
    },
  },
  {
    name: 'detail',
    url: DETAIL,
    ready: async (page) => {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
    },
  },
  {
    name: 'create',
    url: 'instances/new',
    ready: async (page) => {
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    },
  },
  {
    // The ModelArts form after an empty submit: fields, inline errors, summary.
    name: 'create-form',
    url: 'instances/new',
    ready: async (page) => {
      await page.getByLabel('ModelArts · cn-north-4').check();
      const submit = page.locator('form').getByRole('button', { name: /Create instance|创建实例/ });
      await submit.click();
      await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    },
  },
];

const h1 = { en: { create: 'Create instance' }, 'zh-CN': { create: '创建实例' } };

for (const lang of ['en', 'zh-CN'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`list, detail and create in ${lang}, ${theme}: no serious accessibility finding`, async ({ page }) => {
      for (const p of pages) {
        const sep = p.url.includes('?') ? '&' : '?';
        await page.goto(`${p.url}${sep}lang=${lang}&theme=${theme}`);
        await p.ready(page);
        if (p.name.startsWith('create')) {
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1[lang].create);
        }
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await shot(page, `ship-${p.name}-${lang}-${theme}`);
        expect(await seriousA11yViolations(page), `${p.name} ${lang} ${theme}`).toEqual([]);
      }
    });
  }
}

/** Serves every document with the strict CSP header nginx sends. */
async function withStrictCsp(context: BrowserContext) {
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
}

test('list, detail and create run under the strict CSP with no violation', async ({ page, context }) => {
  await withStrictCsp(context);
  const violations = await watchCsp(page);
  for (const p of pages) {
    const response = await page.goto(p.url);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    await p.ready(page);
  }
  await page.getByRole('link', { name: 'Instances', exact: true }).first().click();
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  expect(await violations()).toEqual([]);
});

/** Tabs until `target` has focus, checking every stop shows a focus ring. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 80) {
  const unringed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { ring, what: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}` };
    });
    if (info && !info.ring) unringed.push(info.what);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      expect(unringed, 'focus stops without a visible focus indicator').toEqual([]);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

test('the keyboard alone: skip link, list → detail, stop dialog, with visible focus', async ({ page }) => {
  await page.goto('instances');
  await expect(row(page, 'notebook-c6fd')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  const link = row(page, 'notebook-c6fd').getByRole('link', { name: 'notebook-c6fd', exact: true });
  await tabTo(page, link);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
  const stop = page.getByRole('button', { name: 'Stop notebook-c6fd' });
  await tabTo(page, stop);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Stop notebook-c6fd?' });
  await expect(dialog).toBeVisible();
  await shot(page, 'ship-keyboard-stop-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(stop).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stop' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.detail-head .badge-raw')).toHaveText('STOPPED', { timeout: 15_000 });
});

/** The sample host page (deploy/embed-example.html) from its own origin: `http://HOSTNAME:PORT`. */
async function hostServer(hostname = 'localhost'): Promise<{ origin: string; close: () => Promise<void> }> {
  const html = fs.readFileSync(path.resolve(__dirname, '../../deploy/embed-example.html'));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${hostname}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Serves config.json with `embed.allowed_origins` set. */
async function allowOrigins(context: BrowserContext, origins: string[]) {
  await context.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.embed = { allowed_origins: origins };
    await route.fulfill({ response, json: config });
  });
}

interface Seen {
  origin: string;
  data: { type: string; height?: number; path?: string };
}

async function messagesSeen(page: Page): Promise<Seen[]> {
  return page.evaluate(() => (window as unknown as { __seen?: Seen[] }).__seen ?? []);
}

// localhost: another site (Chromium denies the frame storage); 127.0.0.1 on
// another port: another origin of the same site (storage allowed).
for (const hostname of ['localhost', '127.0.0.1']) {
test(`embedded in a host page on another origin (${hostname}): no shell, height and route posted`, async ({ page, context, baseURL }) => {
  const host = await hostServer(hostname);
  try {
    await allowOrigins(context, ['https://elsewhere.example', `${host.origin}/`]);
    await page.addInitScript(() => {
      if (window.top !== window) return;
      const seen: unknown[] = [];
      (window as unknown as { __seen: unknown[] }).__seen = seen;
      window.addEventListener('message', (e) => seen.push({ origin: e.origin, data: e.data }));
    });
    const consoleUrl = new URL('instances?theme=dark&lang=zh-CN', baseURL);
    await page.goto(`${host.origin}/?console=${encodeURIComponent(consoleUrl.href)}`);
    const frame = page.frameLocator('#devenv-console');
    await expect(row(frame as unknown as Page, 'notebook-c6fd')).toBeVisible();
    await expect(frame.locator('.app-header')).toHaveCount(0);
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-CN');

    await expect.poll(async () => (await messagesSeen(page)).some((m) => m.data.type === 'devenv:height')).toBe(true);
    const seen = await messagesSeen(page);
    const consoleOrigin = new URL(baseURL!).origin;
    expect(seen.every((m) => m.origin === consoleOrigin)).toBe(true);
    const height = seen.filter((m) => m.data.type === 'devenv:height').pop()!.data.height!;
    expect(height).toBeGreaterThan(300);
    await expect
      .poll(async () => {
        const last = (await messagesSeen(page)).filter((m) => m.data.type === 'devenv:height').pop()!.data.height!;
        const set = await page.locator('#devenv-console').evaluate((el) => (el as HTMLElement).style.height);
        return set === `${Math.max(200, Math.ceil(last))}px`;
      })
      .toBe(true);
    const route = seen.filter((m) => m.data.type === 'devenv:route').pop()!.data.path!;
    expect(route).toMatch(/^\/instances\?/);
    expect(new URLSearchParams(route.split('?')[1]).get('theme')).toBe('dark');
    await shot(page, 'ship-embed-host');

    // In-app navigation stays embedded and is reported.
    await frame.getByRole('link', { name: 'notebook-c6fd', exact: true }).click();
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
    await expect(frame.locator('.app-header')).toHaveCount(0);
    await expect(page.locator('#devenv-route')).toHaveText('/instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033');
    await shot(page, 'ship-embed-host-detail');

    // A reload inside the frame (its URL no longer has ?embed, ?theme, ?lang)
    // stays embedded. Chromium here denies this cross-site frame storage, so
    // that rests on being in a frame; where storage is allowed the session
    // also keeps the host's theme and language.
    const inner = page.frames().find((f) => f !== page.mainFrame())!;
    const storage = await inner.evaluate(() => {
      try {
        return sessionStorage.length >= 0;
      } catch {
        return false;
      }
    });
    const sameSite = hostname === '127.0.0.1';
    expect(storage).toBe(sameSite);
    await inner.evaluate(() => location.reload());
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
    await expect(frame.locator('.app-header')).toHaveCount(0);
    // Same site: the session keeps the host's theme and language. Cross
    // site, with the frame's storage denied, the reload falls back to the
    // browser's language and the system theme (documented in the README).
    await expect(frame.locator('html')).toHaveAttribute('lang', sameSite ? 'zh-CN' : 'en');
    const theme = expect(frame.locator('html'));
    await (sameSite ? theme : theme.not).toHaveAttribute('data-theme', 'dark');
  } finally {
    await host.close();
  }
});
}

test('embedded by a page whose origin is not listed while another is: that page gets nothing', async ({ page, context, baseURL }) => {
  const host = await hostServer();
  try {
    await allowOrigins(context, ['https://portal.example.com']);
    await page.addInitScript(() => {
      if (window.top !== window) return;
      const seen: unknown[] = [];
      (window as unknown as { __seen: unknown[] }).__seen = seen;
      window.addEventListener('message', (e) => seen.push({ origin: e.origin, data: e.data }));
    });
    // The console tells whoever sets up the portal why nothing arrives; it
    // decides that before it would post anything.
    const refused = page.waitForEvent('console', (m) => m.text().includes('does not list'));
    await page.goto(`${host.origin}/?console=${encodeURIComponent(new URL('instances', baseURL).href)}`);
    const warning = await refused;
    expect(warning.type()).toBe('warning');
    expect(warning.text()).toContain(`embedded by ${host.origin}`);
    const frame = page.frameLocator('#devenv-console');
    await expect(frame.getByRole('link', { name: 'notebook-c6fd', exact: true })).toBeVisible();
    await expect(frame.locator('.app-header')).toHaveCount(0);
    // In-app navigation after the first render would post a route too.
    await frame.getByRole('link', { name: 'notebook-c6fd', exact: true }).click();
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText('notebook-c6fd');
    expect(await messagesSeen(page)).toEqual([]);
  } finally {
    await host.close();
  }
});

test.describe('with the OS in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('"System" applies the dark theme, and a portal\'s :root[data-theme="dark"] rules with it', async ({ page }) => {
    await page.goto('instances?theme=system');
    await expect(row(page, 'notebook-c6fd')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // A portal stylesheet, written as the README tells portals to write it.
    await page.addStyleTag({ content: ':root[data-theme="dark"] { --dc-accent: rgb(182, 156, 255); }' });
    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--dc-accent').trim());
    expect(accent).toBe('rgb(182, 156, 255)');
    // The shipped dark palette is in effect too.
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(15, 19, 26)');
    // Choosing Light in the header overrides the OS.
    await page.getByLabel('Theme').selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});

// Shared steps of the end-to-end tests: emulator control and screenshots.
import { APIRequestContext, Page, expect } from '@playwright/test';
import * as path from 'path';

export const screenshotDir = path.resolve(__dirname, '../../target/screenshots');

/** Back to the seeded state: no faults, empty request log. */
export async function resetEmulator(request: APIRequestContext) {
  const r = await request.post('/__emulator/reset');
  expect(r.ok()).toBeTruthy();
}

export interface LoggedRequest {
  provider: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The operation's name (`StopInstances`, ModelArts' `action` …). */
  action?: string;
}

/** Every provider request the emulator received since the last reset. */
export async function requestLog(request: APIRequestContext): Promise<LoggedRequest[]> {
  const r = await request.get('/__emulator/requests');
  expect(r.ok()).toBeTruthy();
  return r.json();
}

/** Adds an instance to the emulator as it stores it: the provider's own
 * object (`modelarts`, `pai-dsw` or `scnet`). */
export async function addInstance(request: APIRequestContext, provider: string, data: Record<string, unknown>) {
  const r = await request.post(`/__emulator/instances/${provider}`, { data });
  expect(r.ok()).toBeTruthy();
}

/** Makes the next `count` requests of one provider fail. */
export async function injectFault(
  request: APIRequestContext,
  fault: { provider: string; count: number; kind: string; status?: number; body?: unknown; method?: string; path_contains?: string; action?: string; delay_ms?: number },
) {
  const r = await request.post('/__emulator/faults', { data: fault });
  expect(r.ok()).toBeTruthy();
}

/** Saves a full-page screenshot as target/screenshots/NAME.png. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The table row holding an instance name. */
export function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The policy deploy/nginx.conf sends; the console must run under it with no violation. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/**
 * Records every Content-Security-Policy violation of the page: the
 * `securitypolicyviolation` events (installed before any page script runs)
 * and the browser's console errors about the policy. Call before `goto`.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) fromConsole.push(msg.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => {
    const events = await page.evaluate(
      () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
    );
    return [...events, ...fromConsole];
  };
}

/** Runs axe-core on the page and returns its serious and critical violations, readable. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  });
  return result as string[];
}

/** Runs axe-core on the page and returns every violation, whatever its impact, readable. */
export async function everyA11yViolation(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v: any) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5).join(' | ')}`,
    );
  });
  return result as string[];
}

/** Collects the URL of every response of the page that is a 404, from now on. */
export function watchNotFound(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) seen.push(response.url());
  });
  return seen;
}

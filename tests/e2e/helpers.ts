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
  query: string;
  body: unknown;
}

/** Every provider request the emulator received since the last reset. */
export async function requestLog(request: APIRequestContext): Promise<LoggedRequest[]> {
  const r = await request.get('/__emulator/requests');
  expect(r.ok()).toBeTruthy();
  return r.json();
}

/** Makes the next `count` requests of one provider fail. */
export async function injectFault(
  request: APIRequestContext,
  fault: { provider: string; count: number; kind: string; status?: number; body?: unknown; method?: string; path_contains?: string; delay_ms?: number },
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

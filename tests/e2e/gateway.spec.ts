// The console through the gateway, as a team would run it behind an SSO
// proxy: who is signed in, and what each role sees and may do.
import { test, expect, Page } from '@playwright/test';
import { row, shot } from './helpers';

const STOPPED = 'notebook-b1b8';

async function openStopped(page: Page) {
  await page.goto('instances');
  await expect(row(page, STOPPED)).toBeVisible();
  await page.getByRole('link', { name: STOPPED, exact: true }).click();
  await expect(page.getByRole('heading', { name: STOPPED, level: 1 })).toBeVisible();
}

test.describe('a viewer', () => {
  test.use({ extraHTTPHeaders: { 'X-Forwarded-User': 'viewer-user', 'X-Forwarded-Groups': 'readers' } });

  test('sees the instances and their name, but no Create, Start, Edit or Delete', async ({ page }) => {
    await openStopped(page);
    await expect(page.locator('.app-user')).toContainText('viewer-user');
    await expect(page.getByRole('link', { name: 'Create instance' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Delete ${STOPPED}` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Start ${STOPPED}` })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expect(page.getByRole('note')).toContainText('is viewer: you can look, not change.');
    await shot(page, 'gateway-viewer');
    // The edit page's address, typed in: the role is explained, no form shown.
    await page.goto(`instances/ma-bj4/DE-7936a360-c734-11ea-a72b-0255ac100033/edit`);
    await expect(page.getByRole('alert')).toHaveText('Your role on this endpoint (viewer) does not allow editing instances.');
    await expect(page.getByLabel('Description')).toHaveCount(0);
  });

  test('a change sent anyway is refused by the gateway, explained, and never reaches the provider', async ({ page, request }) => {
    await openStopped(page);
    const answer = await page.evaluate(async () => {
      const r = await fetch('proxy/modelarts/v1/0b1c2d3e4f5a46b7a8c9d0e1f2a3b4c5/demanager/instances/DE-7936a360-c734-11ea-a72b-0255ac100033', {
        method: 'DELETE',
        headers: { 'X-DevEnv-Console': '1', 'X-Forwarded-User': 'viewer-user' },
      });
      return { status: r.status, gateway: r.headers.get('x-devenv-gateway-error') };
    });
    expect(answer).toEqual({ status: 403, gateway: 'Gateway.Forbidden' });
    const log = await (await request.get(`http://127.0.0.1:${process.env.E2E_GATEWAY_API_PORT}/__emulator/requests`)).json();
    expect(log.filter((r: { method: string }) => r.method === 'DELETE')).toHaveLength(0);
  });
});

test.describe('an admin', () => {
  test.use({ extraHTTPHeaders: { 'X-Forwarded-User': 'admin-user', 'X-Forwarded-Groups': 'ml-admins' } });

  test('sees Create, Start, Edit and Delete, and the name', async ({ page }) => {
    await openStopped(page);
    await expect(page.locator('.app-user')).toContainText('admin-user');
    await expect(page.getByRole('link', { name: 'Create instance' })).toBeVisible();
    await expect(page.getByRole('button', { name: `Delete ${STOPPED}` })).toBeVisible();
    await expect(page.getByRole('button', { name: `Start ${STOPPED}` })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
    await expect(page.getByRole('note')).toHaveCount(0);
    await shot(page, 'gateway-admin');
  });
});

test.describe('nobody signed in', () => {
  test('gets the sign-in page', async ({ page }) => {
    await page.goto('instances');
    await expect(page.getByRole('heading', { name: 'Sign in to use the console', level: 1 })).toBeVisible();
    await shot(page, 'gateway-sign-in');
  });
});

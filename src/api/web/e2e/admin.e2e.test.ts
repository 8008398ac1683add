import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailable,
  type E2eServer,
  ensureWebBuild,
  launchBrowser,
  screenshot,
  signIn,
  startE2eServer,
} from './browser.test-helper.js';

/**
 * The admin pages in Chromium against the real server holding the demo model: the audit log,
 * a user's teams, a service's manual status. Any console error fails the test it happened in.
 */
const available = browserAvailable();
let server: E2eServer;
let browser: Browser;

/** Takes out the one console line a deliberately refused request leaves; any other stays. */
function expectedFailure(status: number): void {
  const line = `console: Failed to load resource: the server responded with a status of ${status}`;
  const at = browser.errors.findIndex((e) => e.startsWith(line));
  expect(at, `the browser logged the expected ${status}`).toBeGreaterThanOrEqual(0);
  browser.errors.splice(at, 1);
}

describe.skipIf(!available)('admin pages in the web UI', () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchBrowser();
    await signIn(browser.page, server.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    const errors = browser.errors.splice(0);
    expect(errors).toEqual([]);
  });

  it('changes a user’s teams, showing the API’s problem for an unknown party', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/users`);
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill('dana');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').getByText('Created the user dana.').waitFor();
    await page.getByRole('button', { name: 'Edit the teams of dana' }).click();
    const teams = page.getByRole('form', { name: 'Teams of dana' });
    await teams.getByLabel(/Teams of dana/).fill('sales, no-such-team');
    await teams.getByRole('button', { name: 'Save teams' }).click();
    const problem = teams.getByRole('alert').getByRole('listitem');
    await problem.getByText("no party 'no-such-team'").waitFor();
    await problem.getByText('teams[1]').waitFor();
    expectedFailure(400);
    await teams.getByLabel(/Teams of dana/).fill('sales');
    await teams.getByRole('checkbox', { name: /Digital commerce/ }).check();
    expect(await teams.getByLabel(/Teams of dana/).inputValue()).toBe('sales, digital-commerce');
    await screenshot(page, 'user-teams');
    await teams.getByRole('button', { name: 'Save teams' }).click();
    await teams.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /dana/ }).getByText('sales, digital-commerce').waitFor();
    expect((await server.server.store.getUser('dana'))?.teams).toEqual([
      'sales',
      'digital-commerce',
    ]);
  }, 60_000);

  it('shows the audit log filtered, with a change field by field, and pages back', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const list = page.getByTestId('audit-list');
    const records = list.locator(':scope > tbody > tr');
    await records.first().waitFor();
    expect(await records.count()).toBe(50);
    await page.getByRole('button', { name: 'Older changes' }).click();
    await expect.poll(() => records.count()).toBeGreaterThan(50);

    await page.getByLabel('Kind').selectOption('user');
    await page.getByLabel('Key').fill('dana');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?kind=user&key=dana');
    await expect.poll(() => records.count()).toBe(2);
    const update = records.filter({ hasText: 'changed' });
    await update.getByText('user:admin').waitFor();
    await update.getByText(/fields?: .*teams/).click();
    const diff = update.getByRole('table', { name: 'user dana: before and after' });
    const teamsRow = diff.getByRole('row', { name: /teams/ });
    await teamsRow.getByRole('cell', { name: '[]' }).waitFor();
    await teamsRow.getByRole('cell', { name: '["sales","digital-commerce"]' }).waitFor();
    await screenshot(page, 'audit');
    await update.getByRole('link', { name: 'dana' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  }, 60_000);

  it('sets a service’s status by hand with a reason and expiry, and clears it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/services/card-payments`);
    const panel = page.getByRole('region', { name: 'Manual status' });
    await panel.getByText('None: the signals and the chain decide').waitFor();
    await panel.getByLabel('Level').selectOption('major_outage');
    await panel.getByLabel('Reason').fill('Provider reports an outage');
    await panel.getByLabel(/Expires after/).fill('soon');
    await panel.getByRole('button', { name: 'Set status' }).click();
    await panel
      .getByRole('alert')
      .getByRole('listitem')
      .getByText(/neither a duration/)
      .waitFor();
    expectedFailure(400);
    await panel.getByLabel(/Expires after/).fill('2h');
    await panel.getByRole('button', { name: 'Set status' }).click();
    await panel
      .getByRole('status')
      .getByText(/Set to Major outage until/)
      .waitFor();
    const current = page.getByTestId('override-current');
    await current.getByText('“Provider reports an outage”').waitFor();
    await current.getByText('by user:admin').waitFor();
    await expect
      .poll(() => page.locator('.badge').first().getAttribute('data-level'))
      .toBe('major_outage');
    await screenshot(page, 'service-override');
    await current.getByRole('button', { name: 'Clear manual status' }).click();
    await panel.getByText('None: the signals and the chain decide').waitFor();
    await expect
      .poll(() => page.locator('.badge').first().getAttribute('data-level'))
      .not.toBe('major_outage');
  }, 60_000);
});

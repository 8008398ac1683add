import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifySignature } from '../../../notify/signature.js';
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
 * a user's teams, a service's manual status, status pages and notification subscribers (a
 * webhook on a loopback receiver, which the outbound rules allow for this server only). Any
 * console error fails the test it happened in.
 */
const available = browserAvailable();
let server: E2eServer;
let browser: Browser;
let receiver: Server;
const received: { body: string; signature: string }[] = [];
const OUTBOUND_ALLOW = 'SERVICECHAIN_OUTBOUND_ALLOW';
const allowedBefore = process.env[OUTBOUND_ALLOW];

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
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ body, signature: String(request.headers[SIGNATURE_HEADER] ?? '') });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    process.env[OUTBOUND_ALLOW] = '127.0.0.1/32';
    server = await startE2eServer();
    browser = await launchBrowser();
    await signIn(browser.page, server.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    receiver?.close();
    if (allowedBefore === undefined) delete process.env[OUTBOUND_ALLOW];
    else process.env[OUTBOUND_ALLOW] = allowedBefore;
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

  it('creates a status page with listed services, shows the API’s problems, edits it and links to it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/status-pages`);
    await page.getByRole('heading', { name: 'Status pages', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New status page' }).click();
    const form = page.getByRole('form', { name: 'New status page' });
    await form.getByLabel(/Slug/).fill('Shop Status');
    await form
      .getByLabel('Title', { exact: true })
      .fill('Shop customers: how ordering works today');
    await form.getByLabel('Add a service').selectOption('order-entry');
    await form.getByLabel('Add a service').selectOption('invoicing');
    await form.getByLabel('Name shown for Order entry').fill('Ordering');
    await form.getByLabel('Group of Invoicing').fill('Billing');
    await form.getByLabel('Show root causes').check();
    await form.getByLabel(/Branding/).fill('Questions? Call the service desk.');
    await form.getByRole('button', { name: 'Create page' }).click();
    await form.getByRole('alert').getByRole('listitem').first().getByText('slug').waitFor();
    expectedFailure(400);
    await form.getByLabel(/Slug/).fill('shop-status');
    await form.getByRole('button', { name: 'Move Invoicing up' }).click();
    await screenshot(page, 'status-page-form');
    await form.getByRole('button', { name: 'Create page' }).click();
    await page.getByRole('status').getByText('served at /status/shop-status').waitFor();
    const stored = await server.server.store.getStatusPage('shop-status');
    expect(stored?.entity.services.map((s) => [s.service, s.name, s.group])).toEqual([
      ['invoicing', 'Invoicing', 'Billing'],
      ['order-entry', 'Ordering', undefined],
    ]);
    expect(stored?.entity.showRootCause).toBe(true);

    await page
      .getByRole('button', { name: 'Edit Shop customers: how ordering works today' })
      .click();
    const edit = page.getByRole('form', { name: /^Edit Shop customers/ });
    expect(await edit.getByLabel(/Slug/).isDisabled()).toBe(true);
    await edit.getByLabel('Title', { exact: true }).fill('Shop status');
    await edit.getByRole('button', { name: 'Save page' }).click();
    const list = page.getByTestId('status-page-list');
    await list.getByRole('link', { name: 'Shop status' }).waitFor();
    await screenshot(page, 'status-pages');
    await list.getByRole('link', { name: 'Shop status' }).click();
    await page.waitForURL(`${server.url}/status/shop-status`);
    await page.getByRole('heading', { name: 'Shop status' }).first().waitFor();
    await page.getByText('Ordering').first().waitFor();
  }, 60_000);

  it('subscribes a webhook, shows its signing secret once, sends a test and shows the delivery', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/notifications`);
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByText('No subscribers').waitFor();
    await page.getByRole('button', { name: 'New subscriber' }).click();
    const form = page.getByRole('form', { name: 'New subscriber' });
    const port = (receiver.address() as AddressInfo).port;
    await form.getByLabel('Webhook URL').fill(`http://127.0.0.1:${port}/hook`);
    await form.getByLabel(/Name/).fill('On-call bridge');
    await form.getByRole('button', { name: 'Create subscriber' }).click();
    await form
      .getByRole('alert')
      .getByText(/service or a page/)
      .first()
      .waitFor();
    expectedFailure(400);
    await form.getByLabel('Hears about').selectOption('page');
    await form.getByLabel('Status page').selectOption('shop-status');
    await form.getByLabel('maintenance.changed').uncheck();
    await form.getByRole('button', { name: 'Create subscriber' }).click();
    const secret = await page.getByTestId('signing-secret').locator('.secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    const list = page.getByTestId('subscriber-list');
    const row = list.getByRole('row', { name: /On-call bridge/ });
    await row.getByText('the status page shop-status').waitFor();
    await row.getByText('● active').waitFor();
    await screenshot(page, 'notifications-created');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByTestId('signing-secret').waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Send a test to On-call bridge' }).click();
    await expect.poll(() => received.length).toBe(1);
    const message = received[0] as { body: string; signature: string };
    expect(verifySignature(secret as string, message.body, message.signature, Date.now())).toBe(
      true,
    );
    const log = page.getByTestId('delivery-log');
    await expect
      .poll(async () => {
        await page.getByLabel('Outcome').selectOption('delivered');
        const count = await log.getByText('✓ delivered').count();
        if (count === 0) await page.getByLabel('Outcome').selectOption('');
        return count;
      })
      .toBe(1);
    await log.getByText('HTTP 200').waitFor();
    await screenshot(page, 'notifications');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete On-call bridge' }).click();
    await page.getByRole('status').getByText('Deleted “On-call bridge”.').waitFor();
    await page.getByText('No subscribers').waitFor();
  }, 60_000);
});

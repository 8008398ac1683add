import { readFileSync } from 'node:fs';
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
 * Incidents, maintenance, time travel, availability and the SLA report in Chromium against the
 * real server holding the demo model. Any console error fails the test it happened in.
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('incidents, maintenance, time travel and SLA in the web UI', () => {
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

  it('opens an incident, shows the API’s problems, and the board shows the service’s new status', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/incidents`);
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    await page.getByText('No incidents').waitFor();
    await page.getByRole('button', { name: 'Open an incident' }).click();
    const form = page.getByRole('form', { name: 'Open an incident' });
    await form.getByRole('button', { name: 'Open incident' }).click();
    await form.getByRole('alert').getByText('The incident was not opened').waitFor();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/title/);
    expectedFailure(400);
    await form.getByLabel('Title').fill('Shop database unreachable');
    await form.getByLabel(/First update/).fill('Connections time out; we are looking into it.');
    await form.getByLabel('Service', { exact: true }).selectOption('shop-db');
    await form.getByLabel('Impact').selectOption('major_outage');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await page.getByRole('heading', { name: 'Shop database unreachable' }).waitFor();
    await page.getByRole('heading', { name: 'Root cause when it was opened' }).waitFor();
    await page
      .getByRole('form', { name: 'Post an update' })
      .getByLabel('Message')
      .fill('A full disk on node 1; freeing space.');
    await page.getByLabel('New status').selectOption('identified');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.getByText('A full disk on node 1; freeing space.').waitFor();
    await screenshot(page, 'incident');

    await page.getByRole('link', { name: 'Board' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('major_outage');
    const row = page.locator('.board-row', { hasText: 'Shop database cluster' });
    await expect
      .poll(() => row.locator('.badge').first().getAttribute('data-level'))
      .toBe('major_outage');

    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('link', { name: 'Shop database unreachable' }).waitFor();
    await screenshot(page, 'incidents');
    await page.getByRole('link', { name: 'Shop database unreachable' }).click();
    await page
      .getByRole('form', { name: 'Post an update' })
      .getByLabel('Message')
      .fill('Space freed; connections work again.');
    await page.getByRole('button', { name: 'Resolve with this message' }).click();
    await page.getByRole('heading', { name: 'Reopen' }).waitFor();
    const stored = await server.server.store.listIncidents({ limit: 10 });
    expect(stored.map((i) => i.status)).toEqual(['resolved']);
  }, 60_000);

  it('schedules a recurring window after showing its impact, and cancels it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/maintenance`);
    await page.getByRole('heading', { name: 'Maintenance', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    const form = page.getByRole('form', { name: 'Schedule maintenance' });
    await form.getByLabel('Title').fill('HANA patching');
    await form.getByLabel('Add a service').selectOption('sap-hana');
    await form.getByLabel('Recurring').check();
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    await form.getByLabel('Frequency').selectOption('monthly');
    await form.getByLabel('Which').selectOption('2');
    await form.getByLabel('Weekday').selectOption('TU');
    await form.getByLabel('Times').fill('6');
    await form.getByText('Every month on the second Tuesday, 6 times').waitFor();
    expect(await form.getByRole('button', { name: 'Schedule this window' }).isDisabled()).toBe(
      true,
    );
    await form.getByRole('button', { name: 'Show the impact' }).click();
    const impact = page.getByTestId('window-impact');
    await impact.getByRole('link', { name: 'SAP HANA database' }).waitFor();
    await impact.getByRole('link', { name: 'SAP S/4HANA ERP' }).waitFor();
    await impact.getByRole('heading', { name: /Customers told \([1-9]/ }).waitFor();
    expect(await impact.locator('ol li').count()).toBe(5);
    await screenshot(page, 'maintenance-schedule');
    await form.getByRole('button', { name: 'Schedule this window' }).click();
    await page.getByRole('status').getByText('Scheduled “HANA patching”').waitFor();
    const list = page.getByTestId('window-list');
    await list.getByRole('heading', { name: 'HANA patching' }).waitFor();
    await list.getByText('FREQ=MONTHLY').waitFor();
    await screenshot(page, 'maintenance');
    await list.getByRole('button', { name: 'Cancel window' }).click();
    await list.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByRole('status').getByText('Cancelled “HANA patching”').waitFor();
    await page.getByRole('button', { name: 'Past and cancelled' }).click();
    await page
      .getByTestId('window-list')
      .getByText('Cancelled', { exact: false })
      .first()
      .waitFor();
  }, 60_000);

  it('moves the time control back and shows an earlier status on the board and the map', async () => {
    const { page } = browser;
    // A moment after the server started, then a failure after it.
    const before = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000).toISOString();
    await sleep(2100);
    server.server.runtime.applyInputs([
      {
        type: 'override',
        service: 'storage-muc',
        level: 'major_outage',
        reason: 'e2e: array offline',
        author: 'e2e',
      },
    ]);
    await page.goto(`${server.url}/ui/?q=storage+array+munich`);
    const row = page.locator('.board-row:not(.board-group)', { hasText: 'Storage array Munich' });
    await expect.poll(() => row.locator('.badge').getAttribute('data-level')).toBe('major_outage');
    const local = await page.evaluate((iso) => {
      const d = new Date(iso);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, before);
    await page.getByRole('button', { name: 'Time travel' }).click();
    await page.getByLabel('Look back to').fill(local);
    await page.getByTestId('past-banner').getByText('The past, not live').waitFor();
    await expect.poll(() => row.locator('.badge').getAttribute('data-level')).toBe('operational');
    expect(new URL(page.url()).searchParams.get('at')).toBe(before);
    await screenshot(page, 'board-past');
    await page.getByRole('link', { name: 'Map' }).click();
    await page.getByTestId('past-banner').waitFor();
    await page.getByLabel('Focus on').selectOption('storage-muc');
    await page.getByLabel('Select a node').selectOption('storage-muc');
    await page.getByTestId('map-selection').getByText('Operational').waitFor();
    await screenshot(page, 'map-past');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.getByTestId('past-banner').waitFor({ state: 'detached' });
    await page.getByTestId('map-selection').getByText('Major outage').waitFor();
    server.server.runtime.applyInputs([{ type: 'override', service: 'storage-muc', level: null }]);
  }, 60_000);

  it('shows a service’s incidents, availability and history timeline', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/services/shop-db`);
    await page.getByRole('heading', { name: 'Shop database cluster' }).waitFor();
    await page
      .getByRole('region', { name: 'Incidents' })
      .getByRole('link', { name: 'Shop database unreachable' })
      .waitFor();
    const availability = page.getByRole('region', { name: 'Availability' });
    await availability.getByText('Error budget left').waitFor();
    await availability.getByText('MTTR').waitFor();
    await availability.locator('.chart-svg rect.bar').first().waitFor({ state: 'attached' });
    const history = page.getByTestId('history');
    await history.getByText('Major outage').first().waitFor();
    await screenshot(page, 'service-history');
  }, 60_000);

  it('shows a customer’s SLA per subscription and combined', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/parties/retail-customers`);
    const sla = page.getByTestId('party-sla');
    await sla.getByText('Combined, as it experiences everything').waitFor();
    expect(await sla.locator('tbody tr').count()).toBeGreaterThan(0);
    const csv = page
      .getByRole('region', { name: 'SLA' })
      .getByRole('link', { name: 'Download CSV' });
    expect(await csv.getAttribute('href')).toContain('customer=retail-customers');
    await screenshot(page, 'customer-sla');
  }, 60_000);

  it('opens the SLA report, sorts it, and downloads it as CSV', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'SLA' }).click();
    await page.getByRole('heading', { name: 'SLA report' }).waitFor();
    const table = page.getByTestId('sla-table');
    await table.getByRole('link', { name: 'Shop database cluster' }).waitFor();
    // Every service of the demo model, in one table.
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(50);
    await table.getByRole('button', { name: 'Name' }).click();
    await expect
      .poll(() => table.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'))
      .toBe('ascending');
    await screenshot(page, 'sla');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const text = readFileSync((await download.path()) as string, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^kind,id,name,service,availability_percent/);
    expect(text).toContain('Shop database cluster');
    await page.getByRole('button', { name: 'Customers' }).click();
    await table.getByRole('link', { name: 'Retail customers', exact: true }).waitFor();
  }, 60_000);
});

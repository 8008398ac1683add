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
 * Acknowledging in Chromium against the real server holding the demo model: on the service
 * page, and as the board shows it. Any console error fails the test it happened in.
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

describe.skipIf(!available)('acknowledging in the web UI', () => {
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

  it('acknowledges a service in trouble, marks it and what it takes down on the board, and takes it back', async () => {
    const { page } = browser;
    server.server.runtime.applyInputs([
      {
        type: 'override',
        service: 'sap-hana',
        level: 'major_outage',
        reason: 'e2e: both sites down',
        author: 'e2e',
      },
    ]);
    await page.goto(`${server.url}/ui/services/sap-hana`);
    const panel = page.getByRole('region', { name: 'Acknowledgement' });
    await panel.getByText('Nobody has acknowledged its trouble yet.').waitFor();
    await panel.getByLabel('Note').fill('Taking over to Munich');
    await panel.getByLabel(/Until/).fill('soon');
    await panel.getByRole('button', { name: 'Acknowledge' }).click();
    await panel
      .getByRole('alert')
      .getByRole('listitem')
      .getByText(/neither a duration/)
      .waitFor();
    expectedFailure(400);
    await panel.getByLabel(/Until/).fill('2h');
    const before = Date.now();
    await panel.getByRole('button', { name: 'Acknowledge' }).click();
    const current = page.getByTestId('acknowledgement-current');
    await current.getByText('Acknowledged by user:admin').waitFor();
    await current.getByText('“Taking over to Munich”').waitFor();
    // The form shows the expiry stored, not the 2h typed: acknowledging again keeps it.
    const until = await panel.getByLabel(/Until/).inputValue();
    expect(until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(until)).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(Date.parse(until)).toBeLessThanOrEqual(Date.now() + 7_200_000);
    await expect.poll(() => panel.getByLabel('Note').inputValue()).toBe('');
    await page.locator('.badge').first().getByText('acknowledged').waitFor();
    await screenshot(page, 'service-acknowledged');
    // Loaded while it is in force, the form starts from the expiry stored too.
    await page.reload();
    await current.getByText('Acknowledged by user:admin').waitFor();
    await expect.poll(() => panel.getByLabel(/Until/).inputValue()).toBe(until);

    await page.goto(`${server.url}/ui/`);
    await page.getByLabel('Status', { exact: true }).selectOption('major_outage');
    const hana = page.locator('.board-row', { hasText: 'SAP HANA database' });
    await hana.locator('.flag', { hasText: 'acknowledged' }).waitFor();
    // SAP ERP is down only because of HANA: acknowledged through it.
    const erp = page.locator('.board-row', { hasText: 'SAP S/4HANA ERP' });
    await erp.locator('.flag', { hasText: 'acknowledged' }).waitFor();
    await screenshot(page, 'board-acknowledged');
    // What still needs someone: neither of them, but services HANA takes down only in part.
    await page.getByLabel('Acknowledged').selectOption('no');
    await expect.poll(() => hana.count()).toBe(0);
    await expect.poll(() => erp.count()).toBe(0);
    await page.getByLabel('Acknowledged').selectOption('yes');
    await expect.poll(() => new URL(page.url()).searchParams.get('ack')).toBe('yes');
    await hana.waitFor();
    await erp.waitFor();

    await page.goto(`${server.url}/ui/services/sap-erp`);
    await page
      .getByRole('region', { name: 'Acknowledgement' })
      .getByText(/Acknowledged through its dependencies/)
      .waitFor();
    await page.goto(`${server.url}/ui/services/sap-hana`);
    await current.getByRole('button', { name: 'Remove acknowledgement' }).click();
    await panel.getByText('Nobody has acknowledged its trouble yet.').waitFor();
    await expect.poll(() => page.locator('.badge').first().locator('.flag').count()).toBe(0);
    server.server.runtime.applyInputs([{ type: 'override', service: 'sap-hana', level: null }]);
  }, 90_000);
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  type Browser,
  browserAvailable,
  type E2eServer,
  ensureWebBuild,
  launchBrowser,
  screenshot,
  startE2eServer,
} from './browser.test-helper.js';

/**
 * The main task of every page, in Chromium against the real server holding the demo model.
 * Any console error or uncaught exception fails the test it happened in.
 */
const available = browserAvailable();
let server: E2eServer;

/** Takes out the one console line a deliberately refused request leaves; any other stays. */
function expectedFailure(status: number): void {
  const line = `console: Failed to load resource: the server responded with a status of ${status}`;
  const at = browser.errors.findIndex((e) => e.startsWith(line));
  expect(at, `the browser logged the expected ${status}`).toBeGreaterThanOrEqual(0);
  browser.errors.splice(at, 1);
}
let browser: Browser;

describe.skipIf(!available)('the web UI on the demo model', () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    const errors = browser.errors.splice(0);
    expect(errors).toEqual([]);
  });

  it('serves the app shell with a strict CSP and asks an anonymous visitor to sign in', async () => {
    const { page } = browser;
    const response = await page.goto(`${server.url}/ui/services/sap-erp`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('the name or the password is not right').waitFor();
    expectedFailure(401); // the browser logs the refused sign-in itself
    await screenshot(page, 'sign-in');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SAP S/4HANA ERP' }).waitFor();
  }, 60_000);

  it('shows the board grouped by label, filters it, and follows the live stream', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('heading', { name: 'Status board' }).waitFor();
    const groups = await page.locator('.board-group button').allTextContents();
    expect(groups.map((g) => g.replace(/[▾▸]\s*/, '').replace(/\s*\(\d+\)$/, ''))).toEqual(
      expect.arrayContaining(['business', 'process', 'application']),
    );
    expect(groups[0]).toContain('business');
    await page.locator('[data-live="live"]').waitFor();
    server.server.runtime.applyInputs([
      {
        type: 'override',
        service: 'sap-hana',
        level: 'major_outage',
        reason: 'e2e: storage failure',
        author: 'e2e',
      },
    ]);
    await page.getByLabel('Status', { exact: true }).selectOption('major_outage');
    await page.locator('.board-row a', { hasText: 'SAP HANA database' }).waitFor();
    const levels = await page
      .locator('.board-row:not(.board-group) .badge')
      .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-level')));
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(['major_outage']));
    await page.getByLabel('Search').fill('hana');
    await expect
      .poll(() => page.locator('.board-row:not(.board-group)').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'board');
    const first = page.locator('.board-row:not(.board-group) a').first();
    await first.focus();
    const before = await first.textContent();
    await page.keyboard.press('ArrowDown');
    // The next row's link takes the focus (the first row is a service, the next one too).
    await expect.poll(() => page.locator('.board-row a:focus').textContent()).not.toBe(before);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Customer').selectOption('retail-customers');
    await page.locator('.board-row a', { hasText: 'SAP S/4HANA ERP' }).waitFor();
  }, 60_000);

  it('explains a service down to the override, lists its chain, edits it and shows the API’s problems', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/services/sap-erp`);
    await page.getByRole('heading', { name: 'SAP S/4HANA ERP' }).waitFor();
    const why = page.getByRole('list', { name: 'Why it has this status' });
    await why.getByText('SAP HANA database').waitFor();
    await why.getByText('e2e: storage failure').waitFor();
    await page.getByRole('heading', { name: /Customers/ }).waitFor();
    await page.getByRole('heading', { name: /Depends on/ }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('SLO (percent)').fill('200');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText('The service was not saved').waitFor();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/slo/i);
    expectedFailure(400); // the browser logs the refused write itself
    await page.getByLabel('SLO (percent)').fill('99.9');
    await page.getByLabel('Name', { exact: true }).fill('SAP ERP (P01)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'SAP ERP (P01)' }).waitFor();
    await page.getByRole('cell', { name: 'update' }).first().waitFor();
    await screenshot(page, 'service');
    await page.getByRole('button', { name: 'Edit' }).click();
    const add = page.getByRole('form', { name: 'Add a dependency' });
    await add.getByLabel('Depends on').selectOption('order-to-cash');
    await add.getByRole('button', { name: 'Add dependency' }).click();
    await page.getByRole('alert').getByText(/cycle/).first().waitFor();
    expectedFailure(422);
    await page.getByRole('button', { name: 'Remove Backup and restore' }).click();
    await page
      .getByRole('button', { name: 'Remove Backup and restore' })
      .waitFor({ state: 'detached' });
    expect(await server.server.store.getEntity('dependency', 'sap-erp->backup')).toBeUndefined();
  }, 60_000);

  it('draws the map around a service and highlights the impact path of a failing node', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/map?focus=sap-hana&up=3&down=1`);
    await page.getByTestId('map-canvas').locator('canvas').first().waitFor({ state: 'attached' });
    expect((await page.getByTestId('map-canvas').boundingBox())?.height).toBeGreaterThan(300);
    await page.getByLabel('Select a node').selectOption('sap-hana');
    const card = page.getByTestId('map-selection');
    await card.getByText(/Its trouble reaches \d+ nodes? above it/).waitFor();
    await card.getByText('Major outage').waitFor();
    await screenshot(page, 'map');
  }, 60_000);

  it('shows how a customer experiences what it consumes, and whom a team serves', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/parties`);
    await page.getByRole('link', { name: 'Retail customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Retail customers' }).waitFor();
    await page.getByRole('heading', { name: /Consumes \(\d+\)/ }).waitFor();
    await page.getByText('How it experiences its services now:').waitFor();
    await screenshot(page, 'customer');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Name').fill('Retail customers (B2C)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Retail customers (B2C)' }).waitFor();
    await page.goto(`${server.url}/ui/parties/enterprise-apps`);
    await page.getByRole('heading', { name: /Serves in turn \([1-9]\d*\)/ }).waitFor();
  }, 60_000);

  it('runs a what-if and shows the services, customers and cost per hour affected', async () => {
    const { page } = browser;
    server.server.runtime.applyInputs([{ type: 'override', service: 'sap-hana', level: null }]);
    await page.goto(`${server.url}/ui/impact`);
    await page.getByRole('combobox', { name: 'Service' }).fill('sap-erp');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Show the impact' }).click();
    const result = page.getByTestId('whatif-result');
    await result.getByRole('heading', { name: 'Services affected' }).waitFor();
    expect(
      Number((await page.getByTestId('whatif-cost').textContent())?.replace(/\D/g, '')),
    ).toBeGreaterThan(0);
    await result.getByRole('link', { name: /^Retail customers/ }).waitFor();
    await screenshot(page, 'impact');
  }, 60_000);

  it('creates a party in a form and imports YAML after showing its plan', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/model`);
    const form = page.getByRole('form', { name: 'New party' });
    await form.getByLabel('Id').fill('e2e-partners');
    await form.getByLabel('Name').fill('E2E partners');
    await form.getByLabel('Kind').selectOption('external');
    await form.getByRole('button', { name: 'Create party' }).click();
    await form.getByRole('status').getByText('Created').waitFor();
    await page
      .getByLabel('YAML')
      .fill(
        'apiVersion: servicechain/v1\nkind: Service\nmetadata: { id: e2e-label-printing, name: Label printing }\nspec:\n  label: application\n  provider: e2e-partners\n',
      );
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await page.getByTestId('plan').getByText('e2e-label-printing').waitFor();
    await screenshot(page, 'model');
    await page.getByRole('button', { name: 'Apply this plan' }).click();
    await page.getByText('Applied: 1 created, 0 changed, 0 deleted.').waitFor();
    const created = await server.server.store.getEntity('service', 'e2e-label-printing');
    expect(created?.entity.provider).toBe('e2e-partners');
  }, 60_000);

  it('creates an API token shown once, and a user as an admin', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/tokens`);
    await page.getByLabel('Name').fill('e2e script');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByTestId('token-secret').textContent()).toMatch(/^sc_/);
    await page.getByRole('button', { name: 'Revoke e2e script' }).waitFor();
    await screenshot(page, 'tokens');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Admin' }).click();
    await nav.getByRole('link', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill('amy');
    await form.getByLabel('Role').selectOption('editor');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: 'amy', exact: true }).waitFor();
    await screenshot(page, 'users');
  }, 60_000);

  it('fits the top bar on one line at 1280 x 800, the admin pages in a menu used from the keyboard', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await page.goto(`${server.url}/ui/`);
      await page.getByRole('heading', { name: 'Status board' }).waitFor();
      /** How far apart the middles of the bar's parts are: 0 when they sit on one line. */
      const spread = async () => {
        const middles: number[] = [];
        for (const part of await page.locator('header.topbar > *, .topbar .nav > li').all()) {
          const box = await part.boundingBox();
          if (box) middles.push(box.y + box.height / 2);
        }
        expect(middles.length).toBeGreaterThan(10);
        return Math.max(...middles) - Math.min(...middles);
      };
      expect(await spread()).toBeLessThanOrEqual(2);
      await screenshot(page, 'top-bar-1280');
      // Showing the past, the time control's button says when: still one line.
      const travel = page.getByRole('button', { name: 'Time travel' });
      await travel.click();
      await page.getByRole('button', { name: 'Back 1 week' }).click();
      await page.getByRole('button', { name: /^Past: / }).waitFor();
      expect(await spread()).toBeLessThanOrEqual(2);
      await page.keyboard.press('Escape');
      expect(await page.getByLabel('Showing the past at').isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Back to now' }).click();
      await travel.waitFor();

      const nav = page.getByRole('navigation', { name: 'Main' });
      const menu = nav.getByRole('button', { name: 'Admin' });
      // A string evaluated in the page: this file is compiled without the DOM's types (and the
      // page's CSP refuses waitForFunction's string predicates, so the test polls instead).
      const focused = () => page.evaluate<string>("document.activeElement?.textContent ?? ''");
      const focusOn = (text: string) => expect.poll(focused).toBe(text);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.getByRole('link', { name: 'Users' }).isVisible()).toBe(false);
      await menu.focus();
      await page.keyboard.press('ArrowDown');
      await focusOn('Users');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('ArrowDown');
      await focusOn('Tokens');
      await page.keyboard.press('End');
      await focusOn('Audit');
      await page.keyboard.press('ArrowDown');
      await focusOn('Users');
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await focused()).toBe('Admin ▾');
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      await focusOn('Users');
      await page.keyboard.press('Tab');
      await focusOn('Tokens');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'API tokens' }).waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      // The button says which of its pages is shown; the link is marked current.
      expect(await menu.textContent()).toBe('Admin (current: Tokens) ▾');
      await menu.click();
      expect(await nav.getByRole('link', { name: 'Tokens' }).getAttribute('aria-current')).toBe(
        'page',
      );
      await page.getByRole('heading', { name: 'API tokens' }).click();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 60_000);

  it('switches to dark mode and keeps it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('button', { name: /^Account: / }).click();
    await page.getByRole('button', { name: /Colour theme: system/ }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Status board' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'board-dark');
  }, 60_000);
});

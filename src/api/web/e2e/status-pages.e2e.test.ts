import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox } from '../../../../test/notify-harness.js';
import { openDataStore } from '../../../cli/data-store.js';
import { type RunningServer, startServer } from '../../../main.js';
import type { StatusPage } from '../../../status-pages/types.js';
import { chainChanges, incident } from '../../status-pages/status-pages.test-helper.js';
import {
  ADMIN_PASSWORD,
  type Browser,
  browserAvailable,
  ensureWebBuild,
  launchBrowser,
  screenshot,
  signIn,
} from './browser.test-helper.js';

/** Markup in every text a page shows; if any of it ran, it would set window.__xss. */
const HOSTILE = {
  title: '<script>window.__xss=1</script>Shop <b>status</b>',
  name: '<img src=x onerror="window.__xss=2">Online shop',
  group: '<svg onload="window.__xss=3">Checkout',
  incident: '<iframe src="javascript:window.__xss=4"></iframe>Payments "fail" & more',
  message: '<a href="javascript:window.__xss=5">click</a>\nSecond line',
  branding: '<style>body{display:none}</style>Run by the shop team',
};

const HOUR = 3_600_000;
const available = browserAvailable();
let server: RunningServer;
let dataDir: string;
let browser: Browser;
let mail: Awaited<ReturnType<typeof mailbox>>;
/** The mail settings the server reads from the environment: pages offer sign-up only with them. */
const SMTP_ENV = ['SERVICECHAIN_SMTP_HOST', 'SERVICECHAIN_SMTP_PORT', 'SERVICECHAIN_SMTP_FROM'];
const envBefore = Object.fromEntries(SMTP_ENV.map((name) => [name, process.env[name]]));

function page(overrides: Partial<StatusPage>): StatusPage {
  return {
    slug: 'shop',
    title: HOSTILE.title,
    audience: { kind: 'public' },
    services: [
      { service: 'web-shop', key: 'online-shop', name: HOSTILE.name },
      { service: 'pay-gw01', key: 'pay', name: 'Payments', group: HOSTILE.group },
    ],
    showRootCause: true,
    showInternalIncidents: false,
    branding: HOSTILE.branding,
    ...overrides,
  };
}

describe.skipIf(!available)('status pages in Chromium', () => {
  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'sc-e2e-pages-'));
    const store = await openDataStore(dataDir);
    const actor = { id: 'test' };
    await store.applyChanges(chainChanges(), actor);
    await store.createStatusPage(page({}), actor);
    await store.createStatusPage(
      page({
        slug: 'acme',
        title: 'Acme: your services',
        audience: { kind: 'customer', party: 'acme' },
        showInternalIncidents: true,
      }),
      actor,
    );
    const now = Date.now();
    await store.createIncident(
      incident({
        title: HOSTILE.incident,
        createdAt: now - 2 * HOUR,
        updatedAt: now - HOUR,
        updates: [
          {
            status: 'investigating',
            message: HOSTILE.message,
            author: 'user:pat',
            at: now - 2 * HOUR,
          },
          {
            status: 'identified',
            message: 'The provider is down.',
            author: 'user:pat',
            at: now - HOUR,
          },
        ],
      }),
      actor,
    );
    await store.createIncident(
      incident({
        title: 'Database failover (staff only)',
        visibility: 'internal',
        services: [{ service: 'web-shop', impact: 'degraded' }],
        createdAt: now - HOUR,
        updatedAt: now - HOUR,
        updates: [
          { status: 'investigating', message: 'Failing over.', author: 'user:pat', at: now - HOUR },
        ],
      }),
      actor,
    );
    await store.close();
    mail = await mailbox();
    Object.assign(process.env, {
      SERVICECHAIN_SMTP_HOST: '127.0.0.1',
      SERVICECHAIN_SMTP_PORT: String(mail.port),
      SERVICECHAIN_SMTP_FROM: 'status@example.test',
    });
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'silent',
      demo: false,
      adminPassword: ADMIN_PASSWORD,
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mail?.close();
    for (const [name, value] of Object.entries(envBefore))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the public page with every text shown, none run, and no console errors', async () => {
    const { page: tab } = browser;
    await tab.goto(`${server.url}/status/shop`);
    await tab.getByRole('heading', { level: 1, name: HOSTILE.title }).waitFor();
    await tab.getByText(HOSTILE.name).first().waitFor();
    await tab.getByRole('heading', { name: HOSTILE.incident }).waitFor();
    await tab.getByText('Second line', { exact: false }).first().waitFor();
    expect(await tab.getByText('Database failover (staff only)').count()).toBe(0);
    expect(await tab.getByRole('heading', { name: 'Services' }).count()).toBe(1);
    // The stylesheet applied: the overall banner has its colour, and status is said in words.
    expect(await tab.locator('.overall h2').textContent()).toBe('Major outage');
    await screenshot(tab, 'status-page-public');
    expect(await tab.evaluate('window.__xss')).toBeUndefined();
    expect(await tab.locator('script, iframe, img[src="x"], svg[onload], style').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('takes an email address through the page’s form and answers with a page that says what happens next', async () => {
    const { page: tab } = browser;
    await tab.goto(`${server.url}/status/shop`);
    await tab.getByRole('heading', { name: 'Get notified' }).waitFor();
    await tab.getByLabel('Email address').fill('cfo@example.test');
    await tab.getByRole('button', { name: 'Subscribe' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor();
    await tab.getByText('cfo@example.test', { exact: true }).waitFor();
    await screenshot(tab, 'status-page-sign-up');
    expect(
      (await server.store.listSubscribers({ kind: 'email' })).map((s) => [
        s.target,
        s.page,
        s.state,
      ]),
    ).toEqual([['cfo@example.test', 'shop', 'pending']]);
    await tab.getByRole('link', { name: 'Back to the status page' }).click();
    await tab.getByRole('heading', { level: 1, name: HOSTILE.title }).waitFor();
    expect(await tab.evaluate('window.__xss')).toBeUndefined();
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('serves a feed that parses as Atom and a badge that parses as SVG', async () => {
    const { page: tab } = browser;
    const feed = await (await fetch(`${server.url}/status/shop/feed.atom`)).text();
    const badge = await (await fetch(`${server.url}/status/shop/badge/online-shop.svg`)).text();
    // The page's policy allows no fetch; Chromium's own parser reads the texts on a blank page.
    await tab.goto('about:blank');
    const parsed = await tab.evaluate(`(() => {
      const parse = (text, type) => {
        const doc = new DOMParser().parseFromString(text, type);
        return {
          error: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.namespaceURI + ' ' + doc.documentElement.localName,
          entries: doc.getElementsByTagName('entry').length,
        };
      };
      return [
        parse(${JSON.stringify(feed)}, 'application/xml'),
        parse(${JSON.stringify(badge)}, 'image/svg+xml'),
      ];
    })()`);
    expect(parsed).toEqual([
      { error: 0, root: 'http://www.w3.org/2005/Atom feed', entries: 2 },
      { error: 0, root: 'http://www.w3.org/2000/svg svg', entries: 0 },
    ]);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('asks for sign-in on the customer page, then shows it with its internal incident', async () => {
    const { page: tab } = browser;
    await tab.goto(`${server.url}/status/acme`);
    await tab.getByRole('heading', { name: 'No status page here' }).waitFor();
    // The 404 itself is logged by Chromium as a failed resource; nothing else may be.
    browser.errors.length = 0;
    await signIn(tab, server.url);
    await tab.goto(`${server.url}/status/acme`);
    await tab.getByRole('heading', { level: 1, name: 'Acme: your services' }).waitFor();
    await tab.getByRole('heading', { name: 'Database failover (staff only)' }).waitFor();
    await screenshot(tab, 'status-page-customer');
    expect(await tab.evaluate('window.__xss')).toBeUndefined();
    expect(browser.errors).toEqual([]);
  }, 60_000);
});

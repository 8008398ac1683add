import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParty, buildService, buildSubscription } from '../../../store/test-model.js';
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

/** Markup in every user-entered text; if any of it ran, it would set window.__xss. */
const HOSTILE = {
  name: '<img src=x onerror="window.__xss=1">Billing',
  description: '<script>window.__xss=2</script> & "quotes"',
  party: '<svg onload="window.__xss=3">Acme',
  incident: '<img src=x onerror="window.__xss=4">Checkout down',
  update: '<script>window.__xss=5</script> rolling back',
  postmortem: '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe> # Cause',
  window: '<svg onload="window.__xss=7">Kernel upgrade',
  windowText: '<a href="javascript:window.__xss=8">details</a>',
};

/** Markup left in the page by any of the texts above, had it been parsed as HTML. */
const INJECTED = 'img[src="x"], svg[onload], script:not([src]), iframe, a[href^="javascript:"]';

const available = browserAvailable();
let server: E2eServer;
let browser: Browser;

describe.skipIf(!available)('the web UI against markup in names', () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startE2eServer([
      {
        op: 'create',
        kind: 'party',
        key: 'acme',
        after: buildParty({ id: 'acme', name: HOSTILE.party, kind: 'external' }),
      },
      {
        op: 'create',
        kind: 'service',
        key: 'billing',
        after: buildService({
          id: 'billing',
          name: HOSTILE.name,
          description: HOSTILE.description,
          label: 'business',
        }),
      },
      {
        op: 'create',
        kind: 'subscription',
        key: 'acme->billing',
        after: buildSubscription({ party: 'acme', service: 'billing' }),
      },
    ]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows names and descriptions as text and runs none of them', async () => {
    const { page } = browser;
    await signIn(page, server.url);
    await page.getByText(HOSTILE.name).first().waitFor();
    await page.goto(`${server.url}/ui/services/billing`);
    await page.getByText(HOSTILE.description).first().waitFor();
    await page.getByText(HOSTILE.party).first().waitFor();
    await screenshot(page, 'hostile-names');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator(INJECTED).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('shows incident, maintenance and audit texts as text and runs none of them', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('button', { name: /^Account: / }).waitFor();
    // The API as the signed-in browser calls it: the session cookie and its CSRF token.
    const me = (await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as {
      csrfToken: string;
    };
    const headers = { 'x-csrf-token': me.csrfToken };
    const post = async (path: string, data: unknown) => {
      const answer = await page.request.post(`${server.url}/api/v1${path}`, { headers, data });
      expect(answer.status(), await answer.text()).toBeLessThan(300);
      return (await answer.json()) as { id: number | string };
    };
    const put = async (path: string, data: unknown, etag: string) => {
      const answer = await page.request.put(`${server.url}/api/v1${path}`, {
        headers: { ...headers, 'if-match': etag },
        data,
      });
      expect(answer.status(), await answer.text()).toBeLessThan(300);
    };
    const incident = await post('/incidents', {
      title: HOSTILE.incident,
      message: HOSTILE.update,
      services: [{ service: 'billing', impact: 'partial_outage' }],
      visibility: 'public',
    });
    await post(`/incidents/${incident.id}/updates`, {
      message: HOSTILE.update,
      status: 'identified',
    });
    const read = await page.request.get(`${server.url}/api/v1/incidents/${incident.id}`);
    await put(
      `/incidents/${incident.id}/postmortem`,
      { postmortem: HOSTILE.postmortem },
      read.headers().etag as string,
    );
    const start = new Date(Date.now() + 86_400_000);
    await post('/maintenance', {
      title: HOSTILE.window,
      description: HOSTILE.windowText,
      services: ['billing'],
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
    });

    // Every navigation loads the page afresh (window.__xss with it): checked on each page.
    const nothingRan = async (where: string) => {
      expect(await page.evaluate('window.__xss'), where).toBeUndefined();
      expect(await page.locator(INJECTED).count(), where).toBe(0);
    };
    await page.goto(`${server.url}/ui/incidents/${incident.id}`);
    await page.getByText(HOSTILE.incident).first().waitFor();
    await page.getByText(HOSTILE.postmortem).first().waitFor();
    await page.getByText(HOSTILE.update).first().waitFor();
    await screenshot(page, 'hostile-incident');
    await nothingRan('incident page');
    await page.goto(`${server.url}/ui/incidents`);
    await page.getByText(HOSTILE.incident).first().waitFor();
    await nothingRan('incidents list');
    await page.goto(`${server.url}/ui/maintenance`);
    await page.getByText(HOSTILE.window).first().waitFor();
    await screenshot(page, 'hostile-maintenance');
    await nothingRan('maintenance page');
    await page.goto(`${server.url}/ui/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await nothingRan('audit log');
    await page.goto(`${server.url}/ui/services/billing`);
    await page.getByText(HOSTILE.incident).first().waitFor();
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator(INJECTED).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 90_000);
});

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
};

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
    expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});

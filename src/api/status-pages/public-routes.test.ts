import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusPage } from '../../status-pages/types.js';
import { ADMIN, HOUR, incident, NOW, type PagesApp, pagesApp } from './status-pages.test-helper.js';

let t: PagesApp;
beforeEach(async () => {
  t = await pagesApp();
});
afterEach(async () => {
  await t.close();
});

const DAY = 24 * HOUR;

function page(overrides: Partial<StatusPage> = {}): StatusPage {
  return {
    slug: 'shop',
    title: 'Shop status',
    audience: { kind: 'public' },
    services: [
      { service: 'web-shop', key: 'online-shop', name: 'Online shop' },
      { service: 'pay-gw01', key: 'pay', name: 'Payments', group: 'Checkout' },
    ],
    showRootCause: false,
    showInternalIncidents: false,
    branding: 'Run by the shop team.',
    ...overrides,
  };
}

/** Payments and the database down now; an internal incident on the database, a public one on payments; history. */
async function trouble() {
  t.runtime.applyInputs([
    {
      type: 'signal',
      service: 'db01',
      key: 'disk',
      level: 'major_outage',
      summary: 'db01 disk full',
    },
    { type: 'signal', service: 'pay-gw01', key: 'psp', level: 'major_outage' },
  ]);
  await t.store.createIncident(incident(), ADMIN);
  await t.store.createIncident(
    incident({
      title: 'SECRET-db01 failover',
      visibility: 'internal',
      services: [{ service: 'db01', impact: 'major_outage' }],
      updates: [
        { status: 'investigating', message: 'SECRET-note', author: 'user:pat', at: NOW - HOUR },
      ],
    }),
    ADMIN,
  );
  await t.store.createIncident(
    incident({
      title: 'Slow checkout',
      status: 'resolved',
      services: [{ service: 'web-shop', impact: 'degraded' }],
      updates: [
        {
          status: 'investigating',
          message: 'Checkout is slow.',
          author: 'user:pat',
          at: NOW - 3 * DAY,
        },
        { status: 'resolved', message: 'Fixed.', author: 'user:pat', at: NOW - 3 * DAY + HOUR },
      ],
      createdAt: NOW - 3 * DAY,
      updatedAt: NOW - 3 * DAY + HOUR,
      resolvedAt: NOW - 3 * DAY + HOUR,
    }),
    ADMIN,
  );
  // Yesterday payments were down for six hours.
  const yesterday = Date.parse('2026-11-27T00:00:00Z');
  const up = { level: 'operational', maintenance: false, acknowledged: false } as const;
  const down = { ...up, level: 'major_outage' } as const;
  await t.store.recordStatusChanges([
    { service: 'pay-gw01', at: yesterday, from: up, to: down, cause: 'signal:psp' },
    { service: 'pay-gw01', at: yesterday + 6 * HOUR, from: down, to: up, cause: 'signal:psp' },
  ]);
}

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/** Everything a page serves, as text. */
async function everything(slug: string): Promise<string> {
  const answers = await Promise.all([
    get(`/status/${slug}`),
    get(`/status/${slug}.json`),
    get(`/status/${slug}/feed.atom`),
    get(`/status/${slug}/badge/online-shop.svg`),
    get(`/status/${slug}/badge/pay.svg`),
  ]);
  for (const answer of answers) expect(answer.statusCode).toBe(200);
  return answers.map((a) => a.body).join('\n');
}

describe('a public status page', () => {
  it('shows each entry with its status in words, as the chain rolls it up', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    await trouble();
    const response = await get('/status/shop');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=30');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const html = response.body;
    expect(html).toContain('<h1>Shop status</h1><p class="branding">Run by the shop team.</p>');
    expect(html).toContain('<h2 id="overall-heading">Major outage</h2>');
    expect(html).toContain(
      '<span class="name">Online shop</span><span class="status-text">Major outage</span>',
    );
    expect(html).toContain(
      '<span class="name">Payments</span><span class="status-text">Major outage</span>',
    );
    expect(html).toContain('<h3>Checkout</h3>');
    expect(html).not.toContain('<script');
  });

  it('draws 90 daily bars per entry from the history, with the day in words', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    await trouble();
    const html = (await get('/status/shop')).body;
    const payments = html.slice(html.indexOf('id="component-pay"'));
    expect(payments.match(/<li class="bar /g)).toHaveLength(90);
    expect(payments).toContain(
      '<li class="bar s-major_outage" title="2026-11-27: 75%, worst major outage">',
    );
    expect(payments).toContain('title="2026-08-31: 100%, worst operational"');
    // 6 hours down of 89 days and 12 hours counted.
    expect(payments).toContain('99.721% uptime over 90 days');
    expect(html).toContain('100% uptime over 90 days');
  });

  it('shows public incidents with their updates, newest first, and the history', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    await trouble();
    const html = (await get('/status/shop')).body;
    const active = html.slice(html.indexOf('Active incidents'), html.indexOf('Services</h2>'));
    expect(active).toContain('<h3 id="incident-');
    expect(active).toContain('Payments fail</h3>');
    expect(active).toContain('Identified · Major outage · affects Payments</p>');
    expect(active.indexOf('The payment provider is down.')).toBeLessThan(
      active.indexOf('We are looking into failed card charges.'),
    );
    const history = html.slice(html.indexOf('Past incidents (90 days)'));
    expect(history).toContain('Slow checkout</h3>');
    expect(history).toContain('Resolved · Degraded performance · affects Online shop · resolved');
  });

  it('leaks no unlisted service, model id or name, root cause, author or internal incident', async () => {
    await t.store.createStatusPage(page({ showRootCause: true }), ADMIN);
    await trouble();
    const served = await everything('shop');
    for (const secret of [
      'db01',
      'Primary DB',
      'web-shop',
      'pay-gw01',
      'PSP gateway',
      'Shop frontend cluster',
      'SECRET',
      'disk full',
      'user:pat',
    ])
      expect(served, secret).not.toContain(secret);
    // Causes name only listed entries: payments is listed, the database is not.
    expect(served).toContain('<p class="causes">Affected through: Payments</p>');
  });

  it('answers JSON in the shape of Statuspage summaries', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    await trouble();
    const response = await get('/status/shop.json');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json();
    expect(body.page).toEqual({
      id: 'shop',
      name: 'Shop status',
      url: '/status/shop',
      time_zone: 'Etc/UTC',
      updated_at: '2026-11-28T12:00:00.000Z',
    });
    expect(body.status).toEqual({ indicator: 'critical', description: 'Major outage' });
    expect(body.components).toEqual([
      {
        id: 'group:1',
        name: 'Checkout',
        status: 'major_outage',
        group: true,
        group_id: null,
        position: 1,
        components: ['pay'],
      },
      {
        id: 'online-shop',
        name: 'Online shop',
        status: 'major_outage',
        group: false,
        group_id: null,
        position: 1,
        updated_at: '2026-11-28T12:00:00.000Z',
        uptime_percent: 100,
      },
      {
        id: 'pay',
        name: 'Payments',
        status: 'major_outage',
        group: false,
        group_id: 'group:1',
        position: 2,
        updated_at: '2026-11-28T12:00:00.000Z',
        uptime_percent: 99.721,
      },
    ]);
    expect(body.incidents).toHaveLength(1);
    const [active] = body.incidents;
    expect(active).toMatchObject({
      name: 'Payments fail',
      status: 'identified',
      impact: 'critical',
      created_at: '2026-11-28T10:00:00.000Z',
      resolved_at: null,
      components: [{ id: 'pay', name: 'Payments' }],
    });
    expect(active.incident_updates.map((u: { body: string }) => u.body)).toEqual([
      'The payment provider is down.',
      'We are looking into failed card charges.',
    ]);
    expect(body.scheduled_maintenances).toEqual([]);
  });

  it('is cacheable: the same ETag while nothing changes, 304 for it', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    for (const url of ['/status/shop', '/status/shop.json', '/status/shop/feed.atom']) {
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"[\w-]{22}"$/);
      expect((await get(url)).headers.etag).toBe(etag);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('serves its stylesheet, a 404 page for unknown slugs, and 404 for unknown badges', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    const css = await get('/status/page.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const missing = await get('/status/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<h1>No status page here</h1>');
    expect((await get('/status/nope.json')).statusCode).toBe(404);
    expect((await get('/status/shop/badge/web-shop.svg')).statusCode).toBe(404);
  });
});

describe('a badge', () => {
  it('says the shown name and the status, sized to the text', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    const response = await get('/status/shop/badge/pay.svg');
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=30');
    // "Payments": P 7.6 + a 6.6 + y 6.6 + m 10.5 + e 6.6 + n 6.6 + t 3.9 + s 6.6 = 55 (ceil) + 12.
    expect(response.body).toContain('aria-label="Payments: operational"');
    expect(response.body).toContain('<rect width="67" height="20" fill="#555"/>');
    expect(response.body).toContain('<text x="33.5" y="14">Payments</text>');
  });
});

describe('an Atom feed', () => {
  it('has one entry per incident update and escapes every text', async () => {
    await t.store.createStatusPage(page(), ADMIN);
    await trouble();
    await t.store.createIncident(
      incident({
        title: 'A <b>bold</b> & "quoted" title',
        updates: [{ status: 'investigating', message: 'x\u0007<y>', author: 'user:pat', at: NOW }],
      }),
      ADMIN,
    );
    const feed = (await get('/status/shop/feed.atom')).body;
    expect(
      feed.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
      ),
    ).toBe(true);
    expect(feed.match(/<entry>/g)).toHaveLength(5);
    expect(feed).toContain(
      '<title type="text">A &#60;b&#62;bold&#60;/b&#62; &#38; &#34;quoted&#34; title: Investigating</title>',
    );
    expect(feed).toContain('<content type="text">x&#60;y&#62;');
    expect(feed).toContain('<updated>2026-11-28T12:00:00.000Z</updated>');
  });
});

describe('a customer page', () => {
  const customer = () =>
    page({
      slug: 'acme',
      audience: { kind: 'customer', party: 'acme' },
      showInternalIncidents: true,
      services: [
        { service: 'web-shop', key: 'online-shop', name: 'Online shop' },
        { service: 'db01', key: 'data', name: 'Your data' },
      ],
    });

  it('is not there for anyone not signed in, in any form', async () => {
    await t.store.createStatusPage(customer(), ADMIN);
    t.as(undefined);
    for (const url of [
      '/status/acme',
      '/status/acme.json',
      '/status/acme/feed.atom',
      '/status/acme/badge/data.svg',
    ])
      expect((await get(url)).statusCode, url).toBe(404);
  });

  it('shows signed-in readers internal incidents when it says so, privately cached', async () => {
    await t.store.createStatusPage(customer(), ADMIN);
    await trouble();
    const response = await get('/status/acme');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, max-age=30');
    expect(response.headers.vary).toBe('cookie, authorization');
    expect(response.body).toContain('SECRET-db01 failover</h3>');
    expect(response.body).toContain('Identified · Major outage · affects Your data</p>');
    // Payments is not listed: its incident stays off this page.
    expect(response.body).not.toContain('Payments fail');
  });
});

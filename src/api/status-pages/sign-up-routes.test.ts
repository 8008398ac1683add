import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../../../test/notify-harness.js';
import { openTestStore } from '../../../test/test-store.js';
import { NOTIFY_EVENT_TYPES } from '../../notify/events.js';
import { createNotifications, type Notifications } from '../../notify/notifications.js';
import { SecretBox } from '../../notify/secret-box.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import type { StatusPage } from '../../status-pages/types.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../access.js';
import { createApp } from '../app.js';
import { formToken, formTokenValid } from './sign-up-form.js';
import { SIGN_UP_LIMIT } from './sign-up-routes.js';
import { ADMIN, chainChanges, HOUR, NOW } from './status-pages.test-helper.js';

const KEY = randomBytes(32);
const box = new SecretBox(KEY);
let app: FastifyInstance;
let store: Store;
let notifications: Notifications;
let principal: Principal | undefined;
/** The pages' clock: NOW unless a test moves it. */
let clock = NOW;

function page(overrides: Partial<StatusPage> = {}): StatusPage {
  return {
    slug: 'shop',
    title: 'Shop status',
    audience: { kind: 'public' },
    services: [{ service: 'web-shop', key: 'online-shop', name: 'Online shop' }],
    showRootCause: false,
    showInternalIncidents: false,
    branding: '',
    ...overrides,
  };
}

/** Mail as a mail server would take it: these tests look at the outbox, not at mail. */
const fakeMail = {
  sendMail: async () => ({ envelope: { from: false as const, to: [] }, messageId: '<test>' }),
};

/**
 * The app over a store with the test's pages, with a mail transport unless `mail` is false
 * (as a server without SMTP settings), on a database file when one is given, or on the test
 * store (PostgreSQL in the postgres project) when `testStore`.
 */
async function build(
  options: { mail?: boolean; file?: string; testStore?: boolean } = {},
): Promise<void> {
  principal = undefined;
  clock = NOW;
  store = options.testStore
    ? await openTestStore()
    : await openSqliteStore({ file: options.file ?? ':memory:', now: () => new Date(NOW) });
  await store.migrate();
  await store.applyChanges(chainChanges(), { id: 'test' });
  await store.createStatusPage(page(), { id: 'test' });
  await store.createStatusPage(page({ slug: 'other', title: 'Other' }), { id: 'test' });
  await store.createStatusPage(
    page({ slug: 'acme', title: 'Acme', audience: { kind: 'customer', party: 'acme' } }),
    { id: 'test' },
  );
  const runtime = await StatusRuntime.start(store, () => NOW);
  notifications = createNotifications({
    store,
    runtime,
    config: { policy: loopbackOnly(), debounceMs: 0, disableAfter: 10 },
    serverKey: KEY,
    publicUrl: 'http://status.example.test',
    clock: () => NOW,
    ...(options.mail !== false && { mailTransport: fakeMail }),
  });
  app = await createApp({
    store,
    runtime,
    authenticate: async () => principal,
    notifications,
    statusPages: { now: () => clock, cacheMs: 0 },
  });
}

beforeEach(async () => {
  await build();
});
async function rebuild(options: {
  mail?: boolean;
  file?: string;
  testStore?: boolean;
}): Promise<void> {
  await app.close();
  await notifications.stop();
  await store.close();
  await build(options);
}
afterEach(async () => {
  await app.close();
  await notifications.stop();
  await store.close();
});

const FORM = 'application/x-www-form-urlencoded';

function signUp(fields: Record<string, string>, options: { slug?: string; site?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: `/status/${options.slug ?? 'shop'}/subscribe`,
    headers: { 'content-type': FORM, 'sec-fetch-site': options.site ?? 'same-origin' },
    payload: new URLSearchParams(fields).toString(),
  });
}

const token = (slug = 'shop', at = NOW) => formToken(box, slug, at);
const emailSubscribers = async () =>
  (await store.listSubscribers({ kind: 'email' })).map((s) => ({
    id: s.id,
    target: s.target,
    page: s.page,
    state: s.state,
  }));

describe('the sign-up form of status pages', () => {
  it('leaves an unchanged page its ETag through the hour (304), the token good; a new hour or new content changes it', async () => {
    const get = (url: string, etag?: string) =>
      app.inject({ method: 'GET', url, headers: etag ? { 'if-none-match': etag } : {} });
    const tokenOf = (body: string) => /name="token" value="([^"]+)"/.exec(body)?.[1] ?? '';
    for (const url of ['/status/shop', '/status/shop.json']) {
      clock = NOW + 5 * 60_000;
      const first = await get(url);
      clock = NOW + 40 * 60_000;
      const later = await get(url);
      // Made at another moment ("Updated …"), saying the same: the same tag.
      expect(later.body).not.toBe(first.body);
      expect(later.headers.etag).toBe(first.headers.etag);
      const revalidated = await get(url, first.headers.etag as string);
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe('');
    }
    clock = NOW + 40 * 60_000;
    const page40 = await get('/status/shop');
    expect(formTokenValid(box, 'shop', tokenOf(page40.body), clock)).toBe(true);
    // The token a revalidated copy holds is good for 23 hours at least.
    expect(formTokenValid(box, 'shop', tokenOf(page40.body), NOW + 23 * HOUR)).toBe(true);
    // The next hour: a new token, a new tag.
    clock = NOW + 61 * 60_000;
    const next = await get('/status/shop');
    expect(tokenOf(next.body)).not.toBe(tokenOf(page40.body));
    expect(next.headers.etag).not.toBe(page40.headers.etag);
    expect((await get('/status/shop', page40.headers.etag as string)).statusCode).toBe(200);
    // New content within the hour: a new tag.
    const json = await get('/status/shop.json');
    await store.updateStatusPage(page({ title: 'Shop status, renamed' }), { id: 'test' });
    for (const [url, before] of [
      ['/status/shop', next],
      ['/status/shop.json', json],
    ] as const) {
      const changed = await get(url, before.headers.etag as string);
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(before.headers.etag);
      expect(changed.body).toContain('Shop status, renamed');
    }
  });

  it('is on public pages only, carrying a token for that page, under the pages’ policy', async () => {
    const shop = await app.inject({ method: 'GET', url: '/status/shop' });
    expect(shop.headers['content-security-policy']).toContain("form-action 'self'");
    expect(shop.body).toContain('<form method="post" action="/status/shop/subscribe">');
    const given = /name="token" value="([^"]+)"/.exec(shop.body)?.[1] ?? '';
    expect(formTokenValid(box, 'shop', given, NOW)).toBe(true);
    expect(formTokenValid(box, 'other', given, NOW)).toBe(false);
    expect(shop.body).not.toContain('<script');
    principal = ADMIN;
    const acme = await app.inject({ method: 'GET', url: '/status/acme' });
    expect(acme.statusCode).toBe(200);
    expect(acme.body).not.toContain('<form');
    const refused = await signUp(
      { email: 'a@example.test', token: token('acme') },
      { slug: 'acme' },
    );
    expect(refused.statusCode).toBe(404);
    expect(await emailSubscribers()).toEqual([]);
  });

  it('signs an address up once: a pending subscriber of the page and one confirmation, and the same answer every time', async () => {
    const first = await signUp({ email: ' cfo@example.test ', token: token() });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain('<h1>Check your inbox</h1>');
    expect(first.body).toContain('<strong>cfo@example.test</strong>');
    const [stored] = await store.listSubscribers({ kind: 'email' });
    expect(stored).toMatchObject({
      target: 'cfo@example.test',
      page: 'shop',
      services: [],
      state: 'pending',
      internal: false,
      events: [...NOTIFY_EVENT_TYPES],
    });
    const confirmations = async () =>
      (await store.listDeliveries()).filter((d) => d.type === 'confirm').length;
    await notifications.notifier.idle();
    expect(await confirmations()).toBe(1);
    // Known and pending, or known and active: the same page, nothing new sent.
    const again = await signUp({ email: 'CFO@example.test', token: token() });
    expect(again.body).toBe(first.body.replace('cfo@example.test', 'CFO@example.test'));
    await store.updateSubscriber(stored?.id ?? 0, { state: 'active' }, { id: 'test' });
    expect((await signUp({ email: 'cfo@example.test', token: token() })).body).toBe(first.body);
    expect(await confirmations()).toBe(1);
    expect(await emailSubscribers()).toEqual([
      { id: 1, target: 'cfo@example.test', page: 'shop', state: 'active' },
    ]);
    // Another page is another subscription.
    await signUp({ email: 'cfo@example.test', token: token('other') }, { slug: 'other' });
    expect((await emailSubscribers()).map((s) => s.page)).toEqual(['shop', 'other']);
  });

  it('starts again for an address that unsubscribed: a new subscriber and link, the old one gone', async () => {
    await signUp({ email: 'cfo@example.test', token: token() });
    await store.updateSubscriber(
      1,
      { state: 'disabled', disabledReason: 'unsubscribed by its own link' },
      { id: 'test' },
    );
    expect((await signUp({ email: 'cfo@example.test', token: token() })).statusCode).toBe(200);
    expect(await emailSubscribers()).toEqual([
      { id: 2, target: 'cfo@example.test', page: 'shop', state: 'pending' },
    ]);
  });

  it('makes one subscriber and sends one confirmation for posts of one address at the same moment', async () => {
    await rebuild({ testStore: true });
    const emails = ['cfo@example.test', 'CFO@example.test', 'cfo@EXAMPLE.test', 'Cfo@example.test'];
    const answers = await Promise.all(emails.map((email) => signUp({ email, token: token() })));
    expect(
      answers.map((a) => [a.statusCode, a.body.includes('<h1>Check your inbox</h1>')]),
    ).toEqual(emails.map(() => [200, true]));
    expect((await emailSubscribers()).map((s) => [s.page, s.state])).toEqual([['shop', 'pending']]);
    const confirmations = (await store.listDeliveries()).filter((d) => d.type === 'confirm');
    expect(confirmations).toHaveLength(1);
  });

  it('replaces an unsubscribed sign-up once for posts of one address at the same moment', async () => {
    await rebuild({ testStore: true });
    await signUp({ email: 'cfo@example.test', token: token() });
    const [old] = await emailSubscribers();
    await store.updateSubscriber(
      old?.id ?? 0,
      { state: 'disabled', disabledReason: 'unsubscribed by its own link' },
      { id: 'test' },
    );
    const answers = await Promise.all(
      [1, 2, 3].map(() => signUp({ email: 'cfo@example.test', token: token() })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const now = await emailSubscribers();
    expect(now.map((s) => [s.page, s.state])).toEqual([['shop', 'pending']]);
    expect(now[0]?.id).not.toBe(old?.id);
    expect((await store.listDeliveries()).map((d) => [d.subscriber, d.type])).toEqual([
      [now[0]?.id, 'confirm'],
    ]);
  });

  it('leaves what an editor made for the same address: only earlier sign-ups are replaced', async () => {
    await store.createSubscriber(
      {
        kind: 'email',
        name: 'finance (by an editor)',
        target: 'cfo@example.test',
        sealed: null,
        services: ['sap-erp'],
        page: 'shop',
        events: ['incident.created'],
        internal: true,
        state: 'disabled',
      },
      { id: 'user:editor' },
    );
    expect((await signUp({ email: 'cfo@example.test', token: token() })).statusCode).toBe(200);
    expect(await emailSubscribers()).toEqual([
      { id: 1, target: 'cfo@example.test', page: 'shop', state: 'disabled' },
      { id: 2, target: 'cfo@example.test', page: 'shop', state: 'pending' },
    ]);
  });

  it('refuses a form without a good token, too old, for another page, or sent from another site, storing nothing', async () => {
    const cases = [
      signUp({ email: 'a@example.test' }),
      signUp({ email: 'a@example.test', token: `${token()}x` }),
      signUp({ email: 'a@example.test', token: token('shop', NOW - 25 * HOUR) }),
      signUp({ email: 'a@example.test', token: token('other') }),
      signUp({ email: 'a@example.test', token: token() }, { site: 'cross-site' }),
      signUp({ email: 'a@example.test', token: token() }, { site: 'same-site' }),
    ];
    for (const answer of await Promise.all(cases)) {
      expect(answer.statusCode).toBe(403);
      expect(answer.body).toContain('This form is too old or did not come from this page');
      // A fresh form to send again.
      const fresh = /name="token" value="([^"]+)"/.exec(answer.body)?.[1] ?? '';
      expect(formTokenValid(box, 'shop', fresh, NOW)).toBe(true);
    }
    expect(await emailSubscribers()).toEqual([]);
    expect(await store.listDeliveries()).toEqual([]);
  });

  it('asks again, saying why, for an address that is not one', async () => {
    for (const email of ['', 'not an address', 'a@b', `${'x'.repeat(250)}@example.test`]) {
      const answer = await signUp({ email, token: token() });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toContain('role="alert"');
      expect(answer.body).toContain('such as name@example.com');
    }
    expect(await emailSubscribers()).toEqual([]);
  });

  it(`takes at most ${SIGN_UP_LIMIT} sign-ups a minute from one address`, async () => {
    const codes: number[] = [];
    for (let i = 0; i <= SIGN_UP_LIMIT; i++)
      codes.push((await signUp({ email: `p${i}@example.test`, token: token() })).statusCode);
    expect(codes).toEqual([...Array(SIGN_UP_LIMIT).fill(200), 429]);
  });

  it('is not offered without a mail server: no form on any page, and a post answers 404 storing nothing', async () => {
    await rebuild({ mail: false });
    const shop = await app.inject({ method: 'GET', url: '/status/shop' });
    expect(shop.statusCode).toBe(200);
    expect(shop.body).not.toContain('<form');
    expect(shop.body).not.toContain('Get notified');
    const answer = await signUp({ email: 'cfo@example.test', token: token() });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('<h1>No sign-up here</h1>');
    expect(answer.body).toContain('this server sends no mail. Nothing was stored.');
    expect(await emailSubscribers()).toEqual([]);
    expect(await store.listDeliveries()).toEqual([]);
  });

  it('stores the subscriber and its confirmation together: when the confirmation cannot be queued neither stays, and sending again works', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'servicechain-sign-up-'));
    try {
      const file = join(folder, 'servicechain.db');
      await rebuild({ file });
      // Another connection makes the outbox refuse every message, as a full disk would.
      const raw = new BetterSqlite3(file);
      raw.exec(`create trigger outbox_refuses before insert on notify_deliveries
        begin select raise(abort, 'the outbox refuses'); end`);
      const failed = await signUp({ email: 'cfo@example.test', token: token() });
      expect(failed.statusCode).toBe(500);
      expect(await emailSubscribers()).toEqual([]);
      raw.exec('drop trigger outbox_refuses');
      raw.close();
      const again = await signUp({ email: 'cfo@example.test', token: token() });
      expect(again.statusCode).toBe(200);
      // (The refused insert was rolled back with its id.)
      expect(await emailSubscribers()).toEqual([
        { id: 1, target: 'cfo@example.test', page: 'shop', state: 'pending' },
      ]);
      expect((await store.listDeliveries()).map((d) => [d.subscriber, d.type])).toEqual([
        [1, 'confirm'],
      ]);
    } finally {
      await rebuild({});
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

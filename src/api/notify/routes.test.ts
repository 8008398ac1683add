import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootToken, TEST_PASSWORD, TEST_SCRYPT } from '../../../test/accounts-app.js';
import {
  loopbackOnly,
  mailbox,
  type Receiver,
  receiver,
  testResolver,
  unfoldQuotedPrintable,
} from '../../../test/notify-harness.js';
import { Accounts } from '../../accounts/accounts.js';
import { createNotifications, type Notifications } from '../../notify/notifications.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { chainModel, createChanges } from '../../store/test-model.js';
import { createApp } from '../app.js';
import { createAuthenticate } from '../auth/authenticate.js';

let app: FastifyInstance;
let store: Store;
let notifications: Notifications;
let hook: Receiver;
let box: Awaited<ReturnType<typeof mailbox>>;
let auth: { authorization: string };

beforeAll(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'test' });
  const accounts = new Accounts(store, { scryptCost: TEST_SCRYPT });
  await accounts.createUser(
    { name: 'root', role: 'admin', password: TEST_PASSWORD },
    { id: 'test' },
  );
  auth = await rootToken(accounts, ['write']);
  const runtime = await StatusRuntime.start(store);
  hook = await receiver();
  box = await mailbox();
  notifications = createNotifications({
    store,
    runtime,
    config: {
      policy: loopbackOnly(),
      debounceMs: 0,
      disableAfter: 10,
      smtp: { host: '127.0.0.1', port: box.port, secure: false, from: 'status@example.test' },
    },
    serverKey: randomBytes(32),
    publicUrl: 'http://status.example.test',
    resolve: testResolver({ 'hooks.example.test': '127.0.0.1', 'inside.example.test': '10.1.2.3' }),
  });
  app = await createApp({
    store,
    runtime,
    accounts,
    authenticate: createAuthenticate(accounts),
    notifications,
  });
});
afterAll(async () => {
  await app.close();
  await notifications.stop();
  await hook.close();
  await box.close();
  await store.close();
});

async function settled(): Promise<void> {
  await notifications.notifier.idle();
  await notifications.worker.idle();
}

describe('the notification routes', () => {
  it('creates a webhook, shows its signing secret once, tests it and logs the delivery', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/notify/subscribers',
      headers: auth,
      payload: {
        kind: 'webhook',
        url: `http://hooks.example.test:${hook.port}/in`,
        services: ['sap-erp'],
      },
    });
    expect(created.statusCode).toBe(201);
    const { subscriber, signingSecret } = created.json();
    expect(signingSecret).toMatch(/^whsec_/);
    expect(subscriber).toMatchObject({ id: 1, kind: 'webhook', state: 'active', version: 1 });
    const shown = await app.inject({ url: '/api/v1/notify/subscribers/1', headers: auth });
    expect(shown.headers.etag).toBe('"1"');
    expect(shown.body).not.toContain(signingSecret);
    expect(shown.body).not.toContain('sealed');
    const test = await app.inject({
      method: 'POST',
      url: '/api/v1/notify/subscribers/1/test',
      headers: auth,
    });
    expect(test.statusCode).toBe(202);
    await settled();
    expect(JSON.parse(hook.requests[0]?.body ?? '')).toEqual({
      delivery: test.json().delivery.id,
      type: 'test',
      at: expect.any(String),
      data: {},
    });
    const log = await app.inject({ url: '/api/v1/notify/deliveries?subscriber=1', headers: auth });
    expect(log.json()).toMatchObject({
      items: [{ type: 'test', status: 'delivered', attempts: 1 }],
      nextBefore: null,
    });
  });

  it('refuses a target inside the network with the field named, and bad ids and versions', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/notify/subscribers',
      headers: auth,
      payload: {
        kind: 'webhook',
        url: 'http://inside.example.test/hook',
        services: ['sap-erp', 'nope'],
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { path: 'services[1]', message: "no service 'nope'" },
      { path: 'url', message: 'http://inside.example.test/…: 10.1.2.3 is not a public address' },
    ]);
    expect(
      (await app.inject({ url: '/api/v1/notify/subscribers/abc', headers: auth })).statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ url: '/api/v1/notify/subscribers/99', headers: auth })).statusCode,
    ).toBe(404);
    const stale = await app.inject({
      method: 'PATCH',
      url: '/api/v1/notify/subscribers/1',
      headers: { ...auth, 'if-match': '"7"' },
      payload: { name: 'renamed' },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('confirms and unsubscribes an address only by POST, so opening a link changes nothing', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/notify/subscribers',
      headers: auth,
      payload: { kind: 'email', email: 'ops@example.test', services: ['sap-erp'] },
    });
    const id = created.json().subscriber.id as number;
    await settled();
    const mail = unfoldQuotedPrintable(box.messages.at(-1) ?? '');
    const confirmUrl =
      /http:\/\/status\.example\.test(\/notify\/confirm\?token=[\w.-]+)/.exec(mail)?.[1] ?? '';
    const page = await app.inject({ url: confirmUrl });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ops@example.test');
    expect(
      (await app.inject({ url: `/api/v1/notify/subscribers/${id}`, headers: auth })).json().state,
    ).toBe('pending');
    const token = new URLSearchParams(confirmUrl.split('?')[1]).get('token') ?? '';
    const confirmed = await app.inject({
      method: 'POST',
      url: '/notify/confirm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token}`,
    });
    expect(confirmed.statusCode).toBe(200);
    expect(
      (await app.inject({ url: `/api/v1/notify/subscribers/${id}`, headers: auth })).json().state,
    ).toBe('active');

    await app.inject({
      method: 'POST',
      url: `/api/v1/notify/subscribers/${id}/test`,
      headers: auth,
    });
    await settled();
    const message = unfoldQuotedPrintable(box.messages.at(-1) ?? '');
    const unsubscribe =
      /List-Unsubscribe: ?<http:\/\/status\.example\.test([^>]+)>/.exec(message)?.[1] ?? '';
    expect((await app.inject({ url: unsubscribe })).body).toContain(
      '<button type="submit">Unsubscribe</button>',
    );
    expect(
      (await app.inject({ url: `/api/v1/notify/subscribers/${id}`, headers: auth })).json().state,
    ).toBe('active');
    // A mail client's one-click unsubscribe (RFC 8058) posts to the link itself.
    const oneClick = await app.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(
      (await app.inject({ url: `/api/v1/notify/subscribers/${id}`, headers: auth })).json(),
    ).toMatchObject({
      state: 'disabled',
      disabledReason: 'unsubscribed by its own link',
    });
    const forged = await app.inject({ url: `${unsubscribe.slice(0, -2)}xx` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('This link is not valid');
  });
});

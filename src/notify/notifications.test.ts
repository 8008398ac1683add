import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loopbackOnly,
  mailbox,
  type Receiver,
  receiver,
  testResolver,
  unfoldQuotedPrintable,
} from '../../test/notify-harness.js';
import { InputError } from '../model/errors.js';
import { StatusRuntime } from '../runtime/status-runtime.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import type { NotifyConfig } from './config.js';
import { createNotifications, type Notifications } from './notifications.js';
import { verifySignature } from './signature.js';

const T = Date.parse('2026-11-28T12:00:00Z');
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Harness {
  store: Store;
  runtime: StatusRuntime;
  n: Notifications;
  clock: { now: number };
  hook: Receiver;
}

async function harness(
  config: Partial<NotifyConfig> = {},
  hookStatus: () => number = () => 200,
  file = ':memory:',
  key = randomBytes(32),
): Promise<Harness> {
  const clock = { now: T };
  const store = await openSqliteStore({ file, now: () => new Date(clock.now) });
  closers.push(() => store.close());
  await store.migrate();
  if ((await store.listServices()).length === 0)
    await store.applyChanges(createChanges(chainModel()), { id: 'test' });
  const runtime = await StatusRuntime.start(store, () => clock.now);
  const hook = await receiver(hookStatus);
  closers.push(() => hook.close());
  const n = createNotifications({
    store,
    runtime,
    config: { policy: loopbackOnly(), debounceMs: 60_000, disableAfter: 10, ...config },
    serverKey: key,
    publicUrl: 'http://status.example.test',
    clock: () => clock.now,
    random: () => 0.5,
    resolve: testResolver({ 'hooks.example.test': '127.0.0.1' }),
  });
  closers.push(() => n.stop());
  return { store, runtime, n, clock, hook };
}

const actor = { id: 'user:ed' };
const down = (runtime: StatusRuntime, level: 'major_outage' | null = 'major_outage') =>
  runtime.applyInputs([{ type: 'signal', service: 'sap-erp', key: 'cpu', level }]);

async function settle(h: Harness): Promise<void> {
  await h.n.notifier.idle();
  await h.n.worker.idle();
}

describe('notifications end to end', () => {
  it('sends a signed JSON webhook to a loopback receiver when a subscribed service changes', async () => {
    const h = await harness();
    const { subscriber, signingSecret } = await h.n.subscriptions.create(
      {
        kind: 'webhook',
        url: `http://hooks.example.test:${h.hook.port}/in`,
        services: ['sap-erp'],
        events: ['status.changed'],
      },
      actor,
    );
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(subscriber).not.toHaveProperty('sealed');
    down(h.runtime);
    await settle(h);
    expect(h.hook.requests).toHaveLength(1);
    const [request] = h.hook.requests;
    expect(JSON.parse(request?.body ?? '')).toEqual({
      delivery: 1,
      type: 'status.changed',
      at: '2026-11-28T12:00:00.000Z',
      data: {
        service: 'sap-erp',
        from: { level: 'operational', maintenance: false },
        to: { level: 'major_outage', maintenance: false },
      },
    });
    expect(request?.headers['x-servicechain-event']).toBe('status.changed');
    const signature = String(request?.headers['x-servicechain-signature']);
    expect(signature).toMatch(/^t=1795867200,v1=[0-9a-f]{64}$/);
    expect(verifySignature(signingSecret ?? '', request?.body ?? '', signature, T)).toBe(true);
    expect(verifySignature('whsec_other', request?.body ?? '', signature, T)).toBe(false);
    expect(verifySignature(signingSecret ?? '', `${request?.body} `, signature, T)).toBe(false);
    expect(verifySignature(signingSecret ?? '', request?.body ?? '', signature, T + 600_000)).toBe(
      false,
    );
    const [logged] = await h.store.listDeliveries();
    expect(logged).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200 });
    // Secrets at rest: neither the secret nor the URL's path is in the stored row in clear.
    const stored = await h.store.getSubscriber(subscriber.id);
    expect(stored?.sealed).not.toContain(signingSecret);
    expect(stored?.sealed).toMatch(/^v1\./);
  });

  it('sends the Slack incoming-webhook format, escaped, and keeps the Slack URL out of sight', async () => {
    const h = await harness();
    const { subscriber } = await h.n.subscriptions.create(
      {
        kind: 'slack',
        url: `http://hooks.example.test:${h.hook.port}/services/T0/B0/secret`,
        services: ['sap-erp'],
      },
      actor,
    );
    expect(subscriber.target).toBe(`http://hooks.example.test:${h.hook.port}/…`);
    down(h.runtime);
    await settle(h);
    expect(JSON.parse(h.hook.requests[0]?.body ?? '')).toEqual({
      text: 'SAP ERP is major outage',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'SAP ERP is major outage' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Was operational; changed at 2026-11-28T12:00:00.000Z.' },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Servicechain · 2026-11-28T12:00:00.000Z' }],
        },
      ],
    });
  });

  it('refuses a webhook whose name resolves to a refused address, and never reaches it later either', async () => {
    const h = await harness({ policy: loopbackOnly() });
    const refused = await h.n.subscriptions
      .create(
        { kind: 'webhook', url: 'http://169.254.169.254/latest', services: ['sap-erp'] },
        actor,
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).details).toEqual([
      {
        path: 'url',
        message: 'http://169.254.169.254/…: 169.254.169.254 is a cloud metadata address',
      },
    ]);
    expect(h.hook.requests).toHaveLength(0);
  });

  it('retries with exponential backoff and jitter on the injected clock, then delivers', async () => {
    const answers = [503, 500, 200];
    const h = await harness({}, () => answers.shift() ?? 200);
    await h.n.subscriptions.create(
      { kind: 'webhook', url: `http://hooks.example.test:${h.hook.port}/`, services: ['sap-erp'] },
      actor,
    );
    down(h.runtime);
    await settle(h);
    // random() = 0.5 takes 75% of the full delay: 30 s after the first failure, 60 s after the second.
    expect((await h.store.listDeliveries())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: T + 22_500,
      responseStatus: 503,
      lastError: 'the receiver answered HTTP 503',
    });
    h.clock.now = T + 22_499;
    expect(await h.n.worker.runOnce()).toBe(0);
    h.clock.now = T + 22_500;
    expect(await h.n.worker.runOnce()).toBe(1);
    expect((await h.store.listDeliveries())[0]).toMatchObject({
      attempts: 2,
      nextAttemptAt: T + 67_500,
    });
    h.clock.now = T + 67_500;
    await h.n.worker.runOnce();
    expect((await h.store.listDeliveries())[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastError: null,
    });
    expect(h.hook.requests.map((r) => r.headers['x-servicechain-delivery'])).toEqual([
      '1',
      '1',
      '1',
    ]);
    expect((await h.store.getSubscriber(1))?.failures).toBe(0);
  });

  it('disables a subscriber after N failed attempts in a row, saying why', async () => {
    const h = await harness({ disableAfter: 3 }, () => 500);
    await h.n.subscriptions.create(
      { kind: 'webhook', url: `http://hooks.example.test:${h.hook.port}/`, services: ['sap-erp'] },
      actor,
    );
    down(h.runtime);
    await settle(h);
    for (const at of [T + 22_500, T + 67_500]) {
      h.clock.now = at;
      await h.n.worker.runOnce();
    }
    expect(await h.n.subscriptions.get(1)).toMatchObject({
      state: 'disabled',
      failures: 3,
      disabledReason: '3 failed attempts in a row; the last: the receiver answered HTTP 500',
    });
    expect((await h.store.listDeliveries())[0]?.status).toBe('cancelled');
    down(h.runtime, null);
    await settle(h);
    expect(h.hook.requests).toHaveLength(3);
  });

  it('debounces a flapping service: one message per interval, the latest state wins', async () => {
    const h = await harness({ debounceMs: 60_000 });
    await h.n.subscriptions.create(
      { kind: 'webhook', url: `http://hooks.example.test:${h.hook.port}/`, services: ['sap-erp'] },
      actor,
    );
    down(h.runtime);
    await settle(h);
    for (const [at, level] of [
      [T + 1000, null],
      [T + 2000, 'major_outage'],
      [T + 3000, null],
      [T + 4000, 'major_outage'],
    ] as const) {
      h.clock.now = at;
      h.runtime.applyInputs([{ type: 'signal', service: 'sap-erp', key: 'cpu', level }], at);
    }
    await settle(h);
    expect(h.hook.requests).toHaveLength(1);
    h.clock.now = T + 60_000;
    await h.n.worker.runOnce();
    // Back and forth ended where the last message left it (major_outage): nothing more to tell.
    expect(h.hook.requests).toHaveLength(1);
    // The interval since the last message has passed: this one goes out at once.
    h.clock.now = T + 61_000;
    h.runtime.applyInputs(
      [{ type: 'signal', service: 'sap-erp', key: 'cpu', level: null }],
      T + 61_000,
    );
    await settle(h);
    expect(h.hook.requests).toHaveLength(2);
    h.clock.now = T + 65_000;
    h.runtime.applyInputs(
      [{ type: 'signal', service: 'sap-erp', key: 'cpu', level: 'degraded' }],
      T + 65_000,
    );
    await settle(h);
    h.clock.now = T + 120_999;
    await h.n.worker.runOnce();
    expect(h.hook.requests).toHaveLength(2);
    h.clock.now = T + 121_000;
    await h.n.worker.runOnce();
    const level = (l: string) => ({ level: l, maintenance: false });
    expect(h.hook.requests.map((r) => JSON.parse(r.body).data)).toEqual([
      { service: 'sap-erp', from: level('operational'), to: level('major_outage') },
      { service: 'sap-erp', from: level('major_outage'), to: level('operational') },
      { service: 'sap-erp', from: level('operational'), to: level('degraded') },
    ]);
  });

  it('mails over SMTP: a confirmation first, then messages with a working unsubscribe link and header', async () => {
    const box = await mailbox();
    closers.push(() => box.close());
    const h = await harness({
      smtp: { host: '127.0.0.1', port: box.port, secure: false, from: 'status@example.test' },
    });
    const { subscriber } = await h.n.subscriptions.create(
      { kind: 'email', email: 'ops@example.test', services: ['sap-erp'] },
      actor,
    );
    expect(subscriber.state).toBe('pending');
    await settle(h);
    down(h.runtime);
    await settle(h);
    expect(box.messages).toHaveLength(1);
    const confirm = /http:\/\/status\.example\.test\/notify\/confirm\?token=([\w.-]+)/.exec(
      unfoldQuotedPrintable(box.messages[0] ?? ''),
    );
    expect(await h.n.subscriptions.confirm(confirm?.[1] ?? '')).toBe(true);
    down(h.runtime, null);
    await settle(h);
    expect(box.messages).toHaveLength(2);
    const mail = unfoldQuotedPrintable(box.messages[1] ?? '');
    expect(mail).toContain('Subject: SAP ERP is operational');
    expect(mail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const link =
      /List-Unsubscribe: <(http:\/\/status\.example\.test\/notify\/unsubscribe\?token=[\w.-]+)>/.exec(
        mail,
      );
    expect(mail).toContain(`Unsubscribe: ${link?.[1]}`);
    const token = new URL(link?.[1] ?? 'http://x').searchParams.get('token') ?? '';
    expect(await h.n.subscriptions.unsubscribeTarget(token)).toMatchObject({ id: 1 });
    expect(await h.n.subscriptions.unsubscribe(token)).toBe(true);
    expect(await h.n.subscriptions.get(1)).toMatchObject({
      state: 'disabled',
      disabledReason: 'unsubscribed by its own link',
    });
    expect(await h.n.subscriptions.unsubscribe(`${token}x`)).toBe(false);
  });

  it('keeps the outbox across a restart: what was queued goes out from the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-notify-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const key = randomBytes(32);
    const file = join(dir, 'servicechain.db');
    const first = await harness({}, () => 200, file, key);
    await first.n.subscriptions.create(
      {
        kind: 'webhook',
        url: `http://hooks.example.test:${first.hook.port}/`,
        services: ['sap-erp'],
      },
      actor,
    );
    await first.n.worker.stop();
    await first.n.notifier.notify({
      type: 'incident.created',
      at: T,
      incident: {
        id: 4,
        title: 'SAP slow',
        status: 'investigating',
        visibility: 'public',
        services: ['sap-erp'],
        message: 'Looking',
      },
    });
    expect(first.hook.requests).toHaveLength(0);
    await first.store.close();
    const second = await harness({}, () => 200, file, key);
    expect((await second.store.listDeliveries())[0]).toMatchObject({
      status: 'pending',
      type: 'incident.created',
    });
    expect(await second.n.worker.runOnce()).toBe(1);
    expect(JSON.parse(first.hook.requests[0]?.body ?? '')).toMatchObject({
      type: 'incident.created',
      data: { incident: { id: 4, title: 'SAP slow' } },
    });
  });
});

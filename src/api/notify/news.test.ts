import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loopbackOnly,
  mailbox,
  type Receiver,
  receiver,
  testResolver,
  unfoldQuotedPrintable,
} from '../../../test/notify-harness.js';
import { createNotifications, leaderOnly, type Notifications } from '../../notify/notifications.js';
import { verifySignature } from '../../notify/signature.js';
import { MaintenanceScheduler, type SchedulerTimers } from '../../runtime/maintenance-scheduler.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import { opaqueRef } from '../../status-pages/page-view.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { chainModel, createChanges } from '../../store/test-model.js';
import type { Principal } from '../access.js';
import { createApp } from '../app.js';

const T = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ADMIN: Principal = { id: 'user:ed', kind: 'user', role: 'admin', teams: [], scopes: [] };

/** Timers moved by hand: `fire` sets the clock to the earliest one's time and runs it. */
class HandTimers implements SchedulerTimers {
  private pending = new Map<number, { run: () => void; due: number }>();
  private next = 1;
  constructor(private readonly clock: { now: number }) {}
  set(run: () => void, delayMs: number): unknown {
    this.pending.set(this.next, { run, due: this.clock.now + delayMs });
    return this.next++;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const [handle, timer] =
      [...this.pending.entries()].sort((a, b) => a[1].due - b[1].due)[0] ?? [];
    if (!timer || handle === undefined) throw new Error('no timer pending');
    this.pending.delete(handle);
    this.clock.now = timer.due;
    timer.run();
  }
}

interface World {
  app: FastifyInstance;
  store: Store;
  notifications: Notifications;
  scheduler: MaintenanceScheduler;
  timers: HandTimers;
  clock: { now: number };
  hook: Receiver;
  mail: Awaited<ReturnType<typeof mailbox>>;
  /** Whether this instance leads (as among several on one PostgreSQL database). */
  leader: { is: boolean };
}

let w: World;

beforeEach(async () => {
  const clock = { now: T };
  const leader = { is: true };
  const store = await openSqliteStore({ file: ':memory:', now: () => new Date(clock.now) });
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'test' });
  await store.createStatusPage(
    {
      slug: 'erp',
      title: 'Billing status',
      audience: { kind: 'public' },
      services: [{ service: 'sap-erp', key: 'invoices', name: 'Invoices' }],
      showRootCause: false,
      showInternalIncidents: false,
      branding: '',
    },
    { id: 'test' },
  );
  const runtime = await StatusRuntime.start(store, () => clock.now);
  const hook = await receiver();
  const mail = await mailbox();
  const notifications = createNotifications({
    store,
    runtime,
    config: {
      policy: loopbackOnly(),
      debounceMs: 0,
      disableAfter: 10,
      smtp: { host: '127.0.0.1', port: mail.port, secure: false, from: 'status@example.test' },
    },
    serverKey: randomBytes(32),
    publicUrl: 'http://status.example.test',
    clock: () => clock.now,
    resolve: testResolver({ 'hooks.example.test': '127.0.0.1' }),
    leading: () => leader.is,
  });
  const timers = new HandTimers(clock);
  const scheduler = await MaintenanceScheduler.start(store, runtime, {
    clock: () => clock.now,
    timers,
    watchMs: 0,
    // As the server wires it (createApp): boundaries are told by the leader only.
    announce: leaderOnly(notifications),
  });
  const app = await createApp({
    store,
    runtime,
    authenticate: async () => ADMIN,
    notifications,
    maintenance: scheduler,
    statusPages: { now: () => clock.now, cacheMs: 0 },
  });
  w = { app, store, notifications, scheduler, timers, clock, hook, mail, leader };
});
afterEach(async () => {
  w.scheduler.stop();
  await w.app.close();
  await w.notifications.stop();
  await w.hook.close();
  await w.mail.close();
  await w.store.close();
});

async function settled(): Promise<void> {
  await w.notifications.notifier.idle();
  await w.notifications.worker.idle();
}

const INCIDENTS = [
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'incident.reopened',
];
const MAINTENANCE = [
  'maintenance.scheduled',
  'maintenance.changed',
  'maintenance.cancelled',
  'maintenance.started',
  'maintenance.ended',
];

/**
 * A webhook subscriber through the API, to incident and maintenance events (status changes,
 * which incidents and maintenance cause too, are tested elsewhere); its signing secret.
 */
async function webhook(follow: {
  services?: string[];
  page?: string;
  internal?: boolean;
  events?: string[];
}) {
  const created = await w.app.inject({
    method: 'POST',
    url: '/api/v1/notify/subscribers',
    payload: {
      kind: 'webhook',
      url: `http://hooks.example.test:${w.hook.port}/in`,
      events: [...INCIDENTS, ...MAINTENANCE],
      ...follow,
    },
  });
  expect(created.statusCode).toBe(201);
  return created.json().signingSecret as string;
}

/** What the receiver got, parsed, after checking every signature against its secret. */
function received(secrets: Record<string, string>): { path: string; body: unknown }[] {
  return w.hook.requests.map((request) => {
    const signature = String(request.headers['x-servicechain-signature']);
    // Checked as of when it was sent (the clock moves on in these tests).
    const sentAt = Number(/^t=(\d+),/.exec(signature)?.[1]) * 1000;
    const secret = Object.values(secrets).find((s) =>
      verifySignature(s, request.body, signature, sentAt),
    );
    expect(secret, 'signed with a subscriber secret').toBeDefined();
    const who = Object.entries(secrets).find(([, s]) => s === secret)?.[0] ?? '';
    return { path: who, body: JSON.parse(request.body) };
  });
}

async function post(url: string, payload: object, method: 'POST' | 'PUT' = 'POST') {
  const answer = await w.app.inject({ method, url, payload, headers: { 'if-match': '*' } });
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  return answer.json();
}

/** Signs an address up on the page 'erp' through its form and follows the confirmation link. */
async function signUpAndConfirm(email: string): Promise<void> {
  const html = (await w.app.inject({ method: 'GET', url: '/status/erp' })).body;
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const signUp = await w.app.inject({
    method: 'POST',
    url: '/status/erp/subscribe',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
    payload: new URLSearchParams({ email, token }).toString(),
  });
  expect(signUp.statusCode).toBe(200);
  await settled();
  const sent = w.mail.messages.map(unfoldQuotedPrintable).filter((m) => m.includes(`To: ${email}`));
  expect(sent).toHaveLength(1);
  const confirm = /\/notify\/confirm\?token=([\w.-]+)/.exec(sent[0] ?? '')?.[1];
  const confirmed = await w.app.inject({
    method: 'POST',
    url: '/notify/confirm',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${confirm}`,
  });
  expect(confirmed.statusCode).toBe(200);
}

/** Makes the page 'erp' public again or not: its settings are the same otherwise. */
async function pageAudience(audience: 'public' | 'internal'): Promise<void> {
  await post(
    '/api/v1/status-pages/erp',
    {
      slug: 'erp',
      title: 'Billing status',
      audience,
      services: [{ service: 'sap-erp', key: 'invoices', name: 'Invoices' }],
    },
    'PUT',
  );
}

describe('news from incidents and maintenance, end to end', () => {
  it('sends signed webhooks for an incident opened, updated, resolved and reopened through the API', async () => {
    const direct = await webhook({ services: ['sap-erp'] });
    const page = await webhook({ page: 'erp' });
    const opened = await post('/api/v1/incidents', {
      title: 'Invoices are late',
      message: 'We are looking into it.',
      services: [
        { service: 'sap-erp', impact: 'partial_outage' },
        { service: 'db01', impact: 'degraded' },
      ],
      visibility: 'public',
    });
    await settled();
    const ref = opaqueRef('erp', 'incident', opened.id);
    const notice = (status: string, message: string) => ({
      id: opened.id,
      title: 'Invoices are late',
      status,
      visibility: 'public',
      services: ['db01', 'sap-erp'],
      message,
    });
    const onPage = (status: string, message: string) => ({
      incident: { ...notice(status, message), id: ref, services: ['invoices'] },
      page: 'erp',
      names: { invoices: 'Invoices' },
    });
    expect(received({ direct, page })).toEqual([
      {
        path: 'direct',
        body: {
          delivery: 1,
          type: 'incident.created',
          at: opened.createdAt,
          data: { incident: notice('investigating', 'We are looking into it.') },
        },
      },
      {
        path: 'page',
        body: {
          delivery: 2,
          type: 'incident.created',
          at: opened.createdAt,
          data: onPage('investigating', 'We are looking into it.'),
        },
      },
    ]);
    // The page's subscriber never learns model ids or names.
    expect(w.hook.requests[1]?.body).not.toMatch(/sap-erp|db01|SAP ERP/);

    await post(`/api/v1/incidents/${opened.id}/updates`, {
      message: 'A job is stuck.',
      status: 'identified',
    });
    await post(`/api/v1/incidents/${opened.id}/resolve`, { message: 'Invoices are out.' });
    await post(`/api/v1/incidents/${opened.id}/updates`, {
      message: 'Late again.',
      status: 'investigating',
      reopen: true,
    });
    // Changing fields is not news.
    const changed = await w.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${opened.id}`,
      payload: { title: 'Invoices are late (batch)' },
      headers: { 'if-match': '*' },
    });
    expect(changed.statusCode).toBe(200);
    await settled();
    const later = received({ direct, page }).slice(2);
    expect(later.map((r) => [r.path, (r.body as { type: string }).type])).toEqual([
      ['direct', 'incident.updated'],
      ['page', 'incident.updated'],
      ['direct', 'incident.resolved'],
      ['page', 'incident.resolved'],
      ['direct', 'incident.reopened'],
      ['page', 'incident.reopened'],
    ]);
    expect((later[3]?.body as { data?: unknown } | undefined)?.data).toEqual(
      onPage('resolved', 'Invoices are out.'),
    );
  });

  it('subscribes a webhook to a page through the admin API only when the page exists', async () => {
    const refused = await w.app.inject({
      method: 'POST',
      url: '/api/v1/notify/subscribers',
      payload: { kind: 'webhook', url: `http://hooks.example.test:${w.hook.port}/`, page: 'nope' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { path: 'page', message: "no status page 'nope'" },
    ]);
    expect(await w.store.listSubscribers()).toEqual([]);
  });

  it('tells internal incidents only to subscribers that asked, and never through a public page', async () => {
    const plain = await webhook({ services: ['sap-erp'] });
    const staff = await webhook({ services: ['sap-erp'], internal: true });
    const page = await webhook({ page: 'erp', internal: true });
    await post('/api/v1/incidents', {
      title: 'Disk swap',
      message: 'Staff only.',
      services: [{ service: 'sap-erp', impact: 'degraded' }],
    });
    await settled();
    expect(received({ plain, staff, page }).map((r) => r.path)).toEqual(['staff']);
  });

  it('tells a window scheduled, then started and ended at its boundaries by the scheduler, and changed and cancelled', async () => {
    const direct = await webhook({ services: ['sap-erp'] });
    const page = await webhook({ page: 'erp' });
    const window = await post('/api/v1/maintenance', {
      title: 'ERP upgrade',
      services: ['sap-erp'],
      start: iso(T + HOUR),
      end: iso(T + 2 * HOUR),
    });
    await settled();
    const maintenance = {
      id: String(window.id),
      title: 'ERP upgrade',
      services: ['sap-erp'],
      startsAt: iso(T + HOUR),
      endsAt: iso(T + 2 * HOUR),
    };
    const neutral = {
      maintenance: {
        ...maintenance,
        id: opaqueRef('erp', 'maintenance', window.id),
        title: 'Planned maintenance',
        services: ['invoices'],
      },
      page: 'erp',
      names: { invoices: 'Invoices' },
    };
    expect(received({ direct, page })).toEqual([
      {
        path: 'direct',
        body: { delivery: 1, type: 'maintenance.scheduled', at: iso(T), data: { maintenance } },
      },
      {
        path: 'page',
        body: { delivery: 2, type: 'maintenance.scheduled', at: iso(T), data: neutral },
      },
    ]);

    w.timers.fire();
    await w.scheduler.refresh();
    expect(w.clock.now).toBe(T + HOUR);
    await settled();
    w.timers.fire();
    await w.scheduler.refresh();
    expect(w.clock.now).toBe(T + 2 * HOUR);
    await settled();
    // Re-planning again at the same time tells nothing twice.
    await w.scheduler.refresh();
    await settled();
    expect(
      received({ direct, page })
        .slice(2)
        .map((r) => [
          r.path,
          (r.body as { type: string; at: string }).type,
          (r.body as { at: string }).at,
        ]),
    ).toEqual([
      ['direct', 'maintenance.started', iso(T + HOUR)],
      ['page', 'maintenance.started', iso(T + HOUR)],
      ['direct', 'maintenance.ended', iso(T + 2 * HOUR)],
      ['page', 'maintenance.ended', iso(T + 2 * HOUR)],
    ]);

    const next = await post('/api/v1/maintenance', {
      title: 'Patch day',
      services: ['sap-erp'],
      start: iso(T + 5 * HOUR),
      end: iso(T + 6 * HOUR),
    });
    await post(
      `/api/v1/maintenance/${next.id}`,
      {
        title: 'Patch day',
        services: ['sap-erp'],
        start: iso(T + 7 * HOUR),
        end: iso(T + 8 * HOUR),
      },
      'PUT',
    );
    await post(`/api/v1/maintenance/${next.id}/cancel`, {});
    await settled();
    const last = received({ direct, page }).slice(6);
    expect(last.map((r) => [r.path, (r.body as { type: string }).type])).toEqual([
      ['direct', 'maintenance.scheduled'],
      ['page', 'maintenance.scheduled'],
      ['direct', 'maintenance.changed'],
      ['page', 'maintenance.changed'],
      ['direct', 'maintenance.cancelled'],
      ['page', 'maintenance.cancelled'],
    ]);
    expect(
      (last[2]?.body as { data?: { maintenance?: unknown } } | undefined)?.data?.maintenance,
    ).toEqual({
      id: String(next.id),
      title: 'Patch day',
      services: ['sap-erp'],
      startsAt: iso(T + 7 * HOUR),
      endsAt: iso(T + 8 * HOUR),
    });
    // A cancelled window neither starts nor ends.
    w.timers.fire();
    await w.scheduler.refresh();
    await settled();
    expect(w.hook.requests).toHaveLength(12);
  });

  it('leaves window boundaries to the leader, while the instance that took a request tells its news', async () => {
    const direct = await webhook({ services: ['sap-erp'] });
    w.leader.is = false;
    await post('/api/v1/maintenance', {
      title: 'ERP upgrade',
      services: ['sap-erp'],
      start: iso(T + HOUR),
      end: iso(T + 2 * HOUR),
    });
    w.timers.fire();
    await w.scheduler.refresh();
    await settled();
    // The flag is set on every instance; the message comes from the leader alone.
    expect(received({ direct }).map((r) => (r.body as { type: string }).type)).toEqual([
      'maintenance.scheduled',
    ]);
    w.leader.is = true;
    w.timers.fire();
    await w.scheduler.refresh();
    await settled();
    expect(received({ direct }).map((r) => (r.body as { type: string }).type)).toEqual([
      'maintenance.scheduled',
      'maintenance.ended',
    ]);
  });

  it('mails an incident to an address that signed up on the page, in the page’s words, with an unsubscribe link', async () => {
    await signUpAndConfirm('cfo@example.test');
    await post('/api/v1/incidents', {
      title: 'Invoices are late',
      message: 'We are looking into it.',
      services: [{ service: 'sap-erp', impact: 'partial_outage' }],
      visibility: 'public',
    });
    await settled();
    // The incident's impact changes the entry's status too: both are told, in the page's words.
    const mails = w.mail.messages.slice(1).map(unfoldQuotedPrintable);
    expect(mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort()).toEqual([
      'Invoices is partial outage',
      'New incident: Invoices are late',
    ]);
    const message = mails.find((m) => m.includes('New incident')) ?? '';
    expect(message).toContain('To: cfo@example.test');
    expect(message).toContain('Subject: New incident: Invoices are late');
    expect(message).toContain('Status: investigating. Affects: Invoices.');
    expect(message).toMatch(
      /List-Unsubscribe: <http:\/\/status\.example\.test\/notify\/unsubscribe\?token=/,
    );
    expect(message).toMatch(
      /Unsubscribe: http:\/\/status\.example\.test\/notify\/unsubscribe\?token=/,
    );
    for (const mail of mails) expect(mail).not.toMatch(/sap-erp|SAP ERP/);
  });

  it('tells an address that signed up nothing while its page is not public, through any path, and again once it is public', async () => {
    await signUpAndConfirm('cfo@example.test');
    // An editor's subscriber of the same page goes on hearing in the page's terms.
    const staff = await webhook({ page: 'erp', events: ['status.changed', ...INCIDENTS] });
    const mailsBefore = w.mail.messages.length;
    await pageAudience('internal');
    // An incident (with the status change its impact makes), a window planned, started, ended.
    const hidden = await post('/api/v1/incidents', {
      title: 'Invoices are late',
      message: 'Looking into it.',
      services: [{ service: 'sap-erp', impact: 'partial_outage' }],
      visibility: 'public',
    });
    await post('/api/v1/maintenance', {
      title: 'ERP upgrade',
      services: ['sap-erp'],
      start: iso(T + HOUR),
      end: iso(T + 2 * HOUR),
    });
    await post(`/api/v1/incidents/${hidden.id}/resolve`, { message: 'Out.' });
    w.timers.fire();
    await w.scheduler.refresh();
    await settled();
    w.timers.fire();
    await w.scheduler.refresh();
    await settled();
    expect(w.mail.messages.slice(mailsBefore)).toEqual([]);
    const sign = (await w.store.listSubscribers({ kind: 'email' }))[0];
    expect(sign).toMatchObject({ origin: 'sign-up', state: 'active', page: 'erp' });
    // Nothing was even queued for it.
    expect(await w.store.listDeliveries({ subscriber: sign?.id ?? 0 })).toHaveLength(1);
    // Meanwhile the news went out: the kinds the editor's subscriber heard.
    expect(new Set(received({ staff }).map((r) => (r.body as { type: string }).type))).toEqual(
      new Set(['incident.created', 'incident.resolved', 'status.changed']),
    );

    await pageAudience('public');
    await post('/api/v1/incidents', {
      title: 'Invoices are late again',
      message: 'Looking into it.',
      services: [{ service: 'sap-erp', impact: 'degraded' }],
      visibility: 'public',
    });
    await settled();
    const told = w.mail.messages.slice(mailsBefore).map(unfoldQuotedPrintable);
    expect(told.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort()).toEqual([
      'Invoices is degraded',
      'New incident: Invoices are late again',
    ]);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../accounts/roles.js';
import { MaintenanceScheduler } from '../../runtime/maintenance-scheduler.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { chainModel, createChanges } from '../../store/test-model.js';
import { createApp } from '../app.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const editor: Principal = { id: 'user:eve', kind: 'user', role: 'editor', teams: [], scopes: [] };
const viewer: Principal = { id: 'user:vic', kind: 'user', role: 'viewer', teams: [], scopes: [] };

let app: FastifyInstance;
let store: Store;
let runtime: StatusRuntime;
let scheduler: MaintenanceScheduler;
let principal: Principal = editor;

beforeAll(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'test' });
  runtime = await StatusRuntime.start(store, () => NOW);
  // No timer ever fires here: the clock stands still, and writes re-plan by themselves.
  scheduler = await MaintenanceScheduler.start(store, runtime, {
    clock: () => NOW,
    timers: { set: () => 0, clear: () => undefined },
    watchMs: 0,
  });
  app = await createApp({
    store,
    runtime,
    maintenance: scheduler,
    authenticate: async () => principal,
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const oneOff = {
  title: 'SAP kernel upgrade',
  services: ['sap-erp'],
  start: '2026-12-05T22:00:00Z',
  end: '2026-12-06T02:00:00Z',
};

const post = (url: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, payload });

describe('maintenance routes', () => {
  it('plans a window: 201 with its ETag, state and next occurrence; reads it back', async () => {
    const created = await post('/api/v1/maintenance', oneOff);
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      title: 'SAP kernel upgrade',
      description: '',
      services: ['sap-erp'],
      schedule: {
        kind: 'once',
        start: '2026-12-05T22:00:00.000Z',
        end: '2026-12-06T02:00:00.000Z',
      },
      state: 'upcoming',
      next: [{ start: '2026-12-05T22:00:00.000Z', end: '2026-12-06T02:00:00.000Z' }],
      author: 'user:eve',
      createdAt: '2026-11-28T12:00:00.000Z',
      cancelled: false,
      version: 1,
    });
    expect(created.headers.etag).toBe(`"1-${NOW.toString(36)}"`);
    const read = await app.inject({ method: 'GET', url: `/api/v1/maintenance/${body.id}` });
    expect(read.json()).toEqual(body);
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?kind=maintenance' });
    expect(audit.statusCode).toBe(200);
    expect(
      (audit.json() as { items: { kind: string; key: string; op: string }[] }).items.map(
        ({ kind, key, op }) => [kind, key, op],
      ),
    ).toEqual([['maintenance', String(body.id), 'create']]);
  });

  it('refuses bad windows with every problem and its path, storing nothing', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/v1/maintenance' })).json();
    const backwards = await post('/api/v1/maintenance', {
      ...oneOff,
      services: ['sap-erp', 'db-01'],
      end: '2026-12-05T21:00:00Z',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toEqual({
      code: 'invalid_input',
      message: "the window is refused: services[1]: no service 'db-01' (and 1 more)",
      details: [
        { path: 'services[1]', message: "no service 'db-01'" },
        { path: 'end', message: '2026-12-05T21:00:00Z is not after start 2026-12-05T22:00:00Z' },
      ],
    });
    const hourly = await post('/api/v1/maintenance', {
      title: 'Every hour',
      services: ['db01'],
      recurrence: {
        start: '2026-12-01T00:00',
        zone: 'Mars/Olympus',
        durationMinutes: 5,
        rrule: 'FREQ=HOURLY',
      },
    });
    expect(hourly.json().error.details).toEqual([
      {
        path: 'recurrence.zone',
        message: "'Mars/Olympus' is not a known time zone (IANA names: Europe/Berlin, UTC)",
      },
      {
        path: 'recurrence.rrule.FREQ',
        message: 'HOURLY is too frequent for maintenance: use DAILY or longer',
      },
      { path: 'recurrence.rrule', message: 'never ends: give COUNT or UNTIL' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/maintenance' })).json()).toEqual(
      before,
    );
  });

  it('changes only with the ETag read (428 without, 412 stale) and cancels', async () => {
    const created = (await post('/api/v1/maintenance', { ...oneOff, title: 'To change' })).json();
    const url = `/api/v1/maintenance/${created.id}`;
    const change = { ...oneOff, title: 'Changed', services: ['db01', 'db02'] };
    expect((await app.inject({ method: 'PUT', url, payload: change })).statusCode).toBe(428);
    const stale = await app.inject({
      method: 'PUT',
      url,
      payload: change,
      headers: { 'if-match': `"9-${NOW.toString(36)}"` },
    });
    expect(stale.statusCode).toBe(412);
    const etag = `"1-${NOW.toString(36)}"`;
    const changed = await app.inject({
      method: 'PUT',
      url,
      payload: change,
      headers: { 'if-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      title: 'Changed',
      services: ['db01', 'db02'],
      version: 2,
    });
    const cancelled = await app.inject({
      method: 'POST',
      url: `${url}/cancel`,
      headers: { 'if-match': changed.headers.etag as string },
    });
    expect(cancelled.json()).toMatchObject({
      state: 'cancelled',
      cancelled: true,
      next: [],
      version: 3,
    });
    const again = await app.inject({
      method: 'POST',
      url: `${url}/cancel`,
      headers: { 'if-match': '*' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('lists by when and service', async () => {
    const ids = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/maintenance?${query}` }))
        .json()
        .items.map((w: { title: string }) => w.title);
    expect(await ids('when=upcoming&service=sap-erp')).toEqual(['SAP kernel upgrade']);
    expect(await ids('when=past')).toEqual(['Changed']);
    expect(await ids('when=active')).toEqual([]);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/maintenance?when=soon' })).statusCode,
    ).toBe(400);
  });

  it('shows the impact of a stored window and of a draft, storing nothing for the draft', async () => {
    const impact = await app.inject({ method: 'GET', url: '/api/v1/maintenance/1/impact' });
    expect(impact.json()).toEqual({
      services: [
        { service: 'sap-erp', covered: true },
        { service: 'invoicing', covered: false },
        { service: 'order-entry', covered: false },
        { service: 'order-to-cash', covered: false },
      ],
      parties: [
        { party: 'finance', kind: 'team', relation: 'customer', services: ['invoicing'] },
        { party: 'finance', kind: 'team', relation: 'provider', services: ['invoicing'] },
        {
          party: 'retail-customers',
          kind: 'external',
          relation: 'customer',
          services: ['order-to-cash'],
        },
        { party: 'sales', kind: 'team', relation: 'customer', services: ['sap-erp'] },
        {
          party: 'sales',
          kind: 'team',
          relation: 'provider',
          services: ['order-entry', 'order-to-cash'],
        },
        { party: 'sap-team', kind: 'team', relation: 'provider', services: ['sap-erp'] },
      ],
      next: [{ start: '2026-12-05T22:00:00.000Z', end: '2026-12-06T02:00:00.000Z' }],
    });
    const count = (await store.listWindows()).length;
    const preview = await post('/api/v1/maintenance/preview', {
      title: 'Patch one database',
      services: ['db01'],
      recurrence: {
        start: '2026-12-08T22:00',
        zone: 'Europe/Berlin',
        durationMinutes: 60,
        rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=2',
      },
    });
    expect(preview.json()).toEqual({
      services: [{ service: 'db01', covered: true }],
      parties: [{ party: 'infra-team', kind: 'team', relation: 'provider', services: ['db01'] }],
      next: [
        { start: '2026-12-08T21:00:00.000Z', end: '2026-12-08T22:00:00.000Z' },
        { start: '2027-01-12T21:00:00.000Z', end: '2027-01-12T22:00:00.000Z' },
      ],
    });
    expect(await store.listWindows()).toHaveLength(count);
  });

  it('puts services in maintenance at once when a window going on is planned', async () => {
    expect(runtime.engine.status('order-to-cash').maintenance).toBe(false);
    const created = await post('/api/v1/maintenance', {
      title: 'Emergency change',
      services: ['sap-erp'],
      start: '2026-11-28T11:30:00Z',
      end: '2026-11-28T13:00:00Z',
    });
    expect(created.json().state).toBe('active');
    const status = await app.inject({
      method: 'GET',
      url: '/api/v1/services/order-to-cash/status',
    });
    expect(status.json()).toMatchObject({ level: 'operational', maintenance: true });
    await app.inject({
      method: 'POST',
      url: `/api/v1/maintenance/${created.json().id}/cancel`,
      headers: { 'if-match': created.headers.etag as string },
    });
    expect(runtime.engine.status('order-to-cash').maintenance).toBe(false);
  });

  it('lets viewers read and preview but not plan', async () => {
    principal = viewer;
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/maintenance' })).statusCode).toBe(
        200,
      );
      expect((await post('/api/v1/maintenance/preview', oneOff)).statusCode).toBe(200);
      expect((await post('/api/v1/maintenance', oneOff)).statusCode).toBe(403);
    } finally {
      principal = editor;
    }
  });
});

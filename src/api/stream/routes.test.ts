import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp, TEST_ADMIN } from '../../../test/demo-app.js';
import { ModelIndex } from '../../model/model-index.js';
import { EventLog, type LiveEventData } from '../../runtime/event-log.js';
import { buildService } from '../../store/test-model.js';
import { createApp } from '../app.js';
import { parseEventId } from './routes.js';
import { SseReader } from './sse-reader.test-helper.js';
import { servicesOfParty } from './stream-filter.js';

const STATE = { level: 'operational', maintenance: false, acknowledged: false } as const;
const DOWN = { ...STATE, level: 'major_outage' } as const;

const status = (service: string): LiveEventData => ({
  type: 'status',
  service,
  from: STATE,
  to: DOWN,
  at: '2026-11-28T12:00:00.000Z',
  cause: 'signal:test',
});

let demo: DemoApp;
let app: FastifyInstance;
let events: EventLog;
let url: string;
const readers: SseReader[] = [];

async function open(query = '', headers: Record<string, string> = {}): Promise<SseReader> {
  const reader = await SseReader.open(`${url}/api/v1/stream${query}`, headers);
  readers.push(reader);
  return reader;
}

beforeEach(async () => {
  demo = await demoApp();
  events = new EventLog({ firstId: 1, capacity: 5 });
  app = await createApp({
    store: demo.store,
    runtime: demo.runtime,
    events,
    authenticate: async () => TEST_ADMIN,
    operations: { stream: { heartbeatMs: 60_000 } },
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await app.close();
  await demo.close();
});

describe('GET /api/v1/stream', () => {
  it('starts with ready (the newest id), then sends events as they happen', async () => {
    events.append([status('a')]);
    const reader = await open();
    expect(reader.status).toBe(200);
    expect(reader.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(reader.headers['cache-control']).toBe('no-cache, no-transform');
    await reader.until((e) => e.some((m) => m.event === 'ready'));
    expect(reader.named('ready')).toEqual([{ event: 'ready', id: '1', data: { newest: 1 } }]);
    events.append([status('b'), status('c')]);
    await reader.until(() => reader.named('status').length === 2);
    expect(reader.named('status')).toEqual([
      {
        event: 'status',
        id: '2',
        data: {
          service: 'b',
          from: STATE,
          to: DOWN,
          at: '2026-11-28T12:00:00.000Z',
          cause: 'signal:test',
        },
      },
      expect.objectContaining({ event: 'status', id: '3' }),
    ]);
  });

  it('resumes after Last-Event-ID with what the client missed', async () => {
    events.append([status('a'), status('b'), status('c')]);
    const reader = await open('', { 'last-event-id': '1' });
    await reader.until(() => reader.named('status').length === 2);
    expect(reader.named().map((m) => [m.event, m.id])).toEqual([
      ['status', '2'],
      ['status', '3'],
    ]);
    const byQuery = await open('?lastEventId=2');
    await byQuery.until(() => byQuery.named('status').length === 1);
    expect(byQuery.named('status')[0]?.id).toBe('3');
  });

  it('tells a client whose id is gone or unknown to reset, with the newest id', async () => {
    events.append([1, 2, 3, 4, 5, 6, 7].map((n) => status(`s${n}`)));
    expect(events.oldestId).toBe(3);
    const gone = await open('', { 'last-event-id': '1' });
    await gone.until(() => gone.named().length > 0);
    expect(gone.named()).toEqual([
      { event: 'reset', id: '7', data: { reason: 'gone', newest: 7 } },
    ]);
    const unknown = await open('', { 'last-event-id': 'abc' });
    await unknown.until(() => unknown.named().length > 0);
    expect(unknown.named('reset')[0]?.data).toEqual({ reason: 'unknown', newest: 7 });
    events.append([status('s8')]);
    await gone.until(() => gone.named('status').length === 1);
    expect(gone.named('status')[0]?.id).toBe('8');
  });

  it('filters by service', async () => {
    const reader = await open('?service=sap-erp,order-to-cash');
    await reader.until(() => reader.named('ready').length === 1);
    events.append([status('sap-erp'), status('payroll'), status('order-to-cash')]);
    await reader.until(() => reader.named('status').length === 2);
    events.append([
      {
        type: 'model',
        at: '2026-11-28T12:00:00.000Z',
        changes: [{ audit: 9, op: 'update', kind: 'dependency', key: 'x->sap-erp' }],
        truncated: false,
      },
      {
        type: 'model',
        at: '2026-11-28T12:00:00.000Z',
        changes: [{ audit: 10, op: 'update', kind: 'service', key: 'payroll' }],
        truncated: false,
      },
    ]);
    await reader.until(() => reader.named('model').length === 1);
    expect(reader.named().map((m) => m.id)).toEqual(['0', '1', '3', '4']);
  });

  it('filters by party: what it provides, consumes, and everything those rest on', async () => {
    const index = new ModelIndex(await demo.store.loadModel());
    const followed = servicesOfParty(index, 'finance');
    const outside = [...index.services.keys()].find((id) => !followed.has(id)) as string;
    const inside = [...followed].at(-1) as string;
    expect(followed.size).toBeGreaterThan(3);
    const reader = await open('?party=finance');
    await reader.until(() => reader.named('ready').length === 1);
    events.append([status(outside), status(inside)]);
    await reader.until(() => reader.named('status').length === 1);
    expect(reader.named('status')[0]?.data).toMatchObject({ service: inside });
  });

  it('refuses unknown ids and bad filters in the error shape', async () => {
    const unknown = await open('?service=sap-erq');
    await unknown.until(() => unknown.ended, 3000).catch(() => {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({
      error: {
        code: 'not_found',
        message: "no service 'sap-erq' (did you mean 'sap-erp' or 'sap-ewm'?)",
      },
    });
    const party = await open('?party=nobody');
    await party.until(() => party.ended, 3000).catch(() => {});
    expect(party.status).toBe(404);
    const bad = await open('?service=Not%20An%20Id');
    await bad.until(() => bad.ended, 3000).catch(() => {});
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('invalid_input');
  });

  it('sends a last shutdown event and ends the stream when the app closes', async () => {
    const reader = await open();
    await reader.until(() => reader.named('ready').length === 1);
    await app.close();
    await reader.until(() => reader.ended);
    expect(reader.named().at(-1)).toEqual({ event: 'shutdown', data: { reconnect: true } });
  });

  it('is only for signed-in callers', async () => {
    const closed = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      authenticate: async () => undefined,
    });
    const response = await closed.inject({ method: 'GET', url: '/api/v1/stream' });
    expect(response.statusCode).toBe(401);
    await closed.close();
  });
});

describe('a client that stops reading', () => {
  it('is disconnected once the log drops events it was not sent, without buffering for it', async () => {
    const log = new EventLog({ firstId: 1, capacity: 20 });
    const server = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      events: log,
      authenticate: async () => TEST_ADMIN,
      operations: { metricsAccess: 'public' },
    });
    const address = new URL(await server.listen({ port: 0, host: '127.0.0.1' }));
    const socket = connect(Number(address.port), address.hostname);
    socket.write('GET /api/v1/stream HTTP/1.1\r\nhost: test\r\naccept: text/event-stream\r\n\r\n');
    socket.pause();
    const metric = async (name: string) => {
      const text = (await server.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    };
    for (let tries = 0; tries < 100 && (await metric('servicechain_stream_clients')) === 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await metric('servicechain_stream_clients')).toBe(1);
    // About 70 KB an event: the socket's buffers fill long before 60 MB have been offered.
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      audit: i,
      op: 'update' as const,
      kind: 'service' as const,
      key: `service-number-${i}`,
    }));
    const big: LiveEventData = {
      type: 'model',
      at: '2026-11-28T12:00:00.000Z',
      changes,
      truncated: false,
    };
    for (
      let round = 0;
      round < 900 && (await metric('servicechain_stream_dropped_total')) === 0;
      round++
    ) {
      log.append([big]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await metric('servicechain_stream_dropped_total')).toBe(1);
    expect(await metric('servicechain_stream_clients')).toBe(0);
    socket.destroy();
    await server.close();
  });
});

describe('heartbeats', () => {
  it('sends a comment line at the heartbeat interval', async () => {
    const quick = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      authenticate: async () => TEST_ADMIN,
      operations: { stream: { heartbeatMs: 20 } },
    });
    const address = await quick.listen({ port: 0, host: '127.0.0.1' });
    const reader = await SseReader.open(`${address}/api/v1/stream`);
    await reader.until((e) => e.filter((m) => m.comment === 'heartbeat').length >= 2);
    reader.close();
    await quick.close();
  });
});

describe('parseEventId', () => {
  it('reads plain whole numbers only', () => {
    expect(parseEventId('42')).toBe(42);
    expect(parseEventId(' 7 ')).toBe(7);
    expect(parseEventId('-1')).toBeNaN();
    expect(parseEventId('1e3')).toBeNaN();
    expect(parseEventId('12345678901234567')).toBeNaN();
  });
});

describe('servicesOfParty', () => {
  it('follows provided and consumed services down their dependencies', () => {
    const service = (id: string, provider?: string) => buildService({ id, provider });
    const index = new ModelIndex({
      parties: [],
      services: [service('a', 'p'), service('b'), service('c'), service('d'), service('e')],
      dependencies: [
        { from: 'a', to: 'b', impact: { kind: 'as-is' }, weight: 1 },
        { from: 'b', to: 'c', impact: { kind: 'as-is' }, weight: 1 },
        { from: 'e', to: 'a', impact: { kind: 'as-is' }, weight: 1 },
      ],
      subscriptions: [{ party: 'p', service: 'd' }],
    });
    expect([...servicesOfParty(index, 'p')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(servicesOfParty(index, 'q').size).toBe(0);
  });
});

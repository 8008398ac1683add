import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { buildDependency, buildService, createChanges } from '../store/test-model.js';
import { EventLog } from './event-log.js';
import { feedEventLog, modelEvent, touchedBy } from './live-feed.js';
import { StatusRuntime } from './status-runtime.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
let store: Store;

beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await store.applyChanges(
    createChanges({
      parties: [],
      services: [buildService({ id: 'a' }), buildService({ id: 'b' })],
      dependencies: [buildDependency({ from: 'a', to: 'b' })],
      subscriptions: [],
    }),
    { id: 'test' },
  );
});
afterEach(async () => {
  await store.close();
});

describe('feedEventLog', () => {
  it('logs a model change, then the transitions it caused', async () => {
    const runtime = await StatusRuntime.start(store, () => NOW);
    const log = new EventLog({ firstId: 1 });
    feedEventLog(runtime, log, () => NOW);
    runtime.engine.apply([{ type: 'signal', service: 'b', key: 'x', level: 'major_outage' }], NOW);
    await store.applyChanges(
      [
        { op: 'create', kind: 'service', key: 'c', after: buildService({ id: 'c' }) },
        {
          op: 'create',
          kind: 'dependency',
          key: 'c->b',
          after: buildDependency({ from: 'c', to: 'b' }),
        },
      ],
      { id: 'user:alice' },
    );
    await runtime.modelChanged();
    const resumed = log.since(0);
    expect(resumed.ok).toBe(true);
    if (!resumed.ok) return;
    const [model, status] = resumed.events;
    expect(model).toMatchObject({
      id: 1,
      type: 'model',
      at: '2026-11-28T12:00:00.000Z',
      truncated: false,
    });
    expect(
      model?.type === 'model' && model.changes.map((c) => `${c.op} ${c.kind} ${c.key}`),
    ).toEqual(['create service c', 'create dependency c->b']);
    expect(status).toEqual({
      id: 2,
      type: 'status',
      service: 'c',
      from: { level: 'operational', maintenance: false, acknowledged: false },
      to: { level: 'major_outage', maintenance: false, acknowledged: false },
      at: '2026-11-28T12:00:00.000Z',
      cause: 'model',
    });
    expect(resumed.events).toHaveLength(2);
  });

  it('logs nothing when a reload finds no new audit records', async () => {
    const runtime = await StatusRuntime.start(store, () => NOW);
    const log = new EventLog({ firstId: 1 });
    feedEventLog(runtime, log);
    await runtime.modelChanged();
    expect(log.size).toBe(0);
  });
});

describe('modelEvent', () => {
  const record = (id: number, kind: string) => ({
    id,
    at: '2026-11-28T12:00:00.000Z',
    actor: 'user:alice',
    op: 'create' as const,
    kind: kind as 'service',
    key: `k${id}`,
    before: null,
    after: {},
  });

  it('tells model changes only, and nothing when only accounts changed', () => {
    const notice = { after: 0, upTo: 2, truncated: false };
    expect(modelEvent({ ...notice, records: [record(1, 'user'), record(2, 'token')] }, NOW)).toBe(
      undefined,
    );
    expect(
      modelEvent({ ...notice, records: [record(1, 'user'), record(2, 'party')] }, NOW),
    ).toEqual({
      type: 'model',
      at: '2026-11-28T12:00:00.000Z',
      changes: [{ audit: 2, op: 'create', kind: 'party', key: 'k2' }],
      truncated: false,
    });
    expect(modelEvent({ ...notice, records: [], truncated: true }, NOW)).toMatchObject({
      changes: [],
      truncated: true,
    });
  });
});

describe('touchedBy', () => {
  it('reads the services and parties from the key', () => {
    const change = { audit: 1, op: 'create' } as const;
    expect(touchedBy({ ...change, kind: 'service', key: 'a' })).toEqual({
      services: ['a'],
      parties: [],
    });
    expect(touchedBy({ ...change, kind: 'party', key: 'p' })).toEqual({
      services: [],
      parties: ['p'],
    });
    expect(touchedBy({ ...change, kind: 'dependency', key: 'a->b' })).toEqual({
      services: ['a', 'b'],
      parties: [],
    });
    expect(touchedBy({ ...change, kind: 'subscription', key: 'p->a' })).toEqual({
      services: ['a'],
      parties: ['p'],
    });
  });
});

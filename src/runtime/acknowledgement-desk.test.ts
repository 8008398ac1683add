import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore } from '../../test/test-store.js';
import type { Transition } from '../engine/types.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import { ConflictError, InputError, NotFoundError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import { AcknowledgementDesk } from './acknowledgement-desk.js';
import { StatusRuntime } from './status-runtime.js';

const T = Date.parse('2026-11-28T20:00:00Z');
let now = T;
const clock = () => now;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  now = T;
});

async function chainStore(): Promise<Store> {
  const store = await openTestStore();
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
  cleanups.push(() => store.close());
  return store;
}

/** One server instance on the store: engine, pipeline and desk, with its transitions. */
async function instance(store: Store) {
  const runtime = await StatusRuntime.start(store, clock);
  const pipeline = await IngestPipeline.start(store, runtime, { clock });
  const desk = new AcknowledgementDesk({ store, runtime, inputs: pipeline, clock });
  desk.sweep();
  cleanups.push(async () => {
    desk.stop();
    pipeline.stop();
  });
  const transitions: Transition[] = [];
  runtime.onTransitions((t) => transitions.push(...t));
  const down = (service: string) =>
    pipeline.setOverride({
      service,
      level: 'major_outage',
      reason: 'down',
      expiresAt: null,
      author: 'user:amy',
    });
  /** Which services count as acknowledged, in model order. */
  const acknowledged = () =>
    [...runtime.engine.statuses()].filter((s) => s.acknowledged).map((s) => s.service);
  return { runtime, pipeline, desk, transitions, down, acknowledged };
}

const ack = { note: 'failing over', expiresAt: null, author: 'user:amy' };

describe('AcknowledgementDesk', () => {
  it('acknowledges a service and what its trouble alone takes down, with the cause acknowledge', async () => {
    const store = await chainStore();
    const { desk, down, acknowledged, transitions } = await instance(store);
    await down('sap-erp');
    transitions.length = 0;
    const record = await desk.acknowledge({ service: 'sap-erp', ...ack });
    expect(record).toStrictEqual({
      id: record.id,
      service: 'sap-erp',
      author: 'user:amy',
      note: 'failing over',
      createdAt: T,
      expiresAt: null,
      clearedAt: null,
      clearedBy: null,
    });
    expect(desk.current('sap-erp')).toStrictEqual(record);
    expect(acknowledged()).toStrictEqual(['invoicing', 'order-entry', 'order-to-cash', 'sap-erp']);
    expect(transitions.map((t) => [t.service, t.cause, t.to.acknowledged])).toStrictEqual([
      ['sap-erp', 'acknowledge', true],
      ['invoicing', 'dependency:sap-erp', true],
      ['order-entry', 'dependency:sap-erp', true],
      ['order-to-cash', 'dependency:invoicing', true],
    ]);
  });

  it('leaves a service unacknowledged once a second, unacknowledged problem reaches it', async () => {
    const store = await chainStore();
    const { desk, down, acknowledged } = await instance(store);
    await down('sap-erp');
    await desk.acknowledge({ service: 'sap-erp', ...ack });
    // analytics passes at most degraded to order-to-cash (cap), which is enough to count.
    await down('analytics');
    expect(acknowledged()).toStrictEqual(['invoicing', 'order-entry', 'sap-erp']);
    await desk.acknowledge({ service: 'analytics', ...ack });
    expect(acknowledged()).toStrictEqual([
      'analytics',
      'invoicing',
      'order-entry',
      'order-to-cash',
      'sap-erp',
    ]);
  });

  it('does not carry an acknowledgement to a service with trouble of its own', async () => {
    const store = await chainStore();
    const { desk, down, acknowledged } = await instance(store);
    await down('sap-erp');
    await down('invoicing');
    await desk.acknowledge({ service: 'sap-erp', ...ack });
    expect(acknowledged()).toStrictEqual(['order-entry', 'sap-erp']);
  });

  it('takes an acknowledgement back, and refuses to take back one not in force', async () => {
    const store = await chainStore();
    const { desk, down, acknowledged, transitions } = await instance(store);
    await down('sap-erp');
    await desk.acknowledge({ service: 'sap-erp', ...ack });
    transitions.length = 0;
    now = T + 1000;
    const cleared = await desk.unacknowledge('sap-erp', 'user:bob');
    expect([cleared.clearedAt, cleared.clearedBy]).toStrictEqual([T + 1000, 'user:bob']);
    expect(acknowledged()).toStrictEqual([]);
    expect(transitions[0]?.cause).toBe('acknowledge');
    await expect(desk.unacknowledge('sap-erp', 'user:bob')).rejects.toThrow(
      new NotFoundError("service 'sap-erp' has no acknowledgement in force"),
    );
    await expect(desk.unacknowledge('nope', 'user:bob')).rejects.toThrow(
      new NotFoundError("no service 'nope'"),
    );
  });

  it('refuses an operational service, an unknown one and an expiry not in the future', async () => {
    const store = await chainStore();
    const { desk } = await instance(store);
    await expect(desk.acknowledge({ service: 'db01', ...ack })).rejects.toThrow(
      new ConflictError("service 'db01' is operational: there is no trouble to acknowledge"),
    );
    await expect(desk.acknowledge({ service: 'nope', ...ack })).rejects.toThrow(NotFoundError);
    const error = await desk.acknowledge({ service: 'db01', ...ack, expiresAt: T }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details).toStrictEqual([
      { path: 'until', message: 'is not in the future' },
    ]);
    expect(await store.listActiveAcknowledgements(T)).toStrictEqual([]);
  });

  it('lets an acknowledgement expire', async () => {
    const store = await chainStore();
    const { desk, pipeline, down, acknowledged } = await instance(store);
    await down('sap-erp');
    await desk.acknowledge({ service: 'sap-erp', ...ack, expiresAt: T + 60_000 });
    pipeline.expire(T + 59_999);
    expect(acknowledged()).toContain('sap-erp');
    pipeline.expire(T + 60_000);
    expect(acknowledged()).toStrictEqual([]);
  });

  it('clears the acknowledgement when the service returns to operational, audited', async () => {
    const store = await chainStore();
    const { desk, pipeline, down, acknowledged } = await instance(store);
    await down('sap-erp');
    await desk.acknowledge({ service: 'sap-erp', ...ack });
    await pipeline.clearOverride('sap-erp', 'user:amy');
    await vi.waitFor(async () =>
      expect(await store.listActiveAcknowledgements(now)).toStrictEqual([]),
    );
    await vi.waitFor(() => expect(desk.current('sap-erp')).toBeUndefined());
    expect(acknowledged()).toStrictEqual([]);
    const [last] = await store.listAudit({ kind: 'acknowledgement' });
    expect([last?.op, last?.actor]).toStrictEqual(['delete', 'system:recovered']);
    // The next trouble starts unacknowledged.
    await down('sap-erp');
    expect(acknowledged()).toStrictEqual([]);
  });

  it('clears an acknowledgement whose service recovers while it is being stored', async () => {
    const store = await chainStore();
    const { desk, pipeline, down, acknowledged } = await instance(store);
    await down('sap-erp');
    // The recovery's transition arrives after the desk's level check, before the write ends.
    const write = store.setAcknowledgement.bind(store);
    vi.spyOn(store, 'setAcknowledgement').mockImplementation(async (acknowledgement) => {
      await pipeline.clearOverride('sap-erp', 'user:amy');
      return write(acknowledgement);
    });
    now = T + 1000;
    const record = await desk.acknowledge({ service: 'sap-erp', ...ack });
    expect([record.service, record.clearedAt, record.clearedBy]).toStrictEqual([
      'sap-erp',
      T + 1000,
      'system:recovered',
    ]);
    expect(await store.listActiveAcknowledgements(now)).toStrictEqual([]);
    expect(desk.current('sap-erp')).toBeUndefined();
    expect(acknowledged()).toStrictEqual([]);
    const [last] = await store.listAudit({ kind: 'acknowledgement' });
    expect([last?.op, last?.actor]).toStrictEqual(['delete', 'system:recovered']);
  });

  it('reads acknowledgements back at start and clears those of services now operational', async () => {
    const store = await chainStore();
    const first = await instance(store);
    await first.down('sap-erp');
    await first.desk.acknowledge({ service: 'sap-erp', ...ack });
    await store.setAcknowledgement({
      service: 'db02',
      author: 'user:amy',
      note: '',
      createdAt: T,
      expiresAt: null,
    });
    const second = await instance(store);
    await vi.waitFor(() =>
      expect(second.acknowledged()).toStrictEqual([
        'invoicing',
        'order-entry',
        'order-to-cash',
        'sap-erp',
      ]),
    );
    await vi.waitFor(async () =>
      expect((await store.listActiveAcknowledgements(now)).map((a) => a.service)).toStrictEqual([
        'sap-erp',
      ]),
    );
  });

  it('reaches another instance on the same store when it catches up', async () => {
    const store = await chainStore();
    const a = await instance(store);
    const b = await instance(store);
    await a.down('sap-erp');
    await b.pipeline.catchUp();
    const record = await a.desk.acknowledge({ service: 'sap-erp', ...ack });
    expect(b.acknowledged()).toStrictEqual([]);
    await b.pipeline.catchUp();
    expect(b.acknowledged()).toStrictEqual(a.acknowledged());
    expect(b.desk.current('sap-erp')).toStrictEqual(record);
    await a.desk.unacknowledge('sap-erp', 'user:amy');
    await b.pipeline.catchUp();
    expect(b.acknowledged()).toStrictEqual([]);
  });
});

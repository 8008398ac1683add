import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceState } from '../engine/types.js';
import type { HistoryStore } from '../store/history-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { buildDependency, buildService, createChanges } from '../store/test-model.js';
import { HistoryRecorder } from './history-recorder.js';
import { StatusRuntime } from './status-runtime.js';

const T = Date.parse('2026-11-28T19:00:00Z');
const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };
const DEGRADED: ServiceState = { level: 'degraded', maintenance: false, acknowledged: false };

const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

/** `app` rests on `db`; `spare` stands alone. The clock is `now.value`. */
async function setUp() {
  const store = await openSqliteStore({ file: ':memory:' });
  open.push(store);
  await store.migrate();
  await store.applyChanges(
    createChanges({
      parties: [],
      services: [
        buildService({ id: 'app' }),
        buildService({ id: 'db' }),
        buildService({ id: 'spare' }),
      ],
      dependencies: [buildDependency({ from: 'app', to: 'db' })],
      subscriptions: [],
    }),
    { id: 'test' },
  );
  const now = { value: T };
  const runtime = await StatusRuntime.start(store, () => now.value);
  return { store, runtime, now };
}

const down = (service: string) => ({
  type: 'override' as const,
  service,
  level: 'major_outage' as const,
});
const clear = (service: string) => ({ type: 'override' as const, service, level: null });

/** The store, noting the times of the snapshots written and of the thinnings asked for. */
function snapshotSpy(store: HistoryStore) {
  const snapshots: number[] = [];
  const prunedBefore: number[] = [];
  const spy: HistoryStore = {
    recordStatusChanges: (changes) => store.recordStatusChanges(changes),
    listStatusChanges: (query) => store.listStatusChanges(query),
    listStateChanges: (from, to, services) => store.listStateChanges(from, to, services),
    stateAt: (at, services) => store.stateAt(at, services),
    writeStatusSnapshot: (at) => {
      snapshots.push(at);
      return store.writeStatusSnapshot(at);
    },
    pruneStatusSnapshots: (before) => {
      prunedBefore.push(before);
      return store.pruneStatusSnapshots(before);
    },
  };
  return { spy, snapshots, prunedBefore };
}

async function allChanges(store: HistoryStore) {
  const changes = await store.listStatusChanges({ from: 0, to: T + 1e9 });
  return changes.map(({ service, at, from, to, cause }) => ({ service, at, from, to, cause }));
}

describe('HistoryRecorder', () => {
  it('writes every transition with its cause, in order, a batch at a time', async () => {
    const { store, runtime } = await setUp();
    const recorder = await HistoryRecorder.start(store, runtime, { clock: () => T });
    runtime.applyInputs([down('db')], T + 1);
    runtime.applyInputs([clear('db')], T + 2);
    expect(await allChanges(store)).toEqual([]);
    await recorder.flush();
    expect(await allChanges(store)).toStrictEqual([
      { service: 'db', at: T + 1, from: OK, to: DOWN, cause: 'override' },
      { service: 'app', at: T + 1, from: OK, to: DOWN, cause: 'dependency:db' },
      { service: 'db', at: T + 2, from: DOWN, to: OK, cause: 'override' },
      { service: 'app', at: T + 2, from: DOWN, to: OK, cause: 'dependency:db' },
    ]);
    await recorder.stop();
  });

  it('flushes on its own within the flush interval', async () => {
    const { store, runtime } = await setUp();
    const recorder = await HistoryRecorder.start(store, runtime, { flushMs: 1 });
    runtime.applyInputs([down('spare')], T + 1);
    for (let i = 0; i < 500 && (await allChanges(store)).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 2));
    expect((await allChanges(store)).map((c) => c.service)).toStrictEqual(['spare']);
    await recorder.stop();
  });

  it('records at start, as `restart`, what the engine holds and the history does not', async () => {
    const { store, runtime, now } = await setUp();
    // Written before a crash: spare went down and recovered; db went down, but its recovery
    // was committed as an input and never reached the history.
    await store.recordStatusChanges([
      { service: 'spare', at: T - 50, from: OK, to: DOWN, cause: 'override' },
      { service: 'spare', at: T - 40, from: DOWN, to: OK, cause: 'override' },
      { service: 'db', at: T - 30, from: OK, to: DOWN, cause: 'override' },
    ]);
    // The engine rebuilt from stored inputs (told without announcing): app degraded by hand.
    runtime.engine.replay([{ type: 'override', service: 'app', level: 'degraded' }], T);
    now.value = T + 100;
    const recorder = await HistoryRecorder.start(store, runtime, { clock: () => now.value });
    expect((await allChanges(store)).slice(3)).toStrictEqual([
      { service: 'app', at: T + 100, from: OK, to: DEGRADED, cause: 'restart' },
      { service: 'db', at: T + 100, from: DOWN, to: OK, cause: 'restart' },
    ]);
    expect(await store.stateAt(T + 100)).toStrictEqual([
      { service: 'app', ...DEGRADED, since: T + 100 },
    ]);
    await recorder.stop();
    // A second start finds nothing to mend.
    await (await HistoryRecorder.start(store, runtime, { clock: () => now.value })).stop();
    expect(await allChanges(store)).toHaveLength(5);
  });

  it('ends the history of a service the model no longer has at operational, cause `model`', async () => {
    const { store, runtime, now } = await setUp();
    const recorder = await HistoryRecorder.start(store, runtime, { clock: () => now.value });
    runtime.applyInputs([down('spare')], T + 1);
    now.value = T + 5;
    await store.applyChanges([{ op: 'delete', kind: 'service', key: 'spare' }], { id: 'test' });
    await runtime.modelChanged();
    await recorder.flush();
    expect(await allChanges(store)).toStrictEqual([
      { service: 'spare', at: T + 1, from: OK, to: DOWN, cause: 'override' },
      { service: 'spare', at: T + 5, from: DOWN, to: OK, cause: 'model' },
    ]);
    await recorder.stop();
  });

  it('writes a snapshot at start and after every so many changes, at the newest change, thinning out the old ones', async () => {
    const { store, runtime } = await setUp();
    const { spy, snapshots, prunedBefore } = snapshotSpy(store);
    const recorder = await HistoryRecorder.start(spy, runtime, {
      clock: () => T,
      snapshotEveryChanges: 3,
      snapshotsKeptAllMs: 1000,
    });
    expect(snapshots).toStrictEqual([T]);
    expect(prunedBefore).toStrictEqual([T - 1000]);
    runtime.applyInputs([down('db')], T + 1);
    await recorder.flush();
    expect(snapshots).toStrictEqual([T]);
    runtime.applyInputs([down('spare')], T + 2);
    await recorder.flush();
    expect(snapshots).toStrictEqual([T, T + 2]);
    // Thinned out at start only: the next time is a day later.
    expect(prunedBefore).toStrictEqual([T - 1000]);
    await recorder.stop();
  });

  it('thins out old snapshots at start, then only with the first snapshot more than a day after the last thinning', async () => {
    const { store, runtime, now } = await setUp();
    const HOUR = 3_600_000;
    const { spy, snapshots, prunedBefore } = snapshotSpy(store);
    const recorder = await HistoryRecorder.start(spy, runtime, {
      clock: () => now.value,
      snapshotsKeptAllMs: 1000,
    });
    // A change every hour for 25 hours, each written with an hourly snapshot.
    for (let h = 1; h <= 25; h++) {
      now.value = T + h * HOUR;
      runtime.applyInputs([h % 2 === 1 ? down('spare') : clear('spare')], now.value);
      await recorder.flush();
    }
    expect(snapshots).toHaveLength(26);
    expect(prunedBefore).toStrictEqual([T - 1000, T + 25 * HOUR - 1000]);
    await recorder.stop();
  });

  it('keeps a batch the store refused and writes it with the next flush', async () => {
    const { store, runtime } = await setUp();
    let refuse = true;
    const errors: unknown[] = [];
    const flaky: HistoryStore = {
      recordStatusChanges: (changes) =>
        refuse
          ? Promise.reject(new Error('database is locked'))
          : store.recordStatusChanges(changes),
      listStatusChanges: (query) => store.listStatusChanges(query),
      listStateChanges: (from, to, services) => store.listStateChanges(from, to, services),
      stateAt: (at, services) => store.stateAt(at, services),
      writeStatusSnapshot: (at) => store.writeStatusSnapshot(at),
      pruneStatusSnapshots: (before) => store.pruneStatusSnapshots(before),
    };
    const recorder = await HistoryRecorder.start(flaky, runtime, {
      clock: () => T,
      onError: (error) => errors.push(error),
    });
    runtime.applyInputs([down('spare')], T + 1);
    await recorder.flush();
    expect(errors.map((e) => (e as Error).message)).toStrictEqual(['database is locked']);
    refuse = false;
    runtime.applyInputs([clear('spare')], T + 2);
    await recorder.stop();
    expect((await allChanges(store)).map((c) => [c.service, c.to.level])).toStrictEqual([
      ['spare', 'major_outage'],
      ['spare', 'operational'],
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelWindow, planWindow } from '../maintenance/windows.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import {
  MaintenanceScheduler,
  maintenanceInputKey,
  type SchedulerTimers,
} from './maintenance-scheduler.js';
import { StatusRuntime } from './status-runtime.js';

const alice = { id: 'user:alice' };
const at = (iso: string) => Date.parse(iso);

/** Timers moved by hand: `fire` runs the one pending timer after setting the clock to its time. */
class ManualTimers implements SchedulerTimers {
  pending = new Map<number, { callback: () => void; due: number }>();
  private next = 1;
  constructor(private readonly clock: { now: number }) {}
  set(callback: () => void, delayMs: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { callback, due: this.clock.now + delayMs });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** When the only pending timer is due. */
  get due(): number | undefined {
    const [only, ...rest] = [...this.pending.values()];
    expect(rest).toEqual([]);
    return only?.due;
  }
  fire(): void {
    const [entry] = [...this.pending.entries()];
    if (!entry) throw new Error('no timer pending');
    this.pending.delete(entry[0]);
    this.clock.now = entry[1].due;
    entry[1].callback();
  }
}

let store: Store;
let runtime: StatusRuntime;
const clock = { now: at('2026-12-01T09:00:00Z') };
let timers: ManualTimers;

beforeEach(async () => {
  clock.now = at('2026-12-01T09:00:00Z');
  timers = new ManualTimers(clock);
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), alice);
  runtime = await StatusRuntime.start(store, () => clock.now);
});
afterEach(async () => {
  await store.close();
});

const start = (now = clock.now) =>
  MaintenanceScheduler.start(store, runtime, { clock: () => clock.now, timers, watchMs: 0 }).then(
    (s) => {
      expect(now).toBe(clock.now);
      return s;
    },
  );

const flags = () =>
  Object.fromEntries(
    ['sap-erp', 'order-entry', 'order-to-cash', 'db-cluster'].map((id) => [
      id,
      runtime.engine.status(id).maintenance,
    ]),
  );

describe('MaintenanceScheduler', () => {
  it('sets the flag when an occurrence starts and takes it away when it ends, by timer', async () => {
    const window = await planWindow({
      store,
      draft: {
        title: 'SAP kernel upgrade',
        services: ['sap-erp'],
        start: '2026-12-01T10:00:00Z',
        end: '2026-12-01T11:00:00Z',
      },
      actor: alice,
      now: clock.now,
    });
    const transitions: { service: string; cause: string; maintenance: boolean }[] = [];
    runtime.onTransitions((list) => {
      for (const t of list)
        transitions.push({ service: t.service, cause: t.cause, maintenance: t.to.maintenance });
    });
    const scheduler = await start();
    expect(flags()).toEqual({
      'sap-erp': false,
      'order-entry': false,
      'order-to-cash': false,
      'db-cluster': false,
    });
    expect(timers.due).toBe(at('2026-12-01T10:00:00Z'));

    timers.fire();
    await scheduler.refresh();
    expect(flags()).toEqual({
      'sap-erp': true,
      'order-entry': true,
      'order-to-cash': true,
      'db-cluster': false,
    });
    const key = maintenanceInputKey(window.id, at('2026-12-01T10:00:00Z'));
    expect(key).toBe(`${window.id}@2026-12-01T10:00:00.000Z`);
    expect(transitions[0]).toEqual({
      service: 'sap-erp',
      cause: `maintenance:${key}`,
      maintenance: true,
    });
    expect(timers.due).toBe(at('2026-12-01T11:00:00Z'));

    timers.fire();
    await scheduler.refresh();
    expect(Object.values(flags())).toEqual([false, false, false, false]);
    // Nothing more is planned: it wakes within the hour to look again, never sooner.
    expect(timers.due).toBe(at('2026-12-01T12:00:00Z'));
    scheduler.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('follows a recurring window occurrence by occurrence, and a cancel ends the one going on', async () => {
    const window = await planWindow({
      store,
      draft: {
        title: 'Nightly backup',
        services: ['db01', 'db02'],
        recurrence: {
          start: '2026-12-01T23:00',
          zone: 'Europe/Berlin',
          durationMinutes: 120,
          rrule: 'FREQ=DAILY;COUNT=3',
        },
      },
      actor: alice,
      now: clock.now,
    });
    const scheduler = await start();
    // The first start is 13 hours away: it looks again within the hour.
    expect(timers.due).toBe(at('2026-12-01T10:00:00Z'));
    clock.now = at('2026-12-01T21:30:00Z');
    await scheduler.refresh();
    expect(timers.due).toBe(at('2026-12-01T22:00:00Z'));
    timers.fire();
    await scheduler.refresh();
    expect(flags()['db-cluster']).toBe(true);
    expect([...scheduler.active.keys()]).toEqual([`${window.id}@2026-12-01T22:00:00.000Z`]);
    expect(timers.due).toBe(at('2026-12-01T23:00:00Z'));
    timers.fire();
    await scheduler.refresh();
    expect(flags()['db-cluster']).toBe(true);
    expect(timers.due).toBe(at('2026-12-02T00:00:00Z'));
    timers.fire();
    await scheduler.refresh();
    expect(flags()['db-cluster']).toBe(false);
    expect(timers.due).toBe(at('2026-12-02T01:00:00Z'));

    clock.now = at('2026-12-02T22:30:00Z');
    await scheduler.refresh();
    expect([...scheduler.active.keys()]).toEqual([`${window.id}@2026-12-02T22:00:00.000Z`]);
    await cancelWindow({ store, id: window.id, actor: alice, now: clock.now });
    await scheduler.refresh();
    expect(scheduler.active.size).toBe(0);
    expect(flags()['db-cluster']).toBe(false);
    scheduler.stop();
  });

  it('tells a restarted engine the occurrence going on at start', async () => {
    await planWindow({
      store,
      draft: {
        title: 'Network change',
        services: ['sap-erp'],
        start: '2026-12-01T08:30:00Z',
        end: '2026-12-01T09:30:00Z',
      },
      actor: alice,
      now: at('2026-12-01T08:00:00Z'),
    });
    const scheduler = await start();
    expect(flags()['order-to-cash']).toBe(true);
    expect(timers.due).toBe(at('2026-12-01T09:30:00Z'));
    scheduler.stop();
  });

  it('tells a service the model gains back the windows going on', async () => {
    await planWindow({
      store,
      draft: {
        title: 'Network change',
        services: ['db02'],
        start: '2026-12-01T08:30:00Z',
        end: '2026-12-01T09:30:00Z',
      },
      actor: alice,
      now: at('2026-12-01T08:00:00Z'),
    });
    const scheduler = await start();
    expect(runtime.engine.status('db02').maintenance).toBe(true);
    const db02 = (await store.getEntity('service', 'db02'))?.entity;
    const dependency = (await store.getEntity('dependency', 'db-cluster->db02'))?.entity;
    await store.applyChanges(
      [
        { op: 'delete', kind: 'dependency', key: 'db-cluster->db02' },
        { op: 'delete', kind: 'service', key: 'db02' },
      ],
      alice,
    );
    await runtime.modelChanged();
    await scheduler.refresh();
    expect(scheduler.active.size).toBe(0);
    await store.applyChanges(
      [
        { op: 'create', kind: 'service', key: 'db02', after: db02 as never },
        { op: 'create', kind: 'dependency', key: 'db-cluster->db02', after: dependency as never },
      ],
      alice,
    );
    await runtime.modelChanged();
    await scheduler.refresh();
    expect(runtime.engine.status('db02').maintenance).toBe(true);
    scheduler.stop();
  });
});

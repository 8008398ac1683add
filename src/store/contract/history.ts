import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../engine/types.js';
import { InputError } from '../../model/errors.js';
import type { NewStatusChange } from '../history-store.js';
import type { Store } from '../store.js';
import type { OpenStore } from './helpers.js';
import { rejectionOf } from './helpers.js';

const T = Date.parse('2026-11-28T19:00:00Z');
const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };
const DOWN_ACK: ServiceState = { ...DOWN, acknowledged: true };
const DEGRADED: ServiceState = { level: 'degraded', maintenance: false, acknowledged: false };
const IN_MAINTENANCE: ServiceState = { ...OK, maintenance: true };

function change(service: string, at: number, from: ServiceState, to: ServiceState, cause = 'x') {
  return { service, at, from, to, cause } satisfies NewStatusChange;
}

/**
 * sap goes down at T, is acknowledged at T+10, recovers at T+20; crm degrades at T+10 and
 * recovers at T+10 in the same moment (recorded later, so it ends operational); db is in
 * maintenance from T+5. Recorded in this order.
 */
const STORY: NewStatusChange[] = [
  change('sap', T, OK, DOWN, 'signal:alertmanager/a'),
  change('db', T + 5, OK, IN_MAINTENANCE, 'maintenance'),
  change('sap', T + 10, DOWN, DOWN_ACK, 'acknowledge'),
  change('crm', T + 10, OK, DEGRADED, 'dependency:sap'),
  change('crm', T + 10, DEGRADED, OK, 'dependency:sap'),
  change('sap', T + 20, DOWN_ACK, OK, 'signal:alertmanager/a'),
];

/** Status history: recording, listing in pages, the state at a moment, snapshots. */
export function historyContract(open: OpenStore): void {
  const withStore = async (test: (store: Store) => Promise<void>) => {
    const store = await open();
    try {
      await store.migrate();
      await test(store);
    } finally {
      await store.close();
    }
  };

  describe('status history', () => {
    it('lists changes by time, then in the order recorded, from inclusive to exclusive', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY.slice(3));
        await store.recordStatusChanges(STORY.slice(0, 3));
        const all = await store.listStatusChanges({ from: T, to: T + 21 });
        // The first batch got the lower ids, so crm's two changes come before sap's at T+10.
        expect(all.map((c) => [c.service, c.at, c.to.level, c.cause])).toStrictEqual([
          ['sap', T, 'major_outage', 'signal:alertmanager/a'],
          ['db', T + 5, 'operational', 'maintenance'],
          ['crm', T + 10, 'degraded', 'dependency:sap'],
          ['crm', T + 10, 'operational', 'dependency:sap'],
          ['sap', T + 10, 'major_outage', 'acknowledge'],
          ['sap', T + 20, 'operational', 'signal:alertmanager/a'],
        ]);
        expect(all[1]).toStrictEqual({ ...STORY[1], id: all[1]?.id });
        expect(all[4]).toStrictEqual({ ...STORY[2], id: all[4]?.id });
        const window = await store.listStatusChanges({ from: T + 5, to: T + 20 });
        expect(window.map((c) => c.at)).toStrictEqual([T + 5, T + 10, T + 10, T + 10]);
      }));

    it('pages forwards by id, filters by service, and takes an empty filter as nothing', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY);
        const first = await store.listStatusChanges({ from: T, to: T + 100, limit: 4 });
        expect(first.map((c) => c.service)).toStrictEqual(['sap', 'db', 'sap', 'crm']);
        const next = await store.listStatusChanges({
          from: T,
          to: T + 100,
          limit: 4,
          after: first[3]?.id,
        });
        expect(next.map((c) => [c.service, c.to.level])).toStrictEqual([
          ['crm', 'operational'],
          ['sap', 'operational'],
        ]);
        const sap = await store.listStatusChanges({ from: T, to: T + 100, services: ['sap'] });
        expect(sap.map((c) => c.at)).toStrictEqual([T, T + 10, T + 20]);
        const two = await store.listStatusChanges({
          from: T,
          to: T + 100,
          services: ['db', 'crm', 'nope'],
        });
        expect(two.map((c) => c.service)).toStrictEqual(['db', 'crm', 'crm']);
        expect(await store.listStatusChanges({ from: T, to: T + 100, services: [] })).toEqual([]);
      }));

    it('lists the lean state changes in the same order, all at once, by service when asked', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY.slice(3));
        await store.recordStatusChanges(STORY.slice(0, 3));
        expect(await store.listStateChanges(T, T + 21)).toStrictEqual([
          { service: 'sap', at: T, level: 'major_outage', maintenance: false },
          { service: 'db', at: T + 5, level: 'operational', maintenance: true },
          { service: 'crm', at: T + 10, level: 'degraded', maintenance: false },
          { service: 'crm', at: T + 10, level: 'operational', maintenance: false },
          { service: 'sap', at: T + 10, level: 'major_outage', maintenance: false },
          { service: 'sap', at: T + 20, level: 'operational', maintenance: false },
        ]);
        expect((await store.listStateChanges(T + 5, T + 20)).map((c) => c.at)).toStrictEqual([
          T + 5,
          T + 10,
          T + 10,
          T + 10,
        ]);
        expect(
          (await store.listStateChanges(T, T + 100, ['db', 'crm', 'nope'])).map((c) => c.service),
        ).toStrictEqual(['db', 'crm', 'crm']);
        expect(await store.listStateChanges(T, T + 100, [])).toStrictEqual([]);
        const error = await rejectionOf(store.listStateChanges(Number.NaN, T));
        expect(error).toBeInstanceOf(InputError);
      }));

    it('refuses a limit outside 1 to 100,000, naming it', () =>
      withStore(async (store) => {
        for (const limit of [0, 100_001, 1.5, -1, Number.NaN]) {
          const error = await rejectionOf(store.listStatusChanges({ from: T, to: T + 1, limit }));
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).details).toStrictEqual([
            {
              path: 'limit',
              message: `'${String(limit)}' is not a whole number from 1 to 100000`,
            },
          ]);
        }
        expect(await store.listStatusChanges({ from: T, to: T + 1, limit: 100_000 })).toEqual([]);
      }));

    it('refuses a batch with a bad change and stores none of it', () =>
      withStore(async (store) => {
        const bad = [
          STORY[0] as NewStatusChange,
          { ...change('crm', T + 1.5, OK, DOWN) },
          { ...change('db', T, OK, OK), to: { level: 'broken' } as unknown as ServiceState },
        ];
        const error = await rejectionOf(store.recordStatusChanges(bad));
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).details).toStrictEqual([
          { path: 'changes[1].at', message: `'${T + 1.5}' is not a time in ms` },
          { path: 'changes[2].to', message: 'is not a level with two flags' },
        ]);
        expect(await store.listStatusChanges({ from: 0, to: T + 100 })).toEqual([]);
      }));

    it('gives the non-default states at a moment, after every change at or before it', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY);
        expect(await store.stateAt(T - 1)).toEqual([]);
        expect(await store.stateAt(T)).toStrictEqual([{ service: 'sap', ...DOWN, since: T }]);
        // crm's two changes at T+10 leave it operational; sap's acknowledgement is its own since.
        expect(await store.stateAt(T + 10)).toStrictEqual([
          { service: 'db', ...IN_MAINTENANCE, since: T + 5 },
          { service: 'sap', ...DOWN_ACK, since: T + 10 },
        ]);
        expect(await store.stateAt(T + 20)).toStrictEqual([
          { service: 'db', ...IN_MAINTENANCE, since: T + 5 },
        ]);
        expect(await store.stateAt(T + 10, ['sap', 'crm', 'nope'])).toStrictEqual([
          { service: 'sap', ...DOWN_ACK, since: T + 10 },
        ]);
      }));

    it('answers the same from a snapshot, and drops a snapshot a later record contradicts', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY.slice(0, 3));
        expect(await store.writeStatusSnapshot(T + 10)).toStrictEqual({ services: 2 });
        await store.recordStatusChanges(STORY.slice(3));
        const expected = [{ service: 'db', ...IN_MAINTENANCE, since: T + 5 }];
        expect(await store.stateAt(T + 25)).toStrictEqual(expected);
        expect(await store.writeStatusSnapshot(T + 30)).toStrictEqual({ services: 1 });
        expect(await store.stateAt(T + 30)).toStrictEqual(expected);
        // Recorded late, at a moment the snapshots already cover: they no longer speak for it.
        await store.recordStatusChanges([change('crm', T + 25, OK, DOWN)]);
        expect(await store.stateAt(T + 30)).toStrictEqual([
          { service: 'crm', ...DOWN, since: T + 25 },
          ...expected,
        ]);
        expect(await store.stateAt(T + 10)).toStrictEqual([
          { service: 'db', ...IN_MAINTENANCE, since: T + 5 },
          { service: 'sap', ...DOWN_ACK, since: T + 10 },
        ]);
      }));

    it('thins out snapshots before a time to one per UTC day, and answers every moment as before', () =>
      withStore(async (store) => {
        const D0 = Date.parse('2026-11-01T00:00:00Z');
        const HOUR = 3_600_000;
        // Ten days: every 3 hours one of four services goes down or comes back.
        const changes: NewStatusChange[] = [];
        const down = new Set<string>();
        for (let h = 0; h < 240; h += 3) {
          const service = `s${(h / 3) % 4}`;
          const wasDown = down.has(service);
          if (wasDown) down.delete(service);
          else down.add(service);
          changes.push(change(service, D0 + h * HOUR, wasDown ? DOWN : OK, wasDown ? OK : DOWN));
        }
        await store.recordStatusChanges(changes);
        // Four snapshots a day (05:00, 11:00, 17:00, 23:00), the first day's last one twice.
        for (let day = 0; day < 10; day++)
          for (const hour of [5, 11, 17, 23])
            await store.writeStatusSnapshot(D0 + (day * 24 + hour) * HOUR);
        await store.writeStatusSnapshot(D0 + 23 * HOUR);
        const moments = Array.from({ length: 50 }, (_, i) => D0 - 1 + i * 5 * HOUR);
        const before = await Promise.all(moments.map((at) => store.stateAt(at)));
        // Days 0 to 7 keep their 23:00 snapshot: 3 deleted a day, 4 on the first.
        expect(await store.pruneStatusSnapshots(D0 + 8 * 24 * HOUR)).toStrictEqual({
          deleted: 25,
        });
        expect(await store.pruneStatusSnapshots(D0 + 8 * 24 * HOUR)).toStrictEqual({
          deleted: 0,
        });
        expect(await Promise.all(moments.map((at) => store.stateAt(at)))).toStrictEqual(before);
        // Halfway through day 8: its 05:00 snapshot goes, 11:00 stays (the newest before 12:00).
        expect(await store.pruneStatusSnapshots(D0 + (8 * 24 + 12) * HOUR)).toStrictEqual({
          deleted: 1,
        });
        expect(await Promise.all(moments.map((at) => store.stateAt(at)))).toStrictEqual(before);
        expect(before.some((states) => states.length > 0)).toBe(true);
      }));

    it('filters a long list of services the same way as a short one', () =>
      withStore(async (store) => {
        await store.recordStatusChanges(STORY);
        const many = [...Array.from({ length: 1500 }, (_, i) => `s${i}`), 'sap', 'db'];
        expect(await store.stateAt(T + 10, many)).toStrictEqual(
          await store.stateAt(T + 10, ['sap', 'db']),
        );
        expect((await store.stateAt(T + 10, many)).map((s) => s.service)).toStrictEqual([
          'db',
          'sap',
        ]);
      }));
  });
}

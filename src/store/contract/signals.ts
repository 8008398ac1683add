import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import type { SignalRecord } from '../signal-store.js';
import { buildService, createChanges } from '../test-model.js';
import { alice, type OpenStore, rejectionOf } from './helpers.js';

const T = Date.parse('2026-11-28T19:00:00Z');

function signal(overrides: Partial<SignalRecord> = {}): SignalRecord {
  return {
    source: 'alertmanager',
    key: 'fp1',
    state: 'firing',
    startsAt: T,
    endsAt: null,
    level: 'major_outage',
    labels: { job: 'sap', severity: 'critical' },
    summary: 'SAP down',
    url: 'http://prometheus/graph',
    services: ['sap'],
    receivedAt: T + 5,
    ...overrides,
  };
}

/** Signals and overrides: idempotent recording, heads, expiry, unmatched lists, overrides. */
export function signalContract(open: OpenStore): void {
  const opened = async () => {
    const store = await open();
    await store.migrate();
    return store;
  };

  describe('signals', () => {
    it('records a signal once: a redelivery is a duplicate, a later endsAt extends it', async () => {
      const store = await opened();
      try {
        const [first] = await store.recordSignals([signal({ endsAt: T + 1000 })]);
        expect(first).toStrictEqual({ id: first?.id, outcome: 'new', head: true });
        const again = await store.recordSignals([
          signal({ endsAt: T + 1000 }),
          signal({ endsAt: T + 9000 }),
        ]);
        expect(again).toStrictEqual([
          { id: first?.id, outcome: 'duplicate', head: true },
          {
            id: first?.id,
            outcome: 'extended',
            head: true,
            stored: { level: 'major_outage', services: ['sap'], summary: 'SAP down' },
          },
        ]);
        const active = await store.listActiveSignals(T + 5000);
        expect(active).toStrictEqual([{ ...signal({ endsAt: T + 9000 }), id: first?.id }]);
        expect(await store.listActiveSignals(T + 9000)).toStrictEqual([]);
      } finally {
        await store.close();
      }
    });

    it('lets the latest start decide a key, and resolved beat firing at the same start', async () => {
      const store = await opened();
      try {
        const recorded = await store.recordSignals([
          signal({ startsAt: T + 100 }),
          signal({ startsAt: T, state: 'resolved' }),
          signal({ startsAt: T + 100, state: 'resolved' }),
          signal({ startsAt: T + 100 }),
        ]);
        expect(recorded.map((r) => [r.outcome, r.head])).toStrictEqual([
          ['new', true],
          ['new', false],
          ['new', true],
          ['duplicate', false],
        ]);
        expect(await store.listActiveSignals(T)).toStrictEqual([]);
        const [refired] = await store.recordSignals([signal({ startsAt: T + 200, key: 'fp1' })]);
        expect(refired?.head).toBe(true);
        expect((await store.listActiveSignals(T)).map((s) => s.startsAt)).toStrictEqual([T + 200]);
      } finally {
        await store.close();
      }
    });

    it('lists unmatched signals newest first: the active ones, or all with the reason', async () => {
      const store = await opened();
      try {
        const lost = { services: [], unmatched: 'no service matches' };
        const ids = (
          await store.recordSignals([
            signal({ key: 'a', ...lost }),
            signal({ key: 'b', ...lost }),
            signal({ key: 'b', ...lost, state: 'resolved', startsAt: T + 1 }),
            signal({ key: 'c' }),
          ])
        ).map((r) => r.id);
        const active = await store.listUnmatchedSignals({ now: T });
        expect(active.map((s) => [s.key, s.unmatched])).toStrictEqual([
          ['a', 'no service matches'],
        ]);
        const all = await store.listUnmatchedSignals({ now: T, all: true });
        expect(all.map((s) => s.id)).toStrictEqual([ids[2], ids[1], ids[0]]);
        const page = await store.listUnmatchedSignals({
          now: T,
          all: true,
          before: ids[2],
          limit: 1,
        });
        expect(page.map((s) => s.id)).toStrictEqual([ids[1]]);
        expect(await rejectionOf(store.listUnmatchedSignals({ now: T, limit: 0 }))).toBeInstanceOf(
          InputError,
        );
      } finally {
        await store.close();
      }
    });

    it('records where signals belong after a model change', async () => {
      const store = await opened();
      try {
        const [lost] = await store.recordSignals([
          signal({ services: [], unmatched: 'no service matches' }),
        ]);
        await store.remapSignals([{ id: lost?.id as number, services: ['sap', 'web'] }]);
        const [active] = await store.listActiveSignals(T);
        expect([active?.services, active?.unmatched]).toStrictEqual([['sap', 'web'], undefined]);
        expect(await store.listUnmatchedSignals({ now: T })).toStrictEqual([]);
      } finally {
        await store.close();
      }
    });

    it('answers batches as recording their signals one by one would, and ends the same', async () => {
      // Few keys, starts and ends, so batches repeat identities, resend, extend and move heads.
      const arbitrarySignal = fc
        .record({
          key: fc.constantFrom('a', 'b', 'c'),
          start: fc.integer({ min: 0, max: 2 }),
          resolved: fc.boolean(),
          end: fc.constantFrom(null, 10, 20, 30),
          level: fc.constantFrom('major_outage' as const, 'degraded' as const),
          matched: fc.boolean(),
        })
        .map((a) =>
          signal({
            key: a.key,
            startsAt: T + a.start,
            state: a.resolved ? 'resolved' : 'firing',
            endsAt: a.end === null ? null : T + a.end,
            level: a.level,
            ...(a.matched ? {} : { services: [], unmatched: 'no service matches' }),
          }),
        );
      const batches = fc.array(fc.array(arbitrarySignal, { minLength: 1, maxLength: 8 }), {
        minLength: 1,
        maxLength: 3,
      });
      await fc.assert(
        fc.asyncProperty(batches, async (sequence) => {
          const batched = await opened();
          const single = await opened();
          try {
            for (const batch of sequence) {
              const expected = [];
              for (const s of batch) expected.push(...(await single.recordSignals([s])));
              expect(await batched.recordSignals(batch)).toStrictEqual(expected);
            }
            for (const now of [T, T + 15, T + 25, T + 35])
              expect(await batched.listActiveSignals(now)).toStrictEqual(
                await single.listActiveSignals(now),
              );
            const all = { now: T, all: true, limit: 1000 };
            expect(await batched.listUnmatchedSignals(all)).toStrictEqual(
              await single.listUnmatchedSignals(all),
            );
          } finally {
            await batched.close();
            await single.close();
          }
        }),
        { numRuns: 15 },
      );
    });

    it('stores nothing of a batch that fails', async () => {
      const store = await opened();
      try {
        const bad = signal({ key: 'bad', level: null as never });
        await rejectionOf(store.recordSignals([signal({ key: 'good' }), bad]));
        expect(await store.listActiveSignals(T)).toStrictEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  describe('overrides', () => {
    it('keeps one open override a service, clears it, and lets it expire', async () => {
      const store = await opened();
      try {
        const base = { service: 'sap', author: 'user:alice', reason: 'migration', createdAt: T };
        const first = await store.setOverride({ ...base, level: 'degraded', expiresAt: null });
        const second = await store.setOverride({
          ...base,
          level: 'major_outage',
          createdAt: T + 10,
          expiresAt: T + 1000,
        });
        expect(second).toStrictEqual({
          id: second.id,
          ...base,
          level: 'major_outage',
          createdAt: T + 10,
          expiresAt: T + 1000,
          clearedAt: null,
          clearedBy: null,
        });
        expect(second.id).toBeGreaterThan(first.id);
        expect(await store.listActiveOverrides(T + 20)).toStrictEqual([second]);
        expect(await store.listActiveOverrides(T + 1000)).toStrictEqual([]);
        expect(await store.clearOverride('sap', 'user:bob', T + 2000)).toBeUndefined();
        await store.setOverride({
          ...base,
          level: 'degraded',
          createdAt: T + 3000,
          expiresAt: null,
        });
        const cleared = await store.clearOverride('sap', 'user:bob', T + 4000);
        expect([cleared?.clearedAt, cleared?.clearedBy]).toStrictEqual([T + 4000, 'user:bob']);
        expect(await store.listActiveOverrides(T + 4000)).toStrictEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  it('lists the services that declare signal matchers, with them', async () => {
    const store = await opened();
    try {
      const matchers = [
        { source: 'alertmanager', match: { job: 'sap' }, matchRegex: { instance: 'sap-.*' } },
      ];
      await store.applyChanges(
        createChanges({
          parties: [],
          services: [buildService({ id: 'plain' }), buildService({ id: 'sap', signals: matchers })],
          dependencies: [],
          subscriptions: [],
        }),
        alice,
      );
      expect(await store.listSignalMatchers()).toStrictEqual([
        { service: 'sap', signals: matchers },
      ]);
    } finally {
      await store.close();
    }
  });
}

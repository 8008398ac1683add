import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.js';
import { STATUS_LEVELS } from '../model/levels.js';
import type { SignalRecord } from '../store/signal-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import { ActiveInputs } from './active-inputs.js';
import { engineWithStoredInputs } from './stored-inputs.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');
const SERVICES = ['sap-erp', 'db01', 'db02', 'invoicing'];

const record = fc.record({
  key: fc.constantFrom('a', 'b', 'c'),
  state: fc.constantFrom('firing' as const, 'resolved' as const),
  startsAt: fc.integer({ min: 0, max: 5 }).map((m) => NOW - 600_000 + m * 60_000),
  endsAt: fc.option(
    fc.integer({ min: -3, max: 3 }).map((m) => NOW + m * 60_000),
    { nil: null },
  ),
  level: fc.constantFrom(...STATUS_LEVELS),
  services: fc.subarray(SERVICES),
});

describe('stored inputs', () => {
  it('give the statuses that recording the same signals one by one gave (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 25 }), async (sent) => {
        const store = await openSqliteStore({ file: ':memory:' });
        try {
          await store.migrate();
          await store.applyChanges(createChanges(chainModel()), { id: 'test' });
          const incremental = createEngine(chainModel());
          const active = new ActiveInputs();
          for (const s of sent) {
            const signal: SignalRecord = {
              source: 'alertmanager',
              labels: {},
              receivedAt: NOW,
              ...s,
              services: [...s.services].sort(),
            };
            const [result] = await store.recordSignals([signal]);
            if (result) incremental.apply(active.recorded(signal, result, NOW), NOW);
          }
          incremental.apply(active.expire(NOW), NOW);
          const rebuilt = await engineWithStoredInputs(store, NOW);
          const levels = (engine: typeof incremental) =>
            [...engine.statuses()].map((x) => [x.service, x.level, x.own]);
          expect(levels(rebuilt)).toStrictEqual(levels(incremental));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('include open overrides and leave out expired ones', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    await store.migrate();
    await store.applyChanges(createChanges(chainModel()), { id: 'test' });
    const base = { author: 'user:a', reason: 'r', createdAt: NOW - 10 };
    await store.setOverride({ ...base, service: 'db01', level: 'major_outage', expiresAt: null });
    await store.setOverride({ ...base, service: 'db02', level: 'major_outage', expiresAt: NOW });
    const engine = await engineWithStoredInputs(store, NOW);
    expect([engine.status('db01').level, engine.status('db02').level]).toStrictEqual([
      'major_outage',
      'operational',
    ]);
    await store.close();
  });
});

describe('an engine over the stored inputs', () => {
  it('does not follow a stored acknowledgement of a service that recovered while no server ran', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      await store.migrate();
      await store.applyChanges(createChanges(chainModel()), { id: 'test' });
      const common = { author: 'user:amy', createdAt: NOW - 60_000, expiresAt: null };
      await store.setOverride({ ...common, service: 'db01', level: 'major_outage', reason: 'x' });
      await store.setAcknowledgement({ ...common, service: 'db01', note: 'on it' });
      await store.setAcknowledgement({ ...common, service: 'db02', note: 'stale' });
      const engine = await engineWithStoredInputs(store, NOW);
      expect([engine.status('db01').level, engine.status('db01').acknowledged]).toStrictEqual([
        'major_outage',
        true,
      ]);
      expect([engine.status('db02').level, engine.status('db02').acknowledged]).toStrictEqual([
        'operational',
        false,
      ]);
    } finally {
      await store.close();
    }
  });
});

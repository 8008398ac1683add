import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerAvailability } from '../../../src/availability/answer.js';
import { openMigratedStore, openRaw } from '../store/database.js';
import { createBaseline } from './baseline.js';
import { benchHistory, benchServices } from './generate.js';

const YEAR = Date.UTC(2025, 0, 1);
const SPAN = Date.UTC(2026, 0, 1) - YEAR;

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'bench-availability-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the availability bench data and baseline', () => {
  it('generates about the changes asked for, in time order, each from the state before', () => {
    const ids = benchServices(100).map((s) => s.id);
    const history = benchHistory(ids, 20_000, YEAR, SPAN, 1);
    expect(history.length).toBeGreaterThan(18_000);
    expect(history.length).toBeLessThan(22_000);
    const last = new Map<string, string>();
    for (let i = 0; i < history.length; i++) {
      const c = history[i] as (typeof history)[number];
      if (i > 0) expect(c.at).toBeGreaterThanOrEqual((history[i - 1] as typeof c).at);
      expect(c.at).toBeLessThan(YEAR + SPAN);
      const before = last.get(c.service) ?? 'operational/false';
      expect(`${c.from.level}/${c.from.maintenance}`).toBe(before);
      last.set(c.service, `${c.to.level}/${c.to.maintenance}`);
    }
    expect(benchHistory(ids, 20_000, YEAR, SPAN, 1)).toEqual(history);
  });

  it('sums the same weighted downtime as the calculator for services around the clock', async () => {
    const file = join(folder, 'history.db');
    const store = await openMigratedStore(file);
    const services = benchServices(60);
    await store.applyChanges(
      services.map((s) => ({ op: 'create', kind: 'service', key: s.id, after: s })),
      { id: 'test' },
    );
    await store.recordStatusChanges(
      benchHistory(
        services.map((s) => s.id),
        12_000,
        YEAR,
        SPAN,
        3,
      ),
    );
    const raw = openRaw(file);
    try {
      const baseline = createBaseline(raw);
      for (const month of [1, 6]) {
        const from = Date.UTC(2025, month, 1);
        const to = Date.UTC(2025, month + 1, 1);
        const down = baseline(from, to);
        const answer = await answerAvailability(
          store,
          { period: `2025-${String(month + 1).padStart(2, '0')}`, limit: 100 },
          Date.now(),
        );
        const checked = answer.services.filter(
          (s) => services.find((x) => x.id === s.service)?.hours === undefined,
        );
        expect(checked.length).toBe(42);
        for (const s of checked)
          expect(s.downtimeMinutes).toBeCloseTo((down.get(s.service) ?? 0) / 60_000, 2);
      }
    } finally {
      raw.close();
      await store.close();
    }
  });
});

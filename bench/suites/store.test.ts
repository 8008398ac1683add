import { describe, expect, it } from 'vitest';
import { createProgress } from '../lib/progress.js';
import type { LargeResult } from './store/run-large.js';
import type { SizeResult } from './store/run-size.js';
import { storeSuite } from './store.js';

describe('storeSuite', () => {
  it('runs at a tiny size, with the large load at a tiny scale, and gives sane ratios', async () => {
    const lines: string[] = [];
    const report = await storeSuite.run({
      progress: createProgress('store', (l) => lines.push(l)),
      env: {
        BENCH_STORE_SIZES: '200',
        BENCH_STORE_RUNS: '2',
        BENCH_STORE_LARGE: '1',
        BENCH_STORE_LARGE_SCALE: '0.002',
      },
    });
    const json = report.json as { sizes: SizeResult[]; large: LargeResult };
    expect(json.sizes).toHaveLength(1);
    const size = json.sizes[0] as SizeResult;
    expect(size.services).toBe(200);
    expect(size.dependencies).toBe(180 * 4);
    expect(size.mismatches).toEqual([]);
    const rows = size.services + size.dependencies + size.parties + size.subscriptions;
    for (const c of [size.create, size.loadModel, size.loadCompactModel]) expect(c.rows).toBe(rows);
    expect(size.update.rows).toBe(200);
    for (const c of [size.create, size.update, size.loadModel, size.loadCompactModel]) {
      expect(c.store.count).toBe(2);
      expect(c.raw.count).toBe(2);
      // The store does the baseline's work and more; a tiny model leaves room for noise only.
      expect(c.ratio).toBeGreaterThan(0.3);
      expect(c.ratio).toBeLessThan(500);
      expect(c.storeRowsPerSecond).toBeGreaterThan(0);
    }
    expect(json.large.services).toBe(2000);
    expect(json.large.mismatches).toEqual([]);
    expect(json.large.setupMs).toBeGreaterThan(0);
    expect(json.large.loadCompactModel.ratio).toBeGreaterThan(0.3);
    expect(report.markdown).toContain('### 200 services, 720 dependencies (median of 2)');
    expect(report.markdown).toContain('the store and the baseline wrote and read the same');
    expect(report.text).toContain('loadCompactModel');
    expect(lines.some((l) => l.startsWith('[store 200] run 2: store create'))).toBe(true);
    expect(lines.some((l) => l.startsWith('[store large] setup: '))).toBe(true);
  }, 120_000);
});

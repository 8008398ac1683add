import { describe, expect, it } from 'vitest';
import { evaluateApiTargets, impactAdded, loadTable, targetsTable } from './report.js';
import type { ApiScaleResult } from './run-scale.js';

const summary = (p50: number, p99: number) => ({
  count: 30,
  p50,
  p99,
  mean: p50,
  min: p50,
  max: p99,
});
const load = (requestsPerSecond: number, p50: number, p99: number) => ({
  requestsPerSecond,
  p50,
  p99,
  requests: requestsPerSecond * 10,
  errors: 0,
  non2xx: 0,
});

function result(overrides: Partial<ApiScaleResult> = {}): ApiScaleResult {
  return {
    scale: 1,
    services: 1_000_000,
    buildMs: 1000,
    status: load(12_000, 4, 9),
    trivial: load(30_000, 2, 4),
    impact: {
      service: 'plat-1',
      size: 10_000,
      engine: summary(2, 3),
      stringify: summary(0.4, 0.6),
      bytes: 800_000,
      http: summary(2.9, 4),
      serverMeanMs: 2.5,
    },
    notes: [],
    ...overrides,
  };
}

describe('the API targets', () => {
  it('pass at 10k requests/s, p99 under 10 ms, and 1 ms added to the impact call', () => {
    expect(impactAdded(result())).toBeCloseTo(0.9);
    expect(evaluateApiTargets(result()).map((t) => t.pass)).toEqual([true, true, true]);
  });

  it('fail just past each threshold', () => {
    const slow = result({
      status: load(9_999, 4, 10),
      impact: { ...result().impact, http: summary(3.01, 4) },
    });
    expect(evaluateApiTargets(slow).map((t) => [t.value, t.pass])).toEqual([
      ['9999/s', false],
      ['10 ms', false],
      ['1.01 ms', false],
    ]);
  });

  it('say PASS and FAIL in capitals at scale 1 only', () => {
    const targets = evaluateApiTargets(result());
    expect(targetsTable(result(), targets).rows.map((r) => r[2])).toEqual(['PASS', 'PASS', 'PASS']);
    expect(targetsTable(result({ scale: 0.1 }), targets).rows.map((r) => r[2])).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
  });
});

describe('loadTable', () => {
  it('gives the status route as a ratio of the trivial route', () => {
    expect(loadTable(result()).rows[2]).toEqual([
      'status / trivial',
      '0.400x',
      '2.00x',
      '2.25x',
      '',
      '',
    ]);
  });
});

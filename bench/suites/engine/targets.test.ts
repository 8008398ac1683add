import { describe, expect, it } from 'vitest';
import type { Summary } from '../../lib/stats.js';
import type { ScaleResult } from './run-scale.js';
import { evaluateTargets } from './targets.js';

const at = (p50: number, p99 = p50): Summary => ({
  count: 1,
  p50,
  p99,
  mean: p50,
  min: p50,
  max: p99,
});

function result(overrides: Partial<ScaleResult> = {}): ScaleResult {
  return {
    scale: 1,
    services: 100,
    edges: 400,
    generateMs: 1,
    build: { raw: 10, engine: 15 },
    memory: {
      rawTypedArrays: 100,
      held: { engine: 250 },
      rss: { engine: 400 * 1024 * 1024 },
      mainProcessRss: 0,
    },
    ops: {
      'closure <10': { raw: at(1, 2), engine: at(1.5, 3) },
      'closure 10k-100k': { raw: at(10, 20), engine: at(30, 30), engineSlow: at(30), cte: at(900) },
      'single input': { raw: at(0.002, 0.01), engine: at(0.004, 0.05) },
      'hub outage': { raw: at(50), engine: at(60) },
      'full recompute': { raw: at(30), engine: at(40) },
    },
    hub: { service: 'core-1', closure: 66, fraction: 0.66, rawChanges: 66 },
    engine: { available: false, reason: 'test' },
    notes: [],
    ...overrides,
  };
}

describe('evaluateTargets', () => {
  it('holds each measured ratio to its limit, naming the worst closure bucket', () => {
    const targets = evaluateTargets(result());
    const byName = Object.fromEntries(targets.map((t) => [t.target, t]));
    expect(byName['impact closure p50 vs raw BFS']).toMatchObject({
      value: 3,
      verdict: 'FAIL',
      detail: 'worst: closure 10k-100k',
    });
    expect(byName['impact closure p99 vs raw BFS']).toMatchObject({ value: 1.5, verdict: 'PASS' });
    expect(byName['PostgreSQL CTE vs engine, closures over 10k']).toMatchObject({
      value: 30,
      verdict: 'FAIL',
    });
    expect(byName['single input p50 vs raw']).toMatchObject({ value: 2, verdict: 'PASS' });
    expect(byName['single input p99 vs raw']).toMatchObject({ value: 5, verdict: 'FAIL' });
    expect(byName['hub outage vs raw']).toMatchObject({
      value: 1.2,
      verdict: 'PASS',
      detail: 'closure 66% of services',
    });
    expect(byName['full recompute vs raw']?.value).toBeCloseTo(4 / 3);
    expect(byName['full recompute vs raw']?.verdict).toBe('PASS');
    expect(byName['engine memory vs raw typed arrays']).toMatchObject({
      value: 2.5,
      verdict: 'FAIL',
    });
    expect(byName['process RSS with the engine']).toMatchObject({
      value: 400,
      verdict: 'PASS',
      unit: 'MB',
    });
    expect(byName['build from columns vs raw']).toMatchObject({ value: 1.5, verdict: 'PASS' });
  });

  it('says n/a where a contender was not measured', () => {
    const targets = evaluateTargets(
      result({
        ops: {},
        build: { raw: 10 },
        memory: { rawTypedArrays: 1, held: {}, rss: {}, mainProcessRss: 0 },
      }),
    );
    expect(targets.every((t) => t.verdict === 'n/a')).toBe(true);
  });
});

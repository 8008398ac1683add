import { describe, expect, it } from 'vitest';
import type { Summary } from '../../lib/stats.js';
import type { EngineChecks } from './engine-ops.js';
import { engineLines, operationsTable, summaryLines, targetsTable } from './report.js';
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

function result(scale: number, engine: ScaleResult['engine']): ScaleResult {
  return {
    scale,
    services: 1000,
    edges: 4000,
    generateMs: 5,
    build: { raw: 10, engine: 12 },
    memory: { rawTypedArrays: 100, held: { engine: 150 }, rss: {}, mainProcessRss: 0 },
    ops: {
      'closure 1k-10k': {
        size: 1234,
        raw: at(0.1, 0.2),
        engine: at(0.15, 0.3),
        engineSlow: at(0.2),
        graphology: at(2),
        cte: at(20),
      },
    },
    hub: { service: 'core-1', closure: 660, fraction: 0.66, rawChanges: 650 },
    engine,
    notes: ['PostgreSQL CTE skipped (set BENCH_DATABASE_URL)'],
  };
}

describe('engine suite report', () => {
  it('shows each contender and the ratios, graphology and CTE against the engine on their samples', () => {
    const table = operationsTable(result(1, { available: false, reason: 'x' }));
    expect(table.rows[0]).toEqual([
      'closure 1k-10k',
      '1234',
      '100 µs',
      '200 µs',
      '150 µs',
      '300 µs',
      '1.50x',
      '1.50x',
      '2.00 ms',
      '0.100x',
      '20.0 ms',
      '100x',
    ]);
  });

  it('marks targets in capitals at scale 1 and in lower case elsewhere', () => {
    const official = result(1, { available: false, reason: 'x' });
    const verdicts = (r: ScaleResult) =>
      targetsTable(r, evaluateTargets(r)).rows.map((row) => row[3]);
    expect(verdicts(official)).toContain('PASS');
    const small = result(0.1, { available: false, reason: 'x' });
    expect(verdicts(small)).toContain('pass');
    expect(verdicts(small)).not.toContain('PASS');
    expect(targetsTable(small, []).title).toBe(
      'Targets at scale 0.1 (set for scale 1: shown for orientation)',
    );
  });

  it('says when the engine is not available, and why', () => {
    const lines = summaryLines(result(1, { available: false, reason: 'no buildEngine' }));
    expect(lines).toEqual([
      'generated in 5.00 ms; hub core-1: upstream closure 660 services (66.0%), its outage changes 650 levels',
      'engine not available: no buildEngine',
      'PostgreSQL CTE skipped (set BENCH_DATABASE_URL)',
    ]);
  });

  it('says what each engine row times and how it agreed with the raw kernel', () => {
    const checks: EngineChecks = {
      closureCall: 'closureCompact',
      impactCall: 'impactCompact',
      closureMismatches: 0,
      impactMismatches: 1,
      meanImpact: 990.4,
      meanClosure: 1000,
      levelMismatches: 0,
      transitionMismatches: 2,
      hubTransitions: 650,
      hubReplayChanges: 650,
      replay: true,
      recompute: false,
      positionMismatches: undefined,
      positionTransitionMismatches: undefined,
    };
    expect(engineLines(checks)).toEqual([
      'engine checked against the raw kernel: 0 level mismatches over all services, 2 single inputs with a different number of changes',
      "closure rows time engine.closureCompact(id, 'up') (hops, no levels) against the raw BFS: 0 samples of a different size",
      "level-aware impact rows time engine.impactCompact(id, 'major_outage') against the raw cascade of the same service going major_outage (restoring it untimed): mean 990 services would change (raw BFS closure 1000), 1 samples of a different count; no target of its own",
      'hub rows: apply (builds transition objects) and replay (same propagation, count only), each against the same raw cascade; the target uses replay; apply 650 transitions, replay 650 changes',
      '"impact report" rows time engine.impact() with parties and cost; the engine has no recompute(), so no full recompute figure',
    ]);
    const fallback = engineLines({
      ...checks,
      closureCall: 'impactCompact',
      closureMismatches: undefined,
      hubReplayChanges: undefined,
      replay: false,
    });
    expect(fallback[1]).toBe(
      'closure rows time engine.impactCompact() as a FALLBACK (the engine has no closureCompact): level-aware, not like for like with the raw BFS',
    );
    expect(fallback[3]).toBe(
      'hub rows: the engine has no replay(), so only apply (which builds transition objects) is timed; the target uses apply',
    );
    const positions = engineLines({
      ...checks,
      positionMismatches: 0,
      positionTransitionMismatches: 1,
      positionDescheduled: { retimed: 4, cpuTimed: 1 },
      singleDescheduled: { retimed: 0, cpuTimed: 3 },
    });
    expect(positions.slice(2, 4)).toEqual([
      `"closure …, by position" rows time engine.closureAt(position, 'up') (the size; the members stay readable in the engine, as the raw BFS leaves them in its queue), each beside a raw BFS of its own, in turn: 0 samples of a different size; 4 timings of a pair taken again because the process was descheduled during them (involuntary context switches), 1 pairs descheduled after 3 more tries timed in CPU time (both calls); the closure targets use these rows`,
      `"single input, by position" times engine.applyAt (inputs by position, changes named on demand), each beside the raw kernel's same change, in turn; "single input" is apply by id (Transition objects): 1 inputs with a different number of changes; 3 pairs descheduled timed in CPU time (both calls); the single input targets use it`,
    ]);
  });
});

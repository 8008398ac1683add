import { describe, expect, it } from 'vitest';
import type { Summary } from '../../lib/stats.js';
import type { EngineChecks } from './engine-ops.js';
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

const checks: EngineChecks = {
  closureCall: 'closureCompact',
  impactCall: 'impactCompact',
  closureMismatches: 0,
  impactMismatches: 0,
  meanImpact: 10,
  meanClosure: 10,
  levelMismatches: 0,
  transitionMismatches: 0,
  hubTransitions: 66,
  hubReplayChanges: 66,
  replay: true,
  recompute: true,
  positionMismatches: undefined,
  positionTransitionMismatches: undefined,
};

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
      'level-aware impact 10k-100k': { raw: at(10), engine: at(100) },
      'hub outage: replay': { raw: at(50), engine: at(60) },
      'hub outage: apply': { raw: at(50), engine: at(90) },
      'full recompute': { raw: at(30), engine: at(40) },
    },
    hub: { service: 'core-1', closure: 66, fraction: 0.66, rawChanges: 66 },
    engine: { available: true, checks },
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
      detail: "engine.closureCompact(id, 'up'); worst: closure 10k-100k",
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
      detail:
        'engine.replay (count only); apply with transition objects: 1.80x; closure 66% of services',
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

  it('judges closures and single inputs by position when measured, with the calls by id beside', () => {
    const ops = {
      ...result().ops,
      'closure <10, by position': { raw: at(1, 2), engine: at(1.2, 5) },
      'closure 10k-100k, by position': { raw: at(10, 20), engine: at(13, 24) },
      'single input, by position': { raw: at(0.002, 0.01), engine: at(0.003, 0.02) },
    };
    const byName = Object.fromEntries(evaluateTargets(result({ ops })).map((t) => [t.target, t]));
    expect(byName['impact closure p50 vs raw BFS']).toMatchObject({
      value: 1.3,
      verdict: 'PASS',
      detail:
        "engine.closureAt(position, 'up'); worst: closure 10k-100k, by position; by id (engine.closureCompact(id, 'up')): 3.00x, worst: closure 10k-100k",
    });
    expect(byName['impact closure p99 vs raw BFS']).toMatchObject({ value: 2.5, verdict: 'FAIL' });
    expect(byName['single input p50 vs raw']).toMatchObject({
      value: 1.5,
      verdict: 'PASS',
      detail: 'engine.applyAt(inputs by position); apply by id with Transition objects: 2.00x',
    });
    expect(byName['single input p99 vs raw']).toMatchObject({ value: 2, verdict: 'PASS' });
  });

  it('holds the hub outage to apply, and says so, when the engine has no replay', () => {
    const ops = { ...result().ops };
    delete ops['hub outage: replay'];
    const hub = evaluateTargets(result({ ops })).find((t) => t.target === 'hub outage vs raw');
    expect(hub).toMatchObject({
      value: 1.8,
      verdict: 'PASS',
      detail: 'engine.apply (no replay); closure 66% of services',
    });
  });

  it('names a fallback closure call as not like for like', () => {
    const engine = {
      available: true as const,
      checks: { ...checks, closureCall: 'impact' as const },
    };
    const targets = evaluateTargets(result({ engine }));
    expect(targets[0]?.detail).toBe(
      'engine.impact() as a fallback (no closureCompact): level-aware, not like for like; worst: closure 10k-100k',
    );
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

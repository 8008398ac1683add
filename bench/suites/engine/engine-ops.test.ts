import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../../src/engine/index.js';
import { buildRawKernel } from '../../baselines/raw-kernel.js';
import { generateModel } from '../../generate.js';
import { createProgress } from '../../lib/progress.js';
import { readConfig } from './config.js';
import type { BenchEngine } from './engine-module.js';
import { measureEngine } from './engine-ops.js';
import { HUB_ROWS, measureRaw } from './raw-ops.js';
import { chooseSamples } from './samples.js';

describe('the engine and raw measurements on one small model', () => {
  const model = generateModel({ scale: 0.002, seed: 3 });
  const { compact } = model;
  const kernel = buildRawKernel(compact);
  const config = {
    ...readConfig({}),
    closuresPerBucket: 4,
    slowClosuresPerBucket: 2,
    singles: 20,
    hubRuns: 2,
    recomputeRuns: 2,
    downstream: 5,
  };
  const samples = chooseSamples(model, kernel, config);
  const progress = createProgress('test', () => {});
  const raw = measureRaw(kernel, samples, config, progress);
  const labels = samples.buckets.map((b) => b.label);

  it('times the raw cascade of each closure sample, counting what it changed', () => {
    const count = samples.buckets.reduce((sum, b) => sum + b.services.length, 0);
    expect(raw.impactChanges).toHaveLength(count);
    for (const label of labels)
      expect(raw.times[`level-aware impact ${label}`]?.length).toBeGreaterThan(0);
    expect(raw.times[HUB_ROWS.outage.replay]).toBe(raw.times[HUB_ROWS.outage.apply]);
    expect(raw.times[HUB_ROWS.outage.replay]).toHaveLength(2);
  });

  it('times closureCompact, impactCompact, apply and replay, agreeing with the raw kernel', () => {
    const engine = buildEngine(compact);
    const { timings, checks } = measureEngine(
      engine,
      compact,
      kernel,
      raw,
      samples,
      config,
      progress,
    );
    expect(checks).toMatchObject({
      closureCall: 'closureCompact',
      impactCall: 'impactCompact',
      closureMismatches: 0,
      impactMismatches: 0,
      levelMismatches: 0,
      transitionMismatches: 0,
      hubTransitions: raw.hubChanges,
      hubReplayChanges: raw.hubChanges,
      replay: true,
      recompute: true,
    });
    const bfs = samples.buckets.flatMap((b) => b.sizes);
    expect(checks.meanClosure).toBeCloseTo(bfs.reduce((a, b) => a + b, 0) / bfs.length);
    for (const row of Object.values(HUB_ROWS).flatMap((r) => [r.replay, r.apply]))
      expect(timings.times[row]).toHaveLength(2);
    for (const label of labels) {
      expect(timings.times[`closure ${label}`]).toHaveLength(
        raw.times[`closure ${label}`]?.length ?? -1,
      );
      expect(timings.times[`level-aware impact ${label}`]).toHaveLength(
        raw.times[`level-aware impact ${label}`]?.length ?? -1,
      );
    }
    for (let s = 0; s < compact.serviceIds.length; s += 97)
      expect(engine.status(compact.serviceIds[s] as string).level).toBe('operational');
  });

  it('falls back to the level-aware call and to apply alone when the engine lacks the others', () => {
    const full = buildEngine(compact);
    const engine: BenchEngine = {
      apply: (inputs, at) => full.apply(inputs, at),
      status: (id) => full.status(id),
      statuses: () => full.statuses(),
      explain: (id) => full.explain(id),
      impact: (id, level) => full.impact(id, level),
      impactCompact: (id, level) => full.impactCompact(id, level),
      dependencies: (id) => full.dependencies(id),
      whatIf: (inputs) => full.whatIf(inputs),
      replaceModel: (m, at) => full.replaceModel(m, at),
    };
    const { timings, checks } = measureEngine(
      engine,
      compact,
      kernel,
      raw,
      samples,
      config,
      progress,
    );
    expect(checks).toMatchObject({
      closureCall: 'impactCompact',
      closureMismatches: undefined,
      impactMismatches: 0,
      hubReplayChanges: undefined,
      replay: false,
      recompute: false,
    });
    expect(timings.times[HUB_ROWS.outage.replay]).toBeUndefined();
    expect(timings.times[HUB_ROWS.outage.apply]).toHaveLength(2);
  });
});

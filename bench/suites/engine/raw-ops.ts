import { downstreamClosure, upstreamClosure } from '../../baselines/raw-closure.js';
import type { RawKernel } from '../../baselines/raw-kernel.js';
import { recomputeAll, setOwn } from '../../baselines/raw-propagate.js';
import { collectGarbage } from '../../lib/memory.js';
import type { Progress } from '../../lib/progress.js';
import { timeOnce } from '../../lib/stats.js';
import type { EngineBenchConfig } from './config.js';
import { type Samples, timedSet, warmUpSet } from './samples.js';

/** Timings in milliseconds by operation name, and what the operations changed. */
export interface OpTimings {
  times: Record<string, number[]>;
  /** Levels changed by each single input (down, then up), in sample order. */
  singleChanges: number[];
  /** Levels changed by the hub outage. */
  hubChanges: number;
}

/** The raw kernel's timings, plus what its cascades changed for the closure samples. */
export interface RawTimings extends OpTimings {
  /** Levels changed by each closure sample going major_outage, bucket by bucket in sample order. */
  impactChanges: number[];
}

export const MAJOR_RANK = 4;

/**
 * Row names of the calls by model position (the engine's `closureAt` and `applyAt`): each has
 * its row beside the call by id, with a raw series of its own, timed call by call beside the
 * engine's (see timePaired in engine-closures.ts).
 */
export const BY_POSITION = ', by position';

/** The closure row of a bucket, by id (`closureCompact(id)`) or by position (`closureAt`). */
export function closureRow(label: string, by: 'id' | 'position'): string {
  return `closure ${label}${by === 'position' ? BY_POSITION : ''}`;
}

export const SINGLE_ROWS = { id: 'single input', position: `single input${BY_POSITION}` } as const;

/** Row names of the hub series: each engine call has its row, against the same raw series. */
export const HUB_ROWS = {
  outage: { replay: 'hub outage: replay', apply: 'hub outage: apply' },
  recovery: { replay: 'hub recovery: replay', apply: 'hub recovery: apply' },
} as const;

/** Runs every operation on the raw kernel over the samples; leaves every service operational. */
export function measureRaw(
  kernel: RawKernel,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): RawTimings {
  const times: Record<string, number[]> = {};
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) upstreamClosure(kernel, s);
    collectGarbage();
    const series = timedSet(bucket).map((s) => timeOnce(() => upstreamClosure(kernel, s)));
    times[closureRow(bucket.label, 'id')] = series;
  }
  progress.note('raw: closures done');
  const impactChanges = measureCascades(kernel, samples, times);
  progress.note('raw: level-aware impact (cascades) done');
  const singleChanges = measureSingles(kernel, samples, times);
  let hubChanges = 0;
  collectGarbage();
  const outage: number[] = [];
  const recovery: number[] = [];
  for (let run = 0; run < config.hubRuns; run++) {
    outage.push(timeOnce(() => (hubChanges = setOwn(kernel, samples.hub.service, MAJOR_RANK))));
    recovery.push(timeOnce(() => setOwn(kernel, samples.hub.service, 0)));
  }
  for (const call of ['replay', 'apply'] as const) times[HUB_ROWS.outage[call]] = outage;
  for (const call of ['replay', 'apply'] as const) times[HUB_ROWS.recovery[call]] = recovery;
  progress.note('raw: propagation done');
  collectGarbage();
  times.dependencies = samples.downstream.map((s) => timeOnce(() => downstreamClosure(kernel, s)));
  for (const s of samples.down) setOwn(kernel, s, MAJOR_RANK);
  recomputeAll(kernel);
  collectGarbage();
  times['full recompute'] = Array.from({ length: config.recomputeRuns }, () =>
    timeOnce(() => recomputeAll(kernel)),
  );
  for (const s of samples.down) setOwn(kernel, s, 0);
  return { times, singleChanges, hubChanges, impactChanges };
}

/**
 * The counterpart of the engine's level-aware impact: each closure sample goes major_outage
 * through the cascade (timed), then back to operational (not timed). Returns the levels each
 * sample's outage changed, the first time it ran.
 */
function measureCascades(
  kernel: RawKernel,
  samples: Samples,
  times: Record<string, number[]>,
): number[] {
  const changes: number[] = [];
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) {
      setOwn(kernel, s, MAJOR_RANK);
      setOwn(kernel, s, 0);
    }
    collectGarbage();
    const timed = timedSet(bucket);
    times[`level-aware impact ${bucket.label}`] = timed.map((s, i) => {
      let changed = 0;
      const ms = timeOnce(() => (changed = setOwn(kernel, s, MAJOR_RANK)));
      setOwn(kernel, s, 0);
      if (i < bucket.services.length) changes.push(changed);
      return ms;
    });
  }
  return changes;
}

/** Each single input down, then up (both timed), after a warm-up. */
function measureSingles(
  kernel: RawKernel,
  samples: Samples,
  times: Record<string, number[]>,
): number[] {
  const singleChanges: number[] = [];
  for (const s of samples.singles.slice(0, 200)) {
    setOwn(kernel, s, MAJOR_RANK);
    setOwn(kernel, s, 0);
  }
  collectGarbage();
  const series: number[] = [];
  for (const s of samples.singles) {
    let changed = 0;
    series.push(timeOnce(() => (changed = setOwn(kernel, s, MAJOR_RANK))));
    singleChanges.push(changed);
    series.push(timeOnce(() => (changed = setOwn(kernel, s, 0))));
    singleChanges.push(changed);
  }
  times[SINGLE_ROWS.id] = series;
  return singleChanges;
}

import { upstreamClosure } from '../../baselines/raw-closure.js';
import type { RawKernel } from '../../baselines/raw-kernel.js';
import { collectGarbage } from '../../lib/memory.js';
import { timeOnce } from '../../lib/stats.js';
import type { EngineBenchConfig } from './config.js';
import type { BenchEngine } from './engine-module.js';
import { type Descheduled, RETIME_TRIES, timePaired } from './paired-timing.js';
import { closureRow, type RawTimings } from './raw-ops.js';
import { type Samples, timedSet, warmUpSet } from './samples.js';

/** The engine call the closure rows time: the plain closure, or a fallback when it is missing. */
export type ClosureCall = 'closureCompact' | 'impactCompact' | 'impact';
/** The engine call the level-aware impact rows time. */
export type ImpactCall = 'impactCompact' | 'impact';

/** What the closure and impact rows timed, and how their sizes compare with the raw kernel's. */
export interface ClosureChecks {
  closureCall: ClosureCall;
  impactCall: ImpactCall;
  /**
   * Samples whose engine closure size differs from the raw BFS closure size; undefined when the
   * closure rows fall back to a level-aware call, whose size is not a closure size.
   */
  closureMismatches: number | undefined;
  /** The same for `closureAt` (by position); undefined when the engine has no closureAt. */
  positionMismatches: number | undefined;
  /** The descheduled pairs of the rows by position (see timePaired); undefined without closureAt. */
  positionDescheduled?: Descheduled;
  /** Samples whose level-aware impact size differs from the raw cascade's count of changes. */
  impactMismatches: number;
  /** Mean size over the samples: the engine's impact, and the raw BFS closure. */
  meanImpact: number;
  meanClosure: number;
}

/** The closure call and the size it returns, preferring the like-for-like `closureCompact`. */
export function closureCallOf(engine: BenchEngine): {
  name: ClosureCall;
  size: (id: string) => number;
} {
  if (engine.closureCompact) {
    const closure = engine.closureCompact.bind(engine);
    return { name: 'closureCompact', size: (id) => closure(id, 'up').services.length };
  }
  return impactCallOf(engine);
}

/** The level-aware impact call (typed arrays when offered) and the number it would change. */
export function impactCallOf(engine: BenchEngine): {
  name: ImpactCall;
  size: (id: string) => number;
} {
  if (engine.impactCompact) {
    const impact = engine.impactCompact.bind(engine);
    return { name: 'impactCompact', size: (id) => impact(id, 'major_outage').services.length };
  }
  return {
    name: 'impact',
    size: (id) => engine.impact(id, 'major_outage').services.length,
  };
}

/** Times `size` over each bucket's timed set after a warm-up; returns the sizes of the first pass. */
function timeBuckets(
  samples: Samples,
  ids: readonly string[],
  row: (label: string) => string,
  size: (id: string) => number,
  times: Record<string, number[]>,
): number[] {
  const sizes: number[] = [];
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) size(ids[s] as string);
    collectGarbage();
    times[row(bucket.label)] = timedSet(bucket).map((s, i) => {
      let count = 0;
      const ms = timeOnce(() => (count = size(ids[s] as string)));
      if (i < bucket.services.length) sizes.push(count);
      return ms;
    });
  }
  return sizes;
}

/**
 * Per bucket: the closure rows, the level-aware impact rows and the impact reports, on the raw
 * kernel's samples; sizes are checked against the raw BFS closures and cascades. The rows by
 * position time the raw BFS again beside the engine (see timePaired), into `rawTimes`.
 */
export function measureClosures(
  engine: BenchEngine,
  kernel: RawKernel,
  ids: readonly string[],
  samples: Samples,
  raw: RawTimings,
  config: EngineBenchConfig,
  rawTimes: Record<string, number[]>,
): { times: Record<string, number[]>; checks: ClosureChecks } {
  const times: Record<string, number[]> = {};
  const closure = closureCallOf(engine);
  const impact = impactCallOf(engine);
  // By position first: after the calls by id it would find the same closures' lines still cached.
  const closureAt = engine.closureAt?.bind(engine);
  let positionSizes: number[] | undefined;
  let positionDescheduled: Descheduled | undefined;
  if (closureAt) {
    positionSizes = [];
    positionDescheduled = { retimed: 0, cpuTimed: 0 };
    for (const bucket of samples.buckets) {
      const row = closureRow(bucket.label, 'position');
      const series = { engine: [] as number[], raw: [] as number[] };
      const timed = timedSet(bucket);
      const sizes = timePaired(
        timed,
        warmUpSet(bucket),
        (s) => closureAt(s, 'up'),
        (s) => upstreamClosure(kernel, s),
        series,
        { counts: positionDescheduled, retries: RETIME_TRIES },
      );
      positionSizes.push(...sizes.slice(0, bucket.services.length));
      times[row] = series.engine;
      rawTimes[row] = series.raw;
    }
  }
  const closureSizes = timeBuckets(
    samples,
    ids,
    (label) => closureRow(label, 'id'),
    closure.size,
    times,
  );
  const impactSizes = timeBuckets(
    samples,
    ids,
    (label) => `level-aware impact ${label}`,
    impact.size,
    times,
  );
  for (const bucket of samples.buckets) {
    const reports = bucket.services.slice(0, config.slowClosuresPerBucket * 2);
    times[`impact report ${bucket.label}`] = reports.map((s) =>
      timeOnce(() => engine.impact(ids[s] as string, 'major_outage')),
    );
  }
  const bfsSizes = samples.buckets.flatMap((b) => b.sizes);
  const differ = (a: number[], b: number[]) => a.filter((x, i) => x !== b[i]).length;
  return {
    times,
    checks: {
      closureCall: closure.name,
      impactCall: impact.name,
      closureMismatches:
        closure.name === 'closureCompact' ? differ(closureSizes, bfsSizes) : undefined,
      positionMismatches: positionSizes ? differ(positionSizes, bfsSizes) : undefined,
      ...(positionDescheduled && { positionDescheduled }),
      impactMismatches: differ(impactSizes, raw.impactChanges),
      meanImpact: mean(impactSizes),
      meanClosure: mean(bfsSizes),
    },
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

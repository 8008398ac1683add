import { collectGarbage } from '../../lib/memory.js';
import { timeOnce } from '../../lib/stats.js';
import type { EngineBenchConfig } from './config.js';
import type { BenchEngine } from './engine-module.js';
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

/**
 * Times `size` over each bucket's timed set after a warm-up; returns the sizes of the first pass.
 * `size` gets the service's id, or with `byPosition` its position (the id is read inside the
 * timing, as a caller holding ids would).
 */
function timeBuckets(
  samples: Samples,
  ids: readonly string[],
  row: (label: string) => string,
  size: ((id: string) => number) | { byPosition: (position: number) => number },
  times: Record<string, number[]>,
): number[] {
  const sizes: number[] = [];
  const call = typeof size === 'function' ? (s: number) => size(ids[s] as string) : size.byPosition;
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) call(s);
    collectGarbage();
    times[row(bucket.label)] = timedSet(bucket).map((s, i) => {
      let count = 0;
      const ms = timeOnce(() => (count = call(s)));
      if (i < bucket.services.length) sizes.push(count);
      return ms;
    });
  }
  return sizes;
}

/**
 * Per bucket: the closure rows, the level-aware impact rows and the impact reports, on the raw
 * kernel's samples; sizes are checked against the raw BFS closures and cascades.
 */
export function measureClosures(
  engine: BenchEngine,
  ids: readonly string[],
  samples: Samples,
  raw: RawTimings,
  config: EngineBenchConfig,
): { times: Record<string, number[]>; checks: ClosureChecks } {
  const times: Record<string, number[]> = {};
  const closure = closureCallOf(engine);
  const impact = impactCallOf(engine);
  // By position first: it then meets caches as cold as the raw BFS did, where after the calls by
  // id it would find the same closures' lines still cached.
  const closureAt = engine.closureAt?.bind(engine);
  const positionSizes = closureAt
    ? timeBuckets(
        samples,
        ids,
        (label) => closureRow(label, 'position'),
        { byPosition: (s) => closureAt(s, 'up') },
        times,
      )
    : undefined;
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
      impactMismatches: differ(impactSizes, raw.impactChanges),
      meanImpact: mean(impactSizes),
      meanClosure: mean(bfsSizes),
    },
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

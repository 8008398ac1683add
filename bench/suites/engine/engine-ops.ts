import type { CompactModel } from '../../../src/engine/compact-model.js';
import type { EngineInput } from '../../../src/engine/types.js';
import { levelAt, type StatusLevel } from '../../../src/model/levels.js';
import type { RawKernel } from '../../baselines/raw-kernel.js';
import { levelOf, setOwn } from '../../baselines/raw-propagate.js';
import { collectGarbage } from '../../lib/memory.js';
import type { Progress } from '../../lib/progress.js';
import { timeOnce } from '../../lib/stats.js';
import type { EngineBenchConfig } from './config.js';
import type { BenchEngine } from './engine-module.js';
import { MAJOR_RANK, type OpTimings } from './raw-ops.js';
import { type Samples, timedSet, warmUpSet } from './samples.js';

/** What the engine's results were checked against (the raw kernel's), and how they fared. */
export interface EngineChecks {
  /** Services whose level differs from the raw kernel's with the same services down. */
  levelMismatches: number;
  /** Single inputs whose transition count differs from the raw kernel's count of changes. */
  transitionMismatches: number;
  /** Services changed by the engine's hub outage, and by the raw kernel's. */
  hubTransitions: number;
  /** Mean size of the engine's impact and of the raw closure, over the closure samples. */
  meanImpact: number;
  meanClosure: number;
  /** Which call the closure rows time: `impactCompact` or `impact`. */
  closureCall: string;
  recompute: boolean;
}

const BENCH_KEY = 'bench';

function signal(service: string, level: StatusLevel | null): EngineInput[] {
  return [{ type: 'signal', service, key: BENCH_KEY, level }];
}

/**
 * Runs the operations of measureRaw on the engine, on the same samples, and checks its levels
 * against the raw kernel's. Leaves the engine with no inputs.
 */
export function measureEngine(
  engine: BenchEngine,
  compact: CompactModel,
  kernel: RawKernel,
  raw: OpTimings,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): { timings: OpTimings; checks: EngineChecks } {
  const ids = compact.serviceIds;
  const closures = measureClosures(engine, ids, samples, config);
  const times = closures.times;
  progress.note('engine: closures done');
  const clock = { now: 1 };
  const propagation = measurePropagation(engine, ids, samples, config, clock, times);
  const transitionMismatches = propagation.singleChanges.filter(
    (c, i) => c !== raw.singleChanges[i],
  ).length;
  progress.note('engine: propagation done');
  collectGarbage();
  times.dependencies = samples.downstream.map((s) =>
    timeOnce(() => engine.dependencies(ids[s] as string)),
  );
  const levelMismatches = compareLevels(engine, compact, kernel, samples, clock.now++);
  if (engine.recompute) {
    engine.recompute();
    collectGarbage();
    times['full recompute'] = Array.from({ length: config.recomputeRuns }, () =>
      timeOnce(() => engine.recompute?.()),
    );
  }
  engine.apply(
    samples.down.flatMap((s) => signal(ids[s] as string, null)),
    clock.now++,
  );
  return {
    timings: { times, ...propagation },
    checks: {
      levelMismatches,
      transitionMismatches,
      hubTransitions: propagation.hubChanges,
      meanImpact: closures.meanImpact,
      meanClosure: closures.meanClosure,
      closureCall: engine.impactCompact ? 'impactCompact' : 'impact',
      recompute: engine.recompute !== undefined,
    },
  };
}

/** Impact closures (typed when the engine offers it) and full impact reports, per bucket. */
function measureClosures(
  engine: BenchEngine,
  ids: readonly string[],
  samples: Samples,
  config: EngineBenchConfig,
) {
  const times: Record<string, number[]> = {};
  const closure = engine.impactCompact
    ? (id: string) => engine.impactCompact?.(id, 'major_outage').services.length ?? 0
    : (id: string) => engine.impact(id, 'major_outage').services.length;
  let impactSum = 0;
  let closureSum = 0;
  let count = 0;
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) closure(ids[s] as string);
    bucket.services.forEach((s, i) => {
      impactSum += closure(ids[s] as string);
      closureSum += bucket.sizes[i] as number;
      count++;
    });
    collectGarbage();
    times[`closure ${bucket.label}`] = timedSet(bucket).map((s) =>
      timeOnce(() => closure(ids[s] as string)),
    );
    const reports = bucket.services.slice(0, config.slowClosuresPerBucket * 2);
    times[`impact report ${bucket.label}`] = reports.map((s) =>
      timeOnce(() => engine.impact(ids[s] as string, 'major_outage')),
    );
  }
  return {
    times,
    meanImpact: impactSum / Math.max(1, count),
    meanClosure: closureSum / Math.max(1, count),
  };
}

/** Single inputs down and up, then the hub's outage and recovery, through `apply`. */
function measurePropagation(
  engine: BenchEngine,
  ids: readonly string[],
  samples: Samples,
  config: EngineBenchConfig,
  clock: { now: number },
  times: Record<string, number[]>,
) {
  for (const s of samples.singles.slice(0, 200)) {
    engine.apply(signal(ids[s] as string, 'major_outage'), clock.now++);
    engine.apply(signal(ids[s] as string, null), clock.now++);
  }
  const singleChanges: number[] = [];
  const singles: number[] = [];
  collectGarbage();
  for (const s of samples.singles) {
    for (const level of ['major_outage', null] as const) {
      let count = 0;
      const inputs = signal(ids[s] as string, level);
      const at = clock.now++;
      singles.push(timeOnce(() => (count = engine.apply(inputs, at).length)));
      singleChanges.push(count);
    }
  }
  times['single input'] = singles;
  let hubChanges = 0;
  const hubId = ids[samples.hub.service] as string;
  collectGarbage();
  times['hub outage'] = [];
  times['hub recovery'] = [];
  for (let run = 0; run < config.hubRuns; run++) {
    const down = signal(hubId, 'major_outage');
    const up = signal(hubId, null);
    const at = clock.now;
    clock.now += 2;
    times['hub outage'].push(timeOnce(() => (hubChanges = engine.apply(down, at).length)));
    times['hub recovery'].push(timeOnce(() => engine.apply(up, at + 1)));
  }
  return { singleChanges, hubChanges };
}

/**
 * Puts the same services down in the engine and the raw kernel and counts the services whose
 * levels differ. Leaves the services down in the engine (for the full recompute) but not in the
 * kernel.
 */
function compareLevels(
  engine: BenchEngine,
  compact: CompactModel,
  kernel: RawKernel,
  samples: Samples,
  at: number,
): number {
  const ids = compact.serviceIds;
  engine.apply(
    samples.down.flatMap((s) => signal(ids[s] as string, 'major_outage')),
    at,
  );
  for (const s of samples.down) setOwn(kernel, s, MAJOR_RANK);
  let mismatches = 0;
  for (let s = 0; s < ids.length; s++) {
    if (engine.status(ids[s] as string).level !== levelAt(levelOf(kernel, s))) mismatches++;
  }
  for (const s of samples.down) setOwn(kernel, s, 0);
  return mismatches;
}

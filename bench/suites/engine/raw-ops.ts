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

export const MAJOR_RANK = 4;

/** Runs every operation on the raw kernel over the samples; leaves every service operational. */
export function measureRaw(
  kernel: RawKernel,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): OpTimings {
  const times: Record<string, number[]> = {};
  for (const bucket of samples.buckets) {
    for (const s of warmUpSet(bucket)) upstreamClosure(kernel, s);
    collectGarbage();
    times[`closure ${bucket.label}`] = timedSet(bucket).map((s) =>
      timeOnce(() => upstreamClosure(kernel, s)),
    );
  }
  progress.note('raw: closures done');
  const singleChanges: number[] = [];
  for (const s of samples.singles.slice(0, 200)) {
    setOwn(kernel, s, MAJOR_RANK);
    setOwn(kernel, s, 0);
  }
  collectGarbage();
  times['single input'] = [];
  for (const s of samples.singles) {
    let changed = 0;
    times['single input'].push(timeOnce(() => (changed = setOwn(kernel, s, MAJOR_RANK))));
    singleChanges.push(changed);
    times['single input'].push(timeOnce(() => (changed = setOwn(kernel, s, 0))));
    singleChanges.push(changed);
  }
  let hubChanges = 0;
  collectGarbage();
  times['hub outage'] = [];
  times['hub recovery'] = [];
  for (let run = 0; run < config.hubRuns; run++) {
    times['hub outage'].push(
      timeOnce(() => (hubChanges = setOwn(kernel, samples.hub.service, MAJOR_RANK))),
    );
    times['hub recovery'].push(timeOnce(() => setOwn(kernel, samples.hub.service, 0)));
  }
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
  return { times, singleChanges, hubChanges };
}

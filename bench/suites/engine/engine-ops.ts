import type { CompactModel } from '../../../src/engine/compact-model.js';
import type { EngineInput, InputAt } from '../../../src/engine/types.js';
import { levelAt, type StatusLevel } from '../../../src/model/levels.js';
import type { RawKernel } from '../../baselines/raw-kernel.js';
import { levelOf, recomputeAll, setOwn } from '../../baselines/raw-propagate.js';
import { collectGarbage } from '../../lib/memory.js';
import type { Progress } from '../../lib/progress.js';
import { timeOnce } from '../../lib/stats.js';
import type { EngineBenchConfig } from './config.js';
import { type ClosureChecks, measureClosures } from './engine-closures.js';
import type { BenchEngine } from './engine-module.js';
import { type Descheduled, timePaired } from './paired-timing.js';
import { HUB_ROWS, MAJOR_RANK, type OpTimings, type RawTimings, SINGLE_ROWS } from './raw-ops.js';
import type { Samples } from './samples.js';

/** What the engine's results were checked against (the raw kernel's), and how they fared. */
export interface EngineChecks extends ClosureChecks {
  /** Services whose level differs from the raw kernel's with the same services down. */
  levelMismatches: number;
  /** Single inputs whose transition count differs from the raw kernel's count of changes. */
  transitionMismatches: number;
  /** The same for `applyAt` (by position); undefined when the engine has no applyAt. */
  positionTransitionMismatches: number | undefined;
  /** The descheduled pairs of the single input row by position (see timePaired). */
  singleDescheduled?: Descheduled;
  /** Transitions `apply` returned for the hub outage. */
  hubTransitions: number;
  /** The count `replay` returned for the hub outage; undefined when the engine has no replay. */
  hubReplayChanges: number | undefined;
  replay: boolean;
  recompute: boolean;
}

const BENCH_KEY = 'bench';

/**
 * Single inputs (down and up) of each kind made before the timed ones. With 200, `--trace-opt`
 * showed applyAt, its batch resolution and the propagation's loop (re)optimized in the middle
 * of the timed series, while the raw kernel's code had long been optimized.
 */
const SINGLE_WARM_UP_CALLS = 5000;

function signal(service: string, level: StatusLevel | null): EngineInput[] {
  return [{ type: 'signal', service, key: BENCH_KEY, level }];
}

/**
 * Runs the operations of measureRaw on the engine, on the same samples, and checks its sizes
 * and levels against the raw kernel's. Leaves the engine with no inputs.
 */
export function measureEngine(
  engine: BenchEngine,
  compact: CompactModel,
  kernel: RawKernel,
  raw: RawTimings,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): { timings: OpTimings; checks: EngineChecks; pairedRaw: Record<string, number[]> } {
  const ids = compact.serviceIds;
  const pairedRaw: Record<string, number[]> = {};
  const closures = measureClosures(engine, kernel, ids, samples, raw, config, pairedRaw);
  const times = closures.times;
  progress.note('engine: closures and level-aware impact done');
  if (closures.checks.closureCall !== 'closureCompact')
    progress.note(
      `engine has no closureCompact: closure rows fall back to ${closures.checks.closureCall}() (level-aware, not like for like)`,
    );
  const clock = { now: 1 };
  const propagation = measurePropagation(
    engine,
    kernel,
    ids,
    samples,
    config,
    clock,
    times,
    pairedRaw,
  );
  const differ = (changes: number[]) => changes.filter((c, i) => c !== raw.singleChanges[i]).length;
  const transitionMismatches = differ(propagation.singleChanges);
  const positionTransitionMismatches = propagation.positionChanges
    ? differ(propagation.positionChanges)
    : undefined;
  progress.note('engine: propagation done');
  collectGarbage();
  times.dependencies = samples.downstream.map((s) =>
    timeOnce(() => engine.dependencies(ids[s] as string)),
  );
  const levelMismatches = compareLevels(engine, compact, kernel, samples, clock.now++);
  if (engine.recompute) {
    // Each run beside one of the raw kernel's, in turn, with the same services down in both.
    const recompute = engine.recompute.bind(engine);
    engine.recompute();
    for (const s of samples.down) setOwn(kernel, s, MAJOR_RANK);
    const series = { engine: [] as number[], raw: [] as number[] };
    timePaired(
      Array.from({ length: config.recomputeRuns }, (_, run) => run),
      [0],
      () => recompute(),
      () => {
        recomputeAll(kernel);
        return 0;
      },
      series,
    );
    for (const s of samples.down) setOwn(kernel, s, 0);
    times['full recompute'] = series.engine;
    pairedRaw['full recompute'] = series.raw;
  }
  engine.apply(
    samples.down.flatMap((s) => signal(ids[s] as string, null)),
    clock.now++,
  );
  return {
    pairedRaw,
    timings: {
      times,
      singleChanges: propagation.singleChanges,
      hubChanges: propagation.hubChanges,
    },
    checks: {
      ...closures.checks,
      levelMismatches,
      transitionMismatches,
      positionTransitionMismatches,
      ...(propagation.singleDescheduled && { singleDescheduled: propagation.singleDescheduled }),
      hubTransitions: propagation.hubChanges,
      hubReplayChanges: propagation.hubReplayChanges,
      replay: engine.replay !== undefined,
      recompute: engine.recompute !== undefined,
    },
  };
}

/**
 * Single inputs down and up through `applyAt` (by position, when the engine has it, each beside
 * the raw kernel's same change, into `pairedRaw`; see timePaired) and then `apply` (by id), then
 * the hub's outage and recovery. By position goes first: the series by id then finds some of the
 * same services' lines still cached.
 */
function measurePropagation(
  engine: BenchEngine,
  kernel: RawKernel,
  ids: readonly string[],
  samples: Samples,
  config: EngineBenchConfig,
  clock: { now: number },
  times: Record<string, number[]>,
  pairedRaw: Record<string, number[]>,
) {
  const applyAt = engine.applyAt?.bind(engine);
  const at = (s: number, level: StatusLevel | null): InputAt[] => [
    { type: 'signal', service: s, key: BENCH_KEY, level },
  ];
  // The warm-up goes through services that are not timed (the full recompute's), so that the
  // JIT settles without bringing the timed services' lines into cache; the raw kernel's calls
  // too, for the same tiers on both sides.
  const warm = samples.down.length > 0 ? samples.down : samples.singles;
  for (let calls = 0; calls < SINGLE_WARM_UP_CALLS; calls += warm.length) {
    for (const s of warm) {
      engine.apply(signal(ids[s] as string, 'major_outage'), clock.now++);
      engine.apply(signal(ids[s] as string, null), clock.now++);
      engine.replay?.(signal(ids[s] as string, 'major_outage'), clock.now++);
      engine.replay?.(signal(ids[s] as string, null), clock.now++);
      applyAt?.(at(s, 'major_outage'), clock.now++);
      applyAt?.(at(s, null), clock.now++);
      setOwn(kernel, s, MAJOR_RANK);
      setOwn(kernel, s, 0);
    }
  }
  let positionChanges: number[] | undefined;
  let singleDescheduled: Descheduled | undefined;
  if (applyAt) {
    // Each single twice in a row, down then up, for the engine and for the raw kernel alike.
    const steps = samples.singles.flatMap((s) => [s, -1 - s]);
    const inputs = new Map(
      steps.map((step) => [
        step,
        at(step < 0 ? -1 - step : step, step < 0 ? null : 'major_outage'),
      ]),
    );
    const series = { engine: [] as number[], raw: [] as number[] };
    // A step changes state, so a descheduled pair is not timed again, only in CPU time.
    singleDescheduled = { retimed: 0, cpuTimed: 0 };
    positionChanges = timePaired(
      steps,
      [],
      (step) => applyAt(inputs.get(step) as InputAt[], clock.now++).count,
      (step) => (step < 0 ? setOwn(kernel, -1 - step, 0) : setOwn(kernel, step, MAJOR_RANK)),
      series,
      { counts: singleDescheduled, retries: 0 },
    );
    times[SINGLE_ROWS.position] = series.engine;
    pairedRaw[SINGLE_ROWS.position] = series.raw;
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
  times[SINGLE_ROWS.id] = singles;
  return {
    singleChanges,
    positionChanges,
    singleDescheduled,
    ...measureHub(engine, kernel, ids, samples.hub.service, config, clock, times, pairedRaw),
  };
}

/**
 * The hub goes down and back up, `hubRuns` times, through `apply` (transition objects) and,
 * when the engine has it, `replay` (the same propagation, a count only), run by run in turn so
 * that a change of load on the machine touches both; and through the raw kernel's cascade, in
 * the same runs (before the engine's on even runs, after on odd ones), into `pairedRaw`.
 */
function measureHub(
  engine: BenchEngine,
  kernel: RawKernel,
  ids: readonly string[],
  hub: number,
  config: EngineBenchConfig,
  clock: { now: number },
  times: Record<string, number[]>,
  pairedRaw: Record<string, number[]>,
) {
  const down = signal(ids[hub] as string, 'major_outage');
  const up = signal(ids[hub] as string, null);
  const rawOutage: number[] = [];
  const rawRecovery: number[] = [];
  const timeRaw = () => {
    rawOutage.push(timeOnce(() => setOwn(kernel, hub, MAJOR_RANK)));
    rawRecovery.push(timeOnce(() => setOwn(kernel, hub, 0)));
  };
  const replay = engine.replay?.bind(engine);
  let hubChanges = 0;
  let hubReplayChanges: number | undefined;
  for (const row of [HUB_ROWS.outage.apply, HUB_ROWS.recovery.apply]) times[row] = [];
  if (replay) for (const row of [HUB_ROWS.outage.replay, HUB_ROWS.recovery.replay]) times[row] = [];
  collectGarbage();
  for (let run = 0; run < config.hubRuns; run++) {
    const at = clock.now;
    clock.now += 4;
    if (run % 2 === 0) timeRaw();
    times[HUB_ROWS.outage.apply]?.push(
      timeOnce(() => (hubChanges = engine.apply(down, at).length)),
    );
    times[HUB_ROWS.recovery.apply]?.push(timeOnce(() => engine.apply(up, at + 1)));
    if (replay) {
      times[HUB_ROWS.outage.replay]?.push(
        timeOnce(() => (hubReplayChanges = replay(down, at + 2))),
      );
      times[HUB_ROWS.recovery.replay]?.push(timeOnce(() => replay(up, at + 3)));
    }
    if (run % 2 === 1) timeRaw();
  }
  for (const call of ['replay', 'apply'] as const) {
    pairedRaw[HUB_ROWS.outage[call]] = rawOutage;
    pairedRaw[HUB_ROWS.recovery[call]] = rawRecovery;
  }
  return { hubChanges, hubReplayChanges };
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

import type { CompactModel } from '../../../src/engine/compact-model.js';
import { PostgresClosure } from '../../baselines/postgres-cte.js';
import { buildRawKernel, type RawKernel, rawKernelBytes } from '../../baselines/raw-kernel.js';
import { generateModel } from '../../generate.js';
import { heldBytes, residentBytes } from '../../lib/memory.js';
import type { Progress } from '../../lib/progress.js';
import { medianOf, type Summary, summarize, timeAsync } from '../../lib/stats.js';
import type { GraphologyReply, GraphologyRequest } from '../../workers/graphology-worker.js';
import type { RssReply, RssRequest } from '../../workers/rss-worker.js';
import type { EngineBenchConfig } from './config.js';
import type { BenchEngine, LoadedEngine } from './engine-module.js';
import { type EngineChecks, measureEngine } from './engine-ops.js';
import { closureRow, measureRaw, type RawTimings } from './raw-ops.js';
import { chooseSamples, type Samples } from './samples.js';
import { runWorker } from './worker.js';

export type Contender = 'raw' | 'engine' | 'graphology' | 'cte';

/**
 * One operation's timings (milliseconds) per contender. `engineSlow` is the engine over the
 * first samples only, the ones graphology and the CTE run, so their ratios compare like with like.
 */
export type OpRow = Partial<Record<Contender, Summary>> & { size?: number; engineSlow?: Summary };

/** Everything measured at one scale. */
export interface ScaleResult {
  scale: number;
  services: number;
  edges: number;
  generateMs: number;
  /** Build times in milliseconds (CTE: loading the edges and the index). */
  build: Partial<Record<Contender, number>>;
  memory: {
    rawTypedArrays: number;
    held: Partial<Record<Contender, number>>;
    /** RSS after collection of a process holding the model only, or with the raw kernel or engine. */
    rss: Partial<Record<'model' | 'raw' | 'engine', number>>;
    mainProcessRss: number;
  };
  ops: Record<string, OpRow>;
  hub: { service: string; closure: number; fraction: number; rawChanges: number };
  engine: { available: true; checks: EngineChecks } | { available: false; reason: string };
  notes: string[];
}

/** Runs every contender at one scale, on one generated model and one set of samples. */
export async function runScale(
  scale: number,
  config: EngineBenchConfig,
  loaded: LoadedEngine,
  progress: Progress,
): Promise<ScaleResult> {
  const started = performance.now();
  const model = generateModel({ scale, seed: config.seed, onProgress: progress.track('generate') });
  const generateMs = performance.now() - started;
  const { compact } = model;
  const n = compact.serviceIds.length;
  progress.note(`${n} services, ${compact.edgeFrom.length} dependencies`);
  const { kernel, buildMs, held: rawHeld } = buildRaw(compact, config);
  const build: ScaleResult['build'] = { raw: buildMs };
  const held: ScaleResult['memory']['held'] = { raw: rawHeld };
  const samples = chooseSamples(model, kernel, config);
  progress.note(
    `samples: ${samples.buckets.map((b) => `${b.label}: ${b.services.length}`).join(', ')}`,
  );
  const raw = measureRaw(kernel, samples, config, progress);
  const times: Partial<Record<Contender, Record<string, number[]>>> = { raw: raw.times };
  const engineRun = runEngine(loaded, { compact, kernel, raw, samples, config, progress });
  const engine = engineRun.engine;
  if (engineRun.times) times.engine = engineRun.times;
  // The raw series timed beside the engine's calls by position (rows of their own).
  if (engineRun.pairedRaw) times.raw = { ...raw.times, ...engineRun.pairedRaw };
  build.engine = engineRun.buildMs;
  held.engine = engineRun.held;
  const notes: string[] = [];
  const seed = config.seed;
  if (config.graphology) {
    const reply = await graphology(scale, seed, samples, config, progress);
    build.graphology = reply.buildMs;
    held.graphology = reply.heldBytes;
    times.graphology = reply.times;
  } else notes.push('graphology skipped (BENCH_GRAPHOLOGY=0)');
  if (config.databaseUrl) {
    const cte = await postgres(config.databaseUrl, compact, samples, config, progress);
    build.cte = cte.loadMs;
    times.cte = cte.times;
  } else notes.push('PostgreSQL CTE skipped (set BENCH_DATABASE_URL)');
  const rss = await measureRss(scale, seed, engine.available, progress);
  return {
    scale,
    services: n,
    edges: compact.edgeFrom.length,
    generateMs,
    build,
    memory: { rawTypedArrays: rawKernelBytes(kernel), held, rss, mainProcessRss: residentBytes() },
    ops: collectOps(times, samples, config),
    hub: {
      service: compact.serviceIds[samples.hub.service] as string,
      closure: samples.hub.closure,
      fraction: samples.hub.closure / n,
      rawChanges: raw.hubChanges,
    },
    engine,
    notes,
  };
}

/** The raw kernel, its build time (median of a few) and the memory it holds. */
function buildRaw(compact: CompactModel, config: EngineBenchConfig) {
  const before = heldBytes();
  let kernel: RawKernel | undefined;
  const buildMs = medianOf(config.buildRuns, () => {
    kernel = undefined;
    kernel = buildRawKernel(compact);
  });
  const held = heldBytes() - before;
  if (!kernel) throw new Error('the raw kernel was not built');
  return { kernel, buildMs, held };
}

interface EngineInputs {
  compact: CompactModel;
  kernel: RawKernel;
  raw: RawTimings;
  samples: Samples;
  config: EngineBenchConfig;
  progress: Progress;
}

/** Builds and measures the engine; a failure becomes "engine not available" with its reason. */
function runEngine(loaded: LoadedEngine, input: EngineInputs) {
  const { compact, kernel, raw, samples, config, progress } = input;
  if (!loaded.ok) {
    progress.note(`engine not available: ${loaded.reason}`);
    return { engine: { available: false as const, reason: loaded.reason } };
  }
  try {
    const before = heldBytes();
    let built: BenchEngine | undefined;
    const buildMs = medianOf(config.buildRuns, () => {
      built = undefined;
      built = loaded.module.buildEngine(compact);
    });
    const held = heldBytes() - before;
    const measured = measureEngine(
      built as BenchEngine,
      compact,
      kernel,
      raw,
      samples,
      config,
      progress,
    );
    return {
      engine: { available: true as const, checks: measured.checks },
      times: measured.timings.times,
      pairedRaw: measured.pairedRaw,
      buildMs,
      held,
    };
  } catch (error) {
    const reason = `engine failed: ${describeError(error)}`;
    progress.note(`engine not available: ${reason}`);
    return { engine: { available: false as const, reason } };
  }
}

/** RSS of fresh processes holding the model alone, with the raw kernel, with the engine. */
async function measureRss(scale: number, seed: number, withEngine: boolean, progress: Progress) {
  const rss: ScaleResult['memory']['rss'] = {};
  for (const holds of ['model', 'raw', 'engine'] as const) {
    if (holds === 'engine' && !withEngine) continue;
    progress.note(`process RSS holding ${holds}`);
    const reply = await runWorker<RssRequest, RssReply>(
      new URL('../../workers/rss-worker.js', import.meta.url),
      { scale, seed, holds },
    );
    rss[holds] = reply.rss;
  }
  return rss;
}

/**
 * Summaries by operation and contender, with closure sizes and the engine's closures over the
 * slow samples; the bucket row sets come first, in BUCKET_ROW_SETS order.
 */
export function collectOps(
  times: Partial<Record<Contender, Record<string, number[]>>>,
  samples: Samples,
  config: EngineBenchConfig,
): Record<string, OpRow> {
  const ops: Record<string, OpRow> = {};
  for (const [contender, byOp] of Object.entries(times) as [
    Contender,
    Record<string, number[]>,
  ][]) {
    for (const [op, values] of Object.entries(byOp)) {
      const row = ops[op] ?? {};
      ops[op] = row;
      const summary = summarize(values);
      if (summary) row[contender] = summary;
    }
  }
  for (const bucket of samples.buckets) {
    const byPosition = closureRow(bucket.label, 'position');
    const engineTimes = times.engine?.[`closure ${bucket.label}`];
    const row = ops[`closure ${bucket.label}`];
    if (engineTimes && row)
      row.engineSlow = summarize(engineTimes.slice(0, config.slowClosuresPerBucket));
    const mean = bucket.sizes.reduce((a, b) => a + b, 0) / bucket.sizes.length;
    for (const op of [...BUCKET_ROW_SETS.map((set) => `${set} ${bucket.label}`), byPosition]) {
      const row = ops[op];
      if (row) row.size = Math.round(mean);
    }
  }
  const rank = (op: string) => {
    const set = BUCKET_ROW_SETS.findIndex((prefix) => op.startsWith(`${prefix} `));
    return set < 0 ? BUCKET_ROW_SETS.length : set;
  };
  return Object.fromEntries(Object.entries(ops).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * The row sets per closure-size bucket, in table order: plain closures, level-aware impact,
 * impact reports. The other operations follow in the order they ran.
 */
export const BUCKET_ROW_SETS = ['closure', 'level-aware impact', 'impact report'] as const;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function graphology(
  scale: number,
  seed: number,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): Promise<GraphologyReply> {
  progress.note('graphology: building in a child process');
  return runWorker<GraphologyRequest, GraphologyReply>(
    new URL('../../workers/graphology-worker.js', import.meta.url),
    {
      scale,
      seed,
      prefix: `engine ${scale}`,
      buckets: samples.buckets.map((b) => ({
        label: b.label,
        services: b.services.slice(0, config.slowClosuresPerBucket),
      })),
    },
    ['--expose-gc', '--max-old-space-size=16384'],
  );
}

async function postgres(
  url: string,
  compact: CompactModel,
  samples: Samples,
  config: EngineBenchConfig,
  progress: Progress,
): Promise<{ loadMs: number; times: Record<string, number[]> }> {
  const cte = await PostgresClosure.load(url, compact, progress.track('PostgreSQL load'));
  const times: Record<string, number[]> = {};
  try {
    for (const bucket of samples.buckets) {
      const chosen = bucket.services.slice(0, config.slowClosuresPerBucket);
      await cte.upstream(chosen[0] as number);
      const list: number[] = [];
      const report = progress.track(`PostgreSQL closures ${bucket.label}`);
      for (const s of chosen) {
        list.push(await timeAsync(() => cte.upstream(s)));
        report(list.length / chosen.length);
      }
      times[`closure ${bucket.label}`] = list;
    }
  } finally {
    await cte.close();
  }
  return { loadMs: cte.loadMs, times };
}

import { PostgresClosure } from '../../baselines/postgres-cte.js';
import { buildRawKernel, type RawKernel, rawKernelBytes } from '../../baselines/raw-kernel.js';
import { generateModel } from '../../generate.js';
import { heldBytes, residentBytes } from '../../lib/memory.js';
import type { Progress } from '../../lib/progress.js';
import { medianOf, type Summary, summarize, timeAsync, timeOnce } from '../../lib/stats.js';
import type { GraphologyReply, GraphologyRequest } from '../../workers/graphology-worker.js';
import type { RssReply, RssRequest } from '../../workers/rss-worker.js';
import type { EngineBenchConfig } from './config.js';
import type { BenchEngine, LoadedEngine } from './engine-module.js';
import { type EngineChecks, measureEngine } from './engine-ops.js';
import { measureRaw } from './raw-ops.js';
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
  let model = generateModel({ scale, seed: config.seed });
  const generateMs = timeOnce(() => {
    model = generateModel({ scale, seed: config.seed, onProgress: progress.track('generate') });
  });
  const { compact } = model;
  const n = compact.serviceIds.length;
  progress.note(`${n} services, ${compact.edgeFrom.length} dependencies`);
  const baseHeld = heldBytes();
  let kernel: RawKernel | undefined;
  const build: ScaleResult['build'] = {
    raw: medianOf(config.buildRuns, () => {
      kernel = undefined;
      kernel = buildRawKernel(compact);
    }),
  };
  const held: ScaleResult['memory']['held'] = { raw: heldBytes() - baseHeld };
  if (!kernel) throw new Error('the raw kernel was not built');
  const samples = chooseSamples(model, kernel, config);
  progress.note(
    `samples: ${samples.buckets.map((b) => `${b.label}: ${b.services.length}`).join(', ')}`,
  );
  const raw = measureRaw(kernel, samples, config, progress);
  const times: Partial<Record<Contender, Record<string, number[]>>> = { raw: raw.times };
  const notes: string[] = [];
  let engine: ScaleResult['engine'] = loaded.ok
    ? { available: false, reason: 'not run' }
    : { available: false, reason: loaded.reason };
  if (loaded.ok) {
    try {
      const beforeEngine = heldBytes();
      let built: BenchEngine | undefined;
      build.engine = medianOf(config.buildRuns, () => {
        built = undefined;
        built = loaded.module.buildEngine(compact);
      });
      held.engine = heldBytes() - beforeEngine;
      const measured = measureEngine(
        built as BenchEngine,
        compact,
        kernel,
        raw,
        samples,
        config,
        progress,
      );
      times.engine = measured.timings.times;
      engine = { available: true, checks: measured.checks };
    } catch (error) {
      engine = { available: false, reason: `engine failed: ${describeError(error)}` };
    }
  }
  if (!engine.available) progress.note(`engine not available: ${engine.reason}`);
  const seed = config.seed;
  if (config.graphology) {
    const reply = await graphology(scale, seed, samples, config, progress);
    build.graphology = reply.buildMs;
    held.graphology = reply.heldBytes;
    times.graphology = reply.times;
  } else notes.push('graphology skipped (BENCH_GRAPHOLOGY=0)');
  if (config.databaseUrl) {
    const cte = await postgres(config.databaseUrl, model.compact, samples, config, progress);
    build.cte = cte.loadMs;
    times.cte = cte.times;
  } else notes.push('PostgreSQL CTE skipped (set BENCH_DATABASE_URL)');
  const rss: ScaleResult['memory']['rss'] = {};
  for (const holds of ['model', 'raw', 'engine'] as const) {
    if (holds === 'engine' && !engine.available) continue;
    progress.note(`process RSS holding ${holds}`);
    const reply = await runWorker<RssRequest, RssReply>(
      new URL('../../workers/rss-worker.js', import.meta.url),
      { scale, seed, holds },
    );
    rss[holds] = reply.rss;
  }
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
    const engineTimes = times.engine?.[`closure ${bucket.label}`];
    const row = ops[`closure ${bucket.label}`];
    if (engineTimes && row)
      row.engineSlow = summarize(engineTimes.slice(0, config.slowClosuresPerBucket));
    const sizes = bucket.sizes;
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    for (const op of [`closure ${bucket.label}`, `impact report ${bucket.label}`])
      if (ops[op]) (ops[op] as OpRow).size = Math.round(mean);
  }
  return {
    scale,
    services: n,
    edges: compact.edgeFrom.length,
    generateMs,
    build,
    memory: { rawTypedArrays: rawKernelBytes(kernel), held, rss, mainProcessRss: residentBytes() },
    ops,
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
  compact: Parameters<typeof PostgresClosure.load>[1],
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

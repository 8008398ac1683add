/** What the engine suite measures and how much, read from the environment. */
export interface EngineBenchConfig {
  scales: number[];
  seed: number;
  /** Services sampled per closure-size bucket, for the raw kernel and the engine. */
  closuresPerBucket: number;
  /** Per bucket for the slower baselines (graphology, PostgreSQL). */
  slowClosuresPerBucket: number;
  /** Single inputs (a service going down, then back up). */
  singles: number;
  /** Repetitions of the hub outage, and of the full recompute. */
  hubRuns: number;
  recomputeRuns: number;
  buildRuns: number;
  /** Downstream (dependencies) closures sampled. */
  downstream: number;
  databaseUrl: string | undefined;
  graphology: boolean;
}

function numberList(text: string, name: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !(v > 0 && v <= 10)))
    throw new Error(`${name}: '${text}' is not a list of scales such as 0.01,0.1,1`);
  return values;
}

function count(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: '${text}' is not a whole number of 1 or more`);
  return value;
}

/**
 * BENCH_SCALES (default 0.01,0.1,1), BENCH_SEED (1), BENCH_DATABASE_URL (the PostgreSQL baseline
 * runs only when set), BENCH_GRAPHOLOGY=0 to skip graphology, and sample counts
 * BENCH_CLOSURES (per bucket, 30), BENCH_SLOW_CLOSURES (5), BENCH_SINGLES (2000).
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): EngineBenchConfig {
  return {
    scales: numberList(env.BENCH_SCALES ?? '0.01,0.1,1', 'BENCH_SCALES'),
    seed: count(env, 'BENCH_SEED', 1),
    closuresPerBucket: count(env, 'BENCH_CLOSURES', 30),
    slowClosuresPerBucket: count(env, 'BENCH_SLOW_CLOSURES', 5),
    singles: count(env, 'BENCH_SINGLES', 2000),
    hubRuns: 5,
    recomputeRuns: 20,
    buildRuns: 3,
    downstream: 50,
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    graphology: env.BENCH_GRAPHOLOGY !== '0',
  };
}

/** What the history suite measures, read from the environment. */
export interface HistoryBenchConfig {
  /** Model scale: 1 is a million services. */
  scale: number;
  /** Status changes in the synthetic year (default three million times the scale). */
  changes: number;
  /** Moments asked about, spread over the year. */
  moments: number;
  /** Timed runs of stateAt per moment (the baseline runs once per moment: it is slow). */
  runs: number;
  /** A snapshot after this many changes, as the server's recorder writes them. */
  snapshotEvery: number;
  seed: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function whole(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: '${text}' is not a whole number of 1 or more`);
  return value;
}

/**
 * BENCH_HISTORY_SCALE (1: a million services; 0.01 for a quick run), BENCH_HISTORY_CHANGES
 * (3,000,000 x scale), BENCH_HISTORY_MOMENTS (7), BENCH_HISTORY_RUNS (3),
 * BENCH_HISTORY_SNAPSHOT_EVERY (50,000, the recorder's default), BENCH_SEED (1).
 */
export function readHistoryConfig(env: Env): HistoryBenchConfig {
  const text = env.BENCH_HISTORY_SCALE;
  const scale = text === undefined || text === '' ? 1 : Number(text);
  if (!(scale > 0 && scale <= 4))
    throw new Error(`BENCH_HISTORY_SCALE: '${text}' is not a scale above 0 and up to 4`);
  return {
    scale,
    changes: whole(env, 'BENCH_HISTORY_CHANGES', Math.max(1000, Math.round(3_000_000 * scale))),
    moments: whole(env, 'BENCH_HISTORY_MOMENTS', 7),
    runs: whole(env, 'BENCH_HISTORY_RUNS', 3),
    snapshotEvery: whole(env, 'BENCH_HISTORY_SNAPSHOT_EVERY', 50_000),
    seed: whole(env, 'BENCH_SEED', 1),
  };
}

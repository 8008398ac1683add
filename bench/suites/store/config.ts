/** What the store suite measures, read from the environment. */
export interface StoreBenchConfig {
  /** Services in each model of the store/raw comparisons (`largeModel`, in ten layers). */
  sizes: number[];
  /** Dependencies of each service on the layer below (the last layer has none). */
  fanOut: number;
  /** Timed runs of each operation; the median is reported. */
  runs: number;
  /** The generated model at `largeScale` (1: a million services), loaded only. */
  large: boolean;
  largeScale: number;
  seed: number;
  /** Which parts run: the model comparisons, the signal batches, or both. */
  parts: { model: boolean; signals: boolean };
  /** Batch sizes of the recordSignals runs. */
  signalBatchSizes: number[];
  /** Signals recorded at each batch size, by each contender. */
  signals: number;
  /** PostgreSQL for the store and its plain-INSERT baseline; skipped when unset. */
  databaseUrl: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function count(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: '${text}' is not a whole number of 1 or more`);
  return value;
}

function sizeList(env: Env): number[] {
  const text = env.BENCH_STORE_SIZES;
  if (text === undefined || text === '') return [10_000, 50_000];
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 20))
    throw new Error(
      `BENCH_STORE_SIZES: '${text}' is not a list of service counts such as 10000,50000`,
    );
  return values;
}

function list(env: Env, name: string, fallback: number[]): number[] {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`${name}: '${text}' is not a list of whole numbers such as 100,1000`);
  return values;
}

function parts(env: Env): { model: boolean; signals: boolean } {
  const text = env.BENCH_STORE_PARTS;
  if (text === undefined || text === '') return { model: true, signals: true };
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => n !== 'model' && n !== 'signals');
  if (unknown.length > 0)
    throw new Error(`BENCH_STORE_PARTS: '${unknown.join(',')}' is not model or signals`);
  return { model: names.includes('model'), signals: names.includes('signals') };
}

function scale(env: Env): number {
  const text = env.BENCH_STORE_LARGE_SCALE;
  if (text === undefined || text === '') return 1;
  const value = Number(text);
  if (!(value > 0 && value <= 4))
    throw new Error(`BENCH_STORE_LARGE_SCALE: '${text}' is not a scale above 0 and up to 4`);
  return value;
}

/**
 * BENCH_STORE_SIZES (services, default 10000,50000), BENCH_STORE_FANOUT (4: about four
 * dependencies a service), BENCH_STORE_RUNS (3), BENCH_STORE_LARGE=1 to add the generated model
 * at BENCH_STORE_LARGE_SCALE (1), BENCH_SEED (1); BENCH_STORE_PARTS (model,signals),
 * BENCH_STORE_SIGNAL_BATCHES (100,1000), BENCH_STORE_SIGNALS (30000 a batch size),
 * BENCH_DATABASE_URL (PostgreSQL; unset skips it).
 */
export function readStoreConfig(env: Env): StoreBenchConfig {
  return {
    sizes: sizeList(env),
    fanOut: count(env, 'BENCH_STORE_FANOUT', 4),
    runs: count(env, 'BENCH_STORE_RUNS', 3),
    large: env.BENCH_STORE_LARGE === '1',
    largeScale: scale(env),
    seed: count(env, 'BENCH_SEED', 1),
    parts: parts(env),
    signalBatchSizes: list(env, 'BENCH_STORE_SIGNAL_BATCHES', [100, 1000]),
    signals: count(env, 'BENCH_STORE_SIGNALS', 30_000),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
  };
}

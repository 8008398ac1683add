/** What the availability suite measures, read from the environment. */
export interface AvailabilityBenchConfig {
  services: number;
  /** Status changes over the year, about. */
  changes: number;
  /** Timed runs per month of each contender; the median is reported. */
  runs: number;
  seed: number;
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

/**
 * BENCH_AVAILABILITY_SERVICES (10000), BENCH_AVAILABILITY_CHANGES (1000000),
 * BENCH_AVAILABILITY_RUNS (3), BENCH_SEED (1).
 */
export function readAvailabilityConfig(env: Env): AvailabilityBenchConfig {
  return {
    services: count(env, 'BENCH_AVAILABILITY_SERVICES', 10_000),
    changes: count(env, 'BENCH_AVAILABILITY_CHANGES', 1_000_000),
    runs: count(env, 'BENCH_AVAILABILITY_RUNS', 3),
    seed: count(env, 'BENCH_SEED', 1),
  };
}

/** What the ingest suite measures, read from the environment. */
export interface IngestBenchConfig {
  /** Requests a second in the sustained run (each carries `alertsPerRequest` alerts). */
  rate: number;
  alertsPerRequest: number;
  connections: number;
  durationSeconds: number;
  /** Services that alerts map to (each declares a matcher); the model has about 1.2 times more. */
  services: number;
  /** PostgreSQL for a second server, side by side with SQLite; skipped when unset. */
  databaseUrl: string | undefined;
  /** Requests a second of the side-by-side runs (600 at 50 alerts: the 30k/s target). */
  postgresRate: number;
}

/** The variable `name` as a whole number of 1 or more, `fallback` when unset; throws otherwise. */
export function wholeNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: '${text}' is not a whole number of 1 or more`);
  return value;
}

/**
 * BENCH_INGEST_RATE (requests a second, 2000: 100k signals a second at 50 a request),
 * BENCH_INGEST_ALERTS (50), BENCH_INGEST_CONNECTIONS (64), BENCH_INGEST_DURATION (seconds a
 * run, 15), BENCH_INGEST_SERVICES (1000), BENCH_DATABASE_URL (a PostgreSQL server to run the
 * receiver on too; unset skips it), BENCH_INGEST_POSTGRES_RATE (requests a second of the side
 * by side runs, 600: 30k signals a second at 50 a request).
 */
export function readIngestConfig(
  env: Readonly<Record<string, string | undefined>>,
): IngestBenchConfig {
  return {
    rate: wholeNumber(env, 'BENCH_INGEST_RATE', 2000),
    alertsPerRequest: wholeNumber(env, 'BENCH_INGEST_ALERTS', 50),
    connections: wholeNumber(env, 'BENCH_INGEST_CONNECTIONS', 64),
    durationSeconds: wholeNumber(env, 'BENCH_INGEST_DURATION', 15),
    services: wholeNumber(env, 'BENCH_INGEST_SERVICES', 1000),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    postgresRate: wholeNumber(env, 'BENCH_INGEST_POSTGRES_RATE', 600),
  };
}

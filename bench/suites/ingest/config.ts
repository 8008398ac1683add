/** What the ingest suite measures, read from the environment. */
export interface IngestBenchConfig {
  /** Requests a second in the sustained run (each carries `alertsPerRequest` alerts). */
  rate: number;
  alertsPerRequest: number;
  connections: number;
  durationSeconds: number;
  /** Services that alerts map to (each declares a matcher); the model has about 1.2 times more. */
  services: number;
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
 * BENCH_INGEST_RATE (requests a second, 2000: 100k signals a second at 50 a request),
 * BENCH_INGEST_ALERTS (50), BENCH_INGEST_CONNECTIONS (64), BENCH_INGEST_DURATION (seconds a
 * run, 15), BENCH_INGEST_SERVICES (1000).
 */
export function readIngestConfig(
  env: Readonly<Record<string, string | undefined>>,
): IngestBenchConfig {
  return {
    rate: count(env, 'BENCH_INGEST_RATE', 2000),
    alertsPerRequest: count(env, 'BENCH_INGEST_ALERTS', 50),
    connections: count(env, 'BENCH_INGEST_CONNECTIONS', 64),
    durationSeconds: count(env, 'BENCH_INGEST_DURATION', 15),
    services: count(env, 'BENCH_INGEST_SERVICES', 1000),
  };
}

import { wholeNumber } from '../ingest/config.js';

/** What the cluster suite measures, read from the environment. */
export interface ClusterBenchConfig {
  /** Requests a second on the leader (each carries `alertsPerRequest` alerts). */
  rate: number;
  alertsPerRequest: number;
  connections: number;
  durationSeconds: number;
  /** Services that alerts map to, as in the ingest suite's model. */
  services: number;
  /** The PostgreSQL both instances share; the suite is not run without it. */
  databaseUrl: string | undefined;
}

/**
 * BENCH_CLUSTER_RATE (requests a second, 200: 10k signals a second at 50 a request),
 * BENCH_CLUSTER_ALERTS (50), BENCH_CLUSTER_CONNECTIONS (16), BENCH_CLUSTER_DURATION (seconds,
 * 15), BENCH_CLUSTER_SERVICES (1000), BENCH_DATABASE_URL (unset: the suite says it did not run).
 */
export function readClusterConfig(
  env: Readonly<Record<string, string | undefined>>,
): ClusterBenchConfig {
  return {
    rate: wholeNumber(env, 'BENCH_CLUSTER_RATE', 200),
    alertsPerRequest: wholeNumber(env, 'BENCH_CLUSTER_ALERTS', 50),
    connections: wholeNumber(env, 'BENCH_CLUSTER_CONNECTIONS', 16),
    durationSeconds: wholeNumber(env, 'BENCH_CLUSTER_DURATION', 15),
    services: wholeNumber(env, 'BENCH_CLUSTER_SERVICES', 1000),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
  };
}

import { readConfig as readEngineConfig } from '../engine/config.js';

/** What the API suite measures, read from the environment. */
export interface ApiBenchConfig {
  scales: number[];
  seed: number;
  connections: number;
  durationSeconds: number;
  /** Sequential impact requests, and engine impact calls, timed at each scale. */
  impactRuns: number;
  /** Distinct status paths the connections walk through. */
  statusIds: number;
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
 * BENCH_SCALES and BENCH_SEED as the engine suite reads them; BENCH_API_CONNECTIONS (100),
 * BENCH_API_DURATION (seconds per load run, 10), BENCH_API_IMPACT_RUNS (30).
 */
export function readApiConfig(env: Readonly<Record<string, string | undefined>>): ApiBenchConfig {
  const { scales, seed } = readEngineConfig(env);
  return {
    scales,
    seed,
    connections: count(env, 'BENCH_API_CONNECTIONS', 100),
    durationSeconds: count(env, 'BENCH_API_DURATION', 10),
    impactRuns: count(env, 'BENCH_API_IMPACT_RUNS', 30),
    statusIds: 1000,
  };
}

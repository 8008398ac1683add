import autocannon from 'autocannon';
import { type Summary, summarize } from '../../lib/stats.js';

/** One autocannon run, reduced to what the report shows. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles, milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

/**
 * Drives `paths` on `base` with autocannon: every connection walks the list in turn, keeping
 * one request in flight (no pipelining), for the duration.
 */
export async function runLoad(
  base: string,
  paths: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * Times whole requests one after another over one kept-alive connection, from sending to the
 * last byte of the body: for the impact route, whose answer is large.
 */
export async function timeRequests(url: string, runs: number, warmup = 5): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    const took = performance.now() - started;
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (i >= warmup) times.push(took);
  }
  return summarize(times) as Summary;
}

/**
 * The mean time the server itself spent on a route (from a request arriving to its response
 * sent), read from its /metrics histogram; undefined when the route has no samples.
 */
export async function serverMeanMs(base: string, route: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (suffix: string) => {
    const prefix = `servicechain_http_request_duration_seconds_${suffix}{method="GET",route="${route}",status_code="200"} `;
    const line = text.split('\n').find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : Number(line.slice(prefix.length));
  };
  const sum = read('sum');
  const count = read('count');
  return sum === undefined || !count ? undefined : (sum / count) * 1000;
}

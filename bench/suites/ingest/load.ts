import autocannon from 'autocannon';
import type { PayloadMaker } from './payload.js';

/** The autocannon options this suite uses beyond the API suite's declaration of the module. */
interface IngestLoadOptions {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  /** Requests a second over all connections; absent means as fast as the server answers. */
  overallRate?: number;
  requests: {
    method: string;
    path: string;
    headers: Record<string, string>;
    setupRequest: (request: { body?: string }) => { body?: string };
  }[];
}

type Result = Awaited<ReturnType<typeof autocannon>>;
type Run = (options: IngestLoadOptions) => Promise<Result>;
const run = autocannon as unknown as Run;

/** One autocannon run, reduced to what the report shows. */
export interface IngestLoadResult {
  requestsPerSecond: number;
  signalsPerSecond: number;
  /** Request latency percentiles, milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface IngestLoadOptionsIn {
  base: string;
  path: string;
  headers: Record<string, string>;
  payloads: PayloadMaker;
  alertsPerRequest: number;
  connections: number;
  durationSeconds: number;
  rate?: number;
}

/** POSTs a new Alertmanager body on every request, at `rate` requests a second or flat out. */
export async function runIngestLoad(options: IngestLoadOptionsIn): Promise<IngestLoadResult> {
  const result = await run({
    url: options.base,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    ...(options.rate !== undefined && { overallRate: options.rate }),
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({ ...request, body: options.payloads.next() }),
      },
    ],
  });
  const ok = result.requests.total - result.non2xx;
  return {
    requestsPerSecond: result.requests.average,
    signalsPerSecond: (ok * options.alertsPerRequest) / Math.max(result.duration, 1e-9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

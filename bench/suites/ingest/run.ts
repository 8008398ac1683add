import { randomBytes } from 'node:crypto';
import type { Progress } from '../../lib/progress.js';
import { type Summary, summarize } from '../../lib/stats.js';
import {
  dropSchema,
  startProbe,
  startServer,
  serverStats as stats,
  stopServer,
} from './children.js';
import type { IngestBenchConfig } from './config.js';
import { type IngestLoadResult, runIngestLoad } from './load.js';
import { PayloadMaker } from './payload.js';
import type { IngestServerStats } from './server-worker.js';

/** A receiver run with the server's commit figures. */
export type ReceiverRun = IngestLoadResult & { commits: number; signalsPerCommit: number };

/** The same load against a server on SQLite and one on PostgreSQL. */
export interface SideBySide {
  /** Requests a second of the runs at a set rate. */
  rate: number;
  sqliteAtRate: ReceiverRun;
  postgresAtRate: ReceiverRun;
  postgresMax: ReceiverRun;
}

/** The figures of the ingest suite. */
export interface IngestResult {
  /** At the target rate, durable, with a live-stream listener. */
  sustained: IngestLoadResult & { commits: number; signalsPerCommit: number };
  /** Commit to status event on the live stream, during the sustained run. */
  streamDelay: Summary | undefined;
  /** The bare Fastify route that only parses, at the same rate. */
  baselineSustained: IngestLoadResult;
  /** Flat out: the receiver, then the bare route. */
  receiverMax: IngestLoadResult & { commits: number; signalsPerCommit: number };
  baselineMax: IngestLoadResult;
  /** With BENCH_DATABASE_URL: the receiver on PostgreSQL beside SQLite. */
  postgres?: SideBySide;
  notes: string[];
}

/**
 * Warms both routes up, then: the receiver at the target rate with a stream listener, the bare
 * route at the same rate, then each flat out. Every request carries new alerts.
 */
export async function runIngest(
  config: IngestBenchConfig,
  progress: Progress,
): Promise<IngestResult> {
  progress.note(`starting the server with ${config.services} matched services …`);
  const { child, ready } = await startServer({ services: config.services });
  let sqliteAtRate: ReceiverRun | undefined;
  let result: IngestResult;
  try {
    const load = (
      run: string,
      base: string,
      path: string,
      rate?: number,
      seconds = config.durationSeconds,
    ) =>
      runIngestLoad({
        base,
        path,
        headers: path === '/parse' ? {} : { authorization: `Bearer ${ready.token}` },
        payloads: new PayloadMaker(config.alertsPerRequest, config.services, run),
        alertsPerRequest: config.alertsPerRequest,
        connections: config.connections,
        durationSeconds: seconds,
        ...(rate !== undefined && { rate }),
      });
    const receiver = '/api/v1/signals/alertmanager';
    progress.note('warming up');
    await load('warm', ready.api, receiver, undefined, 3);
    await load('warm', ready.baseline, '/parse', undefined, 3);
    await stats(child);
    const probe = await startProbe(ready.api, ready.token);
    progress.note(`receiver at ${config.rate} requests/s for ${config.durationSeconds} s`);
    const sustainedLoad = await load('sustained', ready.api, receiver, config.rate);
    const delays = await probe.stop();
    const sustainedStats = await stats(child);
    progress.note('bare Fastify route at the same rate');
    const baselineSustained = await load('base', ready.baseline, '/parse', config.rate);
    progress.note('receiver flat out');
    const maxLoad = await load('max', ready.api, receiver);
    const maxStats = await stats(child);
    progress.note('bare Fastify route flat out');
    const baselineMax = await load('basemax', ready.baseline, '/parse');
    if (config.databaseUrl !== undefined) {
      progress.note(`receiver at ${config.postgresRate} requests/s, to set beside PostgreSQL`);
      const atRate = await load('sqlite-rate', ready.api, receiver, config.postgresRate);
      sqliteAtRate = { ...atRate, ...commitFigures(await stats(child)) };
    }
    const notes: string[] = [];
    for (const [name, r] of [
      ['sustained', sustainedLoad],
      ['max', maxLoad],
    ] as const)
      if (r.errors + r.non2xx > 0)
        notes.push(`receiver ${name}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
    result = {
      sustained: { ...sustainedLoad, ...commitFigures(sustainedStats) },
      streamDelay: summarize(delays),
      baselineSustained,
      receiverMax: { ...maxLoad, ...commitFigures(maxStats) },
      baselineMax,
      notes,
    };
  } finally {
    await stopServer(child);
  }
  if (config.databaseUrl !== undefined && sqliteAtRate !== undefined) {
    const postgres = await runOnPostgres(config, config.databaseUrl, progress);
    result.postgres = { rate: config.postgresRate, sqliteAtRate, ...postgres };
    for (const [name, r] of [
      ['PostgreSQL at rate', postgres.postgresAtRate],
      ['PostgreSQL max', postgres.postgresMax],
    ] as const)
      if (r.errors + r.non2xx > 0)
        result.notes.push(`receiver ${name}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  }
  return result;
}

/**
 * The same receiver on PostgreSQL, in a schema of this run's own (dropped after): warmed up,
 * then at the side-by-side rate and flat out.
 */
async function runOnPostgres(
  config: IngestBenchConfig,
  url: string,
  progress: Progress,
): Promise<{ postgresAtRate: ReceiverRun; postgresMax: ReceiverRun }> {
  const schema = `bench_ingest_${process.pid}_${randomBytes(3).toString('hex')}`;
  progress.note(`starting the server on PostgreSQL (schema ${schema}) …`);
  try {
    const { child, ready } = await startServer({
      services: config.services,
      database: { url, schema },
    });
    try {
      const load = (run: string, rate?: number, seconds = config.durationSeconds) =>
        runIngestLoad({
          base: ready.api,
          path: '/api/v1/signals/alertmanager',
          headers: { authorization: `Bearer ${ready.token}` },
          payloads: new PayloadMaker(config.alertsPerRequest, config.services, run),
          alertsPerRequest: config.alertsPerRequest,
          connections: config.connections,
          durationSeconds: seconds,
          ...(rate !== undefined && { rate }),
        });
      progress.note('warming up on PostgreSQL');
      await load('pg-warm', undefined, 3);
      await stats(child);
      progress.note(`receiver on PostgreSQL at ${config.postgresRate} requests/s`);
      const atRate = await load('pg-rate', config.postgresRate);
      const atRateStats = await stats(child);
      progress.note('receiver on PostgreSQL flat out');
      const max = await load('pg-max');
      const maxStats = await stats(child);
      return {
        postgresAtRate: { ...atRate, ...commitFigures(atRateStats) },
        postgresMax: { ...max, ...commitFigures(maxStats) },
      };
    } finally {
      await stopServer(child);
    }
  } finally {
    await dropSchema(url, schema);
  }
}

function commitFigures(s: IngestServerStats): { commits: number; signalsPerCommit: number } {
  return { commits: s.commits, signalsPerCommit: s.commits === 0 ? 0 : s.signals / s.commits };
}

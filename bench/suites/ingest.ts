import { cpus, loadavg } from 'node:os';
import { redactUrl } from '../../src/store/postgres/postgres-connection.js';
import { formatMs, formatRatio, type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { type IngestBenchConfig, readIngestConfig } from './ingest/config.js';
import type { IngestLoadResult } from './ingest/load.js';
import { type IngestResult, type ReceiverRun, runIngest, type SideBySide } from './ingest/run.js';

/**
 * Signals in: sustained Alertmanager batches against the durable receiver (file store, WAL,
 * synchronous FULL, group commit, real token check), with the commit-to-live-stream delay, side
 * by side with a bare Fastify route that only parses the same bodies.
 */
export const ingestSuite: Suite = {
  name: 'ingest',
  description:
    'Alertmanager receiver, durable, vs a bare Fastify parse route; commit to live stream',
  async run({ progress, env }) {
    const config = readIngestConfig(env);
    const before = loadavg()[0] as number;
    const result = await runIngest(config, progress);
    result.notes.push(
      `load average (1 min) ${before.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${cpus().length} cores; autocannon and the server share them`,
    );
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); ${config.alertsPerRequest} alerts a request, ${config.connections} connections, ${config.durationSeconds} s a run${config.databaseUrl ? '; PostgreSQL in a schema of its own, synchronous_commit as the server has it' : ''}`;
    const tables = [loadTable(result), targetTable(config, result)];
    const lines = [...summaryLines(result), ...result.notes];
    const markdown = ['# Ingest benchmark', '', environment, '', ...lines.map((l) => `- ${l}`), ''];
    for (const table of tables) markdown.push(toMarkdown(table), '');
    return {
      json: {
        suite: 'ingest',
        at: new Date().toISOString(),
        environment,
        config: { ...config, databaseUrl: config.databaseUrl && redactUrl(config.databaseUrl) },
        result,
      },
      markdown: markdown.join('\n'),
      text: [environment, '', ...tables.map(toText), '', ...lines].join('\n'),
    };
  },
};

function row(name: string, r: IngestLoadResult, extra = ''): string[] {
  return [
    name,
    Math.round(r.requestsPerSecond).toString(),
    Math.round(r.signalsPerSecond).toString(),
    formatMs(r.p50),
    formatMs(r.p99),
    (r.errors + r.non2xx).toString(),
    extra,
  ];
}

export function loadTable(result: IngestResult): Table {
  return {
    title: 'Load',
    header: ['run', 'requests/s', 'signals/s', 'p50', 'p99', 'failed', 'signals a commit'],
    rows: [
      row(
        'receiver at target rate',
        result.sustained,
        result.sustained.signalsPerCommit.toFixed(0),
      ),
      row('bare parse at target rate', result.baselineSustained),
      row('receiver flat out', result.receiverMax, result.receiverMax.signalsPerCommit.toFixed(0)),
      row('bare parse flat out', result.baselineMax),
      ...postgresRows(result.postgres),
    ],
  };
}

function postgresRows(pg: SideBySide | undefined): string[][] {
  if (!pg) return [];
  const commits = (r: ReceiverRun) => r.signalsPerCommit.toFixed(0);
  return [
    row(`SQLite at ${pg.rate} requests/s`, pg.sqliteAtRate, commits(pg.sqliteAtRate)),
    row(`PostgreSQL at ${pg.rate} requests/s`, pg.postgresAtRate, commits(pg.postgresAtRate)),
    row('PostgreSQL flat out', pg.postgresMax, commits(pg.postgresMax)),
  ];
}

/** The PostgreSQL ingest target of the scaling issue: 30k signals a second, durable. */
export const POSTGRES_TARGET = 30_000;

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

export function targetTable(config: IngestBenchConfig, result: IngestResult): Table {
  const target = config.rate * config.alertsPerRequest;
  const delay = result.streamDelay;
  return {
    title: 'Targets',
    header: ['target', 'measured', 'verdict'],
    rows: [
      [
        `${target} signals/s sustained, durable`,
        `${Math.round(result.sustained.signalsPerSecond)}/s`,
        verdict(
          result.sustained.signalsPerSecond >= target * 0.98 && result.sustained.non2xx === 0,
        ),
      ],
      [
        'request p99 < 50 ms at that rate',
        formatMs(result.sustained.p99),
        verdict(result.sustained.p99 < 50),
      ],
      [
        'commit -> live stream p99 < 10 ms',
        delay ? `${formatMs(delay.p99)} (${delay.count} events)` : 'no events',
        verdict(delay !== undefined && delay.p99 < 10),
      ],
      ...postgresTargets(result.postgres),
    ],
  };
}

function postgresTargets(pg: SideBySide | undefined): string[][] {
  if (!pg) return [['PostgreSQL: 30k signals/s, durable', 'not run (BENCH_DATABASE_URL)', '–']];
  const best = Math.max(pg.postgresAtRate.signalsPerSecond, pg.postgresMax.signalsPerSecond);
  const failed = (r: ReceiverRun) => r.errors + r.non2xx > 0;
  return [
    [
      `PostgreSQL: ${POSTGRES_TARGET / 1000}k signals/s, durable (best of at rate and flat out)`,
      `${Math.round(best)}/s`,
      verdict(
        best >= POSTGRES_TARGET * 0.98 && !failed(pg.postgresAtRate) && !failed(pg.postgresMax),
      ),
    ],
  ];
}

export function summaryLines(result: IngestResult): string[] {
  const ratio = result.receiverMax.signalsPerSecond / result.baselineMax.signalsPerSecond;
  const delay = result.streamDelay;
  return [
    `flat out, the durable receiver takes ${Math.round(result.receiverMax.signalsPerSecond)} signals/s, the bare parse route ${Math.round(result.baselineMax.signalsPerSecond)}: ${formatRatio(ratio)} of the baseline`,
    delay
      ? `commit -> status event on the live stream: p50 ${formatMs(delay.p50)}, p99 ${formatMs(delay.p99)}, max ${formatMs(delay.max)} over ${delay.count} events (millisecond timestamps)`
      : 'no status events reached the stream listener',
    ...postgresLines(result),
  ];
}

function postgresLines(result: IngestResult): string[] {
  const pg = result.postgres;
  if (!pg) return ['PostgreSQL skipped (set BENCH_DATABASE_URL to run the receiver on it too)'];
  const max = pg.postgresMax.signalsPerSecond;
  return [
    `flat out on PostgreSQL ${Math.round(max)} signals/s: ${formatRatio(max / result.receiverMax.signalsPerSecond)} of SQLite's, ${formatRatio(max / result.baselineMax.signalsPerSecond)} of the bare parse route; at ${pg.rate} requests/s p99 ${formatMs(pg.postgresAtRate.p99)} on PostgreSQL, ${formatMs(pg.sqliteAtRate.p99)} on SQLite`,
  ];
}

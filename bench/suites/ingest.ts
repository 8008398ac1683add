import { cpus, loadavg } from 'node:os';
import { formatMs, formatRatio, type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { type IngestBenchConfig, readIngestConfig } from './ingest/config.js';
import type { IngestLoadResult } from './ingest/load.js';
import { type IngestResult, runIngest } from './ingest/run.js';

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
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); ${config.alertsPerRequest} alerts a request, ${config.connections} connections, ${config.durationSeconds} s a run`;
    const tables = [loadTable(result), targetTable(config, result)];
    const lines = [...summaryLines(result), ...result.notes];
    const markdown = ['# Ingest benchmark', '', environment, '', ...lines.map((l) => `- ${l}`), ''];
    for (const table of tables) markdown.push(toMarkdown(table), '');
    return {
      json: { suite: 'ingest', at: new Date().toISOString(), environment, config, result },
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
    ],
  };
}

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
    ],
  };
}

export function summaryLines(result: IngestResult): string[] {
  const ratio = result.receiverMax.signalsPerSecond / result.baselineMax.signalsPerSecond;
  const delay = result.streamDelay;
  return [
    `flat out, the durable receiver takes ${Math.round(result.receiverMax.signalsPerSecond)} signals/s, the bare parse route ${Math.round(result.baselineMax.signalsPerSecond)}: ${formatRatio(ratio)} of the baseline`,
    delay
      ? `commit -> status event on the live stream: p50 ${formatMs(delay.p50)}, p99 ${formatMs(delay.p99)}, max ${formatMs(delay.max)} over ${delay.count} events (millisecond timestamps)`
      : 'no status events reached the stream listener',
  ];
}

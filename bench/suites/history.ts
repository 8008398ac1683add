import { cpus, loadavg } from 'node:os';
import { type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readHistoryConfig } from './history/config.js';
import { runHistory } from './history/run.js';
import { createScratch } from './store/database.js';

/** The goal: the state of a million-service chain at a past moment in under two seconds. */
const TARGET_MS = 2000;

const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));

/**
 * Time travel: stateAt (newest snapshot before T plus the changes since) on a year of synthetic
 * history, against the naive "latest change per service at or before T" query on the same file,
 * in the same run.
 */
export const historySuite: Suite = {
  name: 'history',
  description: 'stateAt on a year of status history vs the latest-change-per-service query',
  async run({ progress, env }) {
    const config = readHistoryConfig(env);
    const before = loadavg()[0] as number;
    const scratch = await createScratch();
    let result: Awaited<ReturnType<typeof runHistory>>;
    try {
      result = await runHistory(config, scratch, progress);
    } finally {
      await scratch.remove();
    }
    const after = loadavg()[0] as number;
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); SQLite in WAL mode, synchronous FULL; one new file`;
    const table: Table = {
      title: `State of the chain at a past moment: ${result.services.toLocaleString('en')} services, ${result.changes.toLocaleString('en')} changes over a year, ${result.snapshots} snapshots`,
      header: ['moment', 'services not operational', 'stateAt p50 ms', 'naive query ms', 'ratio'],
      rows: result.moments.map((m) => {
        const sorted = [...m.storeMs].sort((a, b) => a - b);
        const p50 = sorted[Math.ceil(sorted.length / 2) - 1] as number;
        return [
          m.at,
          String(m.services),
          ms(p50),
          ms(m.baselineMs),
          `${(m.baselineMs / p50).toFixed(1)}x`,
        ];
      }),
    };
    const store = result.store;
    const baseline = result.baseline;
    const pass = store !== undefined && store.max < TARGET_MS;
    const mismatched = result.moments.filter((m) => !m.same).map((m) => m.at);
    const lines = [
      `stateAt p50 ${ms(store?.p50)} ms, max ${ms(store?.max)} ms; naive query p50 ${ms(baseline?.p50)} ms, max ${ms(baseline?.max)} ms; ratio of p50s ${store && baseline ? (baseline.p50 / store.p50).toFixed(1) : '-'}x`,
      `target: every stateAt under ${TARGET_MS} ms at ${result.services.toLocaleString('en')} services: ${pass ? 'PASS' : 'FAIL'}`,
      `history written in ${(result.writeMs / 1000).toFixed(1)} s (${Math.round(result.changes / (result.writeMs / 1000)).toLocaleString('en')} changes/s, batches of 10,000, one transaction each); file ${(result.fileBytes / 1e6).toFixed(0)} MB`,
      mismatched.length === 0
        ? 'stateAt and the naive query gave the same services, states and times at every moment'
        : `MISMATCH at ${mismatched.join(', ')}`,
      `load average (1 min) ${before.toFixed(1)} before, ${after.toFixed(1)} after, on ${cpus().length} cores`,
    ];
    return {
      json: {
        suite: 'history',
        at: new Date().toISOString(),
        environment,
        config,
        targetMs: TARGET_MS,
        pass,
        loadAverage: { before, after },
        result,
      },
      markdown: [
        '# History benchmark',
        '',
        environment,
        '',
        ...lines.map((l) => `- ${l}`),
        '',
        toMarkdown(table),
        '',
      ].join('\n'),
      text: [environment, '', toText(table), '', ...lines].join('\n'),
    };
  },
};

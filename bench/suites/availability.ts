import { cpus, loadavg } from 'node:os';
import { type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readAvailabilityConfig } from './availability/config.js';
import { type AvailabilityResult, runAvailability } from './availability/run.js';
import { createScratch } from './store/database.js';

/** The goal (issue 6): monthly availability for every one of 10k services in under a second. */
const TARGET_MS = 1000;

const ms = (value: number) => value.toFixed(1);

/**
 * Availability reports on a year of status history in a SQLite store: the figures of every
 * service for each month of the year through the store and the calculator (periods, calendars,
 * weights, budgets, MTTR), against one SQL statement summing weighted outage time per service on
 * the same file, in the same run.
 */
export const availabilitySuite: Suite = {
  name: 'availability',
  description: 'monthly availability of every service vs a raw SQL sum of outage time',
  async run({ progress, env }) {
    const config = readAvailabilityConfig(env);
    const before = loadavg()[0] as number;
    const scratch = await createScratch();
    let result: AvailabilityResult;
    try {
      result = await runAvailability(config, scratch, progress);
    } finally {
      await scratch.remove();
    }
    const after = loadavg()[0] as number;
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); SQLite in WAL mode, synchronous FULL; one new file`;
    const table: Table = {
      title: `Monthly availability of every service: ${result.services.toLocaleString('en')} services, ${result.changes.toLocaleString('en')} changes in 2025, ${result.snapshots} snapshots`,
      header: [
        'month',
        'changes',
        'store + calculator p50 ms',
        'max ms',
        'baseline SQL p50 ms',
        'ratio',
        'CPU ms p50',
        'baseline CPU ms p50',
        'below SLO',
      ],
      rows: result.months.map((m) => [
        m.month,
        m.changes.toLocaleString('en'),
        ms(m.storeMs.p50),
        ms(m.storeMs.max),
        ms(m.baselineMs.p50),
        `${(m.storeMs.p50 / m.baselineMs.p50).toFixed(2)}x`,
        ms(m.storeCpuMs.p50),
        ms(m.baselineCpuMs.p50),
        String(m.missed),
      ]),
    };
    const worst = Math.max(...result.months.map((m) => m.storeMs.p50));
    const slowest = Math.max(...result.months.map((m) => m.storeMs.max));
    const mismatched = result.months.filter((m) => m.mismatches > 0);
    const worstCpu = Math.max(...result.months.map((m) => m.storeCpuMs.p50));
    const lines = [
      `target: every month's figures for all ${result.services.toLocaleString('en')} services under ${TARGET_MS} ms (p50): ${worst < TARGET_MS ? 'PASS' : 'FAIL'} (worst month p50 ${ms(worst)} ms, slowest run ${ms(slowest)} ms; CPU time of the worst month p50 ${ms(worstCpu)} ms, a figure a busy machine inflates less)`,
      `history written through the store in ${(result.writeMs / 1000).toFixed(1)} s (batches of 10,000, a snapshot every 50,000 changes as the recorder writes them); file ${(result.fileBytes / 1e6).toFixed(0)} MB`,
      mismatched.length === 0
        ? 'the calculator and the baseline gave the same weighted downtime for every around-the-clock service in every month'
        : `MISMATCH: ${mismatched.map((m) => `${m.month} (${m.mismatches} services)`).join(', ')}`,
      `load average (1 min) ${before.toFixed(1)} before, ${after.toFixed(1)} after, on ${cpus().length} cores`,
    ];
    return {
      json: {
        suite: 'availability',
        at: new Date().toISOString(),
        environment,
        config,
        loadAverage: { before, after },
        targetMs: TARGET_MS,
        ...result,
      },
      markdown: [
        '# Availability benchmark',
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

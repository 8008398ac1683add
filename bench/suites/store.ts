import { cpus, loadavg } from 'node:os';
import { redactUrl } from '../../src/store/postgres/postgres-connection.js';
import { type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readStoreConfig } from './store/config.js';
import { createScratch } from './store/database.js';
import { largeLines, largeTable, signalsTable, sizeTable } from './store/report.js';
import { type LargeResult, runLarge } from './store/run-large.js';
import { runSignals, type SignalsResult } from './store/run-signals.js';
import { runSize, type SizeResult } from './store/run-size.js';

/**
 * The SQLite store against plain better-sqlite3 over the same schema and rows, in the same run:
 * creating and updating the model through `applyChanges` (audit included) against prepared
 * INSERTs and UPDATEs in one transaction, and both model loads against `iterate()` over the
 * same SELECTs. Every run writes a new file in a temporary folder.
 */
export const storeSuite: Suite = {
  name: 'store',
  description:
    'SQLite store writes and loads vs raw better-sqlite3 on the same schema; recordSignals on SQLite and PostgreSQL',
  async run({ progress, env }) {
    const config = readStoreConfig(env);
    const before = loadavg()[0] as number;
    const scratch = await createScratch();
    const sizes: SizeResult[] = [];
    let large: LargeResult | undefined;
    let signals: SignalsResult | undefined;
    try {
      if (config.parts.model)
        for (const services of config.sizes)
          sizes.push(await runSize(config, services, scratch, progress.child(`${services}`)));
      if (config.parts.model && config.large)
        large = await runLarge(config, scratch, progress.child('large'));
      if (config.parts.signals)
        signals = await runSignals(config, scratch, progress.child('signals'));
    } finally {
      await scratch.remove();
    }
    const after = loadavg()[0] as number;
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); SQLite in WAL mode, synchronous FULL, foreign keys on, a new file in a temporary folder for every write run`;
    const tables: Table[] = sizes.map((s) => sizeTable(s, config.runs));
    if (large) tables.push(largeTable(large, config.runs));
    if (signals) tables.push(signalsTable(signals));
    const mismatches = [...sizes.flatMap((s) => s.mismatches), ...(large?.mismatches ?? [])];
    const lines = [
      ...(large
        ? largeLines(large)
        : config.parts.model
          ? ['the large load was skipped (BENCH_STORE_LARGE=1 runs it)']
          : []),
      ...(signals?.notes ?? []),
      ...(!config.parts.model
        ? []
        : mismatches.length === 0
          ? ['the store and the baseline wrote and read the same numbers of rows']
          : [`MISMATCH: ${mismatches.join('; ')}`]),
      `load average (1 min) ${before.toFixed(1)} before, ${after.toFixed(1)} after, on ${cpus().length} cores`,
    ];
    const markdown = ['# Store benchmark', '', environment, '', ...lines.map((l) => `- ${l}`), ''];
    for (const table of tables) markdown.push(toMarkdown(table), '');
    return {
      json: {
        suite: 'store',
        at: new Date().toISOString(),
        environment,
        config: { ...config, databaseUrl: config.databaseUrl && redactUrl(config.databaseUrl) },
        loadAverage: { before, after },
        sizes,
        large,
        signals,
      },
      markdown: markdown.join('\n'),
      text: [environment, '', ...tables.flatMap((t) => [toText(t), '']), ...lines].join('\n'),
    };
  },
};

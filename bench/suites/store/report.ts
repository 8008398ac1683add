import { formatMb, formatMs, formatRatio, type Table } from '../../lib/table.js';
import type { Comparison } from './compare.js';
import type { LargeResult } from './run-large.js';
import type { SignalContender, SignalsResult } from './run-signals.js';
import type { SizeResult } from './run-size.js';

function perSecond(rows: number): string {
  if (rows >= 1e6) return `${(rows / 1e6).toPrecision(3)}M`;
  if (rows >= 1e3) return `${(rows / 1e3).toPrecision(3)}k`;
  return rows.toPrecision(3);
}

function cells(name: string, c: Comparison): string[] {
  return [
    name,
    c.rows.toString(),
    formatMs(c.store.p50),
    formatMs(c.raw.p50),
    formatRatio(c.ratio),
    perSecond(c.storeRowsPerSecond),
    perSecond(c.rawRowsPerSecond),
    `${formatMs(c.store.min)}–${formatMs(c.store.max)}`,
    `${formatMs(c.raw.min)}–${formatMs(c.raw.max)}`,
  ];
}

const HEADER = [
  'operation',
  'rows',
  'store p50',
  'raw p50',
  'store/raw',
  'store rows/s',
  'raw rows/s',
  'store range',
  'raw range',
];

/** One size's four comparisons. */
export function sizeTable(result: SizeResult, runs: number): Table {
  return {
    title: `${result.services} services, ${result.dependencies} dependencies (median of ${runs})`,
    header: HEADER,
    rows: [
      cells('create the model (applyChanges, audit)', result.create),
      cells('update every service (applyChanges)', result.update),
      cells('loadModel', result.loadModel),
      cells('loadCompactModel', result.loadCompactModel),
    ],
  };
}

/** The large load, with the engine issue's target of building within 2x the raw read. */
export function largeTable(result: LargeResult, runs: number): Table {
  const ratio = result.loadCompactModel.ratio;
  const verdict = ratio === undefined ? '–' : ratio <= 2 ? 'PASS' : 'FAIL';
  return {
    title: `Scale ${result.scale}: ${result.services} services, ${result.dependencies} dependencies (median of ${runs})`,
    header: [...HEADER, 'within 2x raw'],
    rows: [[...cells('loadCompactModel', result.loadCompactModel), verdict]],
  };
}

/** Lines under the large table: how long the setup took and what it wrote. */
export function largeLines(result: LargeResult): string[] {
  return [
    `scale ${result.scale}: generated in ${formatMs(result.generateMs)}; setup wrote ${result.parties + result.services + result.dependencies + result.subscriptions} rows with raw INSERTs (batches of 100k, key order) in ${formatMs(result.setupMs)}; database ${formatMb(result.fileBytes)}`,
  ];
}

/** A throughput as a share of another: 0.5x means half as many signals a second. */
function share(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '–' : formatRatio(a / b);
}

/** The PostgreSQL ingest target of the scaling issue: 30k signals a second, durable. */
export const POSTGRES_SIGNALS_TARGET = 30_000;

/**
 * recordSignals at each batch size: signals a second, time per batch, and for PostgreSQL its
 * share of SQLite's and of the plain INSERT's throughput, with the 30k/s target.
 */
export function signalsTable(result: SignalsResult): Table {
  const find = (contender: SignalContender, size: number) =>
    result.runs.find((r) => r.contender === contender && r.batchSize === size);
  return {
    title: 'recordSignals, one batch a transaction, one after another',
    header: [
      'contender',
      'batch',
      'signals',
      'signals/s',
      'batch p50',
      'batch p99',
      'client CPU /1k',
      'PostgreSQL CPU /1k',
      'of SQLite store',
      'of plain INSERT',
      `>= ${POSTGRES_SIGNALS_TARGET / 1000}k/s`,
    ],
    rows: result.runs.map((r) => {
      const postgres = r.contender !== 'SQLite store';
      const sqlite = find('SQLite store', r.batchSize);
      const plain = find('PostgreSQL plain INSERT', r.batchSize);
      return [
        r.contender,
        r.batchSize.toString(),
        r.signals.toString(),
        perSecond(r.signalsPerSecond),
        formatMs(r.batch.p50),
        formatMs(r.batch.p99),
        formatMs(r.clientCpuPer1000),
        postgres ? formatMs(r.serverCpuPer1000) : '',
        postgres ? share(r.signalsPerSecond, sqlite?.signalsPerSecond) : '',
        r.contender === 'PostgreSQL store'
          ? share(r.signalsPerSecond, plain?.signalsPerSecond)
          : '',
        r.contender === 'PostgreSQL store'
          ? r.signalsPerSecond >= POSTGRES_SIGNALS_TARGET
            ? 'PASS'
            : 'FAIL'
          : '',
      ];
    }),
  };
}

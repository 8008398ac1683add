import { formatMb, formatMs, formatRatio, type Table } from '../../lib/table.js';
import type { Comparison } from './compare.js';
import type { LargeResult } from './run-large.js';
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

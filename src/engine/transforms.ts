import { type EdgeImpact, formatEdgeImpact } from '../model/impact.js';
import { levelRank, STATUS_LEVELS } from '../model/levels.js';

/** Ranks of the levels, as the engine stores them (see `levelRank`). */
export const OPERATIONAL = 0;
export const UNKNOWN = 1;
export const DEGRADED = 2;
export const PARTIAL = 3;
export const MAJOR = 4;

/** Width of one transform's row in a transform table: five ranks, then the ignore flag. */
export const TABLE_WIDTH = 8;
/** Offset of the ignore flag within a row. */
export const IGNORE_SLOT = 5;

/**
 * The table of an edge impact: entry r is the rank a dependency at rank r contributes. An
 * `ignore` edge keeps the identity table and sets the ignore flag, so rules that count leave it
 * out, while `worst` (for which an ignored edge is the same as an operational one) reads 0.
 */
export function transformTable(impact: EdgeImpact): Uint8Array {
  const row = new Uint8Array(TABLE_WIDTH);
  for (let rank = 0; rank < STATUS_LEVELS.length; rank++) row[rank] = transformRank(impact, rank);
  if (impact.kind === 'ignore') {
    row.fill(0, 0, STATUS_LEVELS.length);
    row[IGNORE_SLOT] = 1;
  }
  return row;
}

/** The rank a dependency at `rank` contributes through `impact` (ignore passes it unchanged). */
export function transformRank(impact: EdgeImpact, rank: number): number {
  switch (impact.kind) {
    case 'as-is':
    case 'ignore':
      return rank;
    case 'cap':
      return Math.min(rank, levelRank(impact.level));
    case 'shift': {
      if (rank < DEGRADED) return rank;
      const step = rank - DEGRADED + impact.by;
      return step < 0 ? OPERATIONAL : DEGRADED + Math.min(step, MAJOR - DEGRADED);
    }
    case 'fixed':
      return rank < DEGRADED ? rank : levelRank(impact.level);
    case 'map': {
      const to = impact.map[STATUS_LEVELS[rank] as (typeof STATUS_LEVELS)[number]];
      return to === undefined ? rank : levelRank(to);
    }
  }
}

/** The impact as people write it, for explanations: `as-is`, `cap:degraded`, `major_outage->degraded`. */
export function impactLabel(impact: EdgeImpact): string {
  const written = formatEdgeImpact(impact);
  if (written === undefined) return 'as-is';
  if (typeof written === 'string') return written;
  return Object.entries(written)
    .map(([from, to]) => `${from}->${to}`)
    .join(',');
}

/**
 * Distinct edge impacts, numbered from 1 (0 is `as-is`), with their tables laid end to end in
 * `table` (TABLE_WIDTH entries each), so the engine keeps one small number per edge.
 */
export class TransformSet {
  readonly impacts: EdgeImpact[] = [{ kind: 'as-is' }];
  readonly labels: string[] = ['as-is'];
  private readonly byLabel = new Map<string, number>([['as-is', 0]]);
  private rows: Uint8Array[] = [transformTable({ kind: 'as-is' })];

  /** The number of `impact`, adding it when new. */
  intern(impact: EdgeImpact): number {
    const label = impactLabel(impact);
    const known = this.byLabel.get(label);
    if (known !== undefined) return known;
    const id = this.impacts.length;
    this.impacts.push(impact);
    this.labels.push(label);
    this.byLabel.set(label, id);
    this.rows.push(transformTable(impact));
    return id;
  }

  get size(): number {
    return this.impacts.length;
  }

  /** All rows, laid end to end. */
  table(): Uint8Array {
    const table = new Uint8Array(this.rows.length * TABLE_WIDTH);
    this.rows.forEach((row, id) => {
      table.set(row, id * TABLE_WIDTH);
    });
    return table;
  }
}

import type { EdgeImpact } from '../../src/model/impact.js';
import { KNOWN_LEVELS, levelRank } from '../../src/model/levels.js';
import type { NodeRule, Quota } from '../../src/model/rule.js';

/** In a transform table, the entry for a contribution that is left out (the `ignore` impact). */
export const IGNORED = 255;

/**
 * An edge impact as a table from the dependency's level rank (0..4) to the contributed rank, or
 * IGNORED. The raw kernel applies an impact by one lookup.
 */
export function impactTable(impact: EdgeImpact): Uint8Array {
  const table = new Uint8Array(5);
  for (let rank = 0; rank < 5; rank++) table[rank] = applyImpact(impact, rank);
  return table;
}

function applyImpact(impact: EdgeImpact, rank: number): number {
  switch (impact.kind) {
    case 'as-is':
      return rank;
    case 'ignore':
      return IGNORED;
    case 'cap':
      return Math.min(rank, levelRank(impact.level));
    case 'fixed':
      return rank >= 2 ? levelRank(impact.level) : rank;
    case 'shift': {
      if (rank < 2) return rank;
      const known = Math.max(0, Math.min(3, rank - 1 + impact.by));
      return levelRank(KNOWN_LEVELS[known] as (typeof KNOWN_LEVELS)[number]);
    }
    case 'map': {
      const entries = Object.entries(impact.map);
      const hit = entries.find(([from]) => levelRank(from as never) === rank);
      return hit ? levelRank(hit[1] as never) : rank;
    }
  }
}

/** A node rule the raw kernel evaluates on its general path (anything but plain `worst`). */
export type RawRule =
  | { kind: 'worst' }
  | { kind: 'best' }
  | { kind: 'atLeast'; ok: Quota; degraded: Quota | undefined };

/** Compiles a rule for the raw kernel; `thresholds` is not needed by the benchmark's models. */
export function rawRule(rule: NodeRule): RawRule {
  switch (rule.kind) {
    case 'worst':
    case 'best':
      return { kind: rule.kind };
    case 'atLeast':
      return { kind: 'atLeast', ok: rule.ok, degraded: rule.degraded };
    case 'thresholds':
      throw new Error('the raw kernel does not evaluate thresholds rules');
  }
}

function meets(quota: Quota, count: number, total: number): boolean {
  return quota.kind === 'count' ? count >= quota.value : count * 100 >= quota.value * total;
}

/**
 * Combines contributions (ranks, IGNORED ones already dropped) by `rule`:
 * best gives the least, atLeast counts operational ones (and ones at degraded or better, unknown
 * included, for its degraded quota), worst the greatest. No contributions give operational.
 */
export function combine(rule: RawRule, ranks: Uint8Array, count: number): number {
  if (count === 0) return 0;
  let worst = 0;
  let best = 4;
  let ok = 0;
  let okOrDegraded = 0;
  for (let i = 0; i < count; i++) {
    const r = ranks[i] as number;
    if (r > worst) worst = r;
    if (r < best) best = r;
    if (r === 0) ok++;
    if (r <= 2) okOrDegraded++;
  }
  switch (rule.kind) {
    case 'worst':
      return worst;
    case 'best':
      return best;
    case 'atLeast':
      if (meets(rule.ok, ok, count)) return 0;
      if (rule.degraded && meets(rule.degraded, okOrDegraded, count)) return 2;
      return worst;
  }
}

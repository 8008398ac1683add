/**
 * Status levels, from best to worst. `unknown` (no data yet, or data gone stale) ranks between
 * `operational` and `degraded`: it hides nothing worse, yet never counts as downtime.
 */
export const STATUS_LEVELS = [
  'operational',
  'unknown',
  'degraded',
  'partial_outage',
  'major_outage',
] as const;

export type StatusLevel = (typeof STATUS_LEVELS)[number];

/** The four levels a status-page reader knows, in order; `shift` moves along these only. */
export const KNOWN_LEVELS = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type KnownLevel = (typeof KNOWN_LEVELS)[number];

const RANK: Readonly<Record<StatusLevel, number>> = {
  operational: 0,
  unknown: 1,
  degraded: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** Position of a level in the order above: 0 is best, 4 is worst. */
export function levelRank(level: StatusLevel): number {
  return RANK[level];
}

/** The level at a rank (the inverse of `levelRank`). */
export function levelAt(rank: number): StatusLevel {
  const level = STATUS_LEVELS[rank];
  if (level === undefined) throw new RangeError(`no status level at rank ${rank}`);
  return level;
}

export function isStatusLevel(value: unknown): value is StatusLevel {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** The worse of two levels. */
export function worse(a: StatusLevel, b: StatusLevel): StatusLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The worst of a list of levels; `operational` for an empty list. */
export function worstOf(levels: Iterable<StatusLevel>): StatusLevel {
  let result: StatusLevel = 'operational';
  for (const level of levels) if (RANK[level] > RANK[result]) result = level;
  return result;
}

/** True when `level` is `threshold` or worse. */
export function isAtLeast(level: StatusLevel, threshold: StatusLevel): boolean {
  return RANK[level] >= RANK[threshold];
}

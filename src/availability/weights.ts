import { InputError, type Problem } from '../model/errors.js';
import type { StatusLevel } from '../model/levels.js';

/** The levels that can count as downtime; `operational` never does. */
export const WEIGHTED_LEVELS = ['major_outage', 'partial_outage', 'degraded', 'unknown'] as const;
export type WeightedLevel = (typeof WEIGHTED_LEVELS)[number];

/** How much of an unplanned minute at each level counts as downtime, 0 to 1. */
export type Weights = Readonly<Record<WeightedLevel, number>>;

/**
 * The status-page convention (DESIGN.md §3): a major outage counts fully, a partial outage at
 * 0.3, degraded and unknown not at all.
 */
export const DEFAULT_WEIGHTS: Weights = {
  major_outage: 1,
  partial_outage: 0.3,
  degraded: 0,
  unknown: 0,
};

/** The weight of a minute at `level`. */
export function weightOf(weights: Weights, level: StatusLevel): number {
  return level === 'operational' ? 0 : weights[level];
}

/**
 * Reads `partial_outage:0.5,degraded:0.1`: the levels named replace the defaults, the others
 * keep them. Every problem is reported at once, under `path`.
 */
export function parseWeights(text: string | undefined, path = 'weights'): Weights {
  if (text === undefined || text.trim() === '') return DEFAULT_WEIGHTS;
  const weights: Record<WeightedLevel, number> = { ...DEFAULT_WEIGHTS };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const [name = '', value, extra] = item.split(':').map((part) => part.trim());
    if (!(WEIGHTED_LEVELS as readonly string[]).includes(name)) {
      problems.push({
        path,
        message: `'${name}' is not a level with a weight (${WEIGHTED_LEVELS.join(', ')})`,
      });
      continue;
    }
    if (seen.has(name)) problems.push({ path, message: `'${name}' is given twice` });
    seen.add(name);
    const weight =
      value === undefined || value === '' || extra !== undefined ? Number.NaN : Number(value);
    if (!Number.isFinite(weight) || weight < 0 || weight > 1) {
      problems.push({ path, message: `${name}: '${value ?? ''}' is not a weight from 0 to 1` });
      continue;
    }
    weights[name as WeightedLevel] = weight;
  }
  if (problems.length > 0)
    throw new InputError(
      `${path}: ${problems.map((p) => p.message).join('; ')} (e.g. partial_outage:0.5,degraded:0.1)`,
      problems,
    );
  return weights;
}

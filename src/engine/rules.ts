import { levelRank } from '../model/levels.js';
import type { NodeRule, Quota, ThresholdMeasure } from '../model/rule.js';
import { DEGRADED, MAJOR, OPERATIONAL } from './transforms.js';

const WORST = 0;
const BEST = 1;
const AT_LEAST = 2;
const THRESHOLDS = 3;

interface CompiledLine {
  measure: ThresholdMeasure;
  atLeast: number;
  of: number;
  then: number;
}

/** A node rule with its levels as ranks, ready for `evaluateRule`. */
export interface CompiledRule {
  kind: number;
  ok?: Quota;
  degraded?: Quota;
  lines?: CompiledLine[];
  /** True when a line measures weights, so the engine gathers them. */
  usesWeights: boolean;
}

export const COMPILED_WORST: CompiledRule = { kind: WORST, usesWeights: false };

export function compileRule(rule: NodeRule): CompiledRule {
  switch (rule.kind) {
    case 'worst':
      return COMPILED_WORST;
    case 'best':
      return { kind: BEST, usesWeights: false };
    case 'atLeast':
      return { kind: AT_LEAST, ok: rule.ok, degraded: rule.degraded, usesWeights: false };
    case 'thresholds': {
      const lines = rule.lines.map((l) => ({
        measure: l.measure,
        atLeast: l.atLeast,
        of: levelRank(l.of),
        then: levelRank(l.then),
      }));
      const usesWeights = lines.some(
        (l) => l.measure === 'weight' || l.measure === 'weightPercent',
      );
      return { kind: THRESHOLDS, lines, usesWeights };
    }
  }
}

/** Slack for percents whose product is a whole number in decimal but not quite in binary. */
const EPSILON = 1e-9;

/**
 * How many of `count` contributions a quota asks for: the count itself, or the ceiling of
 * percent × count / 100 (60% of 5 is 3, 50% of 3 is 2).
 */
export function quotaNeed(quota: Quota, count: number): number {
  if (quota.kind === 'count') return quota.value;
  return Math.max(0, Math.ceil((quota.value * count) / 100 - EPSILON));
}

/**
 * The rank a rule gives the `count` contributions in `ranks` (with edge weights in `weights`,
 * read only when the rule measures weights). No contributions give operational.
 */
export function evaluateRule(
  rule: CompiledRule,
  ranks: Uint8Array,
  weights: Float64Array,
  count: number,
): number {
  if (count === 0) return OPERATIONAL;
  switch (rule.kind) {
    case WORST:
      return worstRank(ranks, count);
    case BEST: {
      let best = MAJOR;
      for (let i = 0; i < count; i++) if (ranks[i] < best) best = ranks[i];
      return best;
    }
    case AT_LEAST:
      return evaluateAtLeast(rule, ranks, count);
    default:
      return evaluateThresholds(rule.lines ?? [], ranks, weights, count);
  }
}

function worstRank(ranks: Uint8Array, count: number): number {
  let worst = OPERATIONAL;
  for (let i = 0; i < count; i++) if (ranks[i] > worst) worst = ranks[i];
  return worst;
}

function evaluateAtLeast(rule: CompiledRule, ranks: Uint8Array, count: number): number {
  let operational = 0;
  let degradedOrBetter = 0;
  for (let i = 0; i < count; i++) {
    if (ranks[i] === OPERATIONAL) operational++;
    if (ranks[i] <= DEGRADED) degradedOrBetter++;
  }
  if (rule.ok && operational >= quotaNeed(rule.ok, count)) return OPERATIONAL;
  if (rule.degraded && degradedOrBetter >= quotaNeed(rule.degraded, count)) return DEGRADED;
  return worstRank(ranks, count);
}

function evaluateThresholds(
  lines: readonly CompiledLine[],
  ranks: Uint8Array,
  weights: Float64Array,
  count: number,
): number {
  let result = OPERATIONAL;
  let totalWeight = 0;
  for (let i = 0; i < count; i++) totalWeight += weights[i];
  for (const line of lines) {
    let n = 0;
    let weight = 0;
    for (let i = 0; i < count; i++) {
      if (ranks[i] >= line.of) {
        n++;
        weight += weights[i];
      }
    }
    if (fires(line, n, weight, count, totalWeight) && line.then > result) result = line.then;
  }
  return result;
}

function fires(
  line: CompiledLine,
  n: number,
  weight: number,
  count: number,
  totalWeight: number,
): boolean {
  switch (line.measure) {
    case 'count':
      return n >= line.atLeast;
    case 'percent':
      return n * 100 >= line.atLeast * count - EPSILON;
    case 'weight':
      return weight >= line.atLeast - EPSILON;
    case 'weightPercent':
      return totalWeight > 0 && weight * 100 >= line.atLeast * totalWeight - EPSILON;
  }
}

import { describe, type Parsed } from './impact.js';
import { isStatusLevel, type StatusLevel } from './levels.js';

/** A count of contributions, absolute (`2`) or relative (`"60%"`). */
export type Quota = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export type ThresholdMeasure = 'count' | 'percent' | 'weight' | 'weightPercent';

/**
 * One of a `thresholds` rule's lines: it fires when the contributions at `of` or worse add up to at
 * least `atLeast`, measured by `measure` (a count, a percent of the count, a sum of edge weights, or
 * a percent of the total weight). A firing line gives `then`.
 */
export interface ThresholdLine {
  measure: ThresholdMeasure;
  atLeast: number;
  of: StatusLevel;
  then: StatusLevel;
}

/**
 * How a service combines what its dependencies contribute (after each edge's impact):
 * - `worst`: every dependency is required (the default).
 * - `best`: redundant; one healthy dependency is enough.
 * - `atLeast`: operational when at least `ok` contributions are operational; else degraded when at
 *   least `degraded` are operational or degraded; else the worst contribution. `unknown` is not
 *   operational.
 * - `thresholds`: the worst `then` of the lines that fire; operational when none fires.
 * With no contributions every rule gives operational.
 */
export type NodeRule =
  | { kind: 'worst' }
  | { kind: 'best' }
  | { kind: 'atLeast'; ok: Quota; degraded?: Quota }
  | { kind: 'thresholds'; lines: readonly ThresholdLine[] };

/** A rule as written in a model file. */
export type NodeRuleSpec =
  | 'worst'
  | 'best'
  | { atLeast: { ok: number | string; degraded?: number | string } }
  | {
      thresholds: ReadonlyArray<
        Partial<Record<ThresholdMeasure, number>> & { of: string; then: string }
      >;
    };

export const WORST: NodeRule = Object.freeze({ kind: 'worst' });

const MEASURES: readonly ThresholdMeasure[] = ['count', 'percent', 'weight', 'weightPercent'];

/** Parses a rule as written in a model file. `undefined` means `worst`. */
export function parseNodeRule(spec: unknown): Parsed<NodeRule> {
  if (spec === undefined || spec === null || spec === 'worst') return { ok: true, value: WORST };
  if (spec === 'best') return { ok: true, value: { kind: 'best' } };
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    return {
      ok: false,
      error: `rule must be worst, best, { atLeast: … } or { thresholds: […] }, not ${describe(spec)}`,
    };
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1 || (keys[0] !== 'atLeast' && keys[0] !== 'thresholds')) {
    return {
      ok: false,
      error: `rule must have exactly one of atLeast or thresholds, not ${keys.join(', ') || 'nothing'}`,
    };
  }
  const body = (spec as Record<string, unknown>)[keys[0] as string];
  return keys[0] === 'atLeast' ? parseAtLeast(body) : parseThresholds(body);
}

function parseAtLeast(body: unknown): Parsed<NodeRule> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      error: `rule.atLeast must be a map such as { ok: 2, degraded: 1 }, not ${describe(body)}`,
    };
  }
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== 'ok' && key !== 'degraded')
      return { ok: false, error: `rule.atLeast: unknown field '${key}' (use ok and degraded)` };
  }
  if (fields.ok === undefined) return { ok: false, error: 'rule.atLeast.ok is required' };
  const ok = parseQuota(fields.ok, 'rule.atLeast.ok');
  if (!ok.ok) return ok;
  if (fields.degraded === undefined) return { ok: true, value: { kind: 'atLeast', ok: ok.value } };
  const degraded = parseQuota(fields.degraded, 'rule.atLeast.degraded');
  if (!degraded.ok) return degraded;
  return { ok: true, value: { kind: 'atLeast', ok: ok.value, degraded: degraded.value } };
}

/** Parses `2` or `"60%"`. */
export function parseQuota(value: unknown, where: string): Parsed<Quota> {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0)
      return { ok: false, error: `${where}: ${value} is not a whole number of 0 or more` };
    return { ok: true, value: { kind: 'count', value } };
  }
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim());
    const percent = match ? Number(match[1]) : Number.NaN;
    if (!(percent >= 0 && percent <= 100))
      return { ok: false, error: `${where}: '${value}' is not a percent from 0% to 100%` };
    return { ok: true, value: { kind: 'percent', value: percent } };
  }
  return {
    ok: false,
    error: `${where} must be a count such as 2 or a percent such as "60%", not ${describe(value)}`,
  };
}

function parseThresholds(body: unknown): Parsed<NodeRule> {
  if (!Array.isArray(body) || body.length === 0) {
    return {
      ok: false,
      error:
        'rule.thresholds must be a non-empty list such as [ { percent: 50, of: partial_outage, then: major_outage } ]',
    };
  }
  const lines: ThresholdLine[] = [];
  for (const [index, raw] of body.entries()) {
    const where = `rule.thresholds[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { ok: false, error: `${where} must be a map, not ${describe(raw)}` };
    const line = raw as Record<string, unknown>;
    for (const key of Object.keys(line)) {
      if (key !== 'of' && key !== 'then' && !MEASURES.includes(key as ThresholdMeasure)) {
        return {
          ok: false,
          error: `${where}: unknown field '${key}' (use one of ${MEASURES.join(', ')}, with of and then)`,
        };
      }
    }
    const measures = MEASURES.filter((m) => line[m] !== undefined);
    if (measures.length !== 1) {
      return {
        ok: false,
        error: `${where} needs exactly one of ${MEASURES.join(', ')}${measures.length ? `, not ${measures.join(' and ')}` : ''}`,
      };
    }
    const measure = measures[0] as ThresholdMeasure;
    const atLeast = line[measure];
    const isPercent = measure === 'percent' || measure === 'weightPercent';
    if (
      typeof atLeast !== 'number' ||
      !Number.isFinite(atLeast) ||
      atLeast < 0 ||
      (isPercent && atLeast > 100) ||
      (measure === 'count' && !Number.isInteger(atLeast))
    ) {
      return {
        ok: false,
        error: `${where}.${measure}: ${describe(atLeast)} is not ${isPercent ? 'a percent from 0 to 100' : measure === 'count' ? 'a whole number of 0 or more' : 'a number of 0 or more'}`,
      };
    }
    if (!isStatusLevel(line.of))
      return { ok: false, error: `${where}.of: ${describe(line.of)} is not a level` };
    if (!isStatusLevel(line.then))
      return { ok: false, error: `${where}.then: ${describe(line.then)} is not a level` };
    lines.push({ measure, atLeast, of: line.of, then: line.then });
  }
  return { ok: true, value: { kind: 'thresholds', lines } };
}

function formatQuota(quota: Quota): number | string {
  return quota.kind === 'count' ? quota.value : `${quota.value}%`;
}

/** The canonical written form. `worst` gives undefined (it is the default). */
export function formatNodeRule(rule: NodeRule): NodeRuleSpec | undefined {
  switch (rule.kind) {
    case 'worst':
      return undefined;
    case 'best':
      return 'best';
    case 'atLeast':
      return rule.degraded
        ? { atLeast: { ok: formatQuota(rule.ok), degraded: formatQuota(rule.degraded) } }
        : { atLeast: { ok: formatQuota(rule.ok) } };
    case 'thresholds':
      return {
        thresholds: rule.lines.map(
          (l) =>
            ({ [l.measure]: l.atLeast, of: l.of, then: l.then }) as { of: string; then: string },
        ),
      };
  }
}

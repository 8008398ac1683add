import { isStatusLevel, KNOWN_LEVELS, type KnownLevel, type StatusLevel } from './levels.js';

/**
 * How a dependency's status reaches its consumer (the `impact` of a dependency), as written in a
 * model file: `as-is` (the default), `ignore`, `cap:LEVEL`, `shift:+N`, `shift:-N`, `fixed:LEVEL`,
 * or an explicit map, either as an object `{ major_outage: degraded }` or as the string
 * `major_outage->degraded,partial_outage->degraded`.
 */
export type EdgeImpactSpec = string | Readonly<Partial<Record<StatusLevel, StatusLevel>>>;

/**
 * The parsed form the engine applies. Semantics (docs/status-rules.md has worked examples):
 * - `as-is`: the dependency's level passes unchanged.
 * - `ignore`: the dependency contributes nothing (it is left out of counts, too).
 * - `cap`: at most `level` (a soft dependency is `cap:degraded`).
 * - `shift`: a non-operational known level moves `by` steps along degraded, partial_outage,
 *   major_outage, clamped at both ends; shifting below degraded gives operational.
 *   `operational` and `unknown` pass unchanged.
 * - `fixed`: any non-operational known level becomes `level`; `operational` and `unknown` pass.
 * - `map`: listed levels are replaced, the others pass unchanged.
 */
export type EdgeImpact =
  | { kind: 'as-is' }
  | { kind: 'ignore' }
  | { kind: 'cap'; level: StatusLevel }
  | { kind: 'shift'; by: number }
  | { kind: 'fixed'; level: KnownLevel }
  | { kind: 'map'; map: Readonly<Partial<Record<StatusLevel, StatusLevel>>> };

export const AS_IS: EdgeImpact = Object.freeze({ kind: 'as-is' });

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const LEVEL_LIST = 'operational, unknown, degraded, partial_outage or major_outage';

/** Parses an impact as written in a model file. `undefined` means `as-is`. */
export function parseEdgeImpact(spec: unknown): Parsed<EdgeImpact> {
  if (spec === undefined || spec === null) return { ok: true, value: AS_IS };
  if (typeof spec === 'object' && !Array.isArray(spec))
    return parseMap(spec as Record<string, unknown>);
  if (typeof spec !== 'string') {
    return {
      ok: false,
      error: `impact must be a string or a map of levels, not ${describe(spec)}`,
    };
  }
  const text = spec.trim();
  if (text === 'as-is') return { ok: true, value: AS_IS };
  if (text === 'ignore') return { ok: true, value: { kind: 'ignore' } };
  if (text.includes('->')) return parseArrowMap(text);
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? '' : text.slice(colon + 1).trim();
  switch (head) {
    case 'cap':
      if (!isStatusLevel(arg))
        return { ok: false, error: `cap:${arg}: '${arg}' is not a level (${LEVEL_LIST})` };
      return { ok: true, value: { kind: 'cap', level: arg } };
    case 'fixed':
      if (!(KNOWN_LEVELS as readonly string[]).includes(arg)) {
        return {
          ok: false,
          error: `fixed:${arg}: '${arg}' is not degraded, partial_outage or major_outage`,
        };
      }
      return { ok: true, value: { kind: 'fixed', level: arg as KnownLevel } };
    case 'shift': {
      if (!/^[+-][0-3]$/.test(arg)) {
        return { ok: false, error: `shift:${arg}: write shift:+N or shift:-N with N from 0 to 3` };
      }
      return { ok: true, value: { kind: 'shift', by: Number(arg) } };
    }
    default:
      return {
        ok: false,
        error: `unknown impact '${text}': use as-is, ignore, cap:LEVEL, shift:+N, shift:-N, fixed:LEVEL or a map such as major_outage->degraded`,
      };
  }
}

function parseMap(entries: Record<string, unknown>): Parsed<EdgeImpact> {
  const map: Partial<Record<StatusLevel, StatusLevel>> = {};
  for (const [from, to] of Object.entries(entries)) {
    if (!isStatusLevel(from))
      return { ok: false, error: `impact map: '${from}' is not a level (${LEVEL_LIST})` };
    if (!isStatusLevel(to))
      return {
        ok: false,
        error: `impact map: ${from}: '${String(to)}' is not a level (${LEVEL_LIST})`,
      };
    map[from] = to;
  }
  if (Object.keys(map).length === 0) return { ok: false, error: 'impact map is empty' };
  return { ok: true, value: { kind: 'map', map } };
}

function parseArrowMap(text: string): Parsed<EdgeImpact> {
  const entries: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [from, to, extra] = part.split('->').map((s) => s.trim());
    if (from === undefined || to === undefined || extra !== undefined) {
      return {
        ok: false,
        error: `impact '${text}': write each mapping as FROM->TO, separated by commas`,
      };
    }
    entries[from] = to;
  }
  return parseMap(entries);
}

/** The canonical written form: a string, or an object for a map. `as-is` gives undefined. */
export function formatEdgeImpact(impact: EdgeImpact): EdgeImpactSpec | undefined {
  switch (impact.kind) {
    case 'as-is':
      return undefined;
    case 'ignore':
      return 'ignore';
    case 'cap':
      return `cap:${impact.level}`;
    case 'fixed':
      return `fixed:${impact.level}`;
    case 'shift':
      return `shift:${impact.by >= 0 ? '+' : ''}${impact.by}`;
    case 'map':
      return { ...impact.map };
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

import { MB } from '../../lib/memory.js';
import type { Summary } from '../../lib/stats.js';
import { BY_POSITION, HUB_ROWS, SINGLE_ROWS } from './raw-ops.js';
import type { OpRow, ScaleResult } from './run-scale.js';

/** The scale the issue sets its targets for; smaller scales are shown for orientation. */
export const TARGET_SCALE = 1;

export interface TargetResult {
  target: string;
  /** The measured ratio or size, and the limit it is held to. */
  value: number | undefined;
  limit: number;
  /** `max`: the value must not exceed the limit; `min`: it must reach it. */
  kind: 'max' | 'min';
  unit: 'x' | 'MB';
  /** Where the value comes from, e.g. the worst bucket. */
  detail: string;
  verdict: 'PASS' | 'FAIL' | 'n/a';
}

type Pick = (row: OpRow) => [Summary | undefined, Summary | undefined];

/** The worst ratio of `a` over `b` (by `p`) among the closure rows, and its row. */
function worstClosureRatio(
  result: ScaleResult,
  p: 'p50' | 'p99',
  pick: Pick,
  rows: (op: string) => boolean,
) {
  let worst: { value: number; op: string } | undefined;
  for (const [op, row] of Object.entries(result.ops)) {
    if (!op.startsWith('closure ') || !rows(op)) continue;
    const [a, b] = pick(row);
    if (!a || !b || b[p] === 0) continue;
    const value = a[p] / b[p];
    if (!worst || value > worst.value) worst = { value, op };
  }
  return worst;
}

function ratioOf(row: OpRow | undefined, p: 'p50' | 'p99'): number | undefined {
  const engine = row?.engine?.[p];
  const raw = row?.raw?.[p];
  return engine !== undefined && raw ? engine / raw : undefined;
}

function target(
  name: string,
  value: number | undefined,
  limit: number,
  kind: 'max' | 'min',
  detail = '',
  unit: 'x' | 'MB' = 'x',
): TargetResult {
  const pass = value === undefined ? undefined : kind === 'max' ? value <= limit : value >= limit;
  return {
    target: name,
    value,
    limit,
    kind,
    unit,
    detail,
    verdict: pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL',
  };
}

const LARGE = new Set(['closure 10k-100k', 'closure >=100k']);

/** The engine call the closure rows by id timed, as the targets' detail names it. */
function closureCallDetail(result: ScaleResult): string {
  if (!result.engine.available) return '';
  const call = result.engine.checks.closureCall;
  return call === 'closureCompact'
    ? "engine.closureCompact(id, 'up')"
    : `engine.${call}() as a fallback (no closureCompact): level-aware, not like for like`;
}

const byPosition = (op: string) => op.endsWith(BY_POSITION);

/**
 * A closure target: judged on the rows by position when the engine has `closureAt` (the raw BFS
 * too is handed a service number and leaves its members in its scratch arrays), with the worst
 * row by id (an id lookup and a copy into typed arrays more) in the detail; else on the rows by id.
 */
function closureTarget(name: string, result: ScaleResult, p: 'p50' | 'p99'): TargetResult {
  const engineRaw: Pick = (row) => [row.engine, row.raw];
  const byId = worstClosureRatio(result, p, engineRaw, (op) => !byPosition(op));
  const at = worstClosureRatio(result, p, engineRaw, byPosition);
  const idDetail = `${closureCallDetail(result)}; worst: ${byId?.op ?? '–'}`;
  if (!at) return target(name, byId?.value, 2, 'max', idDetail);
  return target(
    name,
    at.value,
    2,
    'max',
    `engine.closureAt(position, 'up'); worst: ${at.op}; by id (${closureCallDetail(result)}): ${byId ? `${byId.value.toFixed(2)}x` : '–'}, worst: ${byId?.op ?? '–'}`,
  );
}

/**
 * A single input target: judged on `applyAt` (by position, changes read on demand) when the
 * engine has it, with `apply` (by id, Transition objects) in the detail; else on `apply`.
 */
function singleTarget(name: string, result: ScaleResult, p: 'p50' | 'p99', limit: number) {
  const byId = ratioOf(result.ops[SINGLE_ROWS.id], p);
  const at = ratioOf(result.ops[SINGLE_ROWS.position], p);
  if (at === undefined) return target(name, byId, limit, 'max', 'engine.apply(inputs by id)');
  return target(
    name,
    at,
    limit,
    'max',
    `engine.applyAt(inputs by position); apply by id with Transition objects: ${byId === undefined ? '–' : `${byId.toFixed(2)}x`}`,
  );
}

/**
 * The hub outage target's ratio: `replay` (the propagation alone, a count) when the engine has
 * it, else `apply`; the detail gives the other call's ratio, so apply's overhead stays visible.
 */
function hubOutage(result: ScaleResult): { value: number | undefined; detail: string } {
  const replay = ratioOf(result.ops[HUB_ROWS.outage.replay], 'p50');
  const apply = ratioOf(result.ops[HUB_ROWS.outage.apply], 'p50');
  const closure = `closure ${(result.hub.fraction * 100).toFixed(0)}% of services`;
  if (replay !== undefined)
    return {
      value: replay,
      detail: `engine.replay (count only); apply with transition objects: ${apply === undefined ? '–' : `${apply.toFixed(2)}x`}; ${closure}`,
    };
  if (apply !== undefined) return { value: apply, detail: `engine.apply (no replay); ${closure}` };
  return { value: undefined, detail: closure };
}

/** Each performance target of the issue, measured at this scale. */
export function evaluateTargets(result: ScaleResult): TargetResult[] {
  const cteOverEngine = worstClosureRatio(
    result,
    'p50',
    (row) => [row.engineSlow, row.cte],
    (op) => LARGE.has(op),
  );
  const hub = hubOutage(result);
  const { memory, build } = result;
  const rssEngine = memory.rss.engine;
  return [
    closureTarget('impact closure p50 vs raw BFS', result, 'p50'),
    closureTarget('impact closure p99 vs raw BFS', result, 'p99'),
    target(
      'PostgreSQL CTE vs engine, closures over 10k',
      cteOverEngine ? 1 / cteOverEngine.value : undefined,
      50,
      'min',
      `least: ${cteOverEngine?.op ?? '–'}`,
    ),
    singleTarget('single input p50 vs raw', result, 'p50', 2),
    singleTarget('single input p99 vs raw', result, 'p99', 3),
    target('hub outage vs raw', hub.value, 2, 'max', hub.detail),
    target('full recompute vs raw', ratioOf(result.ops['full recompute'], 'p50'), 1.5, 'max'),
    target(
      'engine memory vs raw typed arrays',
      memory.held.engine !== undefined ? memory.held.engine / memory.rawTypedArrays : undefined,
      2,
      'max',
    ),
    target(
      'process RSS with the engine',
      rssEngine !== undefined ? rssEngine / MB : undefined,
      450,
      'max',
      '',
      'MB',
    ),
    target(
      'build from columns vs raw',
      build.engine !== undefined && build.raw ? build.engine / build.raw : undefined,
      2,
      'max',
    ),
  ];
}

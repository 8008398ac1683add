import { ratio, type Summary } from '../../lib/stats.js';
import { formatMb, formatMs, formatRatio, type Table } from '../../lib/table.js';
import type { EngineChecks } from './engine-ops.js';
import { type Descheduled, RETIME_TRIES } from './paired-timing.js';
import type { Contender, ScaleResult } from './run-scale.js';
import { TARGET_SCALE, type TargetResult } from './targets.js';

const p50 = (s: Summary | undefined) => s?.p50;
const p99 = (s: Summary | undefined) => s?.p99;

/** Per operation: sizes, p50/p99 per contender, and the ratios the issue asks for. */
export function operationsTable(result: ScaleResult): Table {
  const rows = Object.entries(result.ops).map(([op, row]) => [
    op,
    row.size === undefined ? '' : String(row.size),
    formatMs(p50(row.raw)),
    formatMs(p99(row.raw)),
    formatMs(p50(row.engine)),
    formatMs(p99(row.engine)),
    formatRatio(ratio(p50(row.engine), p50(row.raw))),
    formatRatio(ratio(p99(row.engine), p99(row.raw))),
    formatMs(p50(row.graphology)),
    formatRatio(ratio(p50(row.engineSlow), p50(row.graphology))),
    formatMs(p50(row.cte)),
    formatRatio(ratio(p50(row.cte), p50(row.engineSlow))),
  ]);
  return {
    title: `Operations at scale ${result.scale} (${result.services} services, ${result.edges} dependencies)`,
    header: [
      'operation',
      'closure',
      'raw p50',
      'raw p99',
      'engine p50',
      'engine p99',
      'engine/raw p50',
      'engine/raw p99',
      'graphology p50',
      'engine/graphology',
      'CTE p50',
      'CTE/engine',
    ],
    rows,
  };
}

/** Build times and memory per contender. */
export function buildTable(result: ScaleResult): Table {
  const { build, memory } = result;
  const rss = memory.rss as Partial<Record<Contender, number>>;
  const row = (name: string, contender: Contender, typed?: number) => [
    name,
    formatMs(build[contender]),
    formatMb(memory.held[contender]),
    formatMb(typed),
    formatMb(rss[contender]),
  ];
  return {
    title: `Build and memory at scale ${result.scale}`,
    header: ['contender', 'build', 'held after gc', 'typed arrays', 'process RSS'],
    rows: [
      ['model columns only', '', '', '', formatMb(memory.rss.model)],
      row('raw kernel', 'raw', memory.rawTypedArrays),
      row('engine', 'engine'),
      row('graphology (own process)', 'graphology'),
      row('PostgreSQL CTE (load + index)', 'cte'),
      [
        'this benchmark process (everything above it holds)',
        '',
        '',
        '',
        formatMb(memory.mainProcessRss),
      ],
    ],
  };
}

function formatValue(t: TargetResult): string {
  if (t.value === undefined) return '–';
  return t.unit === 'MB' ? `${t.value.toFixed(0)} MB` : formatRatio(t.value);
}

/** The targets with PASS/FAIL at scale 1, and for orientation (lower case) elsewhere. */
export function targetsTable(result: ScaleResult, targets: readonly TargetResult[]): Table {
  const official = result.scale === TARGET_SCALE;
  return {
    title: `Targets at scale ${result.scale}${official ? '' : ' (set for scale 1: shown for orientation)'}`,
    header: ['target', 'measured', 'limit', 'verdict', 'detail'],
    rows: targets.map((t) => [
      t.target,
      formatValue(t),
      `${t.kind === 'max' ? '≤' : '≥'} ${t.limit}${t.unit === 'MB' ? ' MB' : 'x'}`,
      official || t.verdict === 'n/a' ? t.verdict : t.verdict.toLowerCase(),
      t.detail,
    ]),
  };
}

/** The lines under the tables: the hub, the checks of the engine against the raw kernel, notes. */
export function summaryLines(result: ScaleResult): string[] {
  const lines = [
    `generated in ${formatMs(result.generateMs)}; hub ${result.hub.service}: upstream closure ${result.hub.closure} services (${(result.hub.fraction * 100).toFixed(1)}%), its outage changes ${result.hub.rawChanges} levels`,
  ];
  if (result.engine.available) lines.push(...engineLines(result.engine.checks));
  else lines.push(`engine not available: ${result.engine.reason}`);
  return [...lines, ...result.notes];
}

/** What became of the pairs during which the process was descheduled (see timePaired). */
function descheduledText(counts: Descheduled | undefined, retries: number): string {
  if (!counts) return '';
  const again =
    retries > 0
      ? `${counts.retimed} timings of a pair taken again because the process was descheduled during them (involuntary context switches), `
      : '';
  const last = retries > 0 ? ` after ${retries} more tries` : '';
  return `; ${again}${counts.cpuTimed} pairs descheduled${last} timed in CPU time (both calls)`;
}

/** What the engine rows time and how the engine's results compare with the raw kernel's. */
export function engineLines(c: EngineChecks): string[] {
  const closure =
    c.closureCall === 'closureCompact'
      ? `closure rows time engine.closureCompact(id, 'up') (hops, no levels) against the raw BFS: ${c.closureMismatches} samples of a different size`
      : `closure rows time engine.${c.closureCall}() as a FALLBACK (the engine has no closureCompact): level-aware, not like for like with the raw BFS`;
  const hub =
    c.hubReplayChanges === undefined
      ? 'hub rows: the engine has no replay(), so only apply (which builds transition objects) is timed; the target uses apply'
      : `hub rows: apply (builds transition objects) and replay (same propagation, count only), each against the same raw cascade; the target uses replay; apply ${c.hubTransitions} transitions, replay ${c.hubReplayChanges} changes`;
  const byPosition: string[] = [];
  if (c.positionMismatches !== undefined)
    byPosition.push(
      `"closure …, by position" rows time engine.closureAt(position, 'up') (the size; the members stay readable in the engine, as the raw BFS leaves them in its queue), each beside a raw BFS of its own, in turn: ${c.positionMismatches} samples of a different size${descheduledText(c.positionDescheduled, RETIME_TRIES)}; the closure targets use these rows`,
    );
  if (c.positionTransitionMismatches !== undefined)
    byPosition.push(
      `"single input, by position" times engine.applyAt (inputs by position, changes named on demand), each beside the raw kernel's same change, in turn; "single input" is apply by id (Transition objects): ${c.positionTransitionMismatches} inputs with a different number of changes${descheduledText(c.singleDescheduled, 0)}; the single input targets use it`,
    );
  return [
    `engine checked against the raw kernel: ${c.levelMismatches} level mismatches over all services, ${c.transitionMismatches} single inputs with a different number of changes`,
    closure,
    ...byPosition,
    `level-aware impact rows time engine.${c.impactCall}(id, 'major_outage') against the raw cascade of the same service going major_outage (restoring it untimed): mean ${Math.round(c.meanImpact)} services would change (raw BFS closure ${Math.round(c.meanClosure)}), ${c.impactMismatches} samples of a different count; no target of its own`,
    hub,
    `"impact report" rows time engine.impact() with parties and cost${c.recompute ? '' : '; the engine has no recompute(), so no full recompute figure'}`,
  ];
}

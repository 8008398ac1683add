import { ratio, type Summary } from '../../lib/stats.js';
import { formatMb, formatMs, formatRatio, type Table } from '../../lib/table.js';
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
  if (result.engine.available) {
    const c = result.engine.checks;
    lines.push(
      `engine checked against the raw kernel: ${c.levelMismatches} level mismatches over all services, ${c.transitionMismatches} single inputs with a different number of changes, hub outage ${c.hubTransitions} transitions`,
      `closure rows time engine.${c.closureCall}() (mean ${Math.round(c.meanImpact)} services that would change, vs ${Math.round(c.meanClosure)} in the raw BFS closure); "impact report" rows time engine.impact() with parties and cost${c.recompute ? '' : '; the engine has no recompute(), so no full recompute figure'}`,
    );
  } else lines.push(`engine not available: ${result.engine.reason}`);
  return [...lines, ...result.notes];
}

import { levelAt } from '../model/levels.js';
import type { Core } from './core.js';
import { signalsOf } from './input-record.js';
import { LEVEL_MASK, MAINTENANCE_BIT, stateOfByte } from './state-bits.js';
import { IGNORE_SLOT, OPERATIONAL, TABLE_WIDTH } from './transforms.js';
import type { Explanation } from './types.js';

/** Limits that keep an explanation finite and readable whatever the shape of the graph. */
export interface ExplainOptions {
  /** Dependency levels shown below the service (default 64). */
  maxDepth?: number;
  /** Services shown in all (default 2000). */
  maxServices?: number;
}

/**
 * The tree of contributing dependencies down to the inputs: a dependency is a cause when what it
 * contributes (after its edge's impact) is not operational, or when both it and the service are
 * in maintenance. Each service is explained in full once, where a depth-first walk first meets
 * it; later appearances are marked `repeated`, so the tree is never larger than the services
 * below. Built with an explicit stack, never recursion.
 */
export function explainService(
  core: Core,
  root: number,
  options: ExplainOptions = {},
): Explanation {
  const maxDepth = options.maxDepth ?? 64;
  const maxServices = options.maxServices ?? 2000;
  const top = describeOwn(core, root);
  const seen = new Set<number>([root]);
  const stack: { v: number; node: Explanation; depth: number }[] = [
    { v: root, node: top, depth: 0 },
  ];
  while (stack.length > 0) {
    const { v, node, depth } = stack.pop() as { v: number; node: Explanation; depth: number };
    const causes = causesOf(core, v);
    if (causes.length === 0) continue;
    if (depth >= maxDepth || seen.size >= maxServices) {
      node.truncated = true;
      continue;
    }
    const children: { v: number; node: Explanation }[] = [];
    for (const cause of causes) {
      const child = describeOwn(core, cause.v);
      if (seen.has(cause.v)) child.repeated = true;
      else {
        seen.add(cause.v);
        children.push({ v: cause.v, node: child });
      }
      node.causes.push({
        via: { impact: cause.impact, contributed: levelAt(cause.contributed) },
        explanation: child,
      });
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as { v: number; node: Explanation };
      stack.push({ v: child.v, node: child.node, depth: depth + 1 });
    }
  }
  return top;
}

/** The dependencies that are causes of v's state, worst contribution first, then in edge order. */
function causesOf(core: Core, v: number): { v: number; impact: string; contributed: number }[] {
  const { downStart, downTo, slotTransform, transforms } = core.graph;
  const { table } = core.net;
  const mine = core.state[v] as number;
  const causes: { v: number; impact: string; contributed: number }[] = [];
  const end = downStart[v + 1] as number;
  for (let slot = downStart[v] as number; slot < end; slot++) {
    const transform = slotTransform ? (slotTransform[slot] as number) : 0;
    const row = transform * TABLE_WIDTH;
    if (table[row + IGNORE_SLOT] !== 0) continue;
    const u = downTo[slot] as number;
    const s = core.state[u] as number;
    const contributed = table[row + (s & LEVEL_MASK)] as number;
    const bothInMaintenance = (mine & s & MAINTENANCE_BIT) !== 0;
    if (contributed !== OPERATIONAL || bothInMaintenance) {
      causes.push({ v: u, impact: transforms.labels[transform] as string, contributed });
    }
  }
  return causes.sort((a, b) => b.contributed - a.contributed);
}

/** A service's own part of an explanation: its state and its inputs that are not operational. */
function describeOwn(core: Core, v: number): Explanation {
  const state = stateOfByte(core.state[v] as number);
  const record = core.records.get(v);
  const node: Explanation = {
    service: core.idOf(v),
    level: state.level,
    maintenance: state.maintenance,
    acknowledged: state.acknowledged,
    signals: [],
    maintenanceWindows: record?.windows ? [...record.windows].sort() : [],
    causes: [],
  };
  if (!record) return node;
  for (const [key, signal] of signalsOf(record)) {
    if (signal.level === 'operational') continue;
    node.signals.push(
      signal.summary === undefined
        ? { key, level: signal.level }
        : { key, level: signal.level, summary: signal.summary },
    );
  }
  node.signals.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (record.override) {
    const { level, author, reason } = record.override;
    node.override = { level };
    if (author !== undefined) node.override.author = author;
    if (reason !== undefined) node.override.reason = reason;
  }
  return node;
}

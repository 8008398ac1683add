import type { CompactModel } from '../../src/engine/compact-model.js';
import { impactTable, type RawRule, rawRule } from './raw-rules.js';

/**
 * The raw kernel: the model as compressed sparse rows over typed arrays, services renumbered so
 * each height (longest path down to a service without dependencies) is one contiguous range of
 * positions, dependencies before their consumers. It is what the benchmark takes as the limit of
 * this runtime: no objects, no strings, no maps on any hot path.
 *
 * Positions are internal; the functions of this folder take and return service indices.
 */
export interface RawKernel {
  n: number;
  /** Service index at each position, and the position of each service index. */
  serviceAt: Int32Array;
  positionOf: Int32Array;
  /** Positions of height h are heightStart[h] .. heightStart[h + 1] - 1. */
  heightStart: Int32Array;
  heightOf: Uint16Array;
  /** Dependencies of position p: deps[depStart[p] .. depStart[p + 1]), positions too. */
  depStart: Int32Array;
  deps: Int32Array;
  /** Transform id of each dependency edge (0 is as-is), indexing `tables`. */
  depImpact: Uint8Array;
  tables: Uint8Array[];
  /** Consumers of position p: uses[useStart[p] .. useStart[p + 1]). */
  useStart: Int32Array;
  uses: Int32Array;
  /** 0 for a plain `worst` service whose edges are all as-is (the fast path), else 1. */
  general: Uint8Array;
  /** Rules of the general services, by position. */
  rules: Map<number, RawRule>;
  /** Own and effective level ranks (0 operational .. 4 major_outage), by position. */
  own: Uint8Array;
  level: Uint8Array;
  /** Scratch for propagation and closures. */
  mark: Uint8Array;
  dirty: Int32Array;
  dirtyCount: Int32Array;
  stamp: Uint32Array;
  epoch: number;
  queue: Int32Array;
  /** Contributions gathered on the general path. */
  scratch: Uint8Array;
}

/** Builds the kernel from columns; throws on a dependency cycle. Every service starts operational. */
export function buildRawKernel(model: CompactModel): RawKernel {
  const n = model.serviceIds.length;
  const { edgeFrom, edgeTo } = model;
  const heights = computeHeights(n, edgeFrom, edgeTo);
  const { serviceAt, positionOf, heightStart } = orderByHeight(heights);
  const heightOf = new Uint16Array(n);
  for (let p = 0; p < n; p++) heightOf[p] = heights[serviceAt[p] as number] as number;

  const depStart = csrStart(n, edgeFrom, positionOf);
  const useStart = csrStart(n, edgeTo, positionOf);
  const deps = new Int32Array(edgeFrom.length);
  const uses = new Int32Array(edgeFrom.length);
  const depImpact = new Uint8Array(edgeFrom.length);
  const { tables, tableOf } = compileImpacts(model);
  const depFill = depStart.slice(0, n);
  const useFill = useStart.slice(0, n);
  const general = new Uint8Array(n);
  let maxDegree = 0;
  for (let e = 0; e < edgeFrom.length; e++) {
    const from = positionOf[edgeFrom[e] as number] as number;
    const to = positionOf[edgeTo[e] as number] as number;
    const slot = depFill[from]++;
    deps[slot] = to;
    const table = tableOf.get(e) ?? 0;
    depImpact[slot] = table;
    if (table !== 0) general[from] = 1;
    uses[useFill[to]++] = from;
  }
  for (let p = 0; p < n; p++)
    maxDegree = Math.max(maxDegree, (depStart[p + 1] as number) - (depStart[p] as number));
  const rules = new Map<number, RawRule>();
  for (const [service, rule] of model.serviceRules) {
    const p = positionOf[service] as number;
    rules.set(p, rawRule(rule));
    general[p] = 1;
  }
  const heightCount = heightStart.length - 1;
  return {
    n,
    serviceAt,
    positionOf,
    heightStart,
    heightOf,
    depStart,
    deps,
    depImpact,
    tables,
    useStart,
    uses,
    general,
    rules,
    own: new Uint8Array(n),
    level: new Uint8Array(n),
    mark: new Uint8Array(n),
    dirty: new Int32Array(n),
    dirtyCount: new Int32Array(heightCount),
    stamp: new Uint32Array(n),
    epoch: 0,
    queue: new Int32Array(n),
    scratch: new Uint8Array(Math.max(1, maxDegree)),
  };
}

/** Longest path down to a service without dependencies, per service index (Kahn's order). */
function computeHeights(n: number, edgeFrom: Int32Array, edgeTo: Int32Array): Uint16Array {
  const remaining = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edgeFrom.length; e++) {
    remaining[edgeFrom[e] as number]++;
    start[(edgeTo[e] as number) + 1]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v] as number;
  const consumers = new Int32Array(edgeFrom.length);
  const fill = start.slice(0, n);
  for (let e = 0; e < edgeFrom.length; e++)
    consumers[fill[edgeTo[e] as number]++] = edgeFrom[e] as number;
  const heights = new Uint16Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (remaining[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    const h = (heights[v] as number) + 1;
    for (let i = start[v] as number; i < (start[v + 1] as number); i++) {
      const u = consumers[i] as number;
      if ((heights[u] as number) < h) heights[u] = h;
      if (--remaining[u] === 0) queue[tail++] = u;
    }
  }
  if (tail < n) throw new Error(`dependency cycle among ${n - tail} services`);
  return heights;
}

/** A stable counting sort of service indices by height. */
function orderByHeight(heights: Uint16Array) {
  const n = heights.length;
  let maxHeight = 0;
  for (let v = 0; v < n; v++)
    if ((heights[v] as number) > maxHeight) maxHeight = heights[v] as number;
  const heightStart = new Int32Array(maxHeight + 2);
  for (let v = 0; v < n; v++) heightStart[(heights[v] as number) + 1]++;
  for (let h = 0; h <= maxHeight; h++) heightStart[h + 1] += heightStart[h] as number;
  const fill = heightStart.slice(0, maxHeight + 1);
  const serviceAt = new Int32Array(n);
  const positionOf = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const p = fill[heights[v] as number]++;
    serviceAt[p] = v;
    positionOf[v] = p;
  }
  return { serviceAt, positionOf, heightStart };
}

/** Row starts of a CSR keyed by `key[e]` (a service index), in position space. */
function csrStart(n: number, key: Int32Array, positionOf: Int32Array): Int32Array {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < key.length; e++) start[(positionOf[key[e] as number] as number) + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p] as number;
  return start;
}

function compileImpacts(model: CompactModel) {
  const tables: Uint8Array[] = [impactTable({ kind: 'as-is' })];
  const ids = new Map<string, number>([[tables[0]?.join(',') as string, 0]]);
  const tableOf = new Map<number, number>();
  for (const [edge, impact] of model.edgeImpacts) {
    const table = impactTable(impact);
    const key = table.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = tables.length;
      if (id > 255) throw new Error('the raw kernel holds at most 255 distinct impacts');
      tables.push(table);
      ids.set(key, id);
    }
    if (id !== 0) tableOf.set(edge, id);
  }
  return { tables, tableOf };
}

/** Bytes held by the kernel's typed arrays: the "raw typed arrays" of the memory comparison. */
export function rawKernelBytes(kernel: RawKernel): number {
  let bytes = 0;
  for (const value of Object.values(kernel)) {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  }
  for (const table of kernel.tables) bytes += table.byteLength;
  return bytes;
}

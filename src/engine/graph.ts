import { InputError } from '../model/errors.js';
import type { CompactModel } from './compact-model.js';
import { TransformSet } from './transforms.js';

/**
 * The dependency graph in the engine's own numbering. Services are renumbered so that every
 * dependency depth (the longest path down to a service without dependencies) is a contiguous
 * range of internal numbers, depth 0 first; so a dependency always has a smaller number than its
 * consumer, and a pass in increasing order is a topological pass. Both directions are CSR arrays.
 */
export interface Graph {
  size: number;
  edgeCount: number;
  /** Internal number of external service index i. */
  toInternal: Int32Array;
  /** External service index of internal number v. */
  toExternal: Int32Array;
  /** Depth d holds internal numbers depthStart[d] to depthStart[d + 1] - 1. */
  depthStart: Int32Array;
  /** Dependencies of v: downTo[downStart[v] .. downStart[v + 1]). */
  downStart: Int32Array;
  downTo: Int32Array;
  /** Consumers of v: upFrom[upStart[v] .. upStart[v + 1]). */
  upStart: Int32Array;
  upFrom: Int32Array;
  /** Transform number of each down slot, or null when every edge is `as-is`. */
  slotTransform: Uint16Array | null;
  /** Weight of each down slot, or null when every weight is 1. */
  slotWeight: Float64Array | null;
  transforms: TransformSet;
  /** The most dependencies any one service has. */
  maxDegree: number;
}

/** Builds the graph; throws InputError on a dependency cycle or an edge to no service. */
export function buildGraph(compact: CompactModel): Graph {
  const size = compact.serviceIds.length;
  const { edgeFrom, edgeTo } = compact;
  const edgeCount = edgeFrom.length;
  for (let e = 0; e < edgeCount; e++) {
    const from = edgeFrom[e] as number;
    const to = edgeTo[e] as number;
    if (!(from >= 0 && from < size && to >= 0 && to < size))
      throw new InputError(`dependency ${e} refers to a service that does not exist`);
  }
  const depth = depthsOf(compact);
  const { toInternal, toExternal, depthStart } = renumber(depth);
  const downStart = new Int32Array(size + 1);
  for (let e = 0; e < edgeCount; e++)
    downStart[(toInternal[edgeFrom[e] as number] as number) + 1]++;
  let maxDegree = 0;
  for (let v = 0; v < size; v++) {
    maxDegree = Math.max(maxDegree, downStart[v + 1] as number);
    downStart[v + 1] += downStart[v] as number;
  }
  const transforms = new TransformSet();
  const { edgeImpacts, edgeWeights } = compact;
  const slotTransform = edgeImpacts.size > 0 ? new Uint16Array(edgeCount) : null;
  const slotWeight = edgeWeights.size > 0 ? new Float64Array(edgeCount).fill(1) : null;
  const downTo = new Int32Array(edgeCount);
  const fill = downStart.slice(0, size);
  for (let e = 0; e < edgeCount; e++) {
    const v = toInternal[edgeFrom[e] as number] as number;
    const slot = fill[v]++ as number;
    downTo[slot] = toInternal[edgeTo[e] as number] as number;
    if (slotTransform) {
      const impact = edgeImpacts.get(e);
      if (impact) slotTransform[slot] = transforms.intern(impact);
    }
    if (slotWeight) slotWeight[slot] = edgeWeights.get(e) ?? 1;
  }
  if (transforms.size > 0xffff) throw new InputError('more than 65535 distinct edge impacts');
  const { upStart, upFrom } = invert(downStart, downTo, size);
  return {
    size,
    edgeCount,
    toInternal,
    toExternal,
    depthStart,
    downStart,
    downTo,
    upStart,
    upFrom,
    slotTransform,
    slotWeight,
    transforms,
    maxDegree,
  };
}

/** Consumers per service from dependencies per service; each list comes out in increasing order. */
function invert(
  downStart: Int32Array,
  downTo: Int32Array,
  size: number,
): { upStart: Int32Array; upFrom: Int32Array } {
  const upStart = new Int32Array(size + 1);
  for (let slot = 0; slot < downTo.length; slot++) upStart[(downTo[slot] as number) + 1]++;
  for (let v = 0; v < size; v++) upStart[v + 1] += upStart[v] as number;
  const upFrom = new Int32Array(downTo.length);
  const fill = upStart.slice(0, size);
  for (let v = 0; v < size; v++) {
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      upFrom[fill[downTo[slot] as number]++ as number] = v;
    }
  }
  return { upStart, upFrom };
}

/** Longest path down to a service without dependencies, by Kahn's algorithm from the bottom. */
function depthsOf(compact: CompactModel): Int32Array {
  const size = compact.serviceIds.length;
  const { edgeFrom, edgeTo } = compact;
  const consumersStart = new Int32Array(size + 1);
  const remaining = new Int32Array(size);
  for (let e = 0; e < edgeFrom.length; e++) {
    consumersStart[(edgeTo[e] as number) + 1]++;
    remaining[edgeFrom[e] as number]++;
  }
  for (let v = 0; v < size; v++) consumersStart[v + 1] += consumersStart[v] as number;
  const consumers = new Int32Array(edgeFrom.length);
  const fill = consumersStart.slice(0, size);
  for (let e = 0; e < edgeFrom.length; e++) {
    consumers[fill[edgeTo[e] as number]++ as number] = edgeFrom[e] as number;
  }
  const depth = new Int32Array(size);
  const queue = new Int32Array(size);
  let tail = 0;
  for (let v = 0; v < size; v++) if (remaining[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const w = queue[head] as number;
    const next = (depth[w] as number) + 1;
    const end = consumersStart[w + 1] as number;
    for (let i = consumersStart[w] as number; i < end; i++) {
      const u = consumers[i] as number;
      if ((depth[u] as number) < next) depth[u] = next;
      if (--remaining[u] === 0) queue[tail++] = u;
    }
  }
  if (tail < size) throw new InputError(`dependency cycle: ${describeCycle(compact, remaining)}`);
  return depth;
}

/** Counting sort of the services by depth, stable in their external order. */
function renumber(depth: Int32Array): {
  toInternal: Int32Array;
  toExternal: Int32Array;
  depthStart: Int32Array;
} {
  const size = depth.length;
  let maxDepth = -1;
  for (let v = 0; v < size; v++) maxDepth = Math.max(maxDepth, depth[v] as number);
  const depthStart = new Int32Array(maxDepth + 2);
  for (let v = 0; v < size; v++) depthStart[(depth[v] as number) + 1]++;
  for (let d = 0; d <= maxDepth; d++) depthStart[d + 1] += depthStart[d] as number;
  const fill = depthStart.slice(0, maxDepth + 1);
  const toInternal = new Int32Array(size);
  const toExternal = new Int32Array(size);
  for (let v = 0; v < size; v++) {
    const internal = fill[depth[v] as number]++ as number;
    toInternal[v] = internal;
    toExternal[internal] = v;
  }
  return { toInternal, toExternal, depthStart };
}

/**
 * Spells out one cycle among the services Kahn's algorithm could not place (those with
 * dependencies left): walking from any of them along unplaced dependencies must come back.
 */
function describeCycle(compact: CompactModel, remaining: Int32Array): string {
  const { edgeFrom, edgeTo, serviceIds } = compact;
  const nextOf = new Int32Array(serviceIds.length).fill(-1);
  for (let e = 0; e < edgeFrom.length; e++) {
    const from = edgeFrom[e] as number;
    const to = edgeTo[e] as number;
    if ((remaining[from] as number) > 0 && (remaining[to] as number) > 0 && nextOf[from] === -1)
      nextOf[from] = to;
  }
  let start = remaining.findIndex((r) => r > 0);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(start)) {
    seenAt.set(start, path.length);
    path.push(start);
    start = nextOf[start] as number;
  }
  const cycle = path.slice(seenAt.get(start));
  cycle.push(start);
  return cycle.map((v) => serviceIds[v]).join(' -> ');
}

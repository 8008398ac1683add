import type { Graph } from './graph.js';
import type { Evaluator } from './kernel.js';

/** A depth is walked densely (a scan of its whole range) once more than 1/DENSE of it is dirty.
 * Either way a depth is visited in increasing internal number, so `changed` is sorted. */
const DENSE = 64;

/**
 * Incremental propagation. Services whose inputs changed are marked; `run` then re-evaluates
 * marked services depth by depth (a dependency is always at a lower depth than its consumer, so
 * every service is evaluated at most once, after all its dependencies), and marks the consumers
 * of each service whose state changed. It stops where nothing changes. Each depth keeps its
 * marked services in a linked list threaded through one Int32Array, or is scanned as a bitmap
 * when heavily dirty. One instance serves live changes and overlays in turn (never both at once).
 */
export class Propagator {
  private readonly dirty: Uint8Array;
  private readonly next: Int32Array;
  private readonly head: Int32Array;
  private readonly count: Int32Array;
  private pending = 0;
  private lowest: number;
  /** For each marked service: a negative input cause (-1 - index) or the dependency that changed. */
  readonly cause: Int32Array;
  /** The state byte each changed service had before `run`. */
  readonly prior: Uint8Array;
  /** Services whose state changed in the last run; `changedCount` of them are valid. */
  changed: Int32Array;
  changedCount = 0;
  private order = new Int32Array(64);
  /**
   * When set, the shortest number of hops along changed services from a hop-0 service:
   * entries must be -1 except for the starting services, and are left for the caller to reset.
   */
  hops: Int32Array | null = null;

  constructor(
    private readonly graph: Graph,
    private readonly evaluator: Evaluator,
  ) {
    const depths = graph.depthStart.length - 1;
    this.dirty = new Uint8Array(graph.size);
    this.next = new Int32Array(graph.size);
    this.head = new Int32Array(depths).fill(-1);
    this.count = new Int32Array(depths);
    this.lowest = depths;
    this.cause = new Int32Array(graph.size);
    this.prior = new Uint8Array(graph.size);
    this.changed = new Int32Array(64);
  }

  /** Marks a service for re-evaluation; the first mark's cause stays. */
  mark(v: number, cause: number): void {
    if (this.dirty[v] !== 0) return;
    this.dirty[v] = 1;
    this.cause[v] = cause;
    const d = this.depthOf(v);
    this.next[v] = this.head[d] as number;
    this.head[d] = v;
    this.count[d]++;
    this.pending++;
    if (d < this.lowest) this.lowest = d;
  }

  /** Re-evaluates what is marked, writing `state`; returns the number of changed services. */
  run(own: Uint8Array, state: Uint8Array): number {
    this.changedCount = 0;
    const { depthStart } = this.graph;
    const depths = this.head.length;
    for (let d = this.lowest; this.pending > 0 && d < depths; d++) {
      const marked = this.count[d] as number;
      if (marked === 0) continue;
      this.pending -= marked;
      this.count[d] = 0;
      const start = depthStart[d] as number;
      const end = depthStart[d + 1] as number;
      if (marked * DENSE > end - start) {
        for (let v = start; v < end; v++) {
          if (this.dirty[v] !== 0) this.visit(v, own, state);
        }
      } else {
        this.visitList(d, marked, own, state);
      }
      this.head[d] = -1;
    }
    this.lowest = depths;
    return this.changedCount;
  }

  /** Visits a depth's list in increasing order, so that `changed` comes out sorted. */
  private visitList(d: number, marked: number, own: Uint8Array, state: Uint8Array): void {
    if (marked === 1) {
      this.visit(this.head[d] as number, own, state);
      return;
    }
    if (this.order.length < marked)
      this.order = new Int32Array(Math.max(marked, this.order.length * 2));
    let n = 0;
    for (let v = this.head[d] as number; v >= 0; v = this.next[v] as number) this.order[n++] = v;
    const order = this.order.subarray(0, n).sort();
    for (let i = 0; i < n; i++) this.visit(order[i] as number, own, state);
  }

  private visit(v: number, own: Uint8Array, state: Uint8Array): void {
    this.dirty[v] = 0;
    const before = state[v] as number;
    const after = this.evaluator.evaluate(v, own, state);
    if (after === before) return;
    state[v] = after;
    this.prior[v] = before;
    if (this.changedCount === this.changed.length) {
      const grown = new Int32Array(this.changed.length * 2);
      grown.set(this.changed);
      this.changed = grown;
    }
    this.changed[this.changedCount++] = v;
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    const hops = this.hops;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      this.mark(u, v);
      if (hops !== null) {
        const hop = (hops[v] as number) + 1;
        const known = hops[u] as number;
        if (known < 0 || hop < known) hops[u] = hop;
      }
    }
  }

  private depthOf(v: number): number {
    const { depthStart } = this.graph;
    let low = 0;
    let high = depthStart.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((depthStart[middle] as number) <= v) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

import type { Graph } from './graph.js';
import type { Evaluator } from './kernel.js';
import { LEVEL_MASK } from './state-bits.js';

/** A depth is walked densely (a scan of its whole range) once more than 1/DENSE of it is dirty. */
const DENSE = 64;
/** Bit of `incoming` that asks for a full evaluation (an input changed, or a level went down). */
const RESCAN = 8;

/**
 * Incremental propagation. Services whose inputs changed are marked; `run` then re-evaluates
 * marked services depth by depth (a dependency is always at a lower depth than its consumer, so
 * every service is evaluated at most once, after all its dependencies), and marks the consumers
 * of each service whose state changed. It stops where nothing changes. Each depth keeps its
 * marked services in a linked list threaded through one Int32Array, or is scanned as a bitmap
 * when heavily dirty; either way in increasing internal number, so `changed` comes out sorted.
 *
 * In `levelsOnly` mode (what-if and impact, which report levels) only level changes propagate,
 * and a plain `worst` service whose dependencies only went up takes the highest incoming level
 * without reading its other dependencies: worst(old, incoming) is its new level exactly.
 * One instance serves live changes and overlays in turn (never both at once).
 */
export class Propagator {
  private readonly dirty: Uint8Array;
  private readonly next: Int32Array;
  private readonly head: Int32Array;
  private readonly count: Int32Array;
  private readonly incoming: Uint8Array;
  private pending = 0;
  private lowest: number;
  private order = new Int32Array(64);
  /** For each marked service: a negative input cause (-1 - index) or the dependency that changed. */
  readonly cause: Int32Array;
  /** The state byte each changed service had before `run`. */
  readonly prior: Uint8Array;
  /** Services whose state changed in the last run; `changedCount` of them are valid. */
  changed: Int32Array = new Int32Array(64);
  changedCount = 0;
  /** Services marked since `touchedCount` was last zeroed (kept only while `hops` is set). */
  touched: Int32Array = new Int32Array(64);
  touchedCount = 0;
  /**
   * When set, the shortest number of hops along changed services from a hop-0 service:
   * entries must be -1 except for the starting services, and are left for the caller to reset
   * (the marked services are listed in `touched`).
   */
  hops: Int32Array | null = null;
  levelsOnly = false;

  constructor(
    private readonly graph: Graph,
    private readonly evaluator: Evaluator,
    private readonly generic: Uint8Array,
  ) {
    const depths = graph.depthStart.length - 1;
    this.dirty = new Uint8Array(graph.size);
    this.next = new Int32Array(graph.size);
    this.head = new Int32Array(depths).fill(-1);
    this.count = new Int32Array(depths);
    this.incoming = new Uint8Array(graph.size);
    this.lowest = depths;
    this.cause = new Int32Array(graph.size);
    this.prior = new Uint8Array(graph.size);
  }

  /** Marks a service for re-evaluation; the first mark's cause stays. */
  mark(v: number, cause: number): void {
    if (cause < 0) this.incoming[v] |= RESCAN;
    if (this.dirty[v] !== 0) return;
    this.dirty[v] = 1;
    this.cause[v] = cause;
    const d = this.graph.depthOf[v] as number;
    this.next[v] = this.head[d] as number;
    this.head[d] = v;
    this.count[d]++;
    this.pending++;
    if (d < this.lowest) this.lowest = d;
    if (this.hops !== null) {
      if (this.touchedCount === this.touched.length) this.touched = grow(this.touched);
      this.touched[this.touchedCount++] = v;
    }
  }

  /** Re-evaluates what is marked, writing `state`; returns the number of changed services. */
  run(own: Uint8Array, state: Uint8Array): number {
    this.changedCount = 0;
    const { depthStart } = this.graph;
    const depths = this.head.length;
    const dirty = this.dirty;
    for (let d = this.lowest; this.pending > 0 && d < depths; d++) {
      const marked = this.count[d] as number;
      if (marked === 0) continue;
      this.pending -= marked;
      this.count[d] = 0;
      const start = depthStart[d] as number;
      const end = depthStart[d + 1] as number;
      if (marked * DENSE > end - start) {
        for (let v = start; v < end; v++) if (dirty[v] !== 0) this.visit(v, own, state);
      } else if (marked === 1) {
        this.visit(this.head[d] as number, own, state);
      } else {
        this.visitList(d, marked, own, state);
      }
      this.head[d] = -1;
    }
    this.lowest = depths;
    return this.changedCount;
  }

  /** Visits a depth's list in increasing order. */
  private visitList(d: number, marked: number, own: Uint8Array, state: Uint8Array): void {
    if (this.order.length < marked) this.order = new Int32Array(marked * 2);
    let n = 0;
    for (let v = this.head[d] as number; v >= 0; v = this.next[v] as number) this.order[n++] = v;
    const order = this.order.subarray(0, n).sort();
    for (let i = 0; i < n; i++) this.visit(order[i] as number, own, state);
  }

  private visit(v: number, own: Uint8Array, state: Uint8Array): void {
    this.dirty[v] = 0;
    const before = state[v] as number;
    const incoming = this.incoming[v] as number;
    this.incoming[v] = 0;
    let after: number;
    if (this.levelsOnly && incoming < RESCAN && this.generic[v] === 0) {
      after = (before & LEVEL_MASK) >= incoming ? before : (before & ~LEVEL_MASK) | incoming;
    } else {
      after = this.evaluator.evaluate(v, own, state);
    }
    const changedBits = this.levelsOnly ? (after ^ before) & LEVEL_MASK : after ^ before;
    if (changedBits === 0) return;
    state[v] = after;
    this.prior[v] = before;
    if (this.changedCount === this.changed.length) this.changed = grow(this.changed);
    this.changed[this.changedCount++] = v;
    this.markConsumers(v, before & LEVEL_MASK, after & LEVEL_MASK);
  }

  private markConsumers(v: number, before: number, after: number): void {
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    const hops = this.hops;
    const rose = after > before;
    const incoming = this.incoming;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      this.mark(u, v);
      const known = incoming[u] as number;
      if (!rose) incoming[u] = known | RESCAN;
      else if ((known & LEVEL_MASK) < after) incoming[u] = (known & RESCAN) | after;
      if (hops !== null) {
        const hop = (hops[v] as number) + 1;
        const seen = hops[u] as number;
        if (seen < 0 || hop < seen) hops[u] = hop;
      }
    }
  }
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

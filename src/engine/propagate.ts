import type { Graph } from './graph.js';
import type { Evaluator } from './kernel.js';
import { GENERIC_BIT, LEVEL_MASK } from './state-bits.js';

/** A depth is walked densely (a scan of its whole range) once more than 1/DENSE of it is dirty. */
const DENSE = 64;
/**
 * The same in levels-only mode, where a visit is so cheap that scanning a clean range costs
 * more than following the list; nor is the list sorted there (the caller orders the result).
 */
const DENSE_LEVELS_ONLY = 4;
/** Bit of `incoming` that asks for a full evaluation (an input changed, or a level went down). */
const RESCAN = 8;

/** `flags` bits: marked for a visit; changed in this run; needs a full evaluation; the highest incoming level. */
const DIRTY = 128;
const CHANGED = 64;

/**
 * Incremental propagation. Services whose inputs changed are marked; `run` then re-evaluates
 * marked services depth by depth (a dependency is always at a lower depth than its consumer, so
 * every service is evaluated at most once, after all its dependencies), and marks the consumers
 * of each service whose state changed. It stops where nothing changes. The services marked at
 * depth d are queued in `queue` from `depthStart[d]` on (a depth never holds more than its own
 * services), and a heavily dirty depth is scanned as a bitmap instead; either way in increasing
 * internal number, so `changed` comes out sorted (except in levels-only mode, where it comes out
 * in dependency order only).
 *
 * In `levelsOnly` mode (what-if and impact, which report levels) only level changes propagate,
 * and a plain `worst` service whose dependencies only went up takes the highest incoming level
 * without reading its other dependencies: worst(old, incoming) is its new level exactly.
 * One instance serves live changes and overlays in turn (never both at once).
 */
export class Propagator {
  /**
   * Per service: DIRTY, CHANGED (until `clearChanged`), RESCAN and the highest level pushed to
   * it by a dependency that rose.
   */
  private readonly flags: Uint8Array;
  private readonly queue: Int32Array;
  private readonly count: Int32Array;
  private pending = 0;
  private lowest: number;
  /** Services whose state changed in the last run; `changedCount` of them are valid. */
  changed: Int32Array = new Int32Array(64);
  /** The state byte `changed[i]` had before the run, at the same index. */
  prior: Uint8Array = new Uint8Array(64);
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
  ) {
    const depths = graph.depthStart.length - 1;
    this.flags = new Uint8Array(graph.size);
    this.queue = new Int32Array(graph.size);
    this.count = new Int32Array(depths);
    this.lowest = depths;
  }

  /** Marks a service whose own byte changed, for a full re-evaluation. */
  mark(v: number): void {
    const flags = this.flags[v] as number;
    this.flags[v] = flags | RESCAN;
    if ((flags & DIRTY) === 0) this.enqueue(v);
  }

  /** Whether v changed in the last run (until `clearChanged`). */
  isChanged(v: number): boolean {
    return ((this.flags[v] as number) & CHANGED) !== 0;
  }

  /** Forgets which services changed; call after every run, once the changes are read. */
  clearChanged(): void {
    const { flags, changed } = this;
    for (let i = 0; i < this.changedCount; i++) flags[changed[i] as number] = 0;
  }

  private enqueue(v: number): void {
    this.flags[v] |= DIRTY;
    const d = this.depthOf(v);
    this.queue[(this.graph.depthStart[d] as number) + (this.count[d]++ as number)] = v;
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
    const depths = this.count.length;
    const { flags, queue } = this;
    const dense = this.levelsOnly ? DENSE_LEVELS_ONLY : DENSE;
    for (let d = this.lowest; this.pending > 0 && d < depths; d++) {
      const marked = this.count[d] as number;
      if (marked === 0) continue;
      this.pending -= marked;
      this.count[d] = 0;
      const start = depthStart[d] as number;
      const end = depthStart[d + 1] as number;
      if (marked * dense > end - start) {
        for (let v = start; v < end; v++) {
          if ((flags[v] as number) >= DIRTY) this.visit(v, own, state);
        }
      } else {
        if (!this.levelsOnly && marked > 1) queue.subarray(start, start + marked).sort();
        for (let i = start; i < start + marked; i++) this.visit(queue[i] as number, own, state);
      }
    }
    this.lowest = depths;
    return this.changedCount;
  }

  private visit(v: number, own: Uint8Array, state: Uint8Array): void {
    const flags = this.flags[v] as number;
    this.flags[v] = 0;
    const before = state[v] as number;
    let after: number;
    if (this.levelsOnly && (flags & RESCAN) === 0 && ((own[v] as number) & GENERIC_BIT) === 0) {
      const incoming = flags & LEVEL_MASK;
      after = (before & LEVEL_MASK) >= incoming ? before : (before & ~LEVEL_MASK) | incoming;
    } else {
      after = this.evaluator.evaluate(v, own, state);
    }
    const changedBits = this.levelsOnly ? (after ^ before) & LEVEL_MASK : after ^ before;
    if (changedBits === 0) return;
    state[v] = after;
    this.flags[v] = CHANGED;
    if (this.changedCount === this.changed.length) {
      this.changed = grow(this.changed);
      const prior = new Uint8Array(this.changed.length);
      prior.set(this.prior);
      this.prior = prior;
    }
    this.prior[this.changedCount] = before;
    this.changed[this.changedCount++] = v;
    this.markConsumers(v, before & LEVEL_MASK, after & LEVEL_MASK);
  }

  /** Depth of v by binary search of the depth ranges: a few compares in cache beat a memory read. */
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

  private markConsumers(v: number, before: number, after: number): void {
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    const hops = this.hops;
    const pushed = after > before ? after : RESCAN;
    const flags = this.flags;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      const known = flags[u] as number;
      if ((known & DIRTY) === 0) this.enqueue(u);
      if (pushed === RESCAN) flags[u] |= RESCAN;
      else if ((known & LEVEL_MASK) < pushed)
        flags[u] = ((flags[u] as number) & ~LEVEL_MASK) | pushed;
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

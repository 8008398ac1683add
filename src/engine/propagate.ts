import type { Graph } from './graph.js';
import type { Evaluator } from './kernel.js';
import { GENERIC_BIT, LEVEL_MASK } from './state-bits.js';

/** A depth is walked densely (a scan of its whole range) once more than 1/DENSE of it is dirty. */
const DENSE = 64;
/**
 * The same in levels-only mode, where a visit is so cheap that scanning a clean range costs
 * more than following the queue; nor is the queue sorted there (the caller orders the result).
 */
const DENSE_LEVELS_ONLY = 4;

/*
 * One 32-bit word per service holds everything a run needs, so a visit or a mark touches one
 * memory line: the highest level a rising dependency pushed (bits 0-2), RESCAN (an input
 * changed or a level went down: evaluate fully), GENERIC (fixed: the rule is not plain `worst`
 * over `as-is` edges), DIRTY (queued), and from bit 8 up the hop count plus one (0: none yet),
 * kept only while hops are tracked. Which services changed is a separate bitmap (`changedBits`,
 * an eighth of a byte a service): it is read for the dependencies of every transition, most of
 * which were not visited, and at a million services the bitmap stays in cache where the words
 * do not.
 */
const RESCAN = 8;
const GENERIC = 32;
const DIRTY = 128;
const HOP_SHIFT = 8;
const LOW_BITS = 0xff;

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
  private readonly word: Int32Array;
  /** Bit v is set while v counts as changed (from its visit until `clearChanged`). */
  private readonly changedBits: Int32Array;
  private readonly queue: Int32Array;
  private readonly count: Int32Array;
  private pending = 0;
  private lowest: number;
  /** Services whose state changed in the last run; `changedCount` of them are valid. */
  changed: Int32Array = new Int32Array(64);
  changedCount = 0;
  /** The state byte `changed[i]` had before the run, at the same index. */
  prior: Uint8Array = new Uint8Array(64);
  /** With `trackHops`, the hop count of `changed[i]`, at the same index. */
  changedHops: Int32Array = new Int32Array(64);
  /** Services queued while hops are tracked, so `endHops` can forget them. */
  private touched: Int32Array = new Int32Array(64);
  private touchedCount = 0;
  private trackHops = false;
  levelsOnly = false;

  /** `own` gives each service's GENERIC_BIT, which never changes. */
  constructor(
    private readonly graph: Graph,
    private readonly evaluator: Evaluator,
    own: Uint8Array,
  ) {
    const depths = graph.depthStart.length - 1;
    this.word = new Int32Array(graph.size);
    this.changedBits = new Int32Array((graph.size >>> 5) + 1);
    for (let v = 0; v < graph.size; v++) {
      if (((own[v] as number) & GENERIC_BIT) !== 0) this.word[v] = GENERIC;
    }
    this.queue = new Int32Array(graph.size);
    this.count = new Int32Array(depths);
    this.lowest = depths;
  }

  /** Marks a service whose own byte changed, for a full re-evaluation. */
  mark(v: number): void {
    const word = this.word[v] as number;
    this.word[v] = word | RESCAN;
    if ((word & DIRTY) === 0) this.enqueue(v);
  }

  /**
   * Tracks hop counts along changed services from `starts` (hop 0) during the next runs, until
   * `endHops`.
   */
  startHops(starts: Iterable<number>): void {
    this.trackHops = true;
    this.touchedCount = 0;
    for (const v of starts) {
      this.word[v] = ((this.word[v] as number) & LOW_BITS) | (1 << HOP_SHIFT);
      this.touch(v);
    }
  }

  /** Forgets the hop counts. */
  endHops(): void {
    this.trackHops = false;
    const { word, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const v = touched[i] as number;
      word[v] = (word[v] as number) & LOW_BITS;
    }
    this.touchedCount = 0;
  }

  /** v's word, for reading ahead of a run (see Core.prefetch). */
  peek(v: number): number {
    return this.word[v] as number;
  }

  /** Whether v changed in the last run (until `clearChanged`). */
  isChanged(v: number): boolean {
    return ((this.changedBits[v >>> 5] as number) & (1 << (v & 31))) !== 0;
  }

  /** Forgets which services changed; call after every run, once the changes are read. */
  clearChanged(): void {
    const { changedBits, changed } = this;
    if (this.changedCount * 8 > changedBits.length) {
      changedBits.fill(0);
      return;
    }
    // Every bit set belongs to a changed service, so clearing whole words loses nothing.
    for (let i = 0; i < this.changedCount; i++) changedBits[(changed[i] as number) >>> 5] = 0;
  }

  private enqueue(v: number): void {
    this.word[v] |= DIRTY;
    const d = this.depthOf(v);
    this.queue[(this.graph.depthStart[d] as number) + (this.count[d]++ as number)] = v;
    this.pending++;
    if (d < this.lowest) this.lowest = d;
    if (this.trackHops) this.touch(v);
  }

  private touch(v: number): void {
    if (this.touchedCount === this.touched.length) this.touched = grow(this.touched);
    this.touched[this.touchedCount++] = v;
  }

  /** Re-evaluates what is marked, writing `state`; returns the number of changed services. */
  run(own: Uint8Array, state: Uint8Array): number {
    this.changedCount = 0;
    const { depthStart } = this.graph;
    const depths = this.count.length;
    const { word, queue } = this;
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
          if (((word[v] as number) & DIRTY) !== 0) this.visit(v, own, state);
        }
      } else {
        if (!this.levelsOnly && marked > 1) sortRange(queue, start, start + marked);
        for (let i = start; i < start + marked; i++) this.visit(queue[i] as number, own, state);
      }
    }
    this.lowest = depths;
    return this.changedCount;
  }

  private visit(v: number, own: Uint8Array, state: Uint8Array): void {
    const word = this.word[v] as number;
    const kept = word & (GENERIC | ~LOW_BITS);
    this.word[v] = kept;
    const before = state[v] as number;
    let after: number;
    if (this.levelsOnly && (word & (RESCAN | GENERIC)) === 0) {
      const incoming = word & LEVEL_MASK;
      after = (before & LEVEL_MASK) >= incoming ? before : (before & ~LEVEL_MASK) | incoming;
    } else {
      after = this.evaluator.evaluate(v, own, state);
    }
    const changedBits = this.levelsOnly ? (after ^ before) & LEVEL_MASK : after ^ before;
    if (changedBits === 0) return;
    state[v] = after;
    this.changedBits[v >>> 5] |= 1 << (v & 31);
    this.record(v, before, (kept >>> HOP_SHIFT) - 1);
    this.markConsumers(v, before & LEVEL_MASK, after & LEVEL_MASK, kept >>> HOP_SHIFT);
  }

  private record(v: number, before: number, hop: number): void {
    if (this.changedCount === this.changed.length) {
      this.changed = grow(this.changed);
      this.changedHops = grow(this.changedHops);
      const prior = new Uint8Array(this.changed.length);
      prior.set(this.prior);
      this.prior = prior;
    }
    this.prior[this.changedCount] = before;
    this.changedHops[this.changedCount] = hop;
    this.changed[this.changedCount++] = v;
  }

  /** Marks v's consumers, pushing v's level (or RESCAN when it went down) and its hop + 1. */
  private markConsumers(v: number, before: number, after: number, hopPlusOne: number): void {
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    const pushed = after > before ? after : RESCAN;
    const next = this.trackHops ? hopPlusOne + 1 : 0;
    const word = this.word;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      let w = word[u] as number;
      if ((w & DIRTY) === 0) {
        this.enqueue(u);
        w |= DIRTY;
      }
      if (pushed === RESCAN) w |= RESCAN;
      else if ((w & LEVEL_MASK) < pushed) w = (w & ~LEVEL_MASK) | pushed;
      const hop = w >>> HOP_SHIFT;
      if (next !== 0 && (hop === 0 || next < hop)) w = (w & LOW_BITS) | (next << HOP_SHIFT);
      word[u] = w;
    }
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
}

/** Sorts queue[start .. end) in place: insertion sort for the short runs most changes give. */
function sortRange(queue: Int32Array, start: number, end: number): void {
  if (end - start > 32) {
    queue.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const value = queue[i] as number;
    let j = i - 1;
    while (j >= start && (queue[j] as number) > value) {
      queue[j + 1] = queue[j] as number;
      j--;
    }
    queue[j + 1] = value;
  }
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

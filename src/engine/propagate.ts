import type { Graph } from './graph.js';
import type { Evaluator } from './kernel.js';
import { GENERIC_BIT, LEVEL_MASK } from './state-bits.js';

/** A depth is walked densely (a scan of its whole range) once more than 1/DENSE of it is dirty. */
const DENSE = 64;

/*
 * One 32-bit word per service holds what a run needs, so a visit or a mark touches one memory
 * line: RESCAN (an input changed, or a dependency's level went down: evaluate fully), HOPPED
 * (reached by the hop count walk), GENERIC (fixed: the rule is not plain `worst` over `as-is`
 * edges), CHANGED (until clearChanged), DIRTY (queued), and from bit 8 up a hop count.
 */
const RESCAN = 8;
const HOPPED = 16;
const GENERIC = 32;
const CHANGED = 64;
const DIRTY = 128;
const HOP_SHIFT = 8;
const LOW_BITS = 0xff;

/**
 * Incremental propagation, two ways.
 *
 * `run` (live changes, every bit of the state): services whose inputs changed are marked;
 * marked services are re-evaluated depth by depth (a dependency is always at a lower depth than
 * its consumer, so each is evaluated once, after all its dependencies), and the consumers of
 * each one whose state changed are marked. It stops where nothing changes. The services marked
 * at depth d are queued in `queue` from `depthStart[d]` on (a depth never holds more than its
 * own services), or a heavily dirty depth is scanned as a bitmap; either way in increasing
 * internal number, so `changed` comes out sorted.
 *
 * `runLevels` (what-if and impact, which report levels): a level that rises spreads breadth
 * first through plain `worst` services, which take the highest level pushed to them without
 * reading their other dependencies (worst(old, incoming) is exact while nothing below them
 * falls); services with other rules or impacts, and any service below which a level fell, wait
 * in the depth queues and are evaluated fully once everything below them has settled.
 *
 * One instance serves live changes and overlays in turn (never both at once).
 */
export class Propagator {
  private readonly word: Int32Array;
  private readonly queue: Int32Array;
  private readonly count: Int32Array;
  private pending = 0;
  private lowest: number;
  private fifo: Int32Array = new Int32Array(64);
  /** Services whose state changed in the last run; `changedCount` of them are valid. */
  changed: Int32Array = new Int32Array(64);
  changedCount = 0;
  /** The state byte `changed[i]` had before the run, at the same index. */
  prior: Uint8Array = new Uint8Array(64);

  /** `own` gives each service's GENERIC_BIT, which never changes. */
  constructor(
    private readonly graph: Graph,
    private readonly evaluator: Evaluator,
    own: Uint8Array,
  ) {
    const depths = graph.depthStart.length - 1;
    this.word = new Int32Array(graph.size);
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

  /** Whether v changed in the last run (until `clearChanged`). */
  isChanged(v: number): boolean {
    return ((this.word[v] as number) & CHANGED) !== 0;
  }

  /** Forgets which services changed; call after every run, once the changes are read. */
  clearChanged(): void {
    const { word, changed } = this;
    for (let i = 0; i < this.changedCount; i++) {
      const v = changed[i] as number;
      word[v] = (word[v] as number) & GENERIC;
    }
  }

  private enqueue(v: number): void {
    this.word[v] |= DIRTY;
    const d = this.depthOf(v);
    this.queue[(this.graph.depthStart[d] as number) + (this.count[d]++ as number)] = v;
    this.pending++;
    if (d < this.lowest) this.lowest = d;
  }

  /** Re-evaluates what is marked, writing `state`; returns the number of changed services. */
  run(own: Uint8Array, state: Uint8Array): number {
    this.changedCount = 0;
    const { depthStart } = this.graph;
    const depths = this.count.length;
    const { word, queue } = this;
    for (let d = this.lowest; this.pending > 0 && d < depths; d++) {
      const marked = this.count[d] as number;
      if (marked === 0) continue;
      this.pending -= marked;
      this.count[d] = 0;
      const start = depthStart[d] as number;
      const end = depthStart[d + 1] as number;
      if (marked * DENSE > end - start) {
        for (let v = start; v < end; v++) {
          if (((word[v] as number) & DIRTY) !== 0) this.visit(v, own, state);
        }
      } else {
        if (marked > 1) sortRange(queue, start, start + marked);
        for (let i = start; i < start + marked; i++) this.visit(queue[i] as number, own, state);
      }
    }
    this.lowest = depths;
    return this.changedCount;
  }

  private visit(v: number, own: Uint8Array, state: Uint8Array): void {
    this.word[v] = (this.word[v] as number) & GENERIC;
    const before = state[v] as number;
    const after = this.evaluator.evaluate(v, own, state);
    if (after === before) return;
    state[v] = after;
    this.word[v] = (this.word[v] as number) | CHANGED;
    this.record(v, before);
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      if (((this.word[u] as number) & DIRTY) === 0) this.enqueue(u);
    }
  }

  private record(v: number, before: number): void {
    if (this.changedCount === this.changed.length) {
      this.changed = grow(this.changed);
      const prior = new Uint8Array(this.changed.length);
      prior.set(this.prior);
      this.prior = prior;
    }
    this.prior[this.changedCount] = before;
    this.changed[this.changedCount++] = v;
  }

  /**
   * Propagates level changes only (see the class comment), writing `state`. Afterwards
   * `changed[0 .. count)` hold the services whose level differs from before, with `prior`, in
   * the order they first changed.
   */
  runLevels(own: Uint8Array, state: Uint8Array): number {
    this.changedCount = 0;
    let head = 0;
    let tail = 0;
    for (;;) {
      while (head < tail) tail = this.rise(this.fifo[head++] as number, state, tail);
      head = 0;
      tail = 0;
      if (this.pending === 0) break;
      tail = this.settleDepth(own, state);
    }
    this.lowest = this.count.length;
    return this.keepLevelChanges(state);
  }

  /** Pushes w's risen level to its consumers; returns the new FIFO tail. */
  private rise(w: number, state: Uint8Array, tail: number): number {
    const { upStart, upFrom } = this.graph;
    const word = this.word;
    const level = (state[w] as number) & LEVEL_MASK;
    const end = upStart[w + 1] as number;
    for (let i = upStart[w] as number; i < end; i++) {
      const u = upFrom[i] as number;
      const x = word[u] as number;
      if ((x & (GENERIC | RESCAN)) !== 0) {
        if ((x & DIRTY) === 0) this.enqueue(u);
        continue;
      }
      const s = state[u] as number;
      if ((s & LEVEL_MASK) >= level) continue;
      if ((x & CHANGED) === 0) {
        word[u] = x | CHANGED;
        this.record(u, s);
      }
      state[u] = (s & ~LEVEL_MASK) | level;
      tail = this.push(u, tail);
    }
    return tail;
  }

  /** Fully evaluates the lowest depth waiting; returns the FIFO tail of the levels that rose. */
  private settleDepth(own: Uint8Array, state: Uint8Array): number {
    let d = this.lowest;
    while ((this.count[d] as number) === 0) d++;
    const start = this.graph.depthStart[d] as number;
    const marked = this.count[d] as number;
    this.count[d] = 0;
    this.pending -= marked;
    this.lowest = d + 1;
    let tail = 0;
    for (let i = start; i < start + marked; i++) {
      const v = this.queue[i] as number;
      const x = (this.word[v] as number) & (GENERIC | CHANGED);
      this.word[v] = x;
      const before = state[v] as number;
      const after = (this.evaluator.evaluate(v, own, state) as number) & LEVEL_MASK;
      if (after === (before & LEVEL_MASK)) continue;
      if ((x & CHANGED) === 0) {
        this.word[v] = x | CHANGED;
        this.record(v, before);
      }
      state[v] = (before & ~LEVEL_MASK) | after;
      if (after > (before & LEVEL_MASK)) tail = this.push(v, tail);
      else this.fell(v);
    }
    return tail;
  }

  /** A level went down: every consumer needs a full evaluation. */
  private fell(v: number): void {
    const { upStart, upFrom } = this.graph;
    const end = upStart[v + 1] as number;
    for (let i = upStart[v] as number; i < end; i++) {
      const u = upFrom[i] as number;
      const x = this.word[u] as number;
      this.word[u] = x | RESCAN;
      if ((x & DIRTY) === 0) this.enqueue(u);
    }
  }

  private push(v: number, tail: number): number {
    if (tail === this.fifo.length) this.fifo = grow(this.fifo);
    this.fifo[tail] = v;
    return tail + 1;
  }

  /** Drops from `changed` the services whose level came back to where it was. */
  private keepLevelChanges(state: Uint8Array): number {
    const { changed, prior, word } = this;
    let kept = 0;
    for (let i = 0; i < this.changedCount; i++) {
      const v = changed[i] as number;
      const before = prior[i] as number;
      if ((((state[v] as number) ^ before) & LEVEL_MASK) === 0) {
        state[v] = before;
        word[v] = (word[v] as number) & GENERIC;
        continue;
      }
      changed[kept] = v;
      prior[kept++] = before;
    }
    this.changedCount = kept;
    return kept;
  }

  /**
   * The hop count of each changed service (by index in `changed`): its shortest distance from
   * the changed ones among `starts` along changed services, by a breadth-first walk.
   */
  hopsFrom(starts: readonly number[]): Int32Array {
    const { word, changed } = this;
    const { upStart, upFrom } = this.graph;
    const order = new Int32Array(this.changedCount);
    let tail = 0;
    for (const v of starts) {
      const x = word[v] as number;
      if ((x & CHANGED) === 0 || (x & HOPPED) !== 0) continue;
      word[v] = (x & LOW_BITS) | HOPPED;
      order[tail++] = v;
    }
    for (let head = 0; head < tail; head++) {
      const w = order[head] as number;
      const next = (((word[w] as number) >>> HOP_SHIFT) + 1) << HOP_SHIFT;
      const end = upStart[w + 1] as number;
      for (let i = upStart[w] as number; i < end; i++) {
        const u = upFrom[i] as number;
        const x = word[u] as number;
        if ((x & (CHANGED | HOPPED)) !== CHANGED) continue;
        word[u] = (x & LOW_BITS) | HOPPED | next;
        order[tail++] = u;
      }
    }
    const hops = new Int32Array(this.changedCount);
    for (let i = 0; i < this.changedCount; i++) {
      const v = changed[i] as number;
      hops[i] = (word[v] as number) >>> HOP_SHIFT;
      word[v] = (word[v] as number) & (LOW_BITS & ~HOPPED);
    }
    return hops;
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

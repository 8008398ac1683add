import type { Graph } from './graph.js';
import { ResultPool } from './result-pool.js';

/** A closure: services and their hop counts, at the same index. */
export interface Closure {
  services: Int32Array;
  hops: Int32Array;
}

/**
 * Transitive closures by a breadth-first walk of the CSR arrays, each service with its shortest
 * hop count, ordered by hop, then by the walk. The queue, the hop counts and the visited stamps
 * are allocated once for the whole graph (on first use) and a walk allocates nothing: a new
 * epoch number marks what it visits, so nothing is cleared between walks, and the result stays
 * in the scratch arrays until `copy` (or `read`) takes it out before the next walk.
 */
export class ClosureWalker {
  private stamp: Int32Array | null = null;
  private epoch = 0;
  private queue: Int32Array | null = null;
  private hops: Int32Array | null = null;
  private count = 0;

  constructor(
    private readonly graph: Graph,
    private readonly pool: ResultPool = new ResultPool(),
  ) {}

  /** Every service `root` rests on (internal numbers), the root left out, in new arrays. */
  downstream(root: number, map?: Int32Array): Closure {
    this.walk(root, this.graph.downStart, this.graph.downTo);
    return this.copy(map);
  }

  /** Every service that rests on `root` (internal numbers), the root left out, in new arrays. */
  upstream(root: number, map?: Int32Array): Closure {
    this.walk(root, this.graph.upStart, this.graph.upFrom);
    return this.copy(map);
  }

  /**
   * Walks without copying the result out: `read(i)` and `hopAt(i)` give member i (internal
   * number and hop), for i below the returned count, until the next walk.
   */
  walkInPlace(root: number, direction: 'up' | 'down'): number {
    const { graph } = this;
    return direction === 'up'
      ? this.walk(root, graph.upStart, graph.upFrom)
      : this.walk(root, graph.downStart, graph.downTo);
  }

  /** Number of members of the last walk. */
  get size(): number {
    return this.count;
  }

  /** Member i of the last walk (internal number). */
  read(i: number): number {
    return (this.queue as Int32Array)[i + 1] as number;
  }

  /** Hop count of member i of the last walk. */
  hopAt(i: number): number {
    return (this.hops as Int32Array)[i + 1] as number;
  }

  /** The walk; returns the number of members, left in queue[1 .. count] and hops[1 .. count]. */
  private walk(root: number, start: Int32Array, neighbours: Int32Array): number {
    const size = this.graph.size;
    this.stamp ??= new Int32Array(size);
    this.queue ??= new Int32Array(size);
    this.hops ??= new Int32Array(size);
    const { stamp, queue, hops } = this;
    const epoch = this.nextEpoch(stamp);
    stamp[root] = epoch;
    queue[0] = root;
    hops[0] = 0;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head] as number;
      const hop = (hops[head] as number) + 1;
      const end = start[v + 1] as number;
      for (let i = start[v] as number; i < end; i++) {
        const u = neighbours[i] as number;
        if (stamp[u] === epoch) continue;
        stamp[u] = epoch;
        hops[tail] = hop;
        queue[tail++] = u;
      }
    }
    this.count = tail - 1;
    return this.count;
  }

  private nextEpoch(stamp: Int32Array): number {
    this.epoch = (this.epoch + 1) | 0;
    if (this.epoch <= 0) {
      stamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** The last walk's members in exactly sized arrays (see ResultPool); with `map`, map[v] for v. */
  private copy(map: Int32Array | undefined): Closure {
    const count = this.count;
    const queue = this.queue as Int32Array;
    const pool = this.pool;
    const offset = pool.reserve(count * 8);
    const services = new Int32Array(pool.buffer, offset, count);
    const hops = new Int32Array(pool.buffer, offset + count * 4, count);
    const hopOf = this.hops as Int32Array;
    for (let i = 0; i < count; i++) {
      const v = queue[i + 1] as number;
      services[i] = map ? (map[v] as number) : v;
      hops[i] = hopOf[i + 1] as number;
    }
    return { services, hops };
  }
}

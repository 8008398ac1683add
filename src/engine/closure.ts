import type { Graph } from './graph.js';

/**
 * Transitive closures by a breadth-first walk of the CSR arrays, each service with its shortest
 * hop count, ordered by hop, then by the walk. The queue, the hop counts and the visited bitmap
 * are allocated once for the whole graph (on first use); the walk clears only what it set, so a
 * small closure costs only its own size.
 */
export class ClosureWalker {
  private seen: Uint8Array | null = null;
  private queue: Int32Array | null = null;
  private hops: Int32Array | null = null;

  constructor(private readonly graph: Graph) {}

  /** Every service `root` rests on (internal numbers), the root left out. */
  downstream(root: number, map?: Int32Array): { services: Int32Array; hops: Int32Array } {
    return this.walk(root, this.graph.downStart, this.graph.downTo, map);
  }

  /** Every service that rests on `root` (internal numbers), the root left out. */
  upstream(root: number, map?: Int32Array): { services: Int32Array; hops: Int32Array } {
    return this.walk(root, this.graph.upStart, this.graph.upFrom, map);
  }

  /** The walk; with `map`, the services come out as map[v] instead of v. */
  private walk(
    root: number,
    start: Int32Array,
    neighbours: Int32Array,
    map: Int32Array | undefined,
  ): { services: Int32Array; hops: Int32Array } {
    const size = this.graph.size;
    this.seen ??= new Uint8Array(size);
    this.queue ??= new Int32Array(size);
    this.hops ??= new Int32Array(size);
    const { seen, queue, hops } = this;
    seen[root] = 1;
    queue[0] = root;
    hops[0] = 0;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head] as number;
      const hop = (hops[head] as number) + 1;
      const end = start[v + 1] as number;
      for (let i = start[v] as number; i < end; i++) {
        const u = neighbours[i] as number;
        if (seen[u] !== 0) continue;
        seen[u] = 1;
        hops[tail] = hop;
        queue[tail++] = u;
      }
    }
    const count = tail - 1;
    const buffer = new ArrayBuffer(count * 8);
    const services = new Int32Array(buffer, 0, count);
    const hopOf = new Int32Array(buffer, count * 4, count);
    seen[root] = 0;
    for (let i = 1; i < tail; i++) {
      const v = queue[i] as number;
      seen[v] = 0;
      services[i - 1] = map ? (map[v] as number) : v;
      hopOf[i - 1] = hops[i] as number;
    }
    return { services, hops: hopOf };
  }
}

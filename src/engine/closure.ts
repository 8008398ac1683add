import type { Graph } from './graph.js';

/**
 * Transitive closures by a breadth-first walk of the CSR arrays, each service with its shortest
 * hop count, ordered by hop, then by the walk. Keeps one visited bitmap for the whole graph and
 * clears only what it set, so a small closure costs only its own size.
 */
export class ClosureWalker {
  private seen: Uint8Array | null = null;

  constructor(private readonly graph: Graph) {}

  /** Every service `root` rests on (internal numbers), the root left out. */
  downstream(root: number): { services: Int32Array; hops: Int32Array } {
    return this.walk(root, this.graph.downStart, this.graph.downTo);
  }

  /** Every service that rests on `root` (internal numbers), the root left out. */
  upstream(root: number): { services: Int32Array; hops: Int32Array } {
    return this.walk(root, this.graph.upStart, this.graph.upFrom);
  }

  private walk(
    root: number,
    start: Int32Array,
    neighbours: Int32Array,
  ): { services: Int32Array; hops: Int32Array } {
    const { size } = this.graph;
    this.seen ??= new Uint8Array(size);
    const seen = this.seen;
    let queue: Int32Array = new Int32Array(64);
    let hops: Int32Array = new Int32Array(64);
    seen[root] = 1;
    queue[0] = root;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head] as number;
      const hop = (hops[head] as number) + 1;
      const end = start[v + 1] as number;
      for (let i = start[v] as number; i < end; i++) {
        const u = neighbours[i] as number;
        if (seen[u] !== 0) continue;
        seen[u] = 1;
        if (tail === queue.length) {
          queue = grow(queue);
          hops = grow(hops);
        }
        hops[tail] = hop;
        queue[tail++] = u;
      }
    }
    for (let i = 0; i < tail; i++) seen[queue[i] as number] = 0;
    return { services: queue.slice(1, tail), hops: hops.slice(1, tail) };
  }
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

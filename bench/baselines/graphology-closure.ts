import { DirectedGraph } from 'graphology';
import type { CompactModel } from '../../src/engine/compact-model.js';

/**
 * The model as a graphology graph, the way an application would use a general graph library:
 * string keys, an edge from consumer to supporter. Memory-hungry (objects per node and edge), so
 * the harness builds it in a separate process.
 */
export function buildGraphology(
  model: CompactModel,
  onProgress?: (fraction: number) => void,
): DirectedGraph {
  const graph = new DirectedGraph();
  const ids = model.serviceIds;
  for (const id of ids) graph.addNode(id);
  const edges = model.edgeFrom.length;
  for (let e = 0; e < edges; e++) {
    graph.addDirectedEdge(ids[model.edgeFrom[e] as number], ids[model.edgeTo[e] as number]);
    if ((e & 0x3ffff) === 0) onProgress?.(e / edges);
  }
  onProgress?.(1);
  return graph;
}

/** Breadth-first upstream closure over in-neighbours: how many services depend on `id`. */
export function graphologyUpstream(graph: DirectedGraph, id: string): number {
  const seen = new Set<string>([id]);
  const queue: string[] = [id];
  for (let head = 0; head < queue.length; head++) {
    graph.forEachInNeighbor(queue[head] as string, (consumer) => {
      if (seen.has(consumer)) return;
      seen.add(consumer);
      queue.push(consumer);
    });
  }
  return queue.length - 1;
}

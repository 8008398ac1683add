import type { MapGraph } from './map-graph.js';

export interface Position {
  x: number;
  y: number;
}

/**
 * A layered layout in linear time, for graphs too big for dagre: each node one row below its
 * lowest consumer (longest path from the top, so parties and business services sit on top and
 * infrastructure at the bottom), ordered in its row by the mean position of its consumers. A
 * row longer than `perLine` nodes is folded into lines half a row apart.
 */
export function layeredPositions(graph: MapGraph, gapX = 60, gapY = 110): Map<string, Position> {
  const consumers = new Map<string, string[]>();
  const needs = new Map<string, string[]>();
  for (const n of graph.nodes) {
    consumers.set(n.id, []);
    needs.set(n.id, []);
  }
  for (const e of graph.edges) {
    consumers.get(e.target)?.push(e.source);
    needs.get(e.source)?.push(e.target);
  }
  // Kahn's order from the top; the model has no cycles, but stray nodes of one still get a row.
  const waiting = new Map(graph.nodes.map((n) => [n.id, consumers.get(n.id)?.length ?? 0]));
  const rank = new Map<string, number>();
  const queue = graph.nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const below of needs.get(id) ?? []) {
      rank.set(below, Math.max(rank.get(below) ?? 0, (rank.get(id) ?? 0) + 1));
      const left = (waiting.get(below) ?? 0) - 1;
      waiting.set(below, left);
      if (left === 0) queue.push(below);
    }
  }
  for (const n of graph.nodes) if (!rank.has(n.id)) rank.set(n.id, 0);
  const rows: string[][] = [];
  for (const id of queue.length === graph.nodes.length ? queue : graph.nodes.map((n) => n.id)) {
    const r = rank.get(id) as number;
    const row = rows[r];
    if (row) row.push(id);
    else rows[r] = [id];
  }
  // A layer wider than the map would be folded into several lines, so that a layer of a
  // thousand services does not flatten the picture into a streak.
  const perLine = Math.max(8, Math.ceil(Math.sqrt(graph.nodes.length) * 1.5));
  const positions = new Map<string, Position>();
  let y = 0;
  for (const row of rows) {
    if (!row) continue;
    const order = row.map((id, i) => {
      const above = (consumers.get(id) ?? [])
        .map((c) => positions.get(c)?.x)
        .filter((x) => x !== undefined);
      return { id, key: above.length ? above.reduce((a, b) => a + b, 0) / above.length : i * gapX };
    });
    order.sort((a, b) => a.key - b.key);
    for (let start = 0; start < order.length; start += perLine) {
      const line = order.slice(start, start + perLine);
      const width = (line.length - 1) * gapX;
      for (const [i, o] of line.entries()) positions.set(o.id, { x: i * gapX - width / 2, y });
      y += start + perLine < order.length ? gapY / 2 : gapY;
    }
  }
  return positions;
}

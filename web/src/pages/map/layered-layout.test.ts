import { expect, it } from 'vitest';
import { layeredPositions } from './layered-layout.js';
import type { MapGraph } from './map-graph.js';

const node = (id: string, kind: 'service' | 'party' = 'service') => ({
  id,
  kind,
  name: id,
  label: '',
  level: null,
  maintenance: false,
});
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

it('puts every node a row below its lowest consumer, parties on top, ordered under their consumers', () => {
  const graph: MapGraph = {
    nodes: [
      node('party:p', 'party'),
      node('shop'),
      node('erp'),
      node('db'),
      node('net'),
      node('wiki'),
    ],
    edges: [
      edge('party:p', 'shop'),
      edge('shop', 'erp'),
      edge('erp', 'db'),
      edge('shop', 'db'),
      edge('db', 'net'),
      edge('wiki', 'net'),
    ],
    truncated: false,
  };
  const at = layeredPositions(graph, 10, 100);
  const row = (id: string) => (at.get(id)?.y ?? -1) / 100;
  expect(['party:p', 'shop', 'erp', 'db', 'net', 'wiki'].map(row)).toEqual([0, 1, 2, 3, 4, 0]);
  expect(at.size).toBe(6);
  // wiki and the party share the top row, centred on 0
  expect([at.get('party:p')?.x, at.get('wiki')?.x].sort()).toEqual([-5, 5]);
});

it('folds a wide layer into lines, keeping layers in order', () => {
  const nodes = [
    node('top'),
    ...Array.from({ length: 40 }, (_, i) => node(`n${i}`)),
    node('bottom'),
  ];
  const edges = [
    ...Array.from({ length: 40 }, (_, i) => edge('top', `n${i}`)),
    ...Array.from({ length: 40 }, (_, i) => edge(`n${i}`, 'bottom')),
  ];
  const at = layeredPositions({ nodes, edges, truncated: false }, 10, 100);
  const ys = new Set(Array.from({ length: 40 }, (_, i) => at.get(`n${i}`)?.y));
  expect(ys.size).toBeGreaterThan(1);
  const middle = [...ys] as number[];
  expect(Math.min(...middle)).toBeGreaterThan(at.get('top')?.y as number);
  expect(Math.max(...middle)).toBeLessThan(at.get('bottom')?.y as number);
});

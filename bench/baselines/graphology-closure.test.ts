import { describe, expect, it } from 'vitest';
import { generateModel } from '../generate.js';
import { buildGraphology, graphologyUpstream } from './graphology-closure.js';
import { upstreamClosure } from './raw-closure.js';
import { buildRawKernel } from './raw-kernel.js';

describe('graphology baseline', () => {
  it('finds the same upstream closure sizes as the raw kernel', () => {
    const { compact, hubs } = generateModel({ scale: 0.01, seed: 3 });
    const graph = buildGraphology(compact);
    expect(graph.order).toBe(compact.serviceIds.length);
    expect(graph.size).toBe(compact.edgeFrom.length);
    const kernel = buildRawKernel(compact);
    const samples = [...hubs.flatMap((h) => [...h.slice(0, 2)]), 0, 17, 4242];
    for (const s of samples) {
      expect(graphologyUpstream(graph, compact.serviceIds[s] as string)).toBe(
        upstreamClosure(kernel, s),
      );
    }
  });
});

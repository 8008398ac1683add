import { buildGraphology, graphologyUpstream } from '../baselines/graphology-closure.js';
import { generateModel } from '../generate.js';
import { heldBytes } from '../lib/memory.js';
import { createProgress } from '../lib/progress.js';
import { timeOnce } from '../lib/stats.js';
import { serveOnce } from '../suites/engine/worker.js';

export interface GraphologyRequest {
  scale: number;
  seed: number;
  prefix: string;
  buckets: { label: string; services: number[] }[];
}

export interface GraphologyReply {
  buildMs: number;
  heldBytes: number;
  times: Record<string, number[]>;
}

serveOnce<GraphologyRequest, GraphologyReply>(async (request) => {
  const progress = createProgress(request.prefix);
  const { compact } = generateModel({ scale: request.scale, seed: request.seed });
  const before = heldBytes();
  const started = performance.now();
  const graph = buildGraphology(compact, progress.track('graphology build'));
  const buildMs = performance.now() - started;
  const held = heldBytes() - before;
  const times: Record<string, number[]> = {};
  for (const bucket of request.buckets) {
    const ids = bucket.services.map((s) => compact.serviceIds[s] as string);
    graphologyUpstream(graph, ids[0] as string);
    times[`closure ${bucket.label}`] = ids.map((id) =>
      timeOnce(() => graphologyUpstream(graph, id)),
    );
    progress.note(`graphology closures ${bucket.label} done`);
  }
  return { buildMs, heldBytes: held, times };
});

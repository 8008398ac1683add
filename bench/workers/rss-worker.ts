import { buildRawKernel } from '../baselines/raw-kernel.js';
import { generateModel } from '../generate.js';
import { collectGarbage } from '../lib/memory.js';
import { loadEngine } from '../suites/engine/engine-module.js';
import { serveOnce } from '../suites/engine/worker.js';

export interface RssRequest {
  scale: number;
  seed: number;
  /** What the process holds besides the columnar model: nothing, the raw kernel, or the engine. */
  holds: 'model' | 'raw' | 'engine';
}

export interface RssReply {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Keeps what was built reachable until the figures are taken. */
const held: unknown[] = [];

serveOnce<RssRequest, RssReply>(async (request) => {
  const { compact } = generateModel({ scale: request.scale, seed: request.seed });
  if (request.holds === 'raw') held.push(buildRawKernel(compact));
  if (request.holds === 'engine') {
    const loaded = await loadEngine();
    if (!loaded.ok) throw new Error(`engine not available: ${loaded.reason}`);
    const engine = loaded.module.buildEngine(compact);
    const id = compact.serviceIds[compact.serviceIds.length - 1] as string;
    engine.apply([{ type: 'signal', service: id, key: 'bench', level: 'major_outage' }], 1);
    engine.apply([{ type: 'signal', service: id, key: 'bench', level: null }], 2);
    held.push(engine);
  }
  held.push(compact);
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
});

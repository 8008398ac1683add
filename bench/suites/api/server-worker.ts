import { generateModel } from '../../generate.js';
import type { Summary } from '../../lib/stats.js';
import { createBenchApps, sampleIds } from './bench-app.js';
import {
  chooseImpactService,
  type ImpactSample,
  impactTarget,
  timeImpact,
} from './impact-sample.js';

/**
 * The API server of the benchmark, in a child process of its own so that the load generator
 * does not share its thread: it generates the model, builds the app, measures the engine's impact
 * call, listens, says `ready`, and closes on `stop`.
 */

/** What the parent asks the server child for. */
export interface ServerRequest {
  scale: number;
  seed: number;
  /** Service ids for the status requests. */
  statusIds: number;
  /** Timed engine calls for the impact comparison. */
  impactRuns: number;
}

/** The child's answer once it listens: where, what to ask, and the engine's own timings. */
export interface ServerReady {
  type: 'ready';
  api: string;
  trivial: string;
  services: number;
  statusIds: string[];
  impact: ImpactSample;
  buildMs: number;
}

async function start(request: ServerRequest): Promise<ServerReady> {
  const generated = generateModel({ scale: request.scale, seed: request.seed });
  const started = performance.now();
  const apps = await createBenchApps(generated.compact);
  const buildMs = performance.now() - started;
  const api = await apps.api.listen({ port: 0, host: '127.0.0.1' });
  const trivial = await apps.trivial.listen({ port: 0, host: '127.0.0.1' });
  const engine = apps.runtime.engine;
  const ids = generated.compact.serviceIds;
  const chosen = chooseImpactService(engine, generated.hubs, impactTarget(ids.length));
  const timed = timeImpact(engine, chosen.service, request.impactRuns);
  process.on('message', (message) => {
    if ((message as { type?: string }).type !== 'stop') return;
    void Promise.all([apps.api.close(), apps.trivial.close()]).then(() => process.exit(0));
  });
  return {
    type: 'ready',
    api,
    trivial,
    services: ids.length,
    statusIds: sampleIds(ids, request.statusIds, request.seed),
    impact: {
      service: chosen.service,
      size: timed.size,
      engine: timed.engine as Summary,
      stringify: timed.stringify as Summary,
      bytes: timed.bytes,
    },
    buildMs,
  };
}

process.once('message', (request) => {
  start(request as ServerRequest).then(
    (ready) => process.send?.(ready),
    (error: unknown) => {
      process.send?.(
        {
          type: 'error',
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        () => process.exit(1),
      );
    },
  );
});

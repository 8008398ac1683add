import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Progress } from '../../lib/progress.js';
import type { Summary } from '../../lib/stats.js';
import type { ApiBenchConfig } from './config.js';
import { type LoadResult, runLoad, serverMeanMs, timeRequests } from './load.js';
import type { ServerReady, ServerRequest } from './server-worker.js';

/** The figures of one scale. */
export interface ApiScaleResult {
  scale: number;
  services: number;
  /** Building the engine and the app, in the server process. */
  buildMs: number;
  status: LoadResult;
  trivial: LoadResult;
  impact: ServerReady['impact'] & { http: Summary; serverMeanMs: number | undefined };
  notes: string[];
}

function startServer(request: ServerRequest): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const script = fileURLToPath(new URL('./server-worker.js', import.meta.url));
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      const reply = message as ServerReady | { type: 'error'; error: string };
      if (reply.type === 'ready') resolve({ child, ready: reply });
      else reject(new Error(reply.error));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`API server ended (${signal ?? code}) before it was ready`)),
    );
    child.send(request);
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/**
 * One scale: the server child generates the model and listens; here autocannon drives the
 * status route and the trivial route (a short warm-up each, then the timed run), and the
 * impact route is timed request by request.
 */
export async function runApiScale(
  scale: number,
  config: ApiBenchConfig,
  progress: Progress,
): Promise<ApiScaleResult> {
  progress.note('generating the model and starting the API server …');
  const { child, ready } = await startServer({
    scale,
    seed: config.seed,
    statusIds: config.statusIds,
    impactRuns: config.impactRuns,
  });
  try {
    const statusPaths = ready.statusIds.map((id) => `/api/v1/services/${id}/status`);
    const load = { connections: config.connections, durationSeconds: config.durationSeconds };
    const warm = { connections: config.connections, durationSeconds: 2 };
    progress.note(`${ready.services} services; warming up`);
    await runLoad(ready.api, statusPaths, warm);
    await runLoad(ready.trivial, ['/ping'], warm);
    progress.note(
      `status route: ${config.connections} connections for ${config.durationSeconds} s`,
    );
    const status = await runLoad(ready.api, statusPaths, load);
    progress.note('trivial route');
    const trivial = await runLoad(ready.trivial, ['/ping'], load);
    progress.note(`impact route (${ready.impact.size} services), ${config.impactRuns} requests`);
    const http = await timeRequests(
      `${ready.api}/api/v1/services/${ready.impact.service}/impact`,
      config.impactRuns,
    );
    const serverMean = await serverMeanMs(ready.api, '/api/v1/services/:id/impact');
    const notes: string[] = [];
    if (status.errors + status.non2xx > 0)
      notes.push(`status route: ${status.errors} errors and ${status.non2xx} non-2xx answers`);
    return {
      scale,
      services: ready.services,
      buildMs: ready.buildMs,
      status,
      trivial,
      impact: { ...ready.impact, http, serverMeanMs: serverMean },
      notes,
    };
  } finally {
    await stopServer(child);
  }
}

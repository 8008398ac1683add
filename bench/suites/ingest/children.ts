import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { IngestServerReady, IngestServerRequest, IngestServerStats } from './server-worker.js';

/**
 * The child processes the ingest and cluster suites drive: servers (server-worker.ts) and
 * live-stream probes (probe-worker.ts), each in a process of its own so that the load generator
 * does not share their thread.
 */
export function startServer(
  request: IngestServerRequest,
): Promise<{ child: ChildProcess; ready: IngestServerReady }> {
  const script = fileURLToPath(new URL('./server-worker.js', import.meta.url));
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      const reply = message as IngestServerReady | { type: 'error'; error: string };
      if (reply.type === 'ready') resolve({ child, ready: reply });
      else reject(new Error(reply.error));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`ingest server ended (${signal ?? code}) before it was ready`)),
    );
    child.send(request);
  });
}

/** A stream listener in its own process (see probe-worker.ts); `stop` answers its delays. */
export async function startProbe(
  url: string,
  token: string,
): Promise<{ stop(): Promise<number[]> }> {
  const script = fileURLToPath(new URL('./probe-worker.js', import.meta.url));
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type: string) =>
    new Promise<{ delays?: number[]; error?: string }>((resolve, reject) => {
      const listen = (message: unknown) => {
        const reply = message as { type: string; delays?: number[]; error?: string };
        if (reply.type === 'error') reject(new Error(reply.error));
        if (reply.type !== type) return;
        child.off('message', listen);
        resolve(reply);
      };
      child.on('message', listen);
    });
  const started = next('started');
  child.send({ type: 'start', url, token });
  await started;
  return {
    async stop() {
      const reply = next('delays');
      child.send({ type: 'stop' });
      return (await reply).delays ?? [];
    },
  };
}

/** The server's commit figures since the last ask. */
export function serverStats(child: ChildProcess): Promise<IngestServerStats> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      if ((message as { type?: string }).type !== 'stats') return;
      child.off('message', listen);
      resolve(message as IngestServerStats);
    };
    child.on('message', listen);
    child.send({ type: 'stats' });
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Drops a run's own schema, whatever the run left in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Accounts } from '../../../src/accounts/accounts.js';
import { DEFAULT_RATE_LIMITS } from '../../../src/api/ops/rate-limits.js';
import { openDataStore } from '../../../src/cli/data-store.js';
import { startServer } from '../../../src/main.js';
import type { Model, Service } from '../../../src/model/entities.js';
import type { SignalRecord } from '../../../src/store/signal-store.js';
import { buildDependency, buildService, createChanges } from '../../../src/store/test-model.js';

/**
 * The servers of the ingest benchmark, in a child process so that the load generator does not
 * share its thread: the real server (file store in a fresh data folder, WAL, synchronous FULL,
 * real token authentication, rate limits on but set high) and the baseline, a bare Fastify
 * route that only parses the same bodies. Given a database, the server stores in PostgreSQL
 * instead, through DATABASE_URL and DATABASE_SCHEMA as a deployment would.
 */
export interface IngestServerRequest {
  services: number;
  /** PostgreSQL instead of SQLite: the URL and a schema of this run's own (created here). */
  database?: { url: string; schema: string };
  /**
   * Another instance on the same database (the cluster suite): the secrets every instance of a
   * deployment shares, and, for an instance that joins, the token the first one made (the model
   * and the token are stored already, so it prepares nothing).
   */
  cluster?: { secretKey: string; cursorSecret: string; token?: string };
}

export interface IngestServerReady {
  type: 'ready';
  api: string;
  baseline: string;
  token: string;
  services: number;
}

/** Commits the store made and the signals they held, since the last ask. */
export interface IngestServerStats {
  type: 'stats';
  commits: number;
  signals: number;
}

function benchModel(targets: number): Model {
  const apps = Math.max(1, Math.ceil(targets / 5));
  const services: Service[] = [
    ...Array.from({ length: targets }, (_, i) =>
      buildService({
        id: `svc-${i}`,
        signals: [{ match: { service: `svc-${i}` }, matchRegex: {} }],
      }),
    ),
    ...Array.from({ length: apps }, (_, j) => buildService({ id: `app-${j}` })),
    buildService({ id: 'business', rule: { kind: 'atLeast', ok: { kind: 'percent', value: 90 } } }),
  ];
  const dependencies = [
    ...Array.from({ length: targets }, (_, i) =>
      buildDependency({ from: `app-${i % apps}`, to: `svc-${i}` }),
    ),
    ...Array.from({ length: apps }, (_, j) =>
      buildDependency({ from: 'business', to: `app-${j}` }),
    ),
  ];
  return { parties: [], services, dependencies, subscriptions: [] };
}

async function prepare(dataDir: string, targets: number): Promise<string> {
  const store = await openDataStore(dataDir);
  try {
    await store.applyChanges(createChanges(benchModel(targets)), { id: 'bench' });
    const accounts = new Accounts(store);
    await accounts.createUser({ name: 'bench', role: 'admin' }, { id: 'bench' });
    const { secret } = await accounts.createToken(
      { user: 'bench', name: 'bench', scopes: ['ingest', 'read'], expiresInDays: 1 },
      { id: 'bench' },
    );
    return secret;
  } finally {
    await store.close();
  }
}

async function start(request: IngestServerRequest): Promise<IngestServerReady> {
  const dataDir = mkdtempSync(join(tmpdir(), 'servicechain-ingest-bench-'));
  if (request.database) {
    process.env.DATABASE_URL = request.database.url;
    process.env.DATABASE_SCHEMA = request.database.schema;
  }
  if (request.cluster) {
    process.env.SERVICECHAIN_SECRET_KEY = request.cluster.secretKey;
    process.env.SERVICECHAIN_CURSOR_SECRET = request.cluster.cursorSecret;
  }
  const token = request.cluster?.token ?? (await prepare(dataDir, request.services));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    demo: false,
    adminPassword: 'bench admin password',
    operations: {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        byAccess: { ...DEFAULT_RATE_LIMITS.byAccess, ingest: 1_000_000_000 },
      },
    },
  });
  let commits = 0;
  let signals = 0;
  const record = server.store.recordSignals.bind(server.store);
  server.store.recordSignals = (batch: readonly SignalRecord[]) => {
    commits++;
    signals += batch.length;
    return record(batch);
  };
  const baseline = Fastify({ bodyLimit: 4 * 1024 * 1024 });
  baseline.post('/parse', async (req) => ({
    received: (req.body as { alerts: unknown[] }).alerts.length,
  }));
  const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', (message) => {
    const type = (message as { type?: string }).type;
    if (type === 'stats') {
      process.send?.({ type: 'stats', commits, signals } satisfies IngestServerStats);
      commits = 0;
      signals = 0;
    }
    if (type === 'stop')
      void Promise.all([server.close(), baseline.close()]).then(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  return {
    type: 'ready',
    api: server.url,
    baseline: baselineUrl,
    token,
    services: request.services,
  };
}

process.once('message', (message) => {
  start(message as IngestServerRequest).then(
    (ready) => process.send?.(ready),
    (error: unknown) =>
      process.send?.({
        type: 'error',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

import type { FastifyInstance } from 'fastify';
import type { Authenticate } from './api/access.js';
import { createApp } from './api/app.js';
import { createLogger } from './api/ops/logger.js';
import type { OperationsOptions } from './api/ops/routes.js';
import { planFiles } from './as-code/model-files.js';
import { isEmptyPlan, planToChanges } from './as-code/plan.js';
import { openDataStore } from './cli/data-store.js';
import { formatProblem } from './model/errors.js';
import { demoModelPath } from './package-root.js';
import { StatusRuntime } from './runtime/status-runtime.js';
import { closeApp, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
import type { Store } from './store/store.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Load the demo model when the database holds no model yet. */
  demo: boolean;
  /** How often to look for model changes made by other processes (default 2000 ms). */
  watchIntervalMs?: number;
  /** Metrics access, rate limits, stream settings. */
  operations?: OperationsOptions;
  /** How long shutdown waits for requests under way (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Who is asking; nobody by default (every route that is not public answers 401). */
  authenticate?: Authenticate;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  runtime: StatusRuntime;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

/** The composition root: configuration, store, API, listening socket. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = createLogger({ level: config.logLevel });
  const store = await openDataStore(config.dataDir);
  try {
    if (config.demo) await loadDemoIfEmpty(store, logger);
    const runtime = await StatusRuntime.start(store);
    runtime.watch(config.watchIntervalMs);
    // Accounts and sign-in are not built yet: nobody is signed in, so every route that is not
    // public answers 401 (deny by default).
    const app = await createApp({
      store,
      runtime,
      logger,
      authenticate: config.authenticate ?? (async () => undefined),
      operations: config.operations,
    });
    const url = await app.listen({ port: config.port, host: config.host });
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        runtime.stop();
        const timeout = config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
        if (!(await closeApp(app, timeout)))
          logger.warn(`requests still open after ${timeout} ms were cut`);
        await store.close();
        logger.info('stopped: requests finished, streams closed, store closed');
      })();
      return closing;
    };
    return { app, store, runtime, url, close };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function loadDemoIfEmpty(store: Store, logger: { info(msg: string): void }): Promise<void> {
  const current = await store.loadModel();
  if (current.services.length > 0 || current.parties.length > 0) return;
  const outcome = await planFiles(demoModelPath(), current, { prune: false });
  if (!outcome.ok)
    throw new Error(
      `the demo model is invalid:\n${outcome.problems.map(formatProblem).join('\n')}`,
    );
  if (isEmptyPlan(outcome.value.plan)) return;
  await store.applyChanges(planToChanges(outcome.value.plan, outcome.value.desired), {
    id: 'system:demo',
  });
  logger.info(
    `new database: loaded the demo model (${outcome.value.desired.services.length} services)`,
  );
}

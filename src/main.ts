import type { FastifyInstance } from 'fastify';
import { Accounts } from './accounts/accounts.js';
import { FirstAdminSetup, type FirstStart } from './accounts/first-admin.js';
import type { Authenticate } from './api/access.js';
import { createApp } from './api/app.js';
import { createAuthenticate } from './api/auth/authenticate.js';
import { createLogger } from './api/ops/logger.js';
import type { OperationsOptions } from './api/ops/routes.js';
import { planFiles } from './as-code/model-files.js';
import { isEmptyPlan, planToChanges } from './as-code/plan.js';
import { parseSeverityMapping, type SeverityMapping } from './ingest/mapping.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { formatProblem } from './model/errors.js';
import { startNotifications } from './notify/notifications.js';
import { demoModelPath } from './package-root.js';
import { HistoryRecorder } from './runtime/history-recorder.js';
import { StatusRuntime } from './runtime/status-runtime.js';
import { closeApp, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
import { openDataStore } from './store/open-store.js';
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
  /** Who is asking; by default sessions and API tokens from the store's accounts. */
  authenticate?: Authenticate;
  /**
   * The first admin's password when the store has no user yet (default: the environment's
   * SERVICECHAIN_ADMIN_PASSWORD); without one, a one-time setup link is logged instead.
   */
  adminPassword?: string;
  /**
   * How severities become levels, over the defaults, as `critical=major_outage,*=degraded`
   * (default: the environment's SERVICECHAIN_SEVERITY_LEVELS).
   */
  severityLevels?: string;
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
    runtime.watch(config.watchIntervalMs, (error) =>
      logger.error({ err: error }, 'model watch: could not check for or load model changes'),
    );
    const ingest = await IngestPipeline.start(store, runtime, {
      severity: severityMapping(config.severityLevels ?? process.env.SERVICECHAIN_SEVERITY_LEVELS),
      onError: (error) =>
        logger.error({ err: error }, 'signals: the engine refused committed inputs'),
    });
    // After the pipeline has told the engine the stored inputs: history is compared with that.
    const history = await HistoryRecorder.start(store, runtime, {
      onError: (error) =>
        logger.error({ err: error }, 'history: could not write status changes (kept, retried)'),
    });
    const accounts = new Accounts(store);
    const firstAdmin = new FirstAdminSetup(accounts);
    const firstStart = await firstAdmin.start(
      config.adminPassword ?? process.env.SERVICECHAIN_ADMIN_PASSWORD,
    );
    const notifications = startNotifications({
      store,
      runtime,
      dataDir: config.dataDir,
      env: process.env,
      publicUrl: `http://${config.host}:${config.port}`,
      onError: (error) => logger.error({ err: error }, 'notifications: could not queue or send'),
    });
    const app = await createApp({
      store,
      runtime,
      logger,
      notifications,
      accounts,
      firstAdmin,
      authenticate: config.authenticate ?? createAuthenticate(accounts),
      operations: config.operations,
      ingest,
      recorder: history,
    });
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info(signInHint(firstStart, url.replace('127.0.0.1', 'localhost')));
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        runtime.stop();
        ingest.stop();
        const timeout = config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
        if (!(await closeApp(app, timeout)))
          logger.warn(`requests still open after ${timeout} ms were cut`);
        await history.stop();
        await notifications.stop();
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

function severityMapping(text: string | undefined): SeverityMapping | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const mapping = parseSeverityMapping(text);
  if (typeof mapping === 'string') throw new Error(`SERVICECHAIN_SEVERITY_LEVELS: ${mapping}`);
  return mapping;
}

/** What the log says at start about signing in. */
export function signInHint(firstStart: FirstStart, url: string): string {
  if (firstStart.kind === 'created')
    return `first start: created the admin '${firstStart.name}' with the password from SERVICECHAIN_ADMIN_PASSWORD; sign in at ${url}/sign-in`;
  if (firstStart.kind === 'setup-link')
    return `first start: no users yet. Open this one-time link before ${firstStart.expiresAt} to set the admin password: ${url}/setup?token=${firstStart.secret} (or set SERVICECHAIN_ADMIN_PASSWORD, or run 'servicechain user add')`;
  return `sign in at ${url}/sign-in`;
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

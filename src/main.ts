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
import { ClusterNode } from './cluster/cluster-node.js';
import { parseSeverityMapping, type SeverityMapping } from './ingest/mapping.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { ConflictError, formatProblem } from './model/errors.js';
import { startNotifications } from './notify/notifications.js';
import { demoModelPath } from './package-root.js';
import { HistoryRecorder } from './runtime/history-recorder.js';
import { StatusRuntime } from './runtime/status-runtime.js';
import { closeApp, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
import { Started } from './started.js';
import { openClusterLink, openDataStore } from './store/open-store.js';
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
  /**
   * Signs list cursors; several instances must share one so a cursor from one works on another
   * (default: the environment's SERVICECHAIN_CURSOR_SECRET, else random per process).
   */
  cursorSecret?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  runtime: StatusRuntime;
  /** With several instances on one PostgreSQL database: this one's part (leader or follower). */
  cluster?: ClusterNode;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

/**
 * The server could not start for a reason outside the program (the port is taken, the address
 * is not this machine's): said in one line, without a stack.
 */
export class CannotStart extends Error {}

/**
 * The composition root: configuration, store, API, listening socket. When a step fails, what
 * the earlier ones started is stopped before the error is thrown, so the process can exit.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = createLogger({ level: config.logLevel });
  const started = new Started();
  const store = started.add(await openDataStore(config.dataDir), (s) => s.close());
  // PostgreSQL: several instances may share the store; one leads (src/cluster/).
  const link = started.add(openClusterLink(), (l) => l?.close());
  try {
    if (config.demo) await loadDemoIfEmpty(store, logger);
    const runtime = started.add(await StatusRuntime.start(store), (r) => r.stop());
    runtime.watch(config.watchIntervalMs, (error) =>
      logger.error({ err: error }, 'model watch: could not check for or load model changes'),
    );
    let cluster: ClusterNode | undefined;
    const ingest = started.add(
      await IngestPipeline.start(store, runtime, {
        severity: severityMapping(
          config.severityLevels ?? process.env.SERVICECHAIN_SEVERITY_LEVELS,
        ),
        onError: (error) =>
          logger.error({ err: error }, 'signals: the engine refused committed inputs'),
        ...(link && { onStored: () => cluster?.storedHere() }),
      }),
      (p) => p.stop(),
    );
    const historyErrors = (error: unknown) =>
      logger.error({ err: error }, 'history: could not write status changes (kept, retried)');
    // After the pipeline has told the engine the stored inputs: history is compared with that.
    // Among several instances only the leader records, from when it takes over.
    // What it cannot write before the store closes is dropped rather than retried forever.
    const history = link
      ? undefined
      : started.add(await HistoryRecorder.start(store, runtime, { onError: historyErrors }), (h) =>
          h.stop().finally(() => h.abandon()),
        );
    if (link) {
      cluster = started.add(
        await ClusterNode.start({
          link,
          store,
          runtime,
          pipeline: ingest,
          recorder: { onError: historyErrors },
          onError: (error) =>
            logger.error({ err: error }, 'cluster: could not catch up or publish'),
          onRole: (role) => logger.info(`cluster: this instance is now the ${role}`),
        }),
        (c) => c.stop(),
      );
      if (!(config.cursorSecret ?? process.env.SERVICECHAIN_CURSOR_SECRET))
        logger.warn(
          'SERVICECHAIN_CURSOR_SECRET is not set: list cursors from this instance will not work on the others',
        );
    }
    const leader = cluster;
    const accounts = new Accounts(store);
    const firstAdmin = new FirstAdminSetup(accounts);
    const firstStart = await firstAdmin.start(
      config.adminPassword ?? process.env.SERVICECHAIN_ADMIN_PASSWORD,
    );
    const notifications = started.add(
      startNotifications({
        store,
        runtime,
        dataDir: config.dataDir,
        env: process.env,
        publicUrl: `http://${config.host}:${config.port}`,
        onError: (error) => logger.error({ err: error }, 'notifications: could not queue or send'),
        leading: () => leader === undefined || leader.role() === 'leader',
      }),
      (n) => n.stop(),
    );
    // Closing the app stops what it started itself (the maintenance scheduler).
    const app = started.add(
      await createApp({
        store,
        runtime,
        logger,
        notifications,
        accounts,
        firstAdmin,
        authenticate: config.authenticate ?? createAuthenticate(accounts),
        operations: config.operations,
        ingest,
        recorder: leader ? { flush: () => leader.flushHistory() } : history,
        ...(leader && { events: leader.events, cluster: leader }),
        cursorSecret: config.cursorSecret ?? process.env.SERVICECHAIN_CURSOR_SECRET,
      }),
      (a) => a.close(),
    );
    const url = await listen(app, config);
    logger.info(signInHint(firstStart, url.replace('127.0.0.1', 'localhost')));
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        runtime.stop();
        ingest.stop();
        const timeout = config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
        if (!(await closeApp(app, timeout)))
          logger.warn(`requests still open after ${timeout} ms were cut`);
        await history?.stop();
        await leader?.stop();
        await notifications.stop();
        await store.close();
        logger.info('stopped: requests finished, streams closed, store closed');
      })();
      return closing;
    };
    return { app, store, runtime, ...(leader && { cluster: leader }), url, close };
  } catch (error) {
    await started.stopAll((stopError) =>
      logger.error(
        { err: stopError },
        'start-up failed, and stopping what it had started failed too',
      ),
    );
    throw error;
  }
}

/** Why listening failed, by the system's error code, for the ones an operator can fix. */
const LISTEN_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is taken (by another server?): choose another with --port or PORT',
  EACCES: 'no permission (ports below 1024 need privileges): choose another with --port or PORT',
  EADDRNOTAVAIL: "the address is not one of this machine's: choose another with --host or HOST",
  ENOTFOUND: 'no such host name: choose another with --host or HOST',
};

async function listen(app: FastifyInstance, { port, host }: ServerConfig): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !Object.hasOwn(LISTEN_FAILURES, code)) throw error;
    throw new CannotStart(`cannot listen on ${host}:${port}: ${LISTEN_FAILURES[code]}`, {
      cause: error,
    });
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
  try {
    await store.applyChanges(planToChanges(outcome.value.plan, outcome.value.desired), {
      id: 'system:demo',
    });
  } catch (error) {
    // Another instance starting on the same database loaded it first.
    if (error instanceof ConflictError) return;
    throw error;
  }
  logger.info(
    `new database: loaded the demo model (${outcome.value.desired.services.length} services)`,
  );
}

import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import { Accounts } from '../accounts/accounts.js';
import type { FirstAdminSetup } from '../accounts/first-admin.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import {
  leaderOnly,
  type Notifications,
  unconfiguredNotifications,
} from '../notify/notifications.js';
import { AcknowledgementDesk } from '../runtime/acknowledgement-desk.js';
import { MaintenanceScheduler } from '../runtime/maintenance-scheduler.js';
import type { StatusRuntime } from '../runtime/status-runtime.js';
import type { Store } from '../store/store.js';
import { type Authenticate, enforceAccess } from './access.js';
import { acknowledgementRoutes } from './acknowledgements/routes.js';
import { auditRoutes } from './audit/routes.js';
import { accountRoutes } from './auth/routes.js';
import { availabilityRoutes } from './availability/routes.js';
import { answerClientError } from './client-errors.js';
import { handleError, notFoundHandler } from './errors.js';
import { homeRoutes } from './home/routes.js';
import { incidentRoutes } from './incidents/routes.js';
import { acceptQueryToken } from './ingest/query-token.js';
import { ingestRoutes } from './ingest/routes.js';
import { maintenanceRoutes } from './maintenance/routes.js';
import { notifyRoutes } from './notify/routes.js';
import { openApiRoutes, registerOpenApi } from './openapi/openapi.js';
import { type OperationsDeps, setupOperations } from './ops/routes.js';
import { installJsonBody } from './rest/json-body.js';
import { restRoutes } from './rest/routes.js';
import { historyRoutes } from './status/history-routes.js';
import { statusRoutes } from './status/routes.js';
import type { StatusPageOptions } from './status-pages/page-views.js';
import { statusPageRoutes } from './status-pages/routes.js';
import { streamRoutes } from './stream/routes.js';
import { webRoutes } from './web/routes.js';

export interface AppDeps {
  store: Store;
  runtime: StatusRuntime;
  /** Who is asking; every route's declared access is checked against it. */
  authenticate: Authenticate;
  /** A pino logger; tests leave it out for silence. */
  logger?: FastifyBaseLogger;
  /** Users, sessions and tokens (default: over `store`); give the one `authenticate` uses. */
  accounts?: Accounts;
  /** The first-start setup link, when the server opened one. */
  firstAdmin?: FirstAdminSetup;
  /** Told of every route as it is added (the access matrix test collects them so). */
  onRoute?: (route: RouteOptions) => void;
  /** Signs list cursors; give every instance the same one (default: random per process). */
  cursorSecret?: string;
  /** The live event log behind /api/v1/stream; a new one, fed from `runtime`, when left out. */
  events?: OperationsDeps['events'];
  /** This instance's role among several sharing a PostgreSQL store (src/cluster/). */
  cluster?: OperationsDeps['cluster'];
  /** Metrics access, rate limits, stream settings (src/api/ops/routes.ts). */
  operations?: OperationsDeps['operations'];
  /** The signal pipeline behind the receivers and overrides; one with defaults when left out. */
  ingest?: IngestPipeline;
  /** Acknowledgements; one over the pipeline when left out. */
  acknowledgements?: AcknowledgementDesk;
  /** The status history recorder, flushed before history is read (none: read what is stored). */
  recorder?: { flush(): Promise<void> };
  /** Tells the engine when maintenance windows start and end; one on the system clock when left out. */
  maintenance?: MaintenanceScheduler;
  /** Subscribers and their messages; without it, one with a key of its own and no mail server. */
  notifications?: Notifications;
  /** The status pages' clock and cache interval (src/api/status-pages/page-views.ts). */
  statusPages?: StatusPageOptions;
}

/** Headers every response carries; pages that need more set their own CSP. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The HTTP application, ready for `inject` in tests or `listen` in the server. When a step
 * fails, what the earlier steps started is stopped, newest first, and that step's error thrown:
 * a worker or timer left running would keep the process alive instead of letting it exit.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // A bad percent-escape or an over-long path part: answered by the router before any route,
    // in Fastify's own shape unless passed to the API's error handler, and without the hooks
    // (so without the onSend hook's headers, set here instead).
    frameworkErrors: (error, request, reply) => {
      void reply.headers(SECURITY_HEADERS);
      handleError(error, request, reply);
    },
    // A request the HTTP server cannot read at all: the API's error shape all the same.
    clientErrorHandler: answerClientError,
    // Refuse what the schemas do not allow rather than silently dropping or coercing it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  });
  try {
    await build(app, deps);
  } catch (error) {
    // What the app starts itself is stopped by an onClose hook added as soon as it started;
    // closing runs those hooks newest first, then closes Fastify's own parts.
    await app
      .close()
      .catch((closeError: unknown) =>
        app.log.error(
          { err: closeError },
          'the app failed to start, and stopping what it had started failed too',
        ),
      );
    throw error;
  }
  return app;
}

/** Hooks, the operational setup and every route, with what they need started. */
async function build(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!reply.hasHeader(name)) void reply.header(name, value);
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  // Webhook senders that cannot set a header may put an ingest token in the URL.
  enforceAccess(app, acceptQueryToken(deps.authenticate));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler);
  installJsonBody(app);
  // Before any route, so that the OpenAPI document describes every route.
  await registerOpenApi(app);
  // Before any route: rate limits and the latency histogram attach to routes as they are added.
  const live = await setupOperations(app, deps);
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Is the process alive',
        description:
          'Answers as long as the process serves requests; /readyz also checks the store.',
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' } },
            examples: [{ status: 'ok' }],
          },
        },
      },
    },
    async () => ({ status: 'ok' }),
  );
  await app.register(restRoutes, {
    store: deps.store,
    runtime: deps.runtime,
    cursorSecret: deps.cursorSecret,
  });
  await app.register(openApiRoutes);
  // Before the status routes, which say who acknowledged a service.
  const pipeline = deps.ingest ?? (await IngestPipeline.start(deps.store, deps.runtime));
  if (!deps.ingest) app.addHook('onClose', async () => pipeline.stop());
  const desk = deps.acknowledgements ?? startDesk(app, deps, pipeline);
  await app.register(statusRoutes, {
    runtime: deps.runtime,
    acknowledgementOf: (service) => desk.current(service),
  });
  await app.register(historyRoutes, {
    store: deps.store,
    runtime: deps.runtime,
    ...(deps.recorder && { recorder: deps.recorder }),
  });
  await app.register(availabilityRoutes, {
    store: deps.store,
    ...(deps.recorder && { recorder: deps.recorder }),
  });
  // Before the routes that make news (incidents, maintenance) and the status pages' sign-up form.
  const notifications = deps.notifications ?? unconfiguredNotifications(deps.store, deps.runtime);
  if (!deps.notifications) app.addHook('onClose', async () => notifications.stop());
  await app.register(statusPageRoutes, {
    store: deps.store,
    runtime: deps.runtime,
    subscriptions: notifications.subscriptions,
    box: notifications.box,
    mail: notifications.mail,
    ...deps.statusPages,
  });
  await app.register(homeRoutes);
  await app.register(webRoutes);
  await app.register(accountRoutes, {
    accounts: deps.accounts ?? new Accounts(deps.store),
    setup: deps.firstAdmin,
  });
  await app.register(auditRoutes, { store: deps.store });
  await app.register(streamRoutes, { store: deps.store, ...live });
  await app.register(ingestRoutes, { store: deps.store, pipeline });
  await app.register(acknowledgementRoutes, { store: deps.store, desk });
  const { announce } = notifications;
  await app.register(incidentRoutes, {
    store: deps.store,
    runtime: deps.runtime,
    pipeline,
    announce,
  });
  // Every instance's scheduler keeps its engine in step; only the leader tells subscribers.
  const scheduler =
    deps.maintenance ??
    (await MaintenanceScheduler.start(deps.store, deps.runtime, {
      announce: leaderOnly(notifications),
      // A failed re-plan (the store busy or gone) is retried by the next tick; say so in the log.
      onError: (error) => app.log.error({ err: error }, 'maintenance: could not re-plan windows'),
    }));
  if (!deps.maintenance) app.addHook('onClose', async () => scheduler.stop());
  await app.register(maintenanceRoutes, {
    store: deps.store,
    runtime: deps.runtime,
    scheduler,
    announce,
  });
  await app.register(notifyRoutes, { notifications, store: deps.store });
}

/** A desk over the app's pipeline: swept once at start, stopped with the app. */
function startDesk(
  app: FastifyInstance,
  deps: AppDeps,
  pipeline: IngestPipeline,
): AcknowledgementDesk {
  const desk = new AcknowledgementDesk({
    store: deps.store,
    runtime: deps.runtime,
    inputs: pipeline,
    onError: (error) => app.log.error({ err: error }, 'acknowledgements: could not clear'),
  });
  app.addHook('onClose', async () => desk.stop());
  desk.sweep();
  return desk;
}

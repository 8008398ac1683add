import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { type ClusterView, SINGLE_PROCESS } from '../../cluster/cluster-view.js';
import { EventLog } from '../../runtime/event-log.js';
import { feedEventLog } from '../../runtime/live-feed.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import type { StreamStats } from '../stream/routes.js';
import { AppMetrics } from './metrics.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions, registerRateLimits } from './rate-limits.js';

/** Settings of the operational side of the API; every one has a default. */
export interface OperationsOptions {
  /**
   * Who may read /metrics: `read` (default: a signed-in user or a token with read scope, which
   * Prometheus sends as `authorization: Bearer …`), or `public` for a scraper on a private
   * network that cannot hold a token.
   */
  metricsAccess?: 'public' | 'read';
  /** Per-route limits (DEFAULT_RATE_LIMITS); `false` turns them off (e.g. behind a proxy that limits). */
  rateLimits?: RateLimitOptions | false;
  /** Live stream settings. */
  stream?: { heartbeatMs?: number; retryMs?: number };
  /** How long /readyz waits for the store (default 2000 ms). */
  readyTimeoutMs?: number;
}

export interface OperationsDeps {
  store: Store;
  runtime: StatusRuntime;
  /**
   * The live event log; a new one when left out. The runtime feeds it, unless `cluster` is
   * shared: then the leader's events are read into it (src/cluster/live-event-tail.ts).
   */
  events?: EventLog;
  operations?: OperationsOptions;
  /** This instance's role among several on one store (default: the one process, leading). */
  cluster?: ClusterView;
}

/** What the stream route needs from the operational setup. */
export interface LiveParts {
  events: EventLog;
  stats: StreamStats;
  heartbeatMs?: number;
  retryMs?: number;
}

/**
 * Sets up metrics, rate limits, /readyz and /metrics on the app itself. Call it before any
 * route is registered: the limits and the latency histogram attach to routes as they are added.
 */
export async function setupOperations(
  app: FastifyInstance,
  deps: OperationsDeps,
): Promise<LiveParts> {
  const options = deps.operations ?? {};
  const events = deps.events ?? new EventLog();
  const cluster = deps.cluster ?? SINGLE_PROCESS;
  if (!cluster.shared) feedEventLog(deps.runtime, events);
  const stats: StreamStats = { clients: 0, dropped: 0 };
  const metrics = new AppMetrics({ runtime: deps.runtime, events, streamStats: stats, cluster });
  metrics.observe(app);
  if (options.rateLimits !== false)
    await registerRateLimits(app, options.rateLimits ?? DEFAULT_RATE_LIMITS, (route) =>
      metrics.rateLimited.inc({ route }),
    );

  app.get(
    '/readyz',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        summary: 'Ready to serve: the store answers and the engine is built',
        description:
          'With several instances on one PostgreSQL database, `cluster` says whether this one leads or follows and how far its live events lag behind the leader (ms, over the newest 1000).',
        tags: ['operations'],
      },
    },
    async (_request, reply) => {
      const store = await storeCheck(deps.store, options.readyTimeoutMs ?? 2000);
      const engine = { ok: true, services: deps.runtime.engine.size };
      const role = { role: cluster.role(), shared: cluster.shared, lag: cluster.lag() };
      if (store.ok) return { status: 'ready', checks: { store, engine }, cluster: role };
      return reply.status(503).send({
        error: {
          code: 'not_ready',
          message: `not ready: the store ${store.error}`,
          details: { checks: { store, engine }, cluster: role },
        },
      });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: options.metricsAccess ?? 'read', rateLimit: false },
      schema: {
        summary: 'Prometheus metrics (text exposition format)',
        tags: ['operations'],
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
  return { events, stats, ...options.stream };
}

async function storeCheck(
  store: Store,
  timeoutMs: number,
): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.listAudit({ limit: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access } from '../access.js';

/**
 * Per-route request limits: each caller (a signed-in principal, else its address) gets `max`
 * requests per `windowMs` on each route. The limit comes from `routes` (keyed `METHOD /pattern`,
 * e.g. `POST /api/v1/model/apply`), else from the route's access level in `byAccess`.
 */
export interface RateLimitOptions {
  windowMs: number;
  byAccess: Record<Access, number>;
  routes: Record<string, number>;
}

/** The defaults: generous for reading, tighter for anonymous callers and for writes. */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  windowMs: 60_000,
  byAccess: { public: 600, read: 6000, owner: 600, write: 600, ingest: 12_000, admin: 600 },
  routes: {},
};

/** The limit of a route for the given options. */
export function limitOf(
  options: RateLimitOptions,
  method: string,
  url: string,
  access: Access,
): number {
  return options.routes[`${method} ${url}`] ?? options.byAccess[access];
}

/** Who a limit counts against: the principal when signed in, else the address. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? request.principal.id : `ip:${request.ip}`;
}

/**
 * Registers the limits on the app itself (not in a child context), before the routes, so that
 * every route gets them. The check runs after authentication, so it can key by principal;
 * refused requests get 429 in the API's error shape with Retry-After (seconds).
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: RateLimitOptions,
  onLimited: (route: string) => void = () => {},
): Promise<void> {
  // Each route gets its own limit, fixed when it is added (so nothing is looked up per request),
  // and with it its own count per caller. This hook runs before the plugin's own.
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; rateLimit?: false | { max?: number } };
    if (config === undefined || config.rateLimit === false) return;
    const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
    const max = limitOf(options, method, route.url, config.access ?? 'public');
    config.rateLimit = { max, ...config.rateLimit };
  });
  await app.register(rateLimit, {
    global: true,
    timeWindow: options.windowMs,
    cache: 10_000,
    max: options.byAccess.public,
    keyGenerator: rateLimitKey,
    onExceeded: (request) => onLimited(request.routeOptions.url ?? ''),
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(
          `too many requests: at most ${context.max} in ${options.windowMs / 1000} s; retry in ${context.after}`,
        ),
        {
          statusCode: context.statusCode,
          code: 'rate_limited',
        },
      ),
  });
}

import { ACCESS_LEVELS, type Access } from '../access.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from './rate-limits.js';
import type { OperationsOptions } from './routes.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The operational settings from the environment (docs/operations.md):
 * - SERVICECHAIN_METRICS: `read` (default) or `public`;
 * - SERVICECHAIN_RATE_LIMITS: `off`, or changes to the defaults as comma-separated `name=value`:
 *   an access level (`read=6000`), `window=60000` (ms), or a route (`POST /api/v1/model/apply=10`);
 * - SERVICECHAIN_STREAM_HEARTBEAT_MS: the stream's heartbeat interval (default 15000).
 * Throws an Error naming the variable for a value it cannot read.
 */
export function operationsFromEnv(env: Env): OperationsOptions {
  const options: OperationsOptions = {};
  const metrics = env.SERVICECHAIN_METRICS;
  if (metrics !== undefined && metrics !== '') {
    if (metrics !== 'read' && metrics !== 'public')
      throw new Error(`SERVICECHAIN_METRICS: '${metrics}' is not one of read, public`);
    options.metricsAccess = metrics;
  }
  const limits = env.SERVICECHAIN_RATE_LIMITS;
  if (limits !== undefined && limits.trim() !== '') options.rateLimits = parseRateLimits(limits);
  const heartbeat = env.SERVICECHAIN_STREAM_HEARTBEAT_MS;
  if (heartbeat !== undefined && heartbeat !== '')
    options.stream = { heartbeatMs: positive(heartbeat, 'SERVICECHAIN_STREAM_HEARTBEAT_MS') };
  return options;
}

/** `off`, or `name=value` changes to DEFAULT_RATE_LIMITS (see operationsFromEnv). */
export function parseRateLimits(text: string): RateLimitOptions | false {
  if (text.trim() === 'off') return false;
  const limits: RateLimitOptions = {
    windowMs: DEFAULT_RATE_LIMITS.windowMs,
    byAccess: { ...DEFAULT_RATE_LIMITS.byAccess },
    routes: { ...DEFAULT_RATE_LIMITS.routes },
  };
  for (const part of text.split(',')) {
    const equals = part.lastIndexOf('=');
    const name = part.slice(0, equals).trim();
    const value = positive(part.slice(equals + 1), `SERVICECHAIN_RATE_LIMITS: ${part.trim()}`);
    if (equals < 0 || name === '')
      throw new Error(`SERVICECHAIN_RATE_LIMITS: '${part.trim()}' is not name=number`);
    if (name === 'window') limits.windowMs = value;
    else if ((ACCESS_LEVELS as readonly string[]).includes(name))
      limits.byAccess[name as Access] = value;
    else if (/^[A-Z]+ \/\S*$/.test(name)) limits.routes[name] = value;
    else
      throw new Error(
        `SERVICECHAIN_RATE_LIMITS: '${name}' is not window, an access level (${ACCESS_LEVELS.join(', ')}) or 'METHOD /route'`,
      );
  }
  return limits;
}

function positive(text: string, name: string): number {
  const value = Number(text.trim());
  if (!(Number.isInteger(value) && value >= 1))
    throw new Error(`${name}: '${text.trim()}' is not a whole number of 1 or more`);
  return value;
}

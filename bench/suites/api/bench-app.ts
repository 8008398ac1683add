import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../../../src/api/access.js';
import { createApp } from '../../../src/api/app.js';
import { DEFAULT_RATE_LIMITS } from '../../../src/api/ops/rate-limits.js';
import type { CompactModel } from '../../../src/engine/compact-model.js';
import { StatusRuntime } from '../../../src/runtime/status-runtime.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { Prng } from '../../lib/prng.js';

/** The benchmark signs every request in as this reader, as a token with read scope would be. */
export const BENCH_PRINCIPAL: Principal = {
  id: 'token:bench',
  kind: 'token',
  role: 'viewer',
  teams: [],
  scopes: ['read'],
};

/**
 * An empty SQLite store in memory whose compact model is the generated one: the status runtime
 * builds its engine from it, and the benchmarked routes read the engine alone. Everything else
 * (accounts, signals, the object model) is the real store, empty, so the app starts as the
 * server does.
 */
export async function benchStore(compact: CompactModel): Promise<Store> {
  const store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'loadCompactModel') return async () => compact;
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface BenchApps {
  api: FastifyInstance;
  /** A bare Fastify with one route answering a small JSON object: the baseline. */
  trivial: FastifyInstance;
  runtime: StatusRuntime;
}

/**
 * The API as the server builds it (access checks, rate limits with limits too high to refuse
 * anything, metrics, security headers), over the generated model, and the trivial baseline.
 */
export async function createBenchApps(compact: CompactModel): Promise<BenchApps> {
  const store = await benchStore(compact);
  const runtime = await StatusRuntime.start(store);
  const high = 1_000_000_000;
  const api = await createApp({
    store,
    runtime,
    authenticate: async () => BENCH_PRINCIPAL,
    operations: {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        byAccess: { public: high, read: high, owner: high, write: high, ingest: high, admin: high },
      },
    },
  });
  const trivial = Fastify();
  trivial.get('/ping', async () => ({ ok: true }));
  return { api, trivial, runtime };
}

/** `count` service ids drawn from the model (with repeats), deterministically from the seed. */
export function sampleIds(ids: readonly string[], count: number, seed: number): string[] {
  const prng = new Prng(seed * 104_729 + 3);
  return Array.from({ length: count }, () => ids[prng.below(ids.length)] as string);
}

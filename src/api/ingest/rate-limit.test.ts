import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../access.js';
import { createApp } from '../app.js';
import { DEFAULT_RATE_LIMITS } from '../ops/rate-limits.js';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>;

const token = (id: string): Principal => ({
  id: `token:${id}`,
  kind: 'token',
  role: 'editor',
  teams: [],
  scopes: ['ingest'],
});

beforeAll(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  const runtime = await StatusRuntime.start(store);
  app = await createApp({
    store,
    runtime,
    authenticate: async (request) => {
      const name = request.headers.authorization?.replace('Bearer ', '');
      return name ? token(name) : undefined;
    },
    operations: {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        byAccess: { ...DEFAULT_RATE_LIMITS.byAccess, ingest: 2 },
      },
    },
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const send = (who: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/signals',
    headers: { authorization: `Bearer ${who}` },
    payload: { source: 'zabbix', key: `k-${who}` },
  });

describe('receiver rate limits', () => {
  it('answer 429 with Retry-After once a token passes its budget, per token', async () => {
    expect((await send('a')).statusCode).toBe(200);
    expect((await send('a')).statusCode).toBe(200);
    const limited = await send('a');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await send('b')).statusCode).toBe(200);
  });
});

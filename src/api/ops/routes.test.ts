import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp, TEST_ADMIN } from '../../../test/demo-app.js';
import type { Principal } from '../access.js';
import { type AppDeps, createApp } from '../app.js';
import { DEFAULT_RATE_LIMITS, limitOf } from './rate-limits.js';

let demo: DemoApp;
beforeEach(async () => {
  demo = await demoApp();
});
afterEach(async () => {
  await demo.close();
});

const appWith = (extra: Partial<AppDeps>) =>
  createApp({
    store: demo.store,
    runtime: demo.runtime,
    authenticate: async () => TEST_ADMIN,
    ...extra,
  });

describe('/readyz', () => {
  it('is ready when the store answers and the engine is built', async () => {
    const app = await appWith({ authenticate: async () => undefined });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { store: { ok: true, ms: expect.any(Number) }, engine: { ok: true, services: 67 } },
      // One process on its store: it leads, and nothing lags.
      cluster: {
        role: 'leader',
        shared: false,
        lag: { samples: 0, lastMs: 0, p50Ms: 0, p99Ms: 0 },
      },
    });
    await app.close();
  });

  it('answers 503 in the error shape when the store is gone', async () => {
    const app = await appWith({});
    await demo.store.close();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.error.code).toBe('not_ready');
    expect(body.error.message).toMatch(/^not ready: the store /);
    expect(body.error.details.checks.store.ok).toBe(false);
    await app.close();
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with latency, model size, event log and stream figures', async () => {
    const app = await appWith({});
    await app.inject({ method: 'GET', url: '/api/v1/services/sap-erp/status' });
    await app.inject({ method: 'GET', url: '/api/v1/services/sap-erp/status' });
    await app.inject({ method: 'GET', url: '/nothing' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toContain(
      'servicechain_http_request_duration_seconds_count{method="GET",route="/api/v1/services/:id/status",status_code="200"} 2',
    );
    expect(text).toContain(
      'servicechain_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).toContain('servicechain_model_entities{kind="service"} 67');
    expect(text).toContain('servicechain_model_entities{kind="party"} 20');
    expect(text).toContain('servicechain_event_log_events 0');
    expect(text).toContain('servicechain_cluster_leader 1');
    expect(text).toContain('servicechain_follower_lag_seconds_count 0');
    expect(text).toContain('servicechain_stream_clients 0');
    expect(text).toContain('servicechain_stream_dropped_total 0');
    expect(text).toContain('# TYPE servicechain_propagation_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
    await app.close();
  });

  it('times rebuilds and batches of inputs, and counts the transitions they announce', async () => {
    const app = await appWith({});
    await demo.runtime.modelChanged();
    const transitions = demo.runtime.applyInputs([
      { type: 'signal', service: 'sap-erp', key: 'test', level: 'major_outage' },
    ]);
    expect(transitions.length).toBeGreaterThan(1);
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('servicechain_propagation_seconds_count{kind="model"} 1');
    expect(text).toContain('servicechain_propagation_seconds_count{kind="inputs"} 1');
    expect(text).toContain('servicechain_model_load_seconds_count 1');
    expect(text).toContain(`servicechain_status_transitions_total ${transitions.length}`);
    expect(text).toContain(`servicechain_event_log_events ${transitions.length}`);
    await app.close();
  });

  it('leaves /readyz and /metrics out of the rate limits', async () => {
    const app = await appWith({
      operations: {
        rateLimits: {
          ...DEFAULT_RATE_LIMITS,
          byAccess: { ...DEFAULT_RATE_LIMITS.byAccess, public: 1, read: 1 },
        },
      },
    });
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/status' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/status' })).statusCode).toBe(429);
    await app.close();
  });

  it('needs read access by default, and is public when configured so', async () => {
    const closed = await appWith({ authenticate: async () => undefined });
    expect((await closed.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    await closed.close();
    const open = await appWith({
      authenticate: async () => undefined,
      operations: { metricsAccess: 'public' },
    });
    expect((await open.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    await open.close();
  });
});

describe('rate limits', () => {
  const alice: Principal = { ...TEST_ADMIN, id: 'user:alice' };
  const bob: Principal = { ...TEST_ADMIN, id: 'user:bob' };

  it('answer 429 with Retry-After once a caller passes a route limit, per caller and route', async () => {
    let who: Principal | undefined = alice;
    const app = await appWith({
      authenticate: async () => who,
      operations: {
        rateLimits: { ...DEFAULT_RATE_LIMITS, routes: { 'GET /api/v1/services/:id/status': 2 } },
      },
    });
    const get = (url: string) => app.inject({ method: 'GET', url });
    expect((await get('/api/v1/services/sap-erp/status')).statusCode).toBe(200);
    const second = await get('/api/v1/services/order-to-cash/status');
    expect(second.statusCode).toBe(200);
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    const refused = await get('/api/v1/services/sap-erp/status');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(/^too many requests: at most 2 in 60 s; retry in /),
      },
    });
    // Another route, and another caller, have limits of their own.
    expect((await get('/api/v1/status')).statusCode).toBe(200);
    who = bob;
    expect((await get('/api/v1/services/sap-erp/status')).statusCode).toBe(200);
    const metrics = (await get('/metrics')).body;
    expect(metrics).toContain(
      'servicechain_http_rate_limited_total{route="/api/v1/services/:id/status"} 1',
    );
    await app.close();
  });

  it('count anonymous callers by address', async () => {
    const app = await appWith({
      authenticate: async () => undefined,
      operations: { rateLimits: { ...DEFAULT_RATE_LIMITS, routes: { 'GET /healthz': 1 } } },
    });
    const from = (remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/healthz', remoteAddress });
    expect((await from('10.0.0.1')).statusCode).toBe(200);
    expect((await from('10.0.0.1')).statusCode).toBe(429);
    expect((await from('10.0.0.2')).statusCode).toBe(200);
    await app.close();
  });

  it('can be turned off', async () => {
    const app = await appWith({
      operations: { rateLimits: false },
    });
    const response = await app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(response.headers['x-ratelimit-limit']).toBe(undefined);
    await app.close();
  });

  it('take a route override first, else the limit of the access level', () => {
    const options = { ...DEFAULT_RATE_LIMITS, routes: { 'POST /api/v1/model/apply': 10 } };
    expect(limitOf(options, 'POST', '/api/v1/model/apply', 'write')).toBe(10);
    expect(limitOf(options, 'GET', '/api/v1/services', 'read')).toBe(6000);
    expect(limitOf(options, 'GET', '/healthz', 'public')).toBe(600);
  });
});

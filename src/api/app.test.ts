import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../test/demo-app.js';

let demo: DemoApp;
let app: FastifyInstance;
beforeEach(async () => {
  demo = await demoApp();
  app = demo.app;
});
afterEach(async () => {
  await demo.close();
});

describe('the first API routes', () => {
  it('lists the services, sorted by id', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/services' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(body.items.length);
    const ids = body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual([...ids].sort());
    expect(body.items.find((s: { id: string }) => s.id === 'order-to-cash')).toMatchObject({
      label: 'business',
      provider: 'sales',
      slo: 99.95,
    });
  });

  it('shows a service with its relations', async () => {
    const body = (
      await app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash' })
    ).json();
    expect(body.dependsOn).toContainEqual({
      service: 'returns-handling',
      impact: 'cap:degraded',
      note: 'Returns can wait a day; new orders cannot',
    });
    expect(body.consumedBy.map((s: { party: string }) => s.party)).toContain('retail-customers');
    expect(body.dependencyOf).toEqual([]);
  });

  it('answers 404 in the error shape, with a suggestion', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/services/order-to-cas' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: {
        code: 'not_found',
        message: "no service 'order-to-cas' (did you mean 'order-to-cash'?)",
      },
    });
    const route = await app.inject({ method: 'GET', url: '/api/v1/nothing?x=1' });
    expect(route.json()).toEqual({
      error: { code: 'not_found', message: 'no route GET /api/v1/nothing' },
    });
  });

  it('lists and shows parties', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/v1/parties' })).json();
    expect(list.items.length).toBeGreaterThanOrEqual(10);
    const parties = list.items.map((p: { id: string }) => p.id);
    const one = (await app.inject({ method: 'GET', url: `/api/v1/parties/${parties[0]}` })).json();
    expect(one.id).toBe(parties[0]);
    expect(Array.isArray(one.provides)).toBe(true);
  });

  it('serves health, and sends a browser from / to the web UI, with security headers', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/ui/');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['x-frame-options']).toBe('DENY');
  });

  it('answers a bad percent-escape with 400 bad_url and an over-long path part with 414 uri_too_long', async () => {
    for (const url of ['/api/v1/services/a%zzb', '/api/v1/services/a%E0%A4b']) {
      const answer = await app.inject({ method: 'GET', url });
      expect([url, answer.statusCode, answer.json()]).toEqual([
        url,
        400,
        {
          error: {
            code: 'bad_url',
            message: 'the path is not valid: a percent-escape is not UTF-8',
          },
        },
      ]);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    const long = await app.inject({ method: 'GET', url: `/api/v1/services/${'a'.repeat(201)}` });
    expect([long.statusCode, long.json()]).toEqual([
      414,
      {
        error: {
          code: 'uri_too_long',
          message: 'a part of the path is longer than any id the API has',
        },
      },
    ]);
    expect(long.headers['x-content-type-options']).toBe('nosniff');
    const longest = await app.inject({
      method: 'GET',
      url: `/api/v1/services/${'a'.repeat(200)}`,
    });
    // 200 characters reach the route, whose schema refuses an id that long.
    expect([longest.statusCode, longest.json().error.code]).toEqual([400, 'invalid_input']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import type { Principal } from '../access.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('dependencies and subscriptions', () => {
  it('creates a dependency the engine then propagates along', async () => {
    demo = await demoApp();
    const { app, runtime } = demo;
    await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'kiosk', provider: 'sales' },
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/dependencies',
      payload: { from: 'kiosk', to: 'sap-erp', impact: 'cap:degraded', weight: 2 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/dependencies/kiosk/sap-erp');
    expect(created.json()).toEqual({
      from: 'kiosk',
      to: 'sap-erp',
      impact: 'cap:degraded',
      weight: 2,
    });
    const impact = runtime.engine.impact('sap-erp');
    expect(impact.services.find((s) => s.service === 'kiosk')).toMatchObject({
      hop: 1,
      to: 'degraded',
    });
    const list = (
      await app.inject({ method: 'GET', url: '/api/v1/dependencies?to=sap-erp&limit=1000' })
    ).json();
    expect(list.items.map((d: { from: string }) => d.from)).toContain('kiosk');
    const read = await app.inject({ method: 'GET', url: '/api/v1/dependencies/kiosk/sap-erp' });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/dependencies/kiosk/sap-erp',
      payload: { impact: 'ignore' },
      headers: { 'if-match': String(read.headers.etag) },
    });
    expect(put.json()).toEqual({ from: 'kiosk', to: 'sap-erp', impact: 'ignore', weight: 1 });
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/v1/dependencies/kiosk/sap-erp',
      headers: { 'if-match': String(put.headers.etag) },
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/dependencies/kiosk/sap-erp' })).statusCode,
    ).toBe(404);
  });

  it('refuses to delete a dependency a rule counts on (422)', async () => {
    demo = await demoApp();
    const { app } = demo;
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    for (const id of ['pair-a', 'pair-b', 'pair']) await post('/api/v1/services', { id });
    await post('/api/v1/dependencies', { from: 'pair', to: 'pair-a' });
    await post('/api/v1/dependencies', { from: 'pair', to: 'pair-b' });
    const ruled = await app.inject({
      method: 'PATCH',
      url: '/api/v1/services/pair',
      payload: { rule: { atLeast: { ok: 2 } } },
      headers: { 'if-match': '*' },
    });
    expect(ruled.json().rule).toEqual({ atLeast: { ok: 2 } });
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/v1/dependencies/pair/pair-b',
      headers: { 'if-match': '*' },
    });
    expect(removed.statusCode).toBe(422);
    expect(removed.json().error.details).toEqual([
      {
        path: 'rule.atLeast.ok',
        message: 'asks for 2 dependencies but the service has 1 that count',
        kind: 'service',
        key: 'pair',
      },
    ]);
  });

  it('checks dependency ownership against the consumer service', async () => {
    const salesViewer: Principal = {
      id: 'user:s',
      kind: 'user',
      role: 'viewer',
      teams: ['sales'],
      scopes: [],
    };
    demo = await demoApp(undefined, salesViewer);
    const own = await demo.app.inject({
      method: 'PATCH',
      url: '/api/v1/dependencies/order-to-cash/returns-handling',
      payload: { weight: 2 },
      headers: { 'if-match': '*' },
    });
    expect(own.statusCode).toBe(200);
    const other = await demo.app.inject({
      method: 'PATCH',
      url: '/api/v1/dependencies/sap-erp/sap-hana',
      payload: { weight: 2 },
      headers: { 'if-match': '*' },
    });
    expect(other.statusCode).toBe(403);
    const subscription = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { party: 'sales', service: 'sap-erp' },
    });
    expect(subscription.statusCode).toBe(403);
  });

  it('creates, lists, patches and deletes subscriptions', async () => {
    demo = await demoApp();
    const { app } = demo;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { party: 'sales', service: 'email-service', slo: 99.5 },
    });
    expect(created.statusCode).toBe(201);
    const page = (
      await app.inject({ method: 'GET', url: '/api/v1/subscriptions?party=sales&sort=-slo' })
    ).json();
    expect(page.items[0]).toEqual({ party: 'sales', service: 'email-service', slo: 99.5 });
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/subscriptions/sales/email-service',
      payload: { slo: null, note: 'best effort' },
      headers: { 'if-match': String(created.headers.etag) },
    });
    expect(patched.json()).toEqual({
      party: 'sales',
      service: 'email-service',
      note: 'best effort',
    });
    const wrongKey = await app.inject({
      method: 'PUT',
      url: '/api/v1/subscriptions/sales/email-service',
      payload: { party: 'finance' },
      headers: { 'if-match': String(patched.headers.etag) },
    });
    expect(wrongKey.json().error.details).toEqual([
      {
        path: 'party',
        message: "'finance' does not match 'sales' in the address (renaming is not supported)",
      },
    ]);
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/v1/subscriptions/sales/email-service',
      headers: { 'if-match': String(patched.headers.etag) },
    });
    expect(removed.statusCode).toBe(204);
  });
});

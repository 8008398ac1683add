import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
beforeEach(async () => {
  demo = await demoApp();
});
afterEach(async () => {
  await demo.close();
});

describe('status routes', () => {
  it('gives every service a status, all operational before any signal', async () => {
    const body = (await demo.app.inject({ method: 'GET', url: '/api/v1/status' })).json();
    expect(body.items).toHaveLength(67);
    expect(body.counts).toEqual({
      operational: 67,
      unknown: 0,
      degraded: 0,
      partial_outage: 0,
      major_outage: 0,
    });
    const one = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash/status' })
    ).json();
    expect(one).toEqual({
      service: 'order-to-cash',
      level: 'operational',
      maintenance: false,
      acknowledged: false,
      acknowledgement: null,
      since: null,
    });
  });

  it('answers what-if without touching live state', async () => {
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/what-if',
      payload: { down: ['sap-erp'] },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.changes).toContainEqual({
      service: 'order-to-cash',
      from: 'operational',
      to: 'major_outage',
    });
    const externals = report.parties
      .filter((p: { kind: string }) => p.kind === 'external')
      .map((p: { party: string }) => p.party);
    expect(externals).toContain('retail-customers');
    const after = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash/status' })
    ).json();
    expect(after.level).toBe('operational');
  });

  it('gives the impact of an outage with its cost per hour', async () => {
    const report = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/sap-erp/impact' })
    ).json();
    expect(report.service).toBe('sap-erp');
    expect(report.level).toBe('major_outage');
    expect(
      report.services.find((s: { service: string }) => s.service === 'order-to-cash'),
    ).toMatchObject({ to: 'major_outage' });
    expect(report.costPerHour).toBe(124000);
  });

  it('lists the dependency closure with hops', async () => {
    const body = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/sap-erp/dependencies' })
    ).json();
    expect(body.items).toContainEqual({ service: 'sap-hana', hop: 1 });
    expect(body.items.every((d: { hop: number }) => d.hop >= 1)).toBe(true);
  });

  it('refuses an unknown service, level or field clearly', async () => {
    const unknown = await demo.app.inject({ method: 'GET', url: '/api/v1/services/nope/status' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const badLevel = await demo.app.inject({
      method: 'GET',
      url: '/api/v1/services/sap-erp/impact?level=down',
    });
    expect(badLevel.statusCode).toBe(400);
    const extra = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/what-if',
      payload: { down: ['sap-erp'], admin: true },
    });
    expect(extra.statusCode).toBe(400);
    const missing = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/what-if',
      payload: { down: ['no-such'] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("'no-such'");
  });
});

describe('impact pages', () => {
  it('gives the services a page at a time, with the total and the next offset', async () => {
    const whole = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/sap-hana/impact?limit=10000' })
    ).json();
    expect(whole.next).toBeNull();
    expect(whole.total).toBe(whole.services.length);
    const first = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/services/sap-hana/impact?limit=5' })
    ).json();
    expect(first.services).toEqual(whole.services.slice(0, 5));
    expect(first.next).toBe(5);
    expect(first.parties).toEqual(whole.parties.slice(0, 5));
    expect(first.partiesTotal).toBe(whole.parties.length);
    expect(first.costPerHour).toBe(whole.costPerHour);
    const rest = (
      await demo.app.inject({
        method: 'GET',
        url: `/api/v1/services/sap-hana/impact?limit=1000&offset=${first.next}`,
      })
    ).json();
    expect([...first.services, ...rest.services]).toEqual(whole.services);
    expect([...first.parties, ...rest.parties]).toEqual(whole.parties);
    expect(rest.next).toBeNull();
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/v1/services/sap-hana/impact?limit=0' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await demo.app.inject({
          method: 'GET',
          url: '/api/v1/services/sap-hana/impact?limit=10001',
        })
      ).statusCode,
    ).toBe(400);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp, TEST_ADMIN } from '../../../test/demo-app.js';
import type { StatusLevel } from '../../model/levels.js';
import { createApp } from '../app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

const state = (level: StatusLevel, maintenance = false) => ({
  level,
  maintenance,
  acknowledged: false,
});

/** The demo model with customer-support down Monday 5 October 2026 10:00-11:00 UTC. */
async function withOutage() {
  demo = await demoApp();
  await demo.store.recordStatusChanges([
    {
      service: 'customer-support',
      at: Date.parse('2026-10-05T10:00:00Z'),
      from: state('operational'),
      to: state('major_outage'),
      cause: 'signal:test/1',
    },
    {
      service: 'customer-support',
      at: Date.parse('2026-10-05T11:00:00Z'),
      from: state('major_outage'),
      to: state('operational'),
      cause: 'signal:test/1',
    },
  ]);
  return demo.app;
}

describe('GET /api/v1/availability', () => {
  it("answers a service's figures over its service hours in the period's zone", async () => {
    const app = await withOutage();
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/availability?period=2026-10-05&zone=Europe/Berlin&service=customer-support',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.period).toEqual({
      label: '2026-10-05',
      kind: 'day',
      zone: 'Europe/Berlin',
      from: '2026-10-04T22:00:00.000Z',
      to: '2026-10-05T22:00:00.000Z',
      end: '2026-10-05T22:00:00.000Z',
      partial: false,
    });
    expect(body.total).toBe(1);
    // Monday 08:00-20:00 in Berlin (CEST) is 06:00-18:00 UTC: 720 min, 60 of them down.
    expect(body.services).toEqual([
      expect.objectContaining({
        service: 'customer-support',
        availability: 91.666667,
        serviceMinutes: 720,
        downtimeMinutes: 60,
        slo: 99.5,
        met: false,
        // 0.5% of 720 min
        errorBudget: {
          allowedMinutes: 3.6,
          usedMinutes: 60,
          leftMinutes: -56.4,
          leftPercent: -1566.666667,
        },
        incidents: 1,
        mttrMinutes: 60,
      }),
    ]);
  });

  it('answers a customer per subscription and combined, with the lowest promise as target', async () => {
    const app = await withOutage();
    const body = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/availability?period=2026-10-05&customer=retail-customers',
      })
    ).json();
    expect(body.services).toEqual([]);
    const [customer] = body.customers;
    expect(customer.party).toBe('retail-customers');
    expect(
      customer.subscriptions.map((s: { service: string; slo: number; sloFrom: string }) => [
        s.service,
        s.slo,
        s.sloFrom,
      ]),
    ).toEqual([
      ['customer-support', 99.5, 'service'],
      ['order-to-cash', 99.9, 'subscription'],
      ['web-shop', 99.9, 'subscription'],
    ]);
    expect(customer.combined).toMatchObject({ slo: 99.5, downtimeMinutes: 60, incidents: 1 });
  });

  it('pages through every service', async () => {
    demo = await demoApp();
    const first = (
      await demo.app.inject({ method: 'GET', url: '/api/v1/availability?period=2026-10&limit=10' })
    ).json();
    expect(first.services).toHaveLength(10);
    expect(first.total).toBe(67);
    expect(first.next).toBe(10);
    const last = (
      await demo.app.inject({
        method: 'GET',
        url: '/api/v1/availability?period=2026-10&limit=10&offset=60',
      })
    ).json();
    expect(last.services).toHaveLength(7);
    expect(last.next).toBeNull();
    expect(
      last.services.every(
        (s: { availability: number | null }) => s.availability === 100 || s.availability === null,
      ),
    ).toBe(true);
  });

  it('answers CSV for format=csv or Accept: text/csv', async () => {
    const app = await withOutage();
    for (const request of [
      { url: '/api/v1/availability?period=2026-10-05&service=customer-support&format=csv' },
      {
        url: '/api/v1/availability?period=2026-10-05&service=customer-support',
        headers: { accept: 'text/csv' },
      },
    ]) {
      const response = await app.inject({ method: 'GET', ...request });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = response.body.split('\r\n');
      expect(
        lines[0]?.startsWith('kind,id,name,service,availability_percent,slo_percent,met,'),
      ).toBe(true);
      // Berlin hours read in a UTC day: 06:00-18:00 UTC still, 720 min.
      expect(
        lines[1]?.startsWith(
          'service,customer-support,Customer support,,91.666667,99.5,false,720,0,60,60,',
        ),
      ).toBe(true);
      expect(lines).toHaveLength(3);
    }
  });

  it('refuses bad periods, zones, weights and questions, saying which', async () => {
    demo = await demoApp();
    const ask = async (query: string) => {
      const response = await demo?.app.inject({
        method: 'GET',
        url: `/api/v1/availability?${query}`,
      });
      return { status: response?.statusCode, error: response?.json().error };
    };
    const malformed = await ask('period=october');
    expect(malformed.status).toBe(400);
    expect(malformed.error.details[0].path).toBe('period');
    expect((await ask('period=2026-10&zone=Mars/Olympus')).error.details[0].path).toBe('zone');
    expect((await ask('period=2099-01')).error.message).toContain('in the future');
    expect((await ask('period=2025-01-01..2026-06-01')).error.message).toContain(
      'longer than 366 days',
    );
    const weights = await ask('period=2026-10&weights=partial_outage:2');
    expect(weights.status).toBe(400);
    expect(weights.error.details[0].path).toBe('weights');
    expect((await ask('period=2026-10&service=crm-service&customer=retail-customers')).status).toBe(
      400,
    );
    expect((await ask('period=2026-10&service=no-such')).status).toBe(404);
    expect((await ask('period=2026-10&customer=no-such')).status).toBe(404);
    expect((await ask('zone=UTC')).status).toBe(400);
  });

  it('refuses a bad question before waiting for the history recorder, which a good one flushes', async () => {
    demo = await demoApp();
    let flushes = 0;
    const app = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      recorder: { flush: async () => void flushes++ },
      authenticate: async () => TEST_ADMIN,
    });
    try {
      for (const query of [
        'period=october',
        'period=2026-10&zone=Mars/Olympus',
        'period=2026-10&weights=partial_outage:2',
        'period=2026-10&service=crm-service&customer=retail-customers',
      ]) {
        const response = await app.inject({ method: 'GET', url: `/api/v1/availability?${query}` });
        expect([query, response.statusCode]).toEqual([query, 400]);
      }
      expect(flushes).toBe(0);
      const good = await app.inject({
        method: 'GET',
        url: '/api/v1/availability?period=2026-10&service=crm-service',
      });
      expect(good.statusCode).toBe(200);
      expect(flushes).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('reports the running month up to now, marked partial', async () => {
    demo = await demoApp();
    const now = new Date();
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const body = (
      await demo.app.inject({
        method: 'GET',
        url: `/api/v1/availability?period=${month}&service=crm-service`,
      })
    ).json();
    expect(body.period.partial).toBe(true);
    expect(Date.parse(body.period.end)).toBeLessThanOrEqual(Date.now());
  });
});

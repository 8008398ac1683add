import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import type { ServiceState } from '../../engine/types.js';

const T = Date.parse('2026-11-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };
const DOWN_ACK: ServiceState = { ...DOWN, acknowledged: true };
const DEGRADED: ServiceState = { level: 'degraded', maintenance: false, acknowledged: false };

let demo: DemoApp;
beforeEach(async () => {
  demo = await demoApp();
  // sap-erp goes down at T and is acknowledged at T+2s; order-to-cash degrades at T+1s;
  // both recover at T+1h.
  await demo.store.recordStatusChanges([
    { service: 'sap-erp', at: T, from: OK, to: DOWN, cause: 'signal:alertmanager/a' },
    { service: 'order-to-cash', at: T + 1000, from: OK, to: DEGRADED, cause: 'dependency:sap-erp' },
    { service: 'sap-erp', at: T + 2000, from: DOWN, to: DOWN_ACK, cause: 'acknowledge' },
    {
      service: 'sap-erp',
      at: T + 3_600_000,
      from: DOWN_ACK,
      to: OK,
      cause: 'signal:alertmanager/a',
    },
    {
      service: 'order-to-cash',
      at: T + 3_600_000,
      from: DEGRADED,
      to: OK,
      cause: 'dependency:sap-erp',
    },
  ]);
});
afterEach(async () => {
  await demo.close();
});

const get = (url: string) => demo.app.inject({ method: 'GET', url });

describe('GET /api/v1/status/at', () => {
  it('gives the services not operational then, by id, and counts over the current model', async () => {
    const response = await get(`/api/v1/status/at?time=${iso(T + 2500)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({
      at: iso(T + 2500),
      items: [
        { service: 'order-to-cash', ...DEGRADED, since: iso(T + 1000) },
        { service: 'sap-erp', ...DOWN_ACK, since: iso(T + 2000) },
      ],
      total: 2,
      next: null,
      counts: { operational: 65, unknown: 0, degraded: 1, partial_outage: 0, major_outage: 1 },
    });
  });

  it('reads a time in any zone, pages, and narrows to one service', async () => {
    // 11:00:00.5 at +01:00 is 10:00:00.5 UTC: only sap-erp is down yet.
    const local = await get('/api/v1/status/at?time=2026-11-01T11:00:00.500%2B01:00');
    expect(local.json().items.map((i: { service: string }) => i.service)).toStrictEqual([
      'sap-erp',
    ]);
    const page = (await get(`/api/v1/status/at?time=${iso(T + 2500)}&limit=1&offset=1`)).json();
    expect([page.items[0].service, page.total, page.next]).toStrictEqual(['sap-erp', 2, null]);
    const first = (await get(`/api/v1/status/at?time=${iso(T + 2500)}&limit=1`)).json();
    expect(first.next).toBe(1);
    const one = (await get(`/api/v1/status/at?time=${iso(T + 2500)}&service=sap-erp`)).json();
    expect(one.items).toStrictEqual([{ service: 'sap-erp', ...DOWN_ACK, since: iso(T + 2000) }]);
    expect(one.counts).toStrictEqual({
      operational: 0,
      unknown: 0,
      degraded: 0,
      partial_outage: 0,
      major_outage: 1,
    });
    const after = (await get(`/api/v1/status/at?time=${iso(T + 3_600_000)}`)).json();
    expect([after.items, after.counts.operational]).toStrictEqual([[], 67]);
  });

  it('refuses a malformed time, one without a zone, and one in the future, naming it', async () => {
    for (const [time, message] of [
      ['yesterday', "'yesterday' is not an ISO 8601 time with a zone, e.g. 2026-11-28T19:00:00Z"],
      [
        '2026-11-01T10:00:00',
        "'2026-11-01T10:00:00' is not an ISO 8601 time with a zone, e.g. 2026-11-28T19:00:00Z",
      ],
      ['2999-01-01T00:00:00Z', "'2999-01-01T00:00:00Z' is in the future"],
    ] as const) {
      const response = await get(`/api/v1/status/at?time=${encodeURIComponent(time)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toStrictEqual({
        error: {
          code: 'invalid_input',
          message: `time: ${message}`,
          details: [{ path: 'time', message }],
        },
      });
    }
    expect((await get('/api/v1/status/at')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/services/:id/timeline', () => {
  it('gives the state as the window starts and the changes in it, oldest first', async () => {
    const url = `/api/v1/services/sap-erp/timeline?from=${iso(T + 1000)}&to=${iso(T + 3_600_000)}`;
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toStrictEqual({
      service: 'sap-erp',
      from: iso(T + 1000),
      to: iso(T + 3_600_000),
      state: { ...DOWN, since: iso(T) },
      changes: [
        {
          id: body.changes[0].id,
          at: iso(T + 2000),
          from: DOWN,
          to: DOWN_ACK,
          cause: 'acknowledge',
        },
      ],
      next: null,
    });
  });

  it('counts a change at `from` in the window, and pages with after', async () => {
    const url = `/api/v1/services/sap-erp/timeline?from=${iso(T)}&to=${iso(T + 3_600_001)}&limit=2`;
    const first = (await get(url)).json();
    expect(first.state).toStrictEqual({ ...OK, since: null });
    expect(first.changes.map((c: { cause: string }) => c.cause)).toStrictEqual([
      'signal:alertmanager/a',
      'acknowledge',
    ]);
    expect(first.next).toBe(first.changes[1].id);
    const second = (await get(`${url}&after=${first.next}`)).json();
    expect(second.changes.map((c: { at: string }) => c.at)).toStrictEqual([iso(T + 3_600_000)]);
    expect(second.next).toBeNull();
  });

  it('refuses from at or after to, a window over 366 days, a future to; 404 for no service', async () => {
    const refusal = async (query: string, path: string, message: string) => {
      const response = await get(`/api/v1/services/sap-erp/timeline?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toStrictEqual([{ path, message }]);
    };
    await refusal(`from=${iso(T)}&to=${iso(T)}`, 'from', 'is not before to');
    await refusal(
      `from=2025-01-01T00:00:00Z&to=${iso(T)}`,
      'from',
      'the window is longer than 366 days',
    );
    await refusal('to=2999-01-01T00:00:00Z', 'to', "'2999-01-01T00:00:00Z' is in the future");
    await refusal(
      'from=soon',
      'from',
      "'soon' is not an ISO 8601 time with a zone, e.g. 2026-11-28T19:00:00Z",
    );
    expect((await get('/api/v1/services/nope/timeline')).statusCode).toBe(404);
  });
});

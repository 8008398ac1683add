import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsApp, accountsApp, rootToken, signedIn } from '../../../test/accounts-app.js';
import { stoppedClockApp } from '../../../test/stopped-clock-app.js';
import { fixtureText } from '../../ingest/fixtures.test-helper.js';

let t: AccountsApp;
let ingest: { authorization: string; id: string };
let read: { authorization: string; id: string };

beforeAll(async () => {
  t = await accountsApp();
  ingest = await rootToken(t.accounts, ['ingest']);
  read = await rootToken(t.accounts, ['read']);
});
afterAll(() => t.close());

const alert = (fingerprint: string, extra: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: { alertname: 'SapDown', servicechain_service: 'sap-erp', severity: 'critical' },
  annotations: { summary: 'SAP is down' },
  startsAt: '2026-11-28T11:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  fingerprint,
  ...extra,
});

async function post(url: string, payload: unknown, authorization = ingest.authorization) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { authorization },
  });
}

async function statusOf(id: string): Promise<string> {
  const response = await t.app.inject({
    url: `/api/v1/services/${id}/status`,
    headers: { authorization: read.authorization },
  });
  return (response.json() as { level: string }).level;
}

describe('signal receivers', () => {
  it('answers with counts once the alerts are stored, and the status follows', async () => {
    const response = await post('/api/v1/signals/alertmanager', {
      version: '4',
      alerts: [alert('a1')],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({
      received: 1,
      stored: 1,
      duplicates: 0,
      unmatched: 0,
      notes: [],
    });
    expect(await statusOf('sap-erp')).toBe('major_outage');
    const again = await post('/api/v1/signals/alertmanager', {
      version: '4',
      alerts: [alert('a1')],
    });
    expect(again.json()).toMatchObject({ stored: 0, duplicates: 1 });
    const resolved = await post('/api/v1/signals/alertmanager', {
      version: '4',
      alerts: [alert('a1', { status: 'resolved', endsAt: '2026-11-28T11:30:00Z' })],
    });
    expect(resolved.json()).toMatchObject({ stored: 1 });
    expect(await statusOf('sap-erp')).toBe('operational');
  });

  it.each([
    ['alertmanager', 'example-v4-firing.json'],
    ['alertmanager', 'large_prom_post_request.json'],
    ['alertmanager', 'prom_post_request_12_alerts.json'],
    ['grafana', 'example-firing.json'],
  ] as const)('takes the %s sample %s as sent, byte for byte', async (source, name) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/signals/${source}`,
      payload: fixtureText(source, name),
      headers: { authorization: ingest.authorization, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { received: number; unmatched: number };
    expect(body.received).toBeGreaterThan(0);
    expect(body.unmatched).toBe(body.received);
  });

  it('lists what matched no service, with the reason', async () => {
    await post('/api/v1/signals', { source: 'nagios', key: 'mail/smtp', state: 'firing' });
    const response = await t.app.inject({
      url: '/api/v1/signals/unmatched?limit=1',
      headers: { authorization: read.authorization },
    });
    const [item] = (response.json() as { items: Record<string, unknown>[] }).items;
    expect(item).toMatchObject({
      source: 'nagios',
      key: 'mail/smtp',
      services: [],
      unmatched:
        "no service's spec.signals select these labels, and it names no service (servicechain_service label)",
    });
  });

  it('refuses bad input with a 4xx naming the problem, storing nothing', async () => {
    const version = await post('/api/v1/signals/alertmanager', {
      version: '3',
      alerts: [alert('x')],
    });
    expect(version.statusCode).toBe(400);
    expect(version.json()).toMatchObject({
      error: {
        code: 'invalid_input',
        message: 'version: unknown payload version "3"; this receiver reads version "4"',
      },
    });
    const mixed = await post('/api/v1/signals/alertmanager', {
      version: '4',
      alerts: [alert('half-1'), { ...alert('half-2'), startsAt: 12 }],
    });
    expect(mixed.json()).toMatchObject({
      error: {
        code: 'invalid_input',
        message: 'alerts[1].startsAt: must be a time, not number 12',
      },
    });
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signals/alertmanager',
      payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      headers: { authorization: ingest.authorization, 'content-type': 'application/json' },
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ error: { code: 'malformed_json' } });
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signals',
      payload: 'hello',
      headers: { authorization: ingest.authorization, 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({
      error: { message: "body: must be an object, not the string 'hello'" },
    });
    const all = await t.store.listUnmatchedSignals({ now: 0, all: true, limit: 1000 });
    const stored = await t.store.listActiveSignals(0);
    expect([...all, ...stored].some((s) => s.key.startsWith('half-'))).toBe(false);
  });

  it('takes an ingest token from the URL on receivers only', async () => {
    const secret = ingest.authorization.slice('Bearer '.length);
    const viaUrl = await t.app.inject({
      method: 'POST',
      url: `/api/v1/signals?token=${secret}`,
      payload: { source: 'zabbix', key: 'url-token' },
    });
    expect(viaUrl.statusCode).toBe(200);
    const elsewhere = await t.app.inject({ url: `/api/v1/signals/unmatched?token=${secret}` });
    expect(elsewhere.statusCode).toBe(401);
    const readToken = await post(
      '/api/v1/signals',
      { source: 'zabbix', key: 'r' },
      read.authorization,
    );
    expect(readToken.statusCode).toBe(403);
  });
});

describe('manual overrides', () => {
  it('sets a status by hand with author, reason and expiry, and clears it', async () => {
    const { cookie, csrf } = await signedIn(t.accounts, 'edna', 'editor');
    const headers = { cookie, 'x-csrf-token': csrf };
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/v1/services/sap-hana/override',
      payload: { level: 'partial_outage', reason: 'failover test', expires: '2h' },
      headers,
    });
    expect(set.statusCode).toBe(201);
    const body = set.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      service: 'sap-hana',
      level: 'partial_outage',
      author: 'user:edna',
      reason: 'failover test',
    });
    expect(Date.parse(body.expiresAt as string) - Date.parse(body.createdAt as string)).toBeCloseTo(
      7_200_000,
      -3,
    );
    expect(await statusOf('sap-hana')).toBe('partial_outage');
    const cleared = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/services/sap-hana/override',
      headers,
    });
    expect(cleared.json()).toMatchObject({ clearedBy: 'user:edna' });
    expect(await statusOf('sap-hana')).toBe('operational');
    const none = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/services/sap-hana/override',
      headers,
    });
    expect(none.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/services/sap-hana/override',
      payload: { level: 'degraded', reason: 'x', expires: 'soon' },
      headers,
    });
    expect(bad.json()).toMatchObject({
      error: {
        code: 'invalid_input',
        message:
          "expires: 'soon' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time",
      },
    });
  });
});

describe('manual overrides on the pipeline clock', () => {
  it("reads an expiry against the pipeline's clock, as the pipeline checks it", async () => {
    const { app, close } = await stoppedClockApp(Date.parse('2026-11-28T20:00:00Z'));
    try {
      const url = '/api/v1/services/sap-erp/override';
      const body = { level: 'degraded', reason: 'patching' };
      const inTwoHours = await app.inject({
        method: 'POST',
        url,
        payload: { ...body, expires: '2h' },
      });
      expect([inTwoHours.statusCode, inTwoHours.json()]).toMatchObject([
        201,
        { createdAt: '2026-11-28T20:00:00.000Z', expiresAt: '2026-11-28T22:00:00.000Z' },
      ]);
      const inAnHour = await app.inject({
        method: 'POST',
        url,
        payload: { ...body, expires: '2026-11-28T21:00:00Z' },
      });
      expect([inAnHour.statusCode, inAnHour.json()]).toMatchObject([
        201,
        { createdAt: '2026-11-28T20:00:00.000Z', expiresAt: '2026-11-28T21:00:00.000Z' },
      ]);
    } finally {
      await close();
    }
  });
});

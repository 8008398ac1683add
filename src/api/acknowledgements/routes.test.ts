import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsApp, accountsApp, rootToken, signedIn } from '../../../test/accounts-app.js';
import { stoppedClockApp } from '../../../test/stopped-clock-app.js';

let t: AccountsApp;
let read: { authorization: string };
/** sap-hana's team (infrastructure), an editor, and a viewer of another team. */
let ian: Record<string, string>;
let edna: Record<string, string>;
let vera: Record<string, string>;

const session = ({ cookie, csrf }: { cookie: string; csrf: string }) => ({
  cookie,
  'x-csrf-token': csrf,
});

beforeAll(async () => {
  t = await accountsApp();
  read = await rootToken(t.accounts, ['read']);
  ian = session(await signedIn(t.accounts, 'ian', 'viewer', ['infrastructure']));
  edna = session(await signedIn(t.accounts, 'edna', 'editor'));
  vera = session(await signedIn(t.accounts, 'vera', 'viewer', ['digital-commerce']));
  // sap-hana down by hand; sap-erp, which needs it, goes down with it.
  const down = await t.app.inject({
    method: 'POST',
    url: '/api/v1/services/sap-hana/override',
    payload: { level: 'major_outage', reason: 'both HANA sites down' },
    headers: edna,
  });
  expect(down.statusCode).toBe(201);
});
afterAll(() => t.close());

const URL = '/api/v1/services/sap-hana/acknowledgement';
const UNTIL = '2099-01-01T00:00:00.000Z';

const put = (url: string, payload: unknown, headers: Record<string, string>) =>
  t.app.inject({ method: 'PUT', url, payload: payload as object, headers });
const status = async (id: string) =>
  (
    await t.app.inject({
      url: `/api/v1/services/${id}/status`,
      headers: { authorization: read.authorization },
    })
  ).json() as Record<string, unknown>;

describe('acknowledgements', () => {
  it('lets the providing team acknowledge, shows it in the status answers, and audits it', async () => {
    const before = Date.now();
    const response = await put(URL, { note: 'taking over to Munich', until: UNTIL }, ian);
    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>;
    expect(body).toStrictEqual({
      service: 'sap-hana',
      author: 'user:ian',
      note: 'taking over to Munich',
      createdAt: body.createdAt,
      expiresAt: UNTIL,
      clearedAt: null,
      clearedBy: null,
    });
    expect(Date.parse(body.createdAt as string)).toBeGreaterThanOrEqual(before - (before % 1000));
    expect(await status('sap-hana')).toMatchObject({
      level: 'major_outage',
      acknowledged: true,
      acknowledgement: {
        author: 'user:ian',
        note: 'taking over to Munich',
        createdAt: body.createdAt,
        expiresAt: UNTIL,
      },
    });
    // Acknowledged through its dependency, by nobody in particular.
    expect(await status('sap-erp')).toMatchObject({
      level: 'major_outage',
      acknowledged: true,
      acknowledgement: null,
    });
    const audit = await t.app.inject({
      url: '/api/v1/audit?kind=acknowledgement&key=sap-hana',
      headers: edna,
    });
    const [record] = (audit.json() as { items: Record<string, unknown>[] }).items;
    expect([record?.op, record?.actor]).toStrictEqual(['create', 'user:ian']);
  });

  it('lets an editor take it back, and answers 404 when none is in force', async () => {
    await put(URL, { note: 'on it' }, edna);
    const cleared = await t.app.inject({ method: 'DELETE', url: URL, headers: edna });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({
      service: 'sap-hana',
      author: 'user:edna',
      note: 'on it',
      expiresAt: null,
      clearedBy: 'user:edna',
    });
    expect(await status('sap-hana')).toMatchObject({
      acknowledged: false,
      acknowledgement: null,
    });
    const none = await t.app.inject({ method: 'DELETE', url: URL, headers: edna });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toStrictEqual({
      error: {
        code: 'not_found',
        message: "service 'sap-hana' has no acknowledgement in force",
      },
    });
  });

  it('refuses readers and other teams with 403', async () => {
    const token = await put(URL, {}, { authorization: read.authorization });
    expect(token.statusCode).toBe(403);
    const other = await put(URL, {}, vera);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toStrictEqual({
      error: {
        code: 'forbidden',
        message:
          "only editors and members of 'infrastructure' may change the services 'infrastructure' provides",
      },
    });
    const otherDelete = await t.app.inject({ method: 'DELETE', url: URL, headers: vera });
    expect(otherDelete.statusCode).toBe(403);
  });

  it('answers 404 for an unknown service, 400 for a bad expiry, 409 for an operational one', async () => {
    const unknown = await put('/api/v1/services/no-such/acknowledgement', {}, edna);
    expect([unknown.statusCode, unknown.json()]).toStrictEqual([
      404,
      { error: { code: 'not_found', message: "no service 'no-such'" } },
    ]);
    const soon = await put(URL, { until: 'soon' }, edna);
    expect([soon.statusCode, soon.json()]).toStrictEqual([
      400,
      {
        error: {
          code: 'invalid_input',
          message:
            "until: 'soon' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time",
          details: [
            {
              path: 'body.until',
              message: "'soon' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time",
            },
          ],
        },
      },
    ]);
    const nul = await put(URL, { note: 'on it\u0000' }, edna);
    expect([nul.statusCode, nul.json().error.message]).toStrictEqual([
      400,
      'note: contains a NUL character (U+0000)',
    ]);
    const past = await put(URL, { until: '2020-01-01T00:00:00Z' }, edna);
    expect([past.statusCode, past.json().error.message]).toStrictEqual([
      400,
      "until: '2020-01-01T00:00:00Z' has passed",
    ]);
    const fine = await put('/api/v1/services/hosting/acknowledgement', {}, edna);
    expect([fine.statusCode, fine.json()]).toStrictEqual([
      409,
      {
        error: {
          code: 'conflict',
          message: "service 'hosting' is operational: there is no trouble to acknowledge",
        },
      },
    ]);
    const extra = await put(URL, { note: 'x', by: 'someone' }, edna);
    expect(extra.statusCode).toBe(400);
  });
});

describe('acknowledgements on the desk clock', () => {
  it("reads an expiry against the desk's clock, as the desk checks it", async () => {
    const { app, pipeline, close } = await stoppedClockApp(Date.parse('2026-11-28T20:00:00Z'));
    try {
      await pipeline.setOverride({
        service: 'sap-erp',
        level: 'major_outage',
        reason: 'down',
        expiresAt: null,
        author: 'user:amy',
      });
      const url = '/api/v1/services/sap-erp/acknowledgement';
      const inTwoHours = await app.inject({ method: 'PUT', url, payload: { until: '2h' } });
      expect([inTwoHours.statusCode, inTwoHours.json()]).toMatchObject([
        200,
        { createdAt: '2026-11-28T20:00:00.000Z', expiresAt: '2026-11-28T22:00:00.000Z' },
      ]);
      const inAnHour = await app.inject({
        method: 'PUT',
        url,
        payload: { until: '2026-11-28T21:00:00Z' },
      });
      expect([inAnHour.statusCode, inAnHour.json()]).toMatchObject([
        200,
        { createdAt: '2026-11-28T20:00:00.000Z', expiresAt: '2026-11-28T21:00:00.000Z' },
      ]);
    } finally {
      await close();
    }
  });
});

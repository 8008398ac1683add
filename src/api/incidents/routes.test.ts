import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';

let admin: DemoApp;
let owner: DemoApp;

beforeAll(async () => {
  admin = await demoApp();
  owner = await demoApp(undefined, {
    id: 'user:dana',
    kind: 'user',
    role: 'viewer',
    teams: ['digital-commerce'],
    scopes: [],
  });
});
afterAll(async () => {
  await admin.close();
  await owner.close();
});

type Call = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; payload?: object };
const call = (demo: DemoApp, { method = 'GET', url, payload }: Call, headers = {}) =>
  demo.app.inject({ method, url, ...(payload && { payload }), headers });
const level = async (demo: DemoApp, id: string) =>
  (await call(demo, { url: `/api/v1/services/${id}/status` })).json().level as string;

const OPEN = {
  title: 'Shop checkout fails',
  message: 'Payments time out',
  services: [{ service: 'web-shop', impact: 'partial_outage' }],
  visibility: 'public',
};

describe('incident routes', () => {
  it('open an incident (201, Location, ETag) whose impact the service status shows at once', async () => {
    expect(await level(admin, 'web-shop')).toBe('operational');
    const created = await call(admin, { method: 'POST', url: '/api/v1/incidents', payload: OPEN });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/incidents/1');
    const body = created.json();
    expect(created.headers.etag).toBe(`"1-${Date.parse(body.createdAt).toString(36)}"`);
    expect(body).toMatchObject({
      id: 1,
      title: 'Shop checkout fails',
      status: 'investigating',
      visibility: 'public',
      services: [{ service: 'web-shop', impact: 'partial_outage' }],
      signals: [],
      author: 'user:test-admin',
      resolvedAt: null,
      version: 1,
      postmortem: null,
      updates: [
        {
          status: 'investigating',
          message: 'Payments time out',
          author: 'user:test-admin',
          at: body.createdAt,
        },
      ],
    });
    expect(body.rootCause.map((r: { service: string }) => r.service)).toStrictEqual(['web-shop']);
    expect(await level(admin, 'web-shop')).toBe('partial_outage');
    const explained = await call(admin, { url: '/api/v1/services/web-shop/explain' });
    expect(explained.json().signals).toStrictEqual([
      { key: 'incident/1', level: 'partial_outage', summary: 'Shop checkout fails' },
    ]);
  });

  it('change fields only with a current If-Match (428 without, 412 when stale)', async () => {
    const url = '/api/v1/incidents/1';
    const read = await call(admin, { url });
    const etag = read.headers.etag as string;
    const payload = { services: [{ service: 'web-shop', impact: 'major_outage' }] };
    expect((await call(admin, { method: 'PATCH', url, payload })).statusCode).toBe(428);
    const stale = await call(admin, { method: 'PATCH', url, payload }, { 'if-match': '"9-x"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'precondition_failed', details: { etag } });
    const patched = await call(admin, { method: 'PATCH', url, payload }, { 'if-match': etag });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, services: payload.services });
    expect(await level(admin, 'web-shop')).toBe('major_outage');
  });

  it('add updates, resolve (the impact leaves), refuse a second resolve and a silent reopen', async () => {
    const url = '/api/v1/incidents/1';
    const update = await call(admin, {
      method: 'POST',
      url: `${url}/updates`,
      payload: { message: 'Bad deploy found', status: 'identified' },
    });
    expect(update.statusCode).toBe(201);
    expect(update.json()).toMatchObject({ status: 'identified', version: 3 });
    const resolved = await call(admin, {
      method: 'POST',
      url: `${url}/resolve`,
      payload: { message: 'Rolled back' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().status).toBe('resolved');
    expect(resolved.json().resolvedAt).toBe(resolved.json().updates[2].at);
    expect(await level(admin, 'web-shop')).toBe('operational');
    const again = await call(admin, {
      method: 'POST',
      url: `${url}/resolve`,
      payload: { message: 'again' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('incident 1: the incident is resolved already');
    const silent = await call(admin, {
      method: 'POST',
      url: `${url}/updates`,
      payload: { message: 'back?', status: 'investigating' },
    });
    expect(silent.statusCode).toBe(409);
    const postmortem = await call(
      admin,
      { method: 'PUT', url: `${url}/postmortem`, payload: { postmortem: '## Timeline\n' } },
      { 'if-match': resolved.headers.etag as string },
    );
    expect(postmortem.statusCode).toBe(200);
    expect(postmortem.json().postmortem).toBe('## Timeline');
  });

  it('list newest first with filters and pages going back', async () => {
    await call(admin, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        ...OPEN,
        title: 'SAP slow',
        visibility: 'internal',
        services: [{ service: 'sap-erp', impact: 'degraded' }],
      },
    });
    const list = async (query: string) =>
      (await call(admin, { url: `/api/v1/incidents${query}` })).json();
    expect((await list('')).items.map((i: { id: number }) => i.id)).toStrictEqual([2, 1]);
    expect((await list('?state=open')).items.map((i: { id: number }) => i.id)).toStrictEqual([2]);
    expect((await list('?state=resolved&service=web-shop')).items.length).toBe(1);
    expect((await list('?visibility=public')).items.map((i: { id: number }) => i.id)).toStrictEqual(
      [1],
    );
    const first = await list('?limit=1');
    expect(first).toMatchObject({ items: [{ id: 2, updateCount: 1 }], nextBefore: '2' });
    expect(await list('?limit=1&before=2')).toMatchObject({ items: [{ id: 1 }], nextBefore: null });
    expect((await call(admin, { url: '/api/v1/incidents?state=closed' })).statusCode).toBe(400);
  });

  it('answer 404 for an unknown incident and 400 for bad input, storing nothing', async () => {
    expect((await call(admin, { url: '/api/v1/incidents/99' })).statusCode).toBe(404);
    expect((await call(admin, { url: '/api/v1/incidents/abc' })).statusCode).toBe(400);
    const before = (await call(admin, { url: '/api/v1/incidents' })).json();
    const unknown = await call(admin, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...OPEN, services: [{ service: 'nope', impact: 'degraded' }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toStrictEqual({
      code: 'invalid_input',
      message: "services[0].service: no service 'nope'",
      details: [{ path: 'services[0].service', message: "no service 'nope'" }],
    });
    const operational = await call(admin, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...OPEN, services: [{ service: 'web-shop', impact: 'operational' }] },
    });
    expect(operational.statusCode).toBe(400);
    const blank = await call(admin, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...OPEN, title: '   ' },
    });
    expect(blank.json().error.details).toStrictEqual([{ path: 'title', message: 'is empty' }]);
    expect((await call(admin, { url: '/api/v1/incidents' })).json()).toStrictEqual(before);
  });

  it('let a team member write incidents on the services the team provides, and only those', async () => {
    const mine = await call(owner, { method: 'POST', url: '/api/v1/incidents', payload: OPEN });
    expect(mine.statusCode).toBe(201);
    const theirs = await call(owner, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...OPEN, services: [{ service: 'sap-erp', impact: 'degraded' }] },
    });
    expect(theirs.statusCode).toBe(403);
    const none = await call(owner, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...OPEN, services: [] },
    });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.message).toBe(
      'only editors may write an incident that names no service',
    );
    const spread = await call(
      owner,
      {
        method: 'PATCH',
        url: '/api/v1/incidents/1',
        payload: { services: [{ service: 'sap-erp', impact: 'degraded' }] },
      },
      { 'if-match': mine.headers.etag as string },
    );
    expect(spread.statusCode).toBe(403);
    const resolved = await call(owner, {
      method: 'POST',
      url: '/api/v1/incidents/1/resolve',
      payload: { message: 'fine' },
    });
    expect(resolved.statusCode).toBe(200);
  });
});

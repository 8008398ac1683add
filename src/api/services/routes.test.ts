import { afterEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import type { Principal } from '../access.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function open(principal?: Principal) {
  demo = await demoApp(undefined, principal);
  return demo;
}

const salesViewer: Principal = {
  id: 'user:sam',
  kind: 'user',
  role: 'viewer',
  teams: ['sales'],
  scopes: [],
};

describe('service lists', () => {
  it('filters by label, provider, tag, lifecycle, text and status, all together', async () => {
    const { app } = await open();
    const get = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/services?${query}` })).json();
    const business = await get('label=business');
    expect(business.items.length).toBeGreaterThan(0);
    expect(business.items.every((s: { label: string }) => s.label === 'business')).toBe(true);
    expect((await get('provider=sales')).items.map((s: { id: string }) => s.id)).toContain(
      'order-to-cash',
    );
    expect(
      (await get('tag=revenue&label=business')).items.map((s: { id: string }) => s.id),
    ).toContain('order-to-cash');
    const text = await get('q=CASH');
    expect(text.items.map((s: { id: string }) => s.id)).toContain('order-to-cash');
    expect((await get('status=major_outage')).total).toBe(0);
    expect((await get('status=operational')).total).toBe(67);
  });

  it('derives customers: the services a party consumes and all they rest on', async () => {
    const { app } = await open();
    const body = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/services?customer=retail-customers&limit=1000',
      })
    ).json();
    const ids = body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain('order-to-cash');
    expect(ids).toContain('sap-erp');
    expect(body.total).toBe(ids.length);
  });

  it('sorts descending and pages with a cursor that needs the same query', async () => {
    const { app } = await open();
    const first = (
      await app.inject({ method: 'GET', url: '/api/v1/services?sort=-name&limit=10' })
    ).json();
    expect(first.items).toHaveLength(10);
    const names = first.items.map((s: { name: string }) => s.name.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    const cursor = encodeURIComponent(first.nextCursor);
    const second = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/services?sort=-name&limit=10&cursor=${cursor}`,
      })
    ).json();
    expect(second.items[0].name.toLowerCase() <= (names[9] as string)).toBe(true);
    const other = await app.inject({
      method: 'GET',
      url: `/api/v1/services?sort=name&limit=10&cursor=${cursor}`,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('invalid_cursor');
  });

  it('refuses unknown query fields and bad values with their field path', async () => {
    const { app } = await open();
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/services?limit=abc&sort=zzz',
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('querystring.limit');
    expect(paths).toContain('querystring.sort');
  });
});

describe('service writes', () => {
  it('creates, reads with an ETag, replaces with If-Match, and deletes', async () => {
    const { app, store } = await open();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'label-printing', name: 'Label printing', provider: 'sales', tags: ['x'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/services/label-printing');
    expect(created.json()).toMatchObject({
      id: 'label-printing',
      lifecycle: 'live',
      rule: 'worst',
    });
    const read = await app.inject({ method: 'GET', url: '/api/v1/services/label-printing' });
    expect(read.headers.etag).toBe(created.headers.etag);
    const cached = await app.inject({
      method: 'GET',
      url: '/api/v1/services/label-printing',
      headers: { 'if-none-match': String(read.headers.etag) },
    });
    // The body carries relations that the entity's version does not cover: never a 304.
    expect(cached.statusCode).toBe(200);
    expect(cached.headers.etag).toBe(read.headers.etag);
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/services/label-printing',
      payload: { ...(read.json() as object), name: 'Labels' },
      headers: { 'if-match': String(read.headers.etag) },
    });
    expect(put.statusCode).toBe(200);
    expect(put.headers.etag).not.toBe(read.headers.etag);
    expect((await store.getService('label-printing'))?.name).toBe('Labels');
    const [audit] = await store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ actor: 'user:test-admin', op: 'update', key: 'label-printing' });
    const stale = await app.inject({
      method: 'DELETE',
      url: '/api/v1/services/label-printing',
      headers: { 'if-match': String(read.headers.etag) },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.etag).toBe(put.headers.etag);
    const gone = await app.inject({
      method: 'DELETE',
      url: '/api/v1/services/label-printing',
      headers: { 'if-match': String(put.headers.etag) },
    });
    expect(gone.statusCode).toBe(204);
    expect(await store.getService('label-printing')).toBeUndefined();
  });

  it('needs If-Match (428), and a re-created service does not match the old tag', async () => {
    const { app } = await open();
    const payload = { id: 'tmp', provider: 'sales' };
    const first = await app.inject({ method: 'POST', url: '/api/v1/services', payload });
    const noTag = await app.inject({ method: 'DELETE', url: '/api/v1/services/tmp' });
    expect(noTag.statusCode).toBe(428);
    expect(noTag.json().error.code).toBe('precondition_required');
    await app.inject({
      method: 'DELETE',
      url: '/api/v1/services/tmp',
      headers: { 'if-match': String(first.headers.etag) },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await app.inject({ method: 'POST', url: '/api/v1/services', payload });
    expect(again.headers.etag).not.toBe(first.headers.etag);
    const old = await app.inject({
      method: 'PATCH',
      url: '/api/v1/services/tmp',
      payload: { name: 'x' },
      headers: { 'if-match': String(first.headers.etag) },
    });
    expect(old.statusCode).toBe(412);
  });

  it('patches with JSON Merge Patch: null removes a field', async () => {
    const { app, store } = await open();
    const read = await app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash' });
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/services/order-to-cash',
      payload: { slo: null, labels: { tier: 'gold' } },
      headers: {
        'if-match': String(read.headers.etag),
        'content-type': 'application/merge-patch+json',
      },
    });
    expect(patched.statusCode).toBe(200);
    const service = await store.getService('order-to-cash');
    expect(service?.slo).toBeUndefined();
    expect(service?.labels).toEqual({ domain: 'sales', tier: 'gold' });
    expect(service?.name).toBe('Order to cash');
  });

  it('answers 422 with the field path for a dangling provider, 409 for a duplicate', async () => {
    const { app } = await open();
    const dangling = await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'new-one', provider: 'salse' },
    });
    expect(dangling.statusCode).toBe(422);
    expect(dangling.json().error).toMatchObject({
      code: 'invalid_model',
      details: [
        { path: 'provider', message: "no party 'salse' (did you mean 'sales'?)", kind: 'service' },
      ],
    });
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'order-to-cash' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('refuses a changed relation or id in a body, but takes them back as read', async () => {
    const { app } = await open();
    const read = await app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash' });
    const body = read.json();
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/services/order-to-cash',
      payload: { ...body, dependsOn: [], id: 'other' },
      headers: { 'if-match': String(read.headers.etag) },
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'id',
      'dependsOn',
    ]);
  });

  it('lets team members change only the services their team provides', async () => {
    const { app } = await open(salesViewer);
    const read = await app.inject({ method: 'GET', url: '/api/v1/services/order-to-cash' });
    const own = await app.inject({
      method: 'PATCH',
      url: '/api/v1/services/order-to-cash',
      payload: { description: 'ours' },
      headers: { 'if-match': String(read.headers.etag) },
    });
    expect(own.statusCode).toBe(200);
    const handOver = await app.inject({
      method: 'PATCH',
      url: '/api/v1/services/order-to-cash',
      payload: { provider: 'finance' },
      headers: { 'if-match': String(own.headers.etag) },
    });
    expect(handOver.statusCode).toBe(403);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'not-ours', provider: 'finance' },
    });
    expect(other.statusCode).toBe(403);
    const party = await app.inject({
      method: 'POST',
      url: '/api/v1/parties',
      payload: { id: 'p1', kind: 'team' },
    });
    expect(party.statusCode).toBe(403);
  });
});

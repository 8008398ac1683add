import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type PagesApp, pagesApp, VIEWER } from './status-pages.test-helper.js';

let t: PagesApp;
beforeEach(async () => {
  t = await pagesApp();
});
afterEach(async () => {
  await t.close();
});

const BODY = {
  slug: 'acme',
  title: 'Acme: your services',
  audience: 'customer:acme',
  services: [
    { service: 'web-shop', name: 'Online shop' },
    { service: 'pay-gw01', key: 'pay', name: 'Payments', group: 'Checkout' },
  ],
};

const post = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/status-pages', payload: payload as object });

describe('the status page admin API', () => {
  it('creates a page with defaults, a key made from the name, an ETag and its address', async () => {
    const response = await post(BODY);
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe('/api/v1/status-pages/acme');
    const created = Date.parse('2026-11-28T12:00:00Z').toString(36);
    expect(response.headers.etag).toBe(`"1-${created}"`);
    expect(response.json()).toEqual({
      slug: 'acme',
      title: 'Acme: your services',
      audience: 'customer:acme',
      services: [
        { service: 'web-shop', key: 'online-shop', name: 'Online shop' },
        { service: 'pay-gw01', key: 'pay', name: 'Payments', group: 'Checkout' },
      ],
      showRootCause: false,
      showInternalIncidents: false,
      branding: '',
      url: '/status/acme',
      version: 1,
      createdAt: '2026-11-28T12:00:00.000Z',
      updatedAt: '2026-11-28T12:00:00.000Z',
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/status-pages' });
    expect(list.json().items.map((p: { slug: string }) => p.slug)).toEqual(['acme']);
    const [record] = await t.store.listAudit({ kind: 'status_page' });
    expect(record).toMatchObject({ actor: ADMIN.id, op: 'create', key: 'acme' });
  });

  it('reports every problem of a body at once, each at its path, storing nothing', async () => {
    const response = await post({
      slug: 'Acme.Page',
      title: ' ',
      audience: 'public',
      showInternalIncidents: true,
      services: [
        { service: 'web-shop', name: 'Shop' },
        { service: 'pay-gw01', name: 'Shop' },
        { service: 'web-shop', name: 'Again', colour: 'red' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'invalid_input',
      message: 'the status page has 5 problems',
      details: [
        {
          path: 'slug',
          message:
            "'Acme.Page' is not a slug: use lower-case letters, digits and '-', starting with a letter or digit",
        },
        { path: 'title', message: 'is blank' },
        {
          path: 'showInternalIncidents',
          message: 'internal incidents never show on a public page',
        },
        {
          path: 'services[1].key',
          message: "key 'shop' is taken by services[0]: give one a key of its own",
        },
        // The third entry has a problem of its own, so it is not compared with the others.
        { path: 'services[2].colour', message: 'is not a field of a status page' },
      ],
    });
    expect(await t.store.listStatusPages()).toEqual([]);
  });

  it('refuses services and a customer the model lacks', async () => {
    const response = await post({
      ...BODY,
      audience: 'customer:globex',
      services: [{ service: 'db02', name: 'Database' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'invalid_input',
      message: 'the status page names 2 things the model lacks',
      details: [
        { path: 'audience', message: "no party 'globex'" },
        { path: 'services[0].service', message: "no service 'db02'" },
      ],
    });
  });

  it('replaces a page only with the ETag read, and deletes it so', async () => {
    const created = await post(BODY);
    const etag = created.headers.etag as string;
    const put = (headers: Record<string, string>, payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/status-pages/acme', headers, payload });
    expect((await put({}, { ...BODY, title: 'New' })).statusCode).toBe(428);
    expect((await put({ 'if-match': '"9-x"' }, { ...BODY, title: 'New' })).statusCode).toBe(412);
    const renamed = await put({ 'if-match': etag }, { ...BODY, slug: 'other' });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.details).toEqual([
      { path: 'slug', message: "'other' is not the page's slug 'acme' (a slug cannot change)" },
    ]);
    const updated = await put({ 'if-match': etag }, { ...BODY, title: 'New' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ title: 'New', version: 2 });
    const del = (headers: Record<string, string>) =>
      t.app.inject({ method: 'DELETE', url: '/api/v1/status-pages/acme', headers });
    expect((await del({})).statusCode).toBe(428);
    expect((await del({ 'if-match': etag })).statusCode).toBe(412);
    expect((await del({ 'if-match': updated.headers.etag as string })).statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/status-pages/acme' })).statusCode,
    ).toBe(404);
  });

  it('lets viewers read pages but only admins write them', async () => {
    await post(BODY);
    t.as(VIEWER);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/status-pages/acme' })).statusCode,
    ).toBe(200);
    expect((await post({ ...BODY, slug: 'other' })).statusCode).toBe(403);
    t.as(undefined);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/status-pages' })).statusCode).toBe(
      401,
    );
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP, webRoutes } from './routes.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/ui/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(5000))});`;

const ANONYMOUS = INDEX.replace(
  '</head>',
  '  <meta name="servicechain-session" content="anonymous">\n  </head>',
);

let folder: string;
let app: FastifyInstance;
let bare: FastifyInstance;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'web-routes-'));
  mkdirSync(join(folder, 'assets'));
  writeFileSync(join(folder, 'index.html'), INDEX);
  writeFileSync(join(folder, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(folder, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = Fastify();
  await app.register(webRoutes, { root: folder });
  bare = Fastify();
  await bare.register(webRoutes, { root: join(folder, 'missing') });
});
afterAll(async () => {
  await app.close();
  await bare.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the web UI routes', () => {
  it('answers index.html with the strict CSP for the base and for any client route', async () => {
    for (const url of ['/ui/', '/ui/services/sap-erp', '/ui/map?focus=x', '/ui/index.html']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe(WEB_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers.vary).toBe('accept-encoding, cookie');
      expect(response.body).toBe(ANONYMOUS);
    }
    expect(WEB_CSP).not.toContain('unsafe');
    expect(WEB_CSP).toContain("script-src 'self'");
  });

  it('tells the page whether the browser is signed in, in a meta element', async () => {
    const signedIn = Fastify();
    signedIn.addHook('onRequest', async (request) => {
      request.principal = { id: 'user:amy', kind: 'user', role: 'viewer', teams: [], scopes: [] };
    });
    await signedIn.register(webRoutes, { root: folder });
    const page = await signedIn.inject({ url: '/ui/parties/x' });
    expect(page.body).toContain('<meta name="servicechain-session" content="signed-in">');
    expect(page.headers.etag).not.toBe((await app.inject({ url: '/ui/' })).headers.etag);
    await signedIn.close();
  });

  it('redirects /ui to /ui/', async () => {
    const response = await app.inject({ url: '/ui' });
    expect(response.statusCode).toBe(308);
    expect(response.headers.location).toBe('/ui/');
  });

  it('serves hashed assets for a year, gzipped when asked, and 304 for a matching ETag', async () => {
    const plain = await app.inject({ url: '/ui/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const zipped = await app.inject({
      url: '/ui/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(SCRIPT);
    const again = await app.inject({
      url: '/ui/assets/index-abc123.js',
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for a missing asset rather than the page, and never reads outside the build', async () => {
    expect((await app.inject({ url: '/ui/assets/gone-123.js' })).statusCode).toBe(404);
    const traversal = await app.inject({ url: '/ui/..%2f..%2fpackage.json' });
    expect(traversal.body).toBe(ANONYMOUS);
    const other = await app.inject({ url: '/ui/favicon.svg' });
    expect(other.headers['content-type']).toBe('image/svg+xml');
    expect(other.headers['cache-control']).toBe('no-cache');
  });

  it('says how to build the UI when it has not been built', async () => {
    const response = await bare.inject({ url: '/ui/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});

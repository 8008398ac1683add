import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../../package-root.js';
import { loadWebAssets, type WebAsset, withSessionHint } from './web-assets.js';

/** Where the UI is served; the Vite build's `base` must match. */
export const WEB_BASE = '/ui/';

/**
 * The app page's policy: scripts, styles, images and API calls from this origin only, nothing
 * inline, no framing, no plugins; forms post only here.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Servicechain</title></head>
<body><h1>The web UI is not built</h1><p>Run <code>npm run build</code> and restart the server. The API is at <code>/api/v1</code>.</p></body></html>`;

export interface WebRoutesOptions {
  /** The built UI (default: dist/web in the package). */
  root?: string;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: WebAsset, page: boolean) {
  void reply
    .header('content-type', asset.type)
    .header('etag', asset.etag)
    .header('vary', page ? 'accept-encoding, cookie' : 'accept-encoding')
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (page) void reply.header('content-security-policy', WEB_CSP);
  if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
  const gzip = asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) void reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

/**
 * The web UI under /ui/: built files by exact name (hashed assets cached for a year), and
 * index.html for every other path, which the app routes on the client. The shell is public;
 * the data comes from the API, which checks access on every call.
 */
export async function webRoutes(
  app: FastifyInstance,
  options: WebRoutesOptions = {},
): Promise<void> {
  const assets = loadWebAssets(options.root ?? join(packageRoot(), 'dist', 'web'));
  const built = assets.get('index.html');
  // The page says whether the browser is signed in, so the app asks /auth/me only when it is
  // (an anonymous visitor then sees no 401 in the console).
  const pages = built && {
    'signed-in': withSessionHint(built, 'signed-in'),
    anonymous: withSessionHint(built, 'anonymous'),
  };
  const config = { access: 'public' } as const;
  const schema = { hide: true };

  app.get('/ui', { config, schema }, async (_request, reply) => reply.redirect(WEB_BASE, 308));

  app.get<{ Params: { '*': string } }>('/ui/*', { config, schema }, async (request, reply) => {
    const path = request.params['*'];
    const asset = assets.get(path);
    if (asset && path !== 'index.html') return send(request, reply, asset, false);
    if (path.startsWith('assets/'))
      return reply.status(404).send({ error: { code: 'not_found', message: `no file '${path}'` } });
    if (!pages)
      return reply
        .status(503)
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    return send(request, reply, pages[request.principal ? 'signed-in' : 'anonymous'], true);
  });
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file, held in memory with its gzip form when that is smaller. */
export interface WebAsset {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  /** Content-hashed files (under assets/) never change: cached for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

function asset(body: Buffer, ext: string, immutable: boolean): WebAsset {
  const gzip =
    COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
  return {
    body,
    gzip: gzip && gzip.length < body.length ? gzip : undefined,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable,
  };
}

/**
 * index.html with `<meta name="servicechain-session" content="signed-in|anonymous">` in its head:
 * markup, not script, so the page's CSP needs nothing more.
 */
export function withSessionHint(index: WebAsset, state: 'signed-in' | 'anonymous'): WebAsset {
  const meta = `<meta name="servicechain-session" content="${state}">`;
  const html = index.body.toString('utf8').replace('</head>', `  ${meta}\n  </head>`);
  return asset(Buffer.from(html), '.html', false);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The built web UI, read once: a map from the path under the UI's base (`index.html`,
 * `assets/index-Df7q.js`) to the file. Only files found here are ever served, so no request
 * path reaches the file system. Empty when the UI has not been built.
 */
export function loadWebAssets(root: string): Map<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  if (!existsSync(join(root, 'index.html'))) return assets;
  for (const path of filesUnder(root)) {
    const name = relative(root, path).split(sep).join('/');
    const ext = extname(name);
    const body = readFileSync(path);
    const gzip =
      COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
    assets.set(name, {
      body,
      gzip: gzip && gzip.length < body.length ? gzip : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: name.startsWith('assets/'),
    });
  }
  return assets;
}

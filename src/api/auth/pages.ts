import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { FirstAdminSetup } from '../../accounts/first-admin.js';
import { InputError } from '../../model/errors.js';
import { startSession } from './auth-routes.js';
import { escapeHtml } from './escape-html.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:22rem;padding:0 1rem;color:#1b1f24;background:#fff}
label{display:block;margin:.75rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.4rem;font:inherit}
button{margin-top:1rem;padding:.4rem 1rem;font:inherit}.error{color:#b42318}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.error{color:#ff7b72}}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Forms post only to this site; the style by hash; no scripts at all. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const FORM_LIMIT = 8 * 1024;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Servicechain</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}</main></body></html>`;
}

export function signInPage(message?: string, name = ''): string {
  return page(
    'Sign in',
    `${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/sign-in">
<label for="name">Name</label><input id="name" name="name" autocomplete="username" required maxlength="63" value="${escapeHtml(name)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Sign in</button></form>`,
  );
}

export function setupPage(secret: string, message?: string): string {
  return page(
    'Set the admin password',
    `<p>This one-time link makes you the first admin, named <code>admin</code>.</p>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/setup">
<input type="hidden" name="token" value="${escapeHtml(secret)}">
<label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required maxlength="1024">
<label for="confirm">Once more</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024">
<button type="submit">Set password and sign in</button></form>`,
  );
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

/**
 * A form post is refused unless it comes from a page of this site: a browser always sends
 * Origin (or at least Sec-Fetch-Site) on a cross-site POST, which stops login CSRF.
 */
function fromThisSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string') return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The server-rendered sign-in and first-start pages (until the web UI replaces them). */
export async function pageRoutes(
  app: FastifyInstance,
  { accounts, setup }: { accounts: Accounts; setup?: FirstAdminSetup },
): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_request, text, done) => {
      const params = new URLSearchParams(text as string);
      const fields: Record<string, string> = Object.create(null);
      for (const [key, value] of params)
        if (key === 'name' || key === 'password' || key === 'confirm' || key === 'token')
          fields[key] = value;
      done(null, fields);
    },
  );
  const hidden = { hide: true };

  app.get('/sign-in', { config: { access: 'public' }, schema: hidden }, async (_request, reply) =>
    html(reply, 200, signInPage()),
  );

  app.post('/sign-in', { config: { access: 'public' }, schema: hidden }, async (request, reply) => {
    if (!fromThisSite(request))
      return html(reply, 403, signInPage('Sign in from this site’s own page.'));
    const name = field(request.body, 'name');
    const result = await accounts.signIn(name, field(request.body, 'password'), request.ip);
    if (result.ok) {
      startSession(reply, request, result);
      return reply.status(303).header('location', '/').header('cache-control', 'no-store').send();
    }
    if (result.reason === 'throttled') {
      void reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      return html(
        reply,
        429,
        signInPage('Too many wrong passwords. Wait a little and try again.', name),
      );
    }
    return html(reply, 401, signInPage('The name or the password is not right.', name));
  });

  app.get<{ Querystring: { token?: string } }>(
    '/setup',
    { config: { access: 'public' }, schema: hidden },
    async (request, reply) => {
      const secret = typeof request.query.token === 'string' ? request.query.token : '';
      if (!setup || !(await setup.isOpen(secret)))
        return html(
          reply,
          404,
          page(
            'Link not valid',
            '<p>This setup link has been used or has expired. Restart the server for a new one, or run <code>servicechain user add</code>.</p>',
          ),
        );
      return html(reply, 200, setupPage(secret));
    },
  );

  app.post('/setup', { config: { access: 'public' }, schema: hidden }, async (request, reply) => {
    const secret = field(request.body, 'token');
    if (!fromThisSite(request) || !setup || !(await setup.isOpen(secret)))
      return html(
        reply,
        404,
        page('Link not valid', '<p>This setup link has been used or has expired.</p>'),
      );
    const password = field(request.body, 'password');
    if (password !== field(request.body, 'confirm'))
      return html(reply, 400, setupPage(secret, 'The two passwords differ.'));
    try {
      const user = await setup.complete(secret, password);
      if (!user)
        return html(
          reply,
          404,
          page('Link not valid', '<p>This setup link has been used or has expired.</p>'),
        );
      startSession(reply, request, await accounts.openSession(user));
      return reply.status(303).header('location', '/').send();
    } catch (error) {
      if (error instanceof InputError) return html(reply, 400, setupPage(secret, error.message));
      throw error;
    }
  });
}

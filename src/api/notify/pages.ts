import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Subscriptions } from '../../notify/subscriptions.js';
import { escapeHtml } from '../auth/escape-html.js';

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:28rem;padding:0 1rem}button{padding:.4rem 1rem;font:inherit}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** No script; forms may post only here. */
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** Anyone holding a link may use it, but not hammer the token check. */
const LINK_LIMIT = { max: 30 };

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Servicechain</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    );
}

const INVALID = '<p>This link is not valid (any more). Nothing was changed.</p>';

/** The token from the query (mail links, one-click posts) or from the page's form. */
function tokenOf(request: FastifyRequest): string {
  const query = (request.query as { token?: unknown }).token;
  if (typeof query === 'string' && query !== '') return query;
  const body = request.body as { token?: unknown } | undefined;
  return typeof body?.token === 'string' ? body.token : '';
}

const htmlPage = (summary: string, description: string) => ({
  tags: ['notifications'],
  summary,
  description,
  querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 1000 } } },
  response: {
    200: { description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
  },
});

/**
 * The pages behind the links in mails. GET only shows a page with a button: link scanners and
 * previews open links, and must not unsubscribe anyone. POST does it: the page's form, or a mail
 * client's one-click unsubscribe (RFC 8058), which posts to the link itself.
 */
export async function notifyPageRoutes(
  app: FastifyInstance,
  { subscriptions }: { subscriptions: Subscriptions },
): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, text, done) => {
      const token = new URLSearchParams(text as string).get('token');
      done(null, token === null ? {} : { token });
    },
  );
  const config = () => ({ access: 'public' as const, rateLimit: { ...LINK_LIMIT } });

  app.get(
    '/notify/unsubscribe',
    {
      config: config(),
      schema: htmlPage(
        'The unsubscribe page of a mail link',
        'Shows a button; nothing changes until it is pressed.',
      ),
    },
    async (request, reply) => {
      const token = tokenOf(request);
      const subscriber = await subscriptions.unsubscribeTarget(token);
      if (!subscriber) return page(reply, 404, 'Link not valid', INVALID);
      return page(
        reply,
        200,
        'Unsubscribe',
        `<p>Stop Servicechain notifications to <strong>${escapeHtml(subscriber.target)}</strong>?</p>
<form method="post" action="/notify/unsubscribe"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Unsubscribe</button></form>`,
      );
    },
  );

  app.post(
    '/notify/unsubscribe',
    {
      config: config(),
      schema: htmlPage(
        'Unsubscribe by a mail link',
        'The form of the unsubscribe page, or a one-click unsubscribe (RFC 8058).',
      ),
    },
    async (request, reply) =>
      (await subscriptions.unsubscribe(tokenOf(request)))
        ? page(
            reply,
            200,
            'Unsubscribed',
            '<p>You will get no more notifications at this address.</p>',
          )
        : page(reply, 404, 'Link not valid', INVALID),
  );

  app.get(
    '/notify/confirm',
    {
      config: config(),
      schema: htmlPage(
        'The confirmation page of a mail link',
        'Shows a button; nothing changes until it is pressed.',
      ),
    },
    async (request, reply) => {
      const token = tokenOf(request);
      const subscriber = await subscriptions.confirmTarget(token);
      if (!subscriber) return page(reply, 404, 'Link not valid', INVALID);
      return page(
        reply,
        200,
        'Confirm notifications',
        `<p>Send Servicechain notifications to <strong>${escapeHtml(subscriber.target)}</strong>?</p>
<form method="post" action="/notify/confirm"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Confirm</button></form>`,
      );
    },
  );

  app.post(
    '/notify/confirm',
    {
      config: config(),
      schema: htmlPage('Confirm an address by a mail link', 'The form of the confirmation page.'),
    },
    async (request, reply) =>
      (await subscriptions.confirm(tokenOf(request)))
        ? page(reply, 200, 'Confirmed', '<p>Notifications will now come to this address.</p>')
        : page(reply, 404, 'Link not valid', INVALID),
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { PageView } from '../../status-pages/page-view.js';
import type { StatusPage } from '../../status-pages/types.js';
import { checkAccess } from '../access.js';
import { READ_ROUTE } from '../rest/context.js';
import { ErrorSchema } from '../schemas/common.js';
import type { Rendered, StatusPageViews } from './page-views.js';
import { renderPageAtom } from './render-atom.js';
import { renderBadge } from './render-badge.js';
import { renderMissingHtml, renderPageHtml } from './render-html.js';
import { renderPageJson } from './render-json.js';
import { BadgeParams, SlugParams, StatusPageSummary } from './schemas.js';
import { renderSignUpForm } from './sign-up-form.js';
import { STATUS_PAGE_CSS, STATUS_PAGE_CSS_HASH } from './stylesheet.js';

const TAGS = ['status-pages'];
/** How long browsers and caches may reuse an answer: short, as status changes. */
const MAX_AGE_S = 30;

/**
 * The page's policy: the stylesheet from this origin and nothing else: no script at all, no
 * inline style, forms only here, no framing.
 */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Who may see a page: anyone for a public page; for customer and internal pages, anyone with read
 * access (a signed-in user, or a token with read scope). A page shows nothing such a reader could
 * not already read through the API; a customer's own people get viewer accounts.
 */
export function mayView(page: StatusPage, request: FastifyRequest): boolean {
  return page.audience.kind === 'public' || checkAccess(request.principal, 'read') === 'ok';
}

const public_ = () => ({ ...READ_ROUTE, config: { access: 'public' as const } });

function sendRendered(
  request: FastifyRequest,
  reply: FastifyReply,
  page: StatusPage,
  type: string,
  rendered: Rendered,
) {
  void reply
    .header('content-type', type)
    .header('etag', rendered.etag)
    .header(
      'cache-control',
      page.audience.kind === 'public'
        ? `public, max-age=${MAX_AGE_S}`
        : `private, max-age=${MAX_AGE_S}`,
    );
  if (page.audience.kind !== 'public') void reply.header('vary', 'cookie, authorization');
  // If-None-Match compares weakly (RFC 9110 13.1.2): W/ is no part of the comparison.
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const condition = request.headers['if-none-match'];
  if (condition?.split(',').some((tag) => opaque(tag) === opaque(rendered.etag)))
    return reply.status(304).send();
  return reply.send(rendered.body);
}

/**
 * The pages themselves under /status: HTML, the summary JSON, the Atom feed and per-entry SVG
 * badges. Routes are public; a page that is not public answers as if absent to anyone who may
 * not see it, so its existence is not told either.
 */
export async function statusPagePublicRoutes(
  app: FastifyInstance,
  { views, formToken }: { views: StatusPageViews; formToken?: (slug: string) => string },
): Promise<void> {
  /** The page if the caller may see it. */
  const visible = async (request: FastifyRequest, slug: string) => {
    const page = await views.page(slug);
    return page && mayView(page.entity, request) ? page : undefined;
  };
  const missing = (slug: string) => ({
    error: { code: 'not_found', message: `no status page '${slug}' (or sign in to see it)` },
  });

  app.get(
    '/status/page.css',
    {
      config: { access: 'public' },
      schema: { tags: TAGS, summary: "The status pages' stylesheet", hide: true },
    },
    async (request, reply) => {
      const etag = `"${STATUS_PAGE_CSS_HASH}"`;
      void reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('etag', etag)
        .header('cache-control', 'public, max-age=86400');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.send(STATUS_PAGE_CSS);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/status/:slug',
    {
      ...public_(),
      schema: {
        tags: TAGS,
        summary: 'A status page (HTML)',
        description:
          'Server-rendered, without JavaScript. Customer and internal pages need sign-in; to others they answer 404.',
        params: SlugParams,
      },
    },
    async (request, reply) => {
      const page = await visible(request, request.params.slug);
      void reply.header('content-security-policy', STATUS_PAGE_CSP);
      if (!page)
        return reply
          .status(404)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(renderMissingHtml());
      // Public pages offer the sign-up form (sign-up-routes.ts) when notifications are there.
      const signUp = formToken && page.entity.audience.kind === 'public';
      const rendered = await views.rendered(page, 'html', (view) =>
        renderPageHtml(view, signUp ? renderSignUpForm(view.slug, formToken(view.slug)) : ''),
      );
      return sendRendered(request, reply, page.entity, 'text/html; charset=utf-8', rendered);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/status/:slug.json',
    {
      ...public_(),
      schema: {
        tags: TAGS,
        summary: 'A status page as JSON',
        description:
          "In the shape of Atlassian Statuspage's summary.json: page, status, components (with groups), active incidents, scheduled maintenances.",
        params: SlugParams,
        response: { 200: StatusPageSummary, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const page = await visible(request, request.params.slug);
      if (!page) return reply.status(404).send(missing(request.params.slug));
      const rendered = await views.rendered(page, 'json', (view) =>
        JSON.stringify(renderPageJson(view)),
      );
      return sendRendered(request, reply, page.entity, 'application/json; charset=utf-8', rendered);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/status/:slug/feed.atom',
    {
      ...public_(),
      schema: {
        tags: TAGS,
        summary: "A status page's Atom feed",
        description: 'Incident updates (one entry each) and maintenance, newest first.',
        params: SlugParams,
      },
    },
    async (request, reply) => {
      const page = await visible(request, request.params.slug);
      if (!page) return reply.status(404).send(missing(request.params.slug));
      const rendered = await views.rendered(page, 'atom', renderPageAtom);
      return sendRendered(
        request,
        reply,
        page.entity,
        'application/atom+xml; charset=utf-8',
        rendered,
      );
    },
  );

  app.get<{ Params: Static<typeof BadgeParams> }>(
    '/status/:slug/badge/:key.svg',
    {
      ...public_(),
      schema: {
        tags: TAGS,
        summary: "An SVG badge of one entry's status",
        description: 'The entry is named by its key on the page, never by the model id.',
        params: BadgeParams,
      },
    },
    async (request, reply) => {
      const { slug, key } = request.params;
      const page = await visible(request, slug);
      const entry = page?.entity.services.find((s) => s.key === key);
      if (!page || !entry)
        return reply.status(404).send({
          error: { code: 'not_found', message: `no entry '${key}' on status page '${slug}'` },
        });
      const rendered = await views.rendered(page, `badge:${key}`, (view: PageView) => {
        const component = view.components.find((c) => c.key === key);
        return component ? renderBadge(component) : '';
      });
      if (rendered.body === '')
        return reply.status(404).send({
          error: { code: 'not_found', message: `entry '${key}' has no service any more` },
        });
      return sendRendered(request, reply, page.entity, 'image/svg+xml; charset=utf-8', rendered);
    },
  );
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { InputError, NotFoundError } from '../../model/errors.js';
import { STATUS_PAGE_LIMITS } from '../../status-pages/limits.js';
import { audienceText, type StatusPage } from '../../status-pages/types.js';
import { decodeStatusPage, referenceProblems } from '../../status-pages/validate.js';
import type { Store, Versioned } from '../../store/store.js';
import { actorOf } from '../access.js';
import { preconditionFailed, preconditionRequired } from '../errors.js';
import { READ_ROUTE, sendVersioned, WRITE_ROUTE } from '../rest/context.js';
import { entityTag, ifMatchHolds, parseIfMatch } from '../rest/etag.js';
import { ErrorSchema, IfMatchHeaders, writeErrors } from '../schemas/common.js';
import type { StatusPageViews } from './page-views.js';
import { pagePath } from './render-html.js';
import { SlugParams, StatusPageInput, StatusPageList, StatusPageOutput } from './schemas.js';

const TAGS = ['status-pages'];
const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 413, 415, 428]);
const BODY_LIMIT = 256 * 1024;

/** A page's configuration as the admin API shows it. */
export function presentStatusPage(stored: Versioned<StatusPage>) {
  const page = stored.entity;
  return {
    slug: page.slug,
    title: page.title,
    audience: audienceText(page.audience),
    services: page.services,
    showRootCause: page.showRootCause,
    showInternalIncidents: page.showInternalIncidents,
    branding: page.branding,
    url: pagePath(page.slug),
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/** Decodes a body and checks what it names against the model; InputError with every problem. */
async function decode(store: Store, body: unknown, slug?: string): Promise<StatusPage> {
  const decoded = decodeStatusPage(body, slug);
  if (!decoded.ok)
    throw new InputError(
      `the status page has ${decoded.problems.length} problem${decoded.problems.length === 1 ? '' : 's'}`,
      decoded.problems,
    );
  const page = decoded.value;
  const ids = [...new Set(page.services.map((s) => s.service))];
  const found = new Set(
    (await Promise.all(ids.map((id) => store.getService(id)))).flatMap((s) => (s ? [s.id] : [])),
  );
  const party =
    page.audience.kind === 'customer' ? await store.getParty(page.audience.party) : undefined;
  const problems = referenceProblems(page, {
    service: (id) => found.has(id),
    party: (id) => party?.id === id,
  });
  if (problems.length > 0)
    throw new InputError(
      `the status page names ${problems.length} thing${problems.length === 1 ? '' : 's'} the model lacks`,
      problems,
    );
  return page;
}

async function current(store: Store, slug: string): Promise<Versioned<StatusPage>> {
  const stored = await store.getStatusPage(slug);
  if (!stored) throw new NotFoundError(`no status page '${slug}'`);
  return stored;
}

function checkIfMatch(header: string | undefined, what: string, stored: Versioned<unknown>) {
  const condition = parseIfMatch(header);
  if (!condition) throw preconditionRequired(what);
  if (!ifMatchHolds(condition, stored)) throw preconditionFailed(what, entityTag(stored));
}

/**
 * The status pages' configuration under /api/v1/status-pages: anyone who reads may list and read
 * them; only admins create, change and delete them (a page decides what is published).
 */
export async function statusPageAdminRoutes(
  app: FastifyInstance,
  { store, views }: { store: Store; views: StatusPageViews },
): Promise<void> {
  const send = (reply: FastifyReply, stored: Versioned<StatusPage>, status = 200) =>
    sendVersioned(reply, stored, presentStatusPage(stored), status);

  app.get(
    '/api/v1/status-pages',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List status pages',
        description: `Every page's configuration, by slug (at most ${STATUS_PAGE_LIMITS.pagesMax}).`,
        response: { 200: StatusPageList, ...writeErrors([401, 403]) },
      },
    },
    async () => ({ items: (await store.listStatusPages()).map(presentStatusPage) }),
  );

  app.post(
    '/api/v1/status-pages',
    {
      ...WRITE_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Create a status page',
        description:
          'Every listed service and the customer party must exist. Internal incidents never show on a public page.',
        body: StatusPageInput,
        response: { 201: StatusPageOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const page = await decode(store, request.body);
      if ((await store.listStatusPages()).length >= STATUS_PAGE_LIMITS.pagesMax)
        throw new InputError(`there are ${STATUS_PAGE_LIMITS.pagesMax} status pages already`);
      const stored = await store.createStatusPage(page, actorOf(request));
      views.forget(page.slug);
      void reply.header('location', `/api/v1/status-pages/${page.slug}`);
      return send(reply, stored, 201);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/api/v1/status-pages/:slug',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: "Read a status page's configuration",
        description: 'With an ETag for conditional writes.',
        params: SlugParams,
        response: { 200: StatusPageOutput, 404: ErrorSchema },
      },
    },
    async (request, reply) => send(reply, await current(store, request.params.slug)),
  );

  app.put<{ Params: Static<typeof SlugParams> }>(
    '/api/v1/status-pages/:slug',
    {
      ...WRITE_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Replace a status page',
        description: 'Needs If-Match. The slug cannot change (create another page instead).',
        params: SlugParams,
        headers: IfMatchHeaders,
        body: StatusPageInput,
        response: { 200: StatusPageOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const what = `changing status page '${slug}'`;
      if (!parseIfMatch(request.headers['if-match'])) throw preconditionRequired(what);
      const before = await current(store, slug);
      checkIfMatch(request.headers['if-match'], `status page '${slug}'`, before);
      const page = await decode(store, request.body, slug);
      const stored = await store.updateStatusPage(page, actorOf(request), before.version);
      views.forget(slug);
      return send(reply, stored);
    },
  );

  app.delete<{ Params: Static<typeof SlugParams> }>(
    '/api/v1/status-pages/:slug',
    {
      ...READ_ROUTE,
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Delete a status page',
        description: 'Needs If-Match. The page stops being served at once.',
        params: SlugParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null', description: 'deleted' }, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      if (!parseIfMatch(request.headers['if-match']))
        throw preconditionRequired(`deleting status page '${slug}'`);
      const before = await current(store, slug);
      checkIfMatch(request.headers['if-match'], `status page '${slug}'`, before);
      await store.deleteStatusPage(slug, actorOf(request), before.version);
      views.forget(slug);
      return reply.status(204).send();
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Principal } from '../../accounts/roles.js';
import type { Incident } from '../../incidents/types.js';
import type { IngestPipeline } from '../../ingest/pipeline.js';
import { ForbiddenError } from '../../model/errors.js';
import type { NotifyEvent } from '../../notify/events.js';
import { IncidentDesk } from '../../runtime/incident-desk.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import { actorOf, assertCanEditService } from '../access.js';
import { preconditionFailed, preconditionRequired } from '../errors.js';
import { READ_ROUTE } from '../rest/context.js';
import { parseIfMatch } from '../rest/etag.js';
import { ErrorSchema, IfMatchHeaders, writeErrors } from '../schemas/common.js';
import {
  INCIDENT_LIMITS,
  IncidentCreateBody,
  IncidentIdParams,
  IncidentListQuery,
  IncidentPage,
  IncidentPatchBody,
  IncidentPostmortemBody,
  IncidentResolveBody,
  IncidentSchema,
  IncidentUpdateBody,
} from '../schemas/incidents.js';
import { incidentTag, presentIncident, presentIncidentSummary } from './present.js';

export interface IncidentRouteDeps {
  store: Store;
  runtime: StatusRuntime;
  /** Keeps the engine's inputs; told after every incident write. */
  pipeline: IngestPipeline;
  /** Queues news for notification subscribers (Notifications.announce). */
  announce?: (event: NotifyEvent) => Promise<void>;
}

const TAGS = ['incidents'];
const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 428]);
const BODY_LIMIT = 256 * 1024;

type IdRequest = FastifyRequest<{ Params: Static<typeof IncidentIdParams> }>;

/**
 * Incidents under /api/v1/incidents: list, read, open, change fields (If-Match), add an update,
 * resolve, write the postmortem. Editors may write any incident; other users those whose affected
 * services their teams provide, before and after the change (as for services).
 */
export async function incidentRoutes(app: FastifyInstance, deps: IncidentRouteDeps): Promise<void> {
  const { store } = deps;
  const desk = new IncidentDesk({
    store,
    engine: () => deps.runtime.engine,
    afterWrite: () => deps.pipeline.syncIncidents(),
    ...(deps.announce && { announce: deps.announce }),
  });

  /**
   * The incident as stored, after the caller's right to change it and its If-Match are checked,
   * with the version the write must find (when If-Match was sent; appending an update without
   * one does not fail because someone else appended first).
   */
  const current = async (request: IdRequest, ifMatchRequired: boolean) => {
    const incident = await desk.get(Number(request.params.id));
    await assertCanEditIncident(store, request.principal, incident.services);
    const header = request.headers['if-match'];
    const condition = parseIfMatch(typeof header === 'string' ? header : undefined);
    if (!condition && ifMatchRequired)
      throw preconditionRequired(`changing incident ${incident.id}`);
    if (condition && !condition.any && !condition.tags.includes(incidentTag(incident)))
      throw preconditionFailed(`incident ${incident.id}`, incidentTag(incident));
    return { incident, expectVersion: condition ? incident.version : undefined };
  };

  const send = (reply: FastifyReply, incident: Incident, status = 200) =>
    reply.status(status).header('etag', incidentTag(incident)).send(presentIncident(incident));

  app.get<{ Querystring: Static<typeof IncidentListQuery> }>(
    '/api/v1/incidents',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List incidents, newest first',
        description:
          'Filters combine: state (open or resolved), service, visibility. Pages go back with `before` (nextBefore).',
        querystring: IncidentListQuery,
        response: { 200: IncidentPage, 400: ErrorSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? INCIDENT_LIMITS.pageDefault;
      // One more than asked tells whether there is another page.
      const found = await desk.list({
        ...(q.state !== undefined && { state: q.state }),
        ...(q.service !== undefined && { service: q.service }),
        ...(q.visibility !== undefined && { visibility: q.visibility }),
        ...(q.before !== undefined && { before: Number(q.before) }),
        limit: Math.min(limit + 1, INCIDENT_LIMITS.pageMax),
      });
      const page = found.slice(0, limit);
      const more = found.length > limit;
      return {
        items: page.map(presentIncidentSummary),
        nextBefore: more ? String(page.at(-1)?.id) : null,
      };
    },
  );

  app.post<{ Body: Static<typeof IncidentCreateBody> }>(
    '/api/v1/incidents',
    {
      ...READ_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Open an incident',
        description:
          "Its first update carries `message`. Each affected service's impact joins its status until the incident is resolved; the services' explain trees are kept as its root cause. Non-editors may open incidents only on services their teams provide.",
        body: IncidentCreateBody,
        response: { 201: IncidentSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      await assertCanEditIncident(store, request.principal, request.body.services);
      const incident = await desk.open(request.body, actorOf(request));
      void reply.header('location', `/api/v1/incidents/${incident.id}`);
      return send(reply, incident, 201);
    },
  );

  app.get<{ Params: Static<typeof IncidentIdParams> }>(
    '/api/v1/incidents/:id',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Read an incident',
        description:
          'With its updates, root cause and postmortem, and an ETag for conditional writes.',
        params: IncidentIdParams,
        response: { 200: IncidentSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => send(reply, await desk.get(Number(request.params.id))),
  );

  app.patch<{ Params: Static<typeof IncidentIdParams>; Body: Static<typeof IncidentPatchBody> }>(
    '/api/v1/incidents/:id',
    {
      ...READ_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: "Change an incident's title, visibility, services or signals",
        description:
          'Needs If-Match. Lists replace the stored ones; a service taken off stops carrying the impact.',
        params: IncidentIdParams,
        headers: IfMatchHeaders,
        body: IncidentPatchBody,
        response: { 200: IncidentSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { incident, expectVersion } = await current(request, true);
      if (request.body.services)
        await assertCanEditIncident(store, request.principal, request.body.services);
      return send(
        reply,
        await desk.change(incident.id, request.body, actorOf(request), expectVersion),
      );
    },
  );

  app.post<{ Params: Static<typeof IncidentIdParams>; Body: Static<typeof IncidentUpdateBody> }>(
    '/api/v1/incidents/:id/updates',
    {
      ...READ_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Add an update to an incident, with the status it moves to',
        description:
          'Open statuses move freely; `resolved` resolves it; a resolved incident moves back only with `reopen: true` (409 otherwise). If-Match is optional.',
        params: IncidentIdParams,
        headers: IfMatchHeaders,
        body: IncidentUpdateBody,
        response: { 201: IncidentSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { incident, expectVersion } = await current(request, false);
      const next = await desk.addUpdate(incident.id, request.body, actorOf(request), expectVersion);
      return send(reply, next, 201);
    },
  );

  app.post<{ Params: Static<typeof IncidentIdParams>; Body: Static<typeof IncidentResolveBody> }>(
    '/api/v1/incidents/:id/resolve',
    {
      ...READ_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Resolve an incident',
        description:
          'Adds a resolved update; its impacts leave the services at once. 409 when it is resolved already. If-Match is optional.',
        params: IncidentIdParams,
        headers: IfMatchHeaders,
        body: IncidentResolveBody,
        response: { 200: IncidentSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { incident, expectVersion } = await current(request, false);
      return send(
        reply,
        await desk.resolve(incident.id, request.body.message, actorOf(request), expectVersion),
      );
    },
  );

  app.put<{ Params: Static<typeof IncidentIdParams>; Body: Static<typeof IncidentPostmortemBody> }>(
    '/api/v1/incidents/:id/postmortem',
    {
      ...READ_ROUTE,
      bodyLimit: BODY_LIMIT,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: "Write an incident's postmortem",
        description: 'Markdown, replacing the stored text; empty removes it. Needs If-Match.',
        params: IncidentIdParams,
        headers: IfMatchHeaders,
        body: IncidentPostmortemBody,
        response: { 200: IncidentSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { incident, expectVersion } = await current(request, true);
      return send(
        reply,
        await desk.writePostmortem(
          incident.id,
          request.body.postmortem,
          actorOf(request),
          expectVersion,
        ),
      );
    },
  );
}

/**
 * Editors may write any incident; other users only incidents whose every affected service one
 * of their teams provides (a service gone from the model has no provider: editors only), and
 * never one that names no service.
 */
async function assertCanEditIncident(
  store: Store,
  principal: Principal | undefined,
  services: readonly { service: string }[],
): Promise<void> {
  if (principal && principal.role !== 'viewer') return;
  if (principal && services.length === 0)
    throw new ForbiddenError('only editors may write an incident that names no service');
  const providers = await Promise.all(
    services.map(async (s) => (await store.getService(s.service))?.provider),
  );
  assertCanEditService(principal, providers);
}

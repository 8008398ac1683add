import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalFields } from '../../as-code/canonical.js';
import type { Service } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import { didYouMean } from '../../model/suggest.js';
import type { Store } from '../../store/store.js';
import { actorOf, assertCanEditService } from '../access.js';
import { presentService } from '../present.js';
import { READ_ROUTE, type RestContext, sendVersioned, WRITE_ROUTE } from '../rest/context.js';
import { decodeServiceBody, mergePatch, type ServiceRelations } from '../rest/entity-body.js';
import type { Authorize } from '../rest/model-writer.js';
import { ErrorSchema, IdParams, IfMatchHeaders, PageOf, writeErrors } from '../schemas/common.js';
import { ServiceInput, ServiceOutput } from '../schemas/entities.js';
import { LIMITS } from '../schemas/limits.js';
import { listServicePage, ServiceListQuery } from './list.js';

const TAGS = ['services'];
const EMPTY_RELATIONS: ServiceRelations = { dependsOn: [], dependencyOf: [], consumedBy: [] };

/** A service's relations as GET shows them, read straight from the store. */
export async function serviceRelations(store: Store, id: string): Promise<ServiceRelations> {
  const [dependsOn, dependencyOf, consumedBy] = await Promise.all([
    store.listDependencies({ from: id }),
    store.listDependencies({ to: id }),
    store.listSubscriptions({ service: id }),
  ]);
  return {
    dependsOn: dependsOn.map((d) => ({ service: d.to, ...canonicalFields('dependency', d) })),
    dependencyOf: dependencyOf.map((d) => d.from),
    consumedBy: consumedBy.map((s) => ({ party: s.party, ...canonicalFields('subscription', s) })),
  };
}

async function present(store: Store, service: Service) {
  return { ...presentService(service), ...(await serviceRelations(store, service.id)) };
}

/** Only editors, or members of the providing team before and after the change. */
function ownerCheck(request: FastifyRequest): Authorize {
  return (before, after) =>
    assertCanEditService(
      request.principal,
      [before, after].filter((s) => s !== undefined).map((s) => (s as Service).provider),
    );
}

/** The written form of a service, without relations: what PATCH merges into. */
function writtenForm(service: Service): Record<string, unknown> {
  return presentService(service);
}

const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 413, 415, 422, 428]);

/** CRUD for services under /api/v1/services, with lists, ETags and conditional writes. */
export async function serviceRoutes(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store, writer } = context;
  app.removeContentTypeParser('text/plain');

  app.get<{ Querystring: ServiceListQuery }>(
    '/api/v1/services',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List services',
        description:
          'Filters combine (all must hold). Pages follow `nextCursor`; a cursor is only valid with the same filters and sort.',
        querystring: ServiceListQuery,
        response: { 200: PageOf(ServiceOutput), 400: ErrorSchema },
      },
    },
    async (request) => listServicePage(context, request.query),
  );

  app.post(
    '/api/v1/services',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Create a service',
        description:
          'The body is the written form of a model file, metadata and spec fields side by side. Non-editors may create services only for their own teams.',
        body: ServiceInput,
        response: { 201: ServiceOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const service = decodeServiceBody(request.body, undefined, EMPTY_RELATIONS);
      const stored = await writer.create('service', service, actorOf(request), ownerCheck(request));
      void reply.header('location', `/api/v1/services/${stored.entity.id}`);
      return sendVersioned(reply, stored, await present(store, stored.entity), 201);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Read a service',
        description: 'With its relations and an ETag for conditional writes.',
        params: IdParams,
        response: { 200: ServiceOutput, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await store.getEntity('service', request.params.id);
      if (!stored) throw await serviceNotFound(store, request.params.id);
      // No 304 here: the answer includes relations (dependencies, subscriptions), which change
      // without changing this entity's version, so its ETag cannot vouch for the whole body.
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Replace a service',
        description:
          'Needs If-Match. Fields left out take their defaults. Relations sent back as read are accepted; changed ones are refused.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ServiceInput,
        response: { 200: ServiceOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await writer.update(
        'service',
        id,
        request.headers['if-match'],
        async () => decodeServiceBody(request.body, id, await serviceRelations(store, id)),
        actorOf(request),
        ownerCheck(request),
      );
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Change some fields of a service',
        description:
          'A JSON Merge Patch (RFC 7396; `null` removes a field). Needs If-Match. Content type application/merge-patch+json or application/json.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ServiceInput,
        response: { 200: ServiceOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await writer.update(
        'service',
        id,
        request.headers['if-match'],
        async (current) =>
          decodeServiceBody(
            mergePatch(writtenForm(current), request.body),
            id,
            await serviceRelations(store, id),
          ),
        actorOf(request),
        ownerCheck(request),
      );
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      ...READ_ROUTE,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Delete a service',
        description:
          'Needs If-Match. Refused (409) while dependencies or subscriptions refer to it.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null', description: 'deleted' }, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      await writer.remove(
        'service',
        request.params.id,
        request.headers['if-match'],
        actorOf(request),
        ownerCheck(request),
      );
      return reply.status(204).send();
    },
  );
}

async function serviceNotFound(store: Store, id: string): Promise<NotFoundError> {
  const ids = (await store.listServices()).map((s) => s.id);
  return new NotFoundError(`no service '${id}'${didYouMean(id, ids)}`);
}

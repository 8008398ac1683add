import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { canonicalFields } from '../../as-code/canonical.js';
import { type Dependency, dependencyKey } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import { actorOf, assertCanEditService } from '../access.js';
import {
  notModified,
  READ_ROUTE,
  type RestContext,
  sendVersioned,
  WRITE_ROUTE,
} from '../rest/context.js';
import { decodeDependencyBody, mergePatch } from '../rest/entity-body.js';
import type { Authorize } from '../rest/model-writer.js';
import { paginate } from '../rest/page.js';
import {
  ErrorSchema,
  IfMatchHeaders,
  PageOf,
  PageQueryFields,
  sortNames,
  writeErrors,
} from '../schemas/common.js';
import { DependencyInput, DependencyOutput, IdSchema } from '../schemas/entities.js';
import { LIMITS } from '../schemas/limits.js';

const TAGS = ['dependencies'];
const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 413, 415, 422, 428]);
const KeyParams = Type.Object({ from: IdSchema, to: IdSchema });
type Key = Static<typeof KeyParams>;

const DependencyListQuery = Type.Object(
  {
    from: Type.Optional({ ...IdSchema, description: 'the consumer service' }),
    to: Type.Optional({ ...IdSchema, description: 'the supporting service' }),
    sort: Type.Optional(Type.Enum(sortNames(['from', 'to', 'weight']), { default: 'from' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);
type DependencyListQuery = Static<typeof DependencyListQuery>;

/** A dependency with its defaults filled in: `impact` as-is, `weight` 1. */
export function presentDependency(dependency: Dependency): Record<string, unknown> {
  return {
    from: dependency.from,
    to: dependency.to,
    impact: 'as-is',
    weight: 1,
    ...canonicalFields('dependency', dependency),
  };
}

/** Dependencies are the consumer's to change: editors, or the team that provides `from`. */
function ownerCheck(context: RestContext, request: FastifyRequest): Authorize {
  return async (before, after) => {
    const from = ((after ?? before) as Dependency).from;
    const consumer = await context.store.getService(from);
    assertCanEditService(request.principal, [consumer?.provider]);
  };
}

/** CRUD for dependencies under /api/v1/dependencies/{from}/{to}. */
export async function dependencyRoutes(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store, writer } = context;
  app.removeContentTypeParser('text/plain');
  const key = (params: Key) => dependencyKey(params);

  app.get<{ Querystring: DependencyListQuery }>(
    '/api/v1/dependencies',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List dependencies',
        querystring: DependencyListQuery,
        response: { 200: PageOf(DependencyOutput), 400: ErrorSchema },
      },
    },
    async (request) => {
      const { limit, cursor, sort, ...filters } = request.query;
      const found = await store.listDependencies({ from: filters.from, to: filters.to });
      const page = paginate(found, {
        sorts: { from: (d) => d.from, to: (d) => d.to, weight: (d) => d.weight },
        sort: sort ?? 'from',
        id: (d) => dependencyKey(d),
        limit: limit ?? LIMITS.pageDefault,
        cursor,
        query: JSON.stringify(Object.entries(filters).sort()),
        codec: context.cursors,
      });
      return { ...page, items: page.items.map(presentDependency) };
    },
  );

  app.post(
    '/api/v1/dependencies',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Create a dependency',
        description: 'Service `from` needs service `to`. A cycle or a missing service is a 422.',
        body: DependencyInput,
        response: { 201: DependencyOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const dependency = decodeDependencyBody(request.body, undefined);
      const stored = await writer.create(
        'dependency',
        dependency,
        actorOf(request),
        ownerCheck(context, request),
      );
      void reply.header('location', `/api/v1/dependencies/${dependency.from}/${dependency.to}`);
      return sendVersioned(reply, stored, presentDependency(stored.entity), 201);
    },
  );

  app.get<{ Params: Key }>(
    '/api/v1/dependencies/:from/:to',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Read a dependency',
        params: KeyParams,
        response: { 200: DependencyOutput, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await store.getEntity('dependency', key(request.params));
      if (!stored)
        throw new NotFoundError(
          `'${request.params.from}' does not depend on '${request.params.to}'`,
        );
      if (notModified(request.headers['if-none-match'], stored))
        return sendVersioned(reply, stored, undefined, 304);
      return sendVersioned(reply, stored, presentDependency(stored.entity));
    },
  );

  const update = (patch: boolean) => async (request: FastifyRequest<{ Params: Key }>) =>
    writer.update(
      'dependency',
      key(request.params),
      request.headers['if-match'],
      (current) =>
        decodeDependencyBody(
          patch ? mergePatch(presentDependency(current), request.body) : request.body,
          request.params,
        ),
      actorOf(request),
      ownerCheck(context, request),
    );

  for (const [method, patch] of [
    ['put', false],
    ['patch', true],
  ] as const) {
    app[method]<{ Params: Key }>(
      '/api/v1/dependencies/:from/:to',
      {
        ...WRITE_ROUTE,
        bodyLimit: LIMITS.entityBodyBytes,
        config: { access: 'owner' },
        schema: {
          tags: TAGS,
          summary: patch ? 'Change some fields of a dependency' : 'Replace a dependency',
          description: patch
            ? 'A JSON Merge Patch (RFC 7396). Needs If-Match.'
            : 'Needs If-Match. `from` and `to` come from the address.',
          params: KeyParams,
          headers: IfMatchHeaders,
          body: DependencyInput,
          response: { 200: DependencyOutput, ...WRITE_ERRORS },
        },
      },
      async (request, reply) => {
        const stored = await update(patch)(request);
        return sendVersioned(reply, stored, presentDependency(stored.entity));
      },
    );
  }

  app.delete<{ Params: Key }>(
    '/api/v1/dependencies/:from/:to',
    {
      ...READ_ROUTE,
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: 'Delete a dependency',
        description:
          "Needs If-Match. Refused (422) when the consumer's rule would ask for more dependencies than remain.",
        params: KeyParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null', description: 'deleted' }, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      await writer.remove(
        'dependency',
        key(request.params),
        request.headers['if-match'],
        actorOf(request),
        ownerCheck(context, request),
      );
      return reply.status(204).send();
    },
  );
}

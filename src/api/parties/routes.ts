import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { canonicalFields } from '../../as-code/canonical.js';
import { PARTY_KINDS, type Party } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import { didYouMean } from '../../model/suggest.js';
import type { Store } from '../../store/store.js';
import { actorOf } from '../access.js';
import { presentParty } from '../present.js';
import { READ_ROUTE, type RestContext, sendVersioned, WRITE_ROUTE } from '../rest/context.js';
import { decodePartyBody, mergePatch, type PartyRelations } from '../rest/entity-body.js';
import { paginate } from '../rest/page.js';
import {
  ErrorSchema,
  IdParams,
  IfMatchHeaders,
  PageOf,
  PageQueryFields,
  sortNames,
  writeErrors,
} from '../schemas/common.js';
import { IdSchema, PartyInput, PartyOutput } from '../schemas/entities.js';
import { LIMITS } from '../schemas/limits.js';

const TAGS = ['parties'];
const EMPTY_RELATIONS: PartyRelations = { provides: [], consumes: [], members: [] };
const SORTS = ['id', 'name', 'kind'] as const;
const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 413, 415, 422, 428]);
const allow = () => undefined;

const PartyListQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum([...PARTY_KINDS])),
    parent: Type.Optional(IdSchema),
    tag: Type.Optional(Type.String({ maxLength: LIMITS.tagMaxLength })),
    q: Type.Optional(
      Type.String({
        maxLength: LIMITS.queryMaxLength,
        description: 'text in the id, name or description (case-insensitive)',
      }),
    ),
    sort: Type.Optional(Type.Enum(sortNames(SORTS), { default: 'id' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);
type PartyListQuery = Static<typeof PartyListQuery>;

/** A party's relations as GET shows them. */
export async function partyRelations(store: Store, id: string): Promise<PartyRelations> {
  const [services, consumes, parties] = await Promise.all([
    store.listServices(),
    store.listSubscriptions({ party: id }),
    store.listParties(),
  ]);
  return {
    provides: services.filter((s) => s.provider === id).map((s) => s.id),
    consumes: consumes.map((s) => ({ service: s.service, ...canonicalFields('subscription', s) })),
    members: parties.filter((p) => p.parent === id).map((p) => p.id),
  };
}

async function present(store: Store, party: Party) {
  return { ...presentParty(party), ...(await partyRelations(store, party.id)) };
}

function matches(party: Party, query: PartyListQuery, needle: string | undefined): boolean {
  if (query.kind !== undefined && party.kind !== query.kind) return false;
  if (query.parent !== undefined && party.parent !== query.parent) return false;
  if (query.tag !== undefined && !party.tags.includes(query.tag)) return false;
  if (needle === undefined) return true;
  return `${party.id}\n${party.name}\n${party.description ?? ''}`.toLowerCase().includes(needle);
}

/** CRUD for parties under /api/v1/parties; writes need `write` access. */
export async function partyRoutes(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store, writer } = context;
  app.removeContentTypeParser('text/plain');

  app.get<{ Querystring: PartyListQuery }>(
    '/api/v1/parties',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List parties',
        querystring: PartyListQuery,
        response: { 200: PageOf(PartyOutput), 400: ErrorSchema },
      },
    },
    async (request) => {
      const { limit, cursor, sort, ...filters } = request.query;
      const needle = filters.q?.toLowerCase();
      const found = (await store.listParties()).filter((p) => matches(p, request.query, needle));
      const page = paginate(found, {
        sorts: { id: (p) => p.id, name: (p) => p.name.toLowerCase(), kind: (p) => p.kind },
        sort: sort ?? 'id',
        id: (p) => p.id,
        limit: limit ?? LIMITS.pageDefault,
        cursor,
        query: JSON.stringify(Object.entries(filters).sort()),
        codec: context.cursors,
      });
      return { ...page, items: page.items.map((p) => presentParty(p)) };
    },
  );

  app.post(
    '/api/v1/parties',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Create a party',
        body: PartyInput,
        response: { 201: PartyOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const party = decodePartyBody(request.body, undefined, EMPTY_RELATIONS);
      const stored = await writer.create('party', party, actorOf(request), allow);
      void reply.header('location', `/api/v1/parties/${stored.entity.id}`);
      return sendVersioned(reply, stored, await present(store, stored.entity), 201);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/parties/:id',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Read a party',
        description: 'With its relations and an ETag for conditional writes.',
        params: IdParams,
        response: { 200: PartyOutput, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await store.getEntity('party', request.params.id);
      if (!stored) {
        const ids = (await store.listParties()).map((p) => p.id);
        throw new NotFoundError(
          `no party '${request.params.id}'${didYouMean(request.params.id, ids)}`,
        );
      }
      // No 304 here: the answer includes relations (dependencies, subscriptions), which change
      // without changing this entity's version, so its ETag cannot vouch for the whole body.
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/parties/:id',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Replace a party',
        description:
          'Needs If-Match. Relations sent back as read are accepted; changed ones are refused.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PartyInput,
        response: { 200: PartyOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await writer.update(
        'party',
        id,
        request.headers['if-match'],
        async () => decodePartyBody(request.body, id, await partyRelations(store, id)),
        actorOf(request),
        allow,
      );
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/api/v1/parties/:id',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Change some fields of a party',
        description: 'A JSON Merge Patch (RFC 7396). Needs If-Match.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PartyInput,
        response: { 200: PartyOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await writer.update(
        'party',
        id,
        request.headers['if-match'],
        async (current) =>
          decodePartyBody(
            mergePatch(presentParty(current), request.body),
            id,
            await partyRelations(store, id),
          ),
        actorOf(request),
        allow,
      );
      return sendVersioned(reply, stored, await present(store, stored.entity));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/parties/:id',
    {
      ...READ_ROUTE,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Delete a party',
        description:
          'Needs If-Match. Refused (409) while services, subscriptions or members refer to it.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null', description: 'deleted' }, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      await writer.remove(
        'party',
        request.params.id,
        request.headers['if-match'],
        actorOf(request),
        allow,
      );
      return reply.status(204).send();
    },
  );
}

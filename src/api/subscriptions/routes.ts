import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { canonicalFields } from '../../as-code/canonical.js';
import { type Subscription, subscriptionKey } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import { actorOf } from '../access.js';
import {
  notModified,
  READ_ROUTE,
  type RestContext,
  sendVersioned,
  WRITE_ROUTE,
} from '../rest/context.js';
import { decodeSubscriptionBody, mergePatch } from '../rest/entity-body.js';
import { paginate } from '../rest/page.js';
import {
  ErrorSchema,
  IfMatchHeaders,
  PageOf,
  PageQueryFields,
  sortNames,
  writeErrors,
} from '../schemas/common.js';
import { IdSchema, SubscriptionInput, SubscriptionOutput } from '../schemas/entities.js';
import { LIMITS } from '../schemas/limits.js';

const TAGS = ['subscriptions'];
const WRITE_ERRORS = writeErrors([400, 401, 403, 404, 409, 412, 413, 415, 422, 428]);
const KeyParams = Type.Object({ party: IdSchema, service: IdSchema });
type Key = Static<typeof KeyParams>;
const allow = () => undefined;

const SubscriptionListQuery = Type.Object(
  {
    party: Type.Optional({ ...IdSchema, description: 'the consuming party' }),
    service: Type.Optional({ ...IdSchema, description: 'the consumed service' }),
    sort: Type.Optional(Type.Enum(sortNames(['party', 'service', 'slo']), { default: 'party' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);
type SubscriptionListQuery = Static<typeof SubscriptionListQuery>;

export function presentSubscription(subscription: Subscription): Record<string, unknown> {
  return {
    party: subscription.party,
    service: subscription.service,
    ...canonicalFields('subscription', subscription),
  };
}

/** CRUD for subscriptions under /api/v1/subscriptions/{party}/{service}; writes need `write`. */
export async function subscriptionRoutes(
  app: FastifyInstance,
  context: RestContext,
): Promise<void> {
  const { store, writer } = context;
  app.removeContentTypeParser('text/plain');
  const key = (params: Key) => subscriptionKey(params);

  app.get<{ Querystring: SubscriptionListQuery }>(
    '/api/v1/subscriptions',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'List subscriptions',
        querystring: SubscriptionListQuery,
        response: {
          200: PageOf(SubscriptionOutput),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const { limit, cursor, sort, ...filters } = request.query;
      const found = await store.listSubscriptions({
        party: filters.party,
        service: filters.service,
      });
      const page = paginate(found, {
        sorts: { party: (s) => s.party, service: (s) => s.service, slo: (s) => s.slo ?? null },
        sort: sort ?? 'party',
        id: (s) => subscriptionKey(s),
        limit: limit ?? LIMITS.pageDefault,
        cursor,
        query: JSON.stringify(Object.entries(filters).sort()),
        codec: context.cursors,
      });
      return { ...page, items: page.items.map(presentSubscription) };
    },
  );

  app.post(
    '/api/v1/subscriptions',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.entityBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Create a subscription',
        description:
          'Party `party` consumes service `service`, with the promise (`slo`) made to it.',
        body: SubscriptionInput,
        response: { 201: SubscriptionOutput, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const subscription = decodeSubscriptionBody(request.body, undefined);
      const stored = await writer.create('subscription', subscription, actorOf(request), allow);
      void reply.header(
        'location',
        `/api/v1/subscriptions/${subscription.party}/${subscription.service}`,
      );
      return sendVersioned(reply, stored, presentSubscription(stored.entity), 201);
    },
  );

  app.get<{ Params: Key }>(
    '/api/v1/subscriptions/:party/:service',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Read a subscription',
        params: KeyParams,
        response: { 200: SubscriptionOutput, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await store.getEntity('subscription', key(request.params));
      if (!stored)
        throw new NotFoundError(
          `'${request.params.party}' does not consume '${request.params.service}'`,
        );
      if (notModified(request.headers['if-none-match'], stored))
        return sendVersioned(reply, stored, undefined, 304);
      return sendVersioned(reply, stored, presentSubscription(stored.entity));
    },
  );

  for (const [method, patch] of [
    ['put', false],
    ['patch', true],
  ] as const) {
    app[method]<{ Params: Key }>(
      '/api/v1/subscriptions/:party/:service',
      {
        ...WRITE_ROUTE,
        bodyLimit: LIMITS.entityBodyBytes,
        config: { access: 'write' },
        schema: {
          tags: TAGS,
          summary: patch ? 'Change some fields of a subscription' : 'Replace a subscription',
          description: patch
            ? 'A JSON Merge Patch (RFC 7396). Needs If-Match.'
            : 'Needs If-Match. `party` and `service` come from the address.',
          params: KeyParams,
          headers: IfMatchHeaders,
          body: SubscriptionInput,
          response: { 200: SubscriptionOutput, ...WRITE_ERRORS },
        },
      },
      async (request: FastifyRequest<{ Params: Key }>, reply) => {
        const stored = await writer.update(
          'subscription',
          key(request.params),
          request.headers['if-match'],
          (current) =>
            decodeSubscriptionBody(
              patch ? mergePatch(presentSubscription(current), request.body) : request.body,
              request.params,
            ),
          actorOf(request),
          allow,
        );
        return sendVersioned(reply, stored, presentSubscription(stored.entity));
      },
    );
  }

  app.delete<{ Params: Key }>(
    '/api/v1/subscriptions/:party/:service',
    {
      ...READ_ROUTE,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Delete a subscription',
        description: 'Needs If-Match.',
        params: KeyParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null', description: 'deleted' }, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      await writer.remove(
        'subscription',
        key(request.params),
        request.headers['if-match'],
        actorOf(request),
        allow,
      );
      return reply.status(204).send();
    },
  );
}

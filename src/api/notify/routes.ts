import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Notifications } from '../../notify/notifications.js';
import type { Store } from '../../store/store.js';
import { actorOf } from '../access.js';
import { READ_ROUTE } from '../rest/context.js';
import { writeErrors } from '../schemas/common.js';
import { notifyPageRoutes } from './pages.js';
import {
  CreatedSubscriber,
  CreateSubscriberBody,
  DeliveryPage,
  DeliveryQuerySchema,
  SubscriberList,
  SubscriberParams,
  SubscriberSchema,
  TestAnswer,
  UpdateSubscriberBody,
} from './schemas.js';

const TAGS = ['notifications'];
/**
 * Editors and admins manage subscribers: they hold people's addresses, and each one makes this
 * server call out. Fresh options per route: the rate-limit hook writes into a route's config.
 */
const write = () => ({ ...READ_ROUTE, config: { access: 'write' as const } });

/** `"N"` asks for version N; `*` or nothing asks for none. */
function versionOf(header: string | undefined): number | undefined {
  const match = /^(?:W\/)?"(\d+)"$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

type Id = { Params: Static<typeof SubscriberParams> };

/** Subscribers, their test messages and the delivery log; the public link pages. */
export async function notifyRoutes(
  app: FastifyInstance,
  { notifications, store }: { notifications: Notifications; store: Store },
): Promise<void> {
  const { subscriptions } = notifications;

  app.get(
    '/api/v1/notify/subscribers',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Every notification subscriber',
        description: 'By id. Signing secrets and Slack URLs are never shown.',
        response: { 200: SubscriberList, ...writeErrors([401, 403]) },
      },
    },
    async () => ({ items: await subscriptions.list() }),
  );

  app.post<{ Body: Static<typeof CreateSubscriberBody> }>(
    '/api/v1/notify/subscribers',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Subscribe a webhook, a Slack channel or an email address',
        description:
          'The target is checked against the outbound rules (no private, loopback or metadata addresses unless allowed). A webhook gets its signing secret in this answer only. An email address gets a confirmation link and receives nothing else until it is followed.',
        body: CreateSubscriberBody,
        response: { 201: CreatedSubscriber, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request, reply) => {
      const created = await subscriptions.create(request.body, actorOf(request));
      return reply
        .status(201)
        .header('etag', `"${created.subscriber.version}"`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  );

  app.get<Id>(
    '/api/v1/notify/subscribers/:id',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'One subscriber, with its ETag',
        params: SubscriberParams,
        response: { 200: SubscriberSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request, reply) => {
      const subscriber = await subscriptions.get(Number(request.params.id));
      return reply.header('etag', `"${subscriber.version}"`).send(subscriber);
    },
  );

  app.patch<Id & { Body: Static<typeof UpdateSubscriberBody> }>(
    '/api/v1/notify/subscribers/:id',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Change what a subscriber gets, or enable and disable it',
        description:
          'With If-Match `"version"` the change applies only to that version (409 otherwise). `enabled: true` re-enables a subscriber disabled after failures and clears its count.',
        params: SubscriberParams,
        body: UpdateSubscriberBody,
        response: { 200: SubscriberSchema, ...writeErrors([400, 401, 403, 404, 409]) },
      },
    },
    async (request, reply) => {
      const subscriber = await subscriptions.update(
        Number(request.params.id),
        request.body,
        actorOf(request),
        versionOf(request.headers['if-match']),
      );
      return reply.header('etag', `"${subscriber.version}"`).send(subscriber);
    },
  );

  app.delete<Id>(
    '/api/v1/notify/subscribers/:id',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Delete a subscriber and its delivery log',
        params: SubscriberParams,
        response: { 204: { type: 'null' }, ...writeErrors([400, 401, 403, 404, 409]) },
      },
    },
    async (request, reply) => {
      await subscriptions.remove(
        Number(request.params.id),
        actorOf(request),
        versionOf(request.headers['if-match']),
      );
      return reply.status(204).send();
    },
  );

  app.post<Id>(
    '/api/v1/notify/subscribers/:id/test',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Send a test message to a subscriber',
        description:
          'Queued like any message, and sent at once; its outcome shows in the delivery log.',
        params: SubscriberParams,
        response: { 202: TestAnswer, ...writeErrors([400, 401, 403, 404, 409]) },
      },
    },
    async (request, reply) =>
      reply.status(202).send({ delivery: await subscriptions.test(Number(request.params.id)) }),
  );

  app.get<{ Querystring: Static<typeof DeliveryQuerySchema> }>(
    '/api/v1/notify/deliveries',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'The delivery log, newest first',
        description:
          'Every message queued, with its status (pending, delivered, failed, skipped, cancelled), attempts, next attempt and last error. Page back with `before=nextBefore`.',
        querystring: DeliveryQuerySchema,
        response: { 200: DeliveryPage, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const items = await store.listDeliveries({ ...request.query, limit });
      const last = items.at(-1);
      return { items, nextBefore: items.length === limit && last ? last.id : null };
    },
  );

  await app.register(notifyPageRoutes, { subscriptions });
}

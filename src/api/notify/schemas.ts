import { Type } from 'typebox';
import { NOTIFY_EVENT_TYPES } from '../../notify/events.js';
import { DELIVERY_MAX_LIMIT } from '../../store/notify-store.js';
import { LIMITS } from '../schemas/limits.js';

const EventType = Type.Union(NOTIFY_EVENT_TYPES.map((t) => Type.Literal(t)));
const ServiceId = Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength });

/** Subscriber ids are whole numbers; anything else in the path is a 400. */
export const SubscriberParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a subscriber id' }),
});

const SUBSCRIBER_EXAMPLE = {
  id: 7,
  kind: 'webhook',
  name: 'On-call bridge',
  target: 'https://hooks.example.com/servicechain',
  services: ['order-to-cash'],
  page: null,
  events: ['status.changed', 'incident.created', 'incident.resolved'],
  internal: false,
  state: 'active',
  origin: 'api',
  disabledReason: null,
  failures: 0,
  createdAt: 1795863600000,
  updatedAt: 1795863600000,
  version: 1,
};

export const SubscriberSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]),
    name: Type.String(),
    target: Type.String({
      description:
        'the webhook URL without user info, the email address, or only the origin of a Slack URL',
    }),
    services: Type.Array(Type.String()),
    page: Type.Union([Type.String(), Type.Null()]),
    events: Type.Array(EventType, {
      description: 'every type listed: also the types later versions add',
    }),
    internal: Type.Boolean(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('disabled')]),
    origin: Type.Union([Type.Literal('api'), Type.Literal('sign-up')], {
      description:
        '`sign-up`: an address that signed itself up on a public status page; it hears nothing while that page is not public',
    }),
    disabledReason: Type.Union([Type.String(), Type.Null()]),
    failures: Type.Integer({ description: 'failed attempts since the last success' }),
    createdAt: Type.Integer({ description: 'ms since the epoch' }),
    updatedAt: Type.Integer(),
    version: Type.Integer({ description: 'the ETag is `"version"`' }),
  },
  { examples: [SUBSCRIBER_EXAMPLE] },
);

export const SubscriberList = Type.Object(
  { items: Type.Array(SubscriberSchema) },
  { examples: [{ items: [SUBSCRIBER_EXAMPLE] }] },
);

export const CreatedSubscriber = Type.Object(
  {
    subscriber: SubscriberSchema,
    signingSecret: Type.Optional(
      Type.String({ description: 'webhooks only; shown this once, never again' }),
    ),
  },
  {
    examples: [
      { subscriber: SUBSCRIBER_EXAMPLE, signingSecret: 'whsec_3q2-7wYc0N1k8fHkq2m9xZ0bJ6cT4sVe' },
    ],
  },
);

const Fields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  services: Type.Optional(Type.Array(ServiceId, { maxItems: 1000, uniqueItems: true })),
  page: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength }), Type.Null()]),
  ),
  events: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true })),
  internal: Type.Optional(Type.Boolean({ description: 'also incidents marked internal' })),
};

export const CreateSubscriberBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    ...Fields,
  },
  {
    additionalProperties: false,
    examples: [
      {
        kind: 'webhook',
        name: 'On-call bridge',
        url: 'https://hooks.example.com/servicechain',
        services: ['order-to-cash'],
        events: ['status.changed', 'incident.created', 'incident.resolved'],
      },
    ],
  },
);

export const UpdateSubscriberBody = Type.Object(
  {
    ...Fields,
    enabled: Type.Optional(
      Type.Boolean({ description: 'true re-enables a disabled subscriber; false disables it' }),
    ),
  },
  { additionalProperties: false, examples: [{ enabled: true }] },
);

const DELIVERY_EXAMPLE = {
  id: 42,
  subscriber: 7,
  type: 'status.changed',
  key: 'status:order-to-cash',
  event: {
    type: 'status.changed',
    service: 'order-to-cash',
    from: { level: 'operational', maintenance: false, acknowledged: false },
    to: { level: 'major_outage', maintenance: false, acknowledged: false },
    at: 1795863600000,
  },
  status: 'pending',
  attempts: 2,
  nextAttemptAt: 1795863720000,
  lastError: 'https://hooks.example.com/…: the receiver answered HTTP 503',
  responseStatus: 503,
  createdAt: 1795863600000,
  updatedAt: 1795863660000,
};

export const DeliverySchema = Type.Object(
  {
    id: Type.Integer(),
    subscriber: Type.Integer(),
    type: Type.String(),
    key: Type.Union([Type.String(), Type.Null()]),
    event: Type.Unknown(),
    status: Type.Union(
      ['pending', 'delivered', 'failed', 'skipped', 'cancelled'].map((s) => Type.Literal(s)),
    ),
    attempts: Type.Integer(),
    nextAttemptAt: Type.Integer(),
    lastError: Type.Union([Type.String(), Type.Null()]),
    responseStatus: Type.Union([Type.Integer(), Type.Null()]),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
  },
  { examples: [DELIVERY_EXAMPLE] },
);

export const TestAnswer = Type.Object(
  { delivery: DeliverySchema },
  { examples: [{ delivery: { ...DELIVERY_EXAMPLE, type: 'test', key: null, attempts: 0 } }] },
);

export const DeliveryQuerySchema = Type.Object(
  {
    subscriber: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(
      Type.Union(
        ['pending', 'delivered', 'failed', 'skipped', 'cancelled'].map((s) => Type.Literal(s)),
      ),
    ),
    before: Type.Optional(
      Type.Integer({ minimum: 1, description: 'nextBefore of the previous page' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: DELIVERY_MAX_LIMIT, default: 50 })),
  },
  { additionalProperties: false },
);

export const DeliveryPage = Type.Object(
  {
    items: Type.Array(DeliverySchema),
    nextBefore: Type.Union([Type.Integer(), Type.Null()]),
  },
  { examples: [{ items: [DELIVERY_EXAMPLE], nextBefore: null }] },
);

export const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 1000 })),
});

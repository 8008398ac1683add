import { Type } from 'typebox';
import {
  CONTACT_TYPES,
  CRITICALITIES,
  LIFECYCLES,
  PARTY_KINDS,
  WEEKDAYS,
} from '../../model/entities.js';
import { STATUS_LEVELS } from '../../model/levels.js';
import { ID_PATTERN_SOURCE, LIMITS } from './limits.js';

/**
 * JSON Schemas of the entities as the API writes and reads them: the written form of the model
 * files (`metadata` and `spec` fields side by side, defaults filled in on the way out). They
 * document the API and let the UI shape its forms; the model decoder is what validates a body,
 * so the API accepts exactly what a model file accepts.
 */
export const IdSchema = Type.String({
  pattern: ID_PATTERN_SOURCE,
  maxLength: LIMITS.idMaxLength,
  description: 'a slug: lower-case letters, digits, ".", "_" and "-"',
  examples: ['order-to-cash'],
});

const Text = (maxLength: number, description?: string) =>
  Type.String(description ? { maxLength, description } : { maxLength });

const Labels = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 500 }), {
  description: 'free key/value labels',
});
const Tags = Type.Array(Text(LIMITS.tagMaxLength));
const Links = Type.Array(
  Type.Object(
    {
      url: Type.String({ maxLength: LIMITS.urlMaxLength, pattern: '^(https?|mailto):' }),
      title: Type.Optional(Text(200)),
      type: Type.Optional(Text(50)),
    },
    { additionalProperties: false },
  ),
  { maxItems: LIMITS.linksMax },
);

const Level = Type.Enum([...STATUS_LEVELS]);
const Quota = Type.Union([
  Type.Integer({ minimum: 0 }),
  Type.String({ pattern: '^\\d+(\\.\\d+)?%$' }),
]);

/** `worst` (default), `best`, `{ atLeast: { ok, degraded } }` or `{ thresholds: [...] }`. */
export const RuleSchema = Type.Union(
  [
    Type.Union([Type.Literal('worst'), Type.Literal('best')]),
    Type.Object(
      {
        atLeast: Type.Object(
          { ok: Quota, degraded: Type.Optional(Quota) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        thresholds: Type.Array(
          Type.Object({
            count: Type.Optional(Type.Number()),
            percent: Type.Optional(Type.Number()),
            weight: Type.Optional(Type.Number()),
            weightPercent: Type.Optional(Type.Number()),
            of: Level,
            then: Level,
          }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'how the dependencies combine (docs/status-rules.md)', examples: ['worst'] },
);

/** `as-is` (default), `cap:LEVEL`, `shift:+n`, `fixed:LEVEL`, `ignore`, or a level map. */
export const ImpactSchema = Type.Union(
  [Type.String({ maxLength: 40 }), Type.Record(Type.String(), Level)],
  { description: 'the edge transform', examples: ['cap:degraded'] },
);

const Signal = Type.Object(
  {
    source: Type.Optional(Text(50)),
    match: Type.Optional(Labels),
    matchRegex: Type.Optional(Labels),
  },
  { additionalProperties: false },
);

const Hours = Type.Object(
  {
    timeZone: Text(100, 'an IANA time zone, e.g. Europe/Berlin'),
    weekly: Type.Optional(
      Type.Object(
        Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Optional(Type.Array(Type.String()))])),
        { additionalProperties: false },
      ),
    ),
    holidays: Type.Optional(Type.Array(Type.String({ format: 'date' }))),
  },
  { additionalProperties: false },
);

const DependsOn = Type.Array(
  Type.Object({
    service: IdSchema,
    impact: Type.Optional(ImpactSchema),
    weight: Type.Optional(Type.Number()),
    note: Type.Optional(Text(LIMITS.noteMaxLength)),
  }),
  { readOnly: true, description: 'read-only here; change it through /api/v1/dependencies' },
);

const ServiceFields = {
  id: IdSchema,
  name: Text(LIMITS.nameMaxLength, 'defaults to the id'),
  description: Type.Optional(Text(LIMITS.descriptionMaxLength)),
  labels: Type.Optional(Labels),
  tags: Type.Optional(Tags),
  links: Type.Optional(Links),
  label: Type.Optional(
    Text(LIMITS.labelMaxLength, 'business, process, application, technical, infrastructure, …'),
  ),
  provider: Type.Optional(IdSchema),
  lifecycle: Type.Optional(Type.Enum([...LIFECYCLES])),
  criticality: Type.Optional(Type.Enum([...CRITICALITIES])),
  costPerHour: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  slo: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  hours: Type.Optional(Hours),
  rule: Type.Optional(RuleSchema),
  signals: Type.Optional(Type.Array(Signal, { maxItems: LIMITS.signalsMax })),
};

const SERVICE_EXAMPLE = {
  id: 'order-to-cash',
  name: 'Order to cash',
  label: 'business',
  provider: 'sales',
  lifecycle: 'live',
  slo: 99.95,
  costPerHour: 120000,
  tags: ['revenue'],
};

/** A service to create or replace (PUT); `id` may be left out when the address names it. */
export const ServiceInput = Type.Object(
  { ...ServiceFields, id: Type.Optional(IdSchema), name: Type.Optional(ServiceFields.name) },
  { additionalProperties: false, examples: [SERVICE_EXAMPLE] },
);

/** A service as the API shows it, with its relations (read-only). */
export const ServiceOutput = Type.Object(
  {
    ...ServiceFields,
    dependsOn: Type.Optional(DependsOn),
    dependencyOf: Type.Optional(Type.Array(IdSchema, { readOnly: true })),
    consumedBy: Type.Optional(
      Type.Array(
        Type.Object({
          party: IdSchema,
          slo: Type.Optional(Type.Number()),
          note: Type.Optional(Type.String()),
        }),
        { readOnly: true },
      ),
    ),
  },
  { examples: [{ ...SERVICE_EXAMPLE, rule: 'worst', labels: {}, links: [], signals: [] }] },
);

const Contact = Type.Object(
  {
    type: Type.Enum([...CONTACT_TYPES]),
    value: Text(500),
    name: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

const PartyFields = {
  id: IdSchema,
  name: Text(LIMITS.nameMaxLength, 'defaults to the id'),
  description: Type.Optional(Text(LIMITS.descriptionMaxLength)),
  labels: Type.Optional(Labels),
  tags: Type.Optional(Tags),
  links: Type.Optional(Links),
  kind: Type.Enum([...PARTY_KINDS]),
  parent: Type.Optional(IdSchema),
  contacts: Type.Optional(Type.Array(Contact, { maxItems: LIMITS.contactsMax })),
};

const PARTY_EXAMPLE = { id: 'sales', name: 'Sales', kind: 'team', parent: 'acme' };

/** A party to create or replace. */
export const PartyInput = Type.Object(
  { ...PartyFields, id: Type.Optional(IdSchema), name: Type.Optional(PartyFields.name) },
  { additionalProperties: false, examples: [PARTY_EXAMPLE] },
);

/** A party as the API shows it, with its relations (read-only). */
export const PartyOutput = Type.Object(
  {
    ...PartyFields,
    provides: Type.Optional(Type.Array(IdSchema, { readOnly: true })),
    consumes: Type.Optional(
      Type.Array(Type.Object({ service: IdSchema, slo: Type.Optional(Type.Number()) }), {
        readOnly: true,
      }),
    ),
    members: Type.Optional(Type.Array(IdSchema, { readOnly: true })),
  },
  { examples: [{ ...PARTY_EXAMPLE, labels: {}, tags: [], links: [], contacts: [] }] },
);

const DEPENDENCY_EXAMPLE = { from: 'order-to-cash', to: 'analytics', impact: 'cap:degraded' };

/** Service `from` needs service `to`. */
export const DependencyInput = Type.Object(
  {
    from: Type.Optional(IdSchema),
    to: Type.Optional(IdSchema),
    impact: Type.Optional(ImpactSchema),
    weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
    note: Type.Optional(Text(LIMITS.noteMaxLength)),
  },
  { additionalProperties: false, examples: [DEPENDENCY_EXAMPLE] },
);

export const DependencyOutput = Type.Object(
  {
    from: IdSchema,
    to: IdSchema,
    impact: ImpactSchema,
    weight: Type.Number(),
    note: Type.Optional(Type.String()),
  },
  { examples: [{ ...DEPENDENCY_EXAMPLE, weight: 1 }] },
);

const SUBSCRIPTION_EXAMPLE = { party: 'retail-customers', service: 'order-to-cash', slo: 99.9 };

/** Party `party` consumes service `service`, with the promise made to it. */
export const SubscriptionInput = Type.Object(
  {
    party: Type.Optional(IdSchema),
    service: Type.Optional(IdSchema),
    slo: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    note: Type.Optional(Text(LIMITS.noteMaxLength)),
  },
  { additionalProperties: false, examples: [SUBSCRIPTION_EXAMPLE] },
);

export const SubscriptionOutput = Type.Object(
  {
    party: IdSchema,
    service: IdSchema,
    slo: Type.Optional(Type.Number()),
    note: Type.Optional(Type.String()),
  },
  { examples: [SUBSCRIPTION_EXAMPLE] },
);

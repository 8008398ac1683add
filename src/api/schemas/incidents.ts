import { Type } from 'typebox';
import { INCIDENT_LIMITS } from '../../incidents/limits.js';
import {
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  INCIDENT_VISIBILITIES,
} from '../../incidents/types.js';
import { LIMITS } from './limits.js';

/** The incident limits, shared with the UI like LIMITS (they are the domain's own). */
export { INCIDENT_LIMITS };

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

export const IncidentStatusSchema = literals(
  INCIDENT_STATUSES,
  'investigating, identified, monitoring (open, in any order) or resolved (final unless reopened)',
);
const OpenStatusSchema = literals(
  INCIDENT_STATUSES.filter((s) => s !== 'resolved'),
  'the status it opens with (default investigating)',
);
const VisibilitySchema = literals(
  INCIDENT_VISIBILITIES,
  'public marks it for status pages; reading it still needs read access',
);
const ImpactSchema = literals(INCIDENT_IMPACTS, "the declared impact on the service's status");

const AffectedSchema = Type.Object(
  {
    service: Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength }),
    impact: ImpactSchema,
  },
  { additionalProperties: false },
);
const AffectedList = Type.Array(AffectedSchema, {
  maxItems: INCIDENT_LIMITS.servicesMax,
  description: 'each service once; its impact joins its status until the incident is resolved',
});
const SignalIds = Type.Array(Type.Integer({ minimum: 1 }), {
  maxItems: INCIDENT_LIMITS.signalsMax,
  description: 'ids of stored signals that led to it',
});
const Title = Type.String({ minLength: 1, maxLength: INCIDENT_LIMITS.titleMaxLength });
const Message = Type.String({ minLength: 1, maxLength: INCIDENT_LIMITS.messageMaxLength });

export const IncidentIdParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'an incident id' }),
});

export const IncidentListQuery = Type.Object(
  {
    state: Type.Optional(literals(['open', 'resolved'], 'open (not resolved) or resolved')),
    service: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: LIMITS.idMaxLength,
        description: 'names this service',
      }),
    ),
    visibility: Type.Optional(VisibilitySchema),
    before: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,14}$',
        description: 'nextBefore of the previous page',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: INCIDENT_LIMITS.pageMax,
        description: `incidents per page (default ${INCIDENT_LIMITS.pageDefault})`,
      }),
    ),
  },
  { additionalProperties: false },
);

export const IncidentCreateBody = Type.Object(
  {
    title: Title,
    message: Message,
    services: AffectedList,
    status: Type.Optional(OpenStatusSchema),
    visibility: Type.Optional(VisibilitySchema),
    signals: Type.Optional(SignalIds),
  },
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Orders are not taken',
        message: 'The order form times out; we are looking into it.',
        services: [{ service: 'order-entry', impact: 'major_outage' }],
        visibility: 'public',
        signals: [1042],
      },
    ],
  },
);

export const IncidentPatchBody = Type.Object(
  {
    title: Type.Optional(Title),
    visibility: Type.Optional(VisibilitySchema),
    services: Type.Optional(AffectedList),
    signals: Type.Optional(SignalIds),
  },
  {
    additionalProperties: false,
    examples: [{ services: [{ service: 'order-entry', impact: 'partial_outage' }] }],
  },
);

export const IncidentUpdateBody = Type.Object(
  {
    message: Message,
    status: Type.Optional(IncidentStatusSchema),
    reopen: Type.Optional(
      Type.Boolean({ description: 'true to move a resolved incident back to an open status' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ message: 'A bad deploy; rolling back.', status: 'identified' }],
  },
);

export const IncidentResolveBody = Type.Object(
  { message: Message },
  { additionalProperties: false, examples: [{ message: 'Rolled back; orders flow again.' }] },
);

export const IncidentPostmortemBody = Type.Object(
  {
    postmortem: Type.String({
      maxLength: INCIDENT_LIMITS.postmortemMaxLength,
      description: 'markdown; empty removes it',
    }),
  },
  {
    additionalProperties: false,
    examples: [{ postmortem: '## What happened\n\nA deploy removed an index.' }],
  },
);

const UPDATE_EXAMPLE = {
  status: 'investigating',
  message: 'The order form times out; we are looking into it.',
  author: 'user:amy',
  at: '2026-11-28T09:14:03.000Z',
};

const SUMMARY_EXAMPLE = {
  id: 17,
  title: 'Orders are not taken',
  status: 'investigating',
  visibility: 'public',
  services: [{ service: 'order-entry', impact: 'major_outage' }],
  signals: [1042],
  author: 'user:amy',
  createdAt: '2026-11-28T09:14:03.000Z',
  updatedAt: '2026-11-28T09:14:03.000Z',
  resolvedAt: null,
  version: 1,
  updateCount: 1,
};

const { updateCount: _count, ...FIELDS_EXAMPLE } = SUMMARY_EXAMPLE;

const INCIDENT_EXAMPLE = {
  ...FIELDS_EXAMPLE,
  updates: [UPDATE_EXAMPLE],
  rootCause: [
    {
      service: 'order-entry',
      explanation: {
        service: 'order-entry',
        level: 'degraded',
        maintenance: false,
        signals: [],
        maintenanceWindows: [],
        causes: [],
      },
    },
  ],
  postmortem: null,
};

const Time = Type.String({ format: 'date-time' });
const SummaryFields = {
  id: Type.Integer(),
  title: Type.String(),
  status: IncidentStatusSchema,
  visibility: VisibilitySchema,
  services: Type.Array(AffectedSchema),
  signals: Type.Array(Type.Integer()),
  author: Type.String(),
  createdAt: Time,
  updatedAt: Time,
  resolvedAt: Type.Union([Time, Type.Null()]),
  version: Type.Integer({ description: 'also in the ETag' }),
};

export const IncidentSummarySchema = Type.Object(
  { ...SummaryFields, updateCount: Type.Integer() },
  { examples: [SUMMARY_EXAMPLE] },
);

export const IncidentSchema = Type.Object(
  {
    ...SummaryFields,
    updates: Type.Array(
      Type.Object({
        status: IncidentStatusSchema,
        message: Type.String(),
        author: Type.String(),
        at: Time,
      }),
      { description: 'oldest first' },
    ),
    rootCause: Type.Array(Type.Object({ service: Type.String(), explanation: Type.Unknown() }), {
      description: "each affected service's explain tree when the incident was opened",
    }),
    postmortem: Type.Union([Type.String(), Type.Null()]),
  },
  { examples: [INCIDENT_EXAMPLE] },
);

export const IncidentPage = Type.Object(
  {
    items: Type.Array(IncidentSummarySchema),
    nextBefore: Type.Union([Type.String(), Type.Null()], {
      description: 'pass as ?before= for the next (older) page; null on the last',
    }),
  },
  { examples: [{ items: [SUMMARY_EXAMPLE], nextBefore: null }] },
);

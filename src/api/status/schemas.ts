import { Type } from 'typebox';
import { STATUS_LEVELS } from '../../model/levels.js';
import { AcknowledgedBySchema } from '../acknowledgements/schemas.js';
import { LIMITS } from '../schemas/limits.js';

export const Level = Type.Union(
  STATUS_LEVELS.map((level) => Type.Literal(level)),
  { description: 'operational < unknown < degraded < partial_outage < major_outage' },
);

export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength, description: 'a service id' }),
});

/** Impact answers can name a million services: they come in pages. */
export const IMPACT_PAGE = { default: 100, max: 10000 } as const;

export const ImpactQuery = Type.Object(
  {
    level: Type.Optional(Level),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: IMPACT_PAGE.max,
        description: `services, and parties, per page (default ${IMPACT_PAGE.default})`,
      }),
    ),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, description: 'where the page starts (from `next`)' }),
    ),
  },
  { additionalProperties: false },
);

export const WhatIfBody = Type.Object(
  {
    down: Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength }), {
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
      description: 'services to take down (hypothetically)',
    }),
    level: Type.Optional(Level),
  },
  { additionalProperties: false, examples: [{ down: ['dc-fra'] }] },
);

const STATUS_EXAMPLE = {
  service: 'order-to-cash',
  level: 'degraded',
  maintenance: false,
  acknowledged: true,
  acknowledgement: {
    author: 'user:amy',
    note: 'Failing over to the standby; ETA 20 min',
    createdAt: '2026-11-28T09:20:00.000Z',
    expiresAt: null,
  },
  since: '2026-11-28T09:14:03.000Z',
};

export const StatusSchema = Type.Object(
  {
    service: Type.String(),
    level: Level,
    maintenance: Type.Boolean({
      description: 'a planned window covers what makes it non-operational',
    }),
    acknowledged: Type.Boolean({
      description:
        'acknowledged itself, or all its trouble comes from acknowledged dependencies (docs/status-rules.md)',
    }),
    acknowledgement: AcknowledgedBySchema,
    since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'when the level last changed; null if never',
    }),
  },
  { examples: [STATUS_EXAMPLE] },
);

export const StatusList = Type.Object(
  {
    items: Type.Array(StatusSchema),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'services at each level' }),
  },
  {
    examples: [
      {
        items: [STATUS_EXAMPLE],
        counts: { operational: 66, unknown: 0, degraded: 1, partial_outage: 0, major_outage: 0 },
      },
    ],
  },
);

/** The explanation tree is recursive; documented by example rather than spelled out. */
export const ExplanationSchema = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'the service, its level, its own signals, override and maintenance windows, and `causes`: each dependency whose contribution is not operational, with the impact it passed through and its own explanation',
    examples: [
      {
        service: 'order-entry',
        level: 'major_outage',
        maintenance: false,
        signals: [],
        maintenanceWindows: [],
        causes: [
          {
            via: { impact: 'as-is', contributed: 'major_outage' },
            explanation: {
              service: 'sap-erp',
              level: 'major_outage',
              maintenance: false,
              signals: [
                {
                  key: 'alertmanager/3f2a',
                  level: 'major_outage',
                  summary: 'SAP dialog instances down',
                },
              ],
              maintenanceWindows: [],
              causes: [],
            },
          },
        ],
      },
    ],
  },
);

export const ImpactSchema = Type.Object(
  {
    service: Type.String(),
    level: Level,
    services: Type.Array(
      Type.Object({ service: Type.String(), hop: Type.Integer(), from: Level, to: Level }),
    ),
    parties: Type.Array(
      Type.Object({
        party: Type.String(),
        kind: Type.String(),
        services: Type.Array(Type.String()),
        relation: Type.Union([Type.Literal('customer'), Type.Literal('provider')]),
      }),
    ),
    costPerHour: Type.Number({
      description: 'summed over the services that would reach major_outage',
    }),
    total: Type.Integer({ description: 'services affected in all; `services` holds one page' }),
    partiesTotal: Type.Integer({
      description: 'parties affected in all; `parties` holds one page',
    }),
    next: Type.Union([Type.Integer(), Type.Null()], {
      description: 'the offset of the next page, or null on the last',
    }),
  },
  {
    examples: [
      {
        service: 'sap-erp',
        level: 'major_outage',
        services: [
          { service: 'supply-chain-service', hop: 1, from: 'operational', to: 'major_outage' },
        ],
        parties: [
          {
            party: 'retail-customers',
            kind: 'external',
            services: ['order-to-cash'],
            relation: 'customer',
          },
        ],
        costPerHour: 124000,
        total: 1,
        partiesTotal: 1,
        next: null,
      },
    ],
  },
);

export const DependenciesSchema = Type.Object(
  {
    service: Type.String(),
    items: Type.Array(Type.Object({ service: Type.String(), hop: Type.Integer() })),
  },
  {
    examples: [
      {
        service: 'sap-erp',
        items: [
          { service: 'sap-hana', hop: 1 },
          { service: 'hana-fra', hop: 2 },
        ],
      },
    ],
  },
);

export const WhatIfSchema = Type.Object(
  {
    changes: Type.Array(Type.Object({ service: Type.String(), from: Level, to: Level })),
    parties: Type.Array(
      Type.Object({
        party: Type.String(),
        kind: Type.String(),
        services: Type.Array(Type.String()),
      }),
    ),
  },
  {
    examples: [
      {
        changes: [{ service: 'dc-fra', from: 'operational', to: 'major_outage' }],
        parties: [{ party: 'infrastructure', kind: 'team', services: ['dc-fra'] }],
      },
    ],
  },
);

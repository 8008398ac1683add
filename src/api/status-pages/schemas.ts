import { Type } from 'typebox';
import { PAGE_SLUG_PATTERN_SOURCE, STATUS_PAGE_LIMITS } from '../../status-pages/limits.js';
import { ID_PATTERN_SOURCE } from '../schemas/limits.js';

/**
 * The schemas here document the API (OpenAPI); bodies are decoded by the status page decoder
 * (src/status-pages/validate.ts), which reports every problem with its path.
 */
export const SlugParams = Type.Object({
  slug: Type.String({
    pattern: PAGE_SLUG_PATTERN_SOURCE,
    maxLength: STATUS_PAGE_LIMITS.slugMaxLength,
    description: "a status page's slug",
  }),
});

export const BadgeParams = Type.Object({
  slug: SlugParams.properties.slug,
  key: Type.String({
    pattern: PAGE_SLUG_PATTERN_SOURCE,
    maxLength: STATUS_PAGE_LIMITS.slugMaxLength,
    description: "an entry's key on the page",
  }),
});

const PageServiceSchema = Type.Object(
  {
    service: Type.String({ pattern: ID_PATTERN_SOURCE, description: 'the model service id' }),
    key: Type.Optional(
      Type.String({
        pattern: PAGE_SLUG_PATTERN_SOURCE,
        description: 'the public key (badge address, JSON id); default: made from the name',
      }),
    ),
    name: Type.String({
      minLength: 1,
      maxLength: STATUS_PAGE_LIMITS.nameMaxLength,
      description: 'what the audience sees instead of the model name',
    }),
    group: Type.Optional(Type.String({ maxLength: STATUS_PAGE_LIMITS.groupMaxLength })),
  },
  { additionalProperties: false },
);

const EXAMPLE_INPUT = {
  slug: 'acme',
  title: 'Acme: your services',
  audience: 'customer:acme',
  services: [
    { service: 'order-to-cash', key: 'ordering', name: 'Ordering' },
    { service: 'sap-erp', key: 'invoices', name: 'Invoices', group: 'Billing' },
  ],
  showRootCause: false,
  showInternalIncidents: false,
  branding: 'Questions? The service desk answers on +49 30 1234567.',
};

export const StatusPageInput = Type.Object(
  {
    slug: Type.String({
      pattern: PAGE_SLUG_PATTERN_SOURCE,
      description: 'the address: /status/<slug>',
    }),
    title: Type.String({ minLength: 1, maxLength: STATUS_PAGE_LIMITS.titleMaxLength }),
    audience: Type.String({
      description: '`public` (no sign-in), `internal`, or `customer:<party id>` (sign-in needed)',
    }),
    services: Type.Array(PageServiceSchema, { maxItems: STATUS_PAGE_LIMITS.servicesMax }),
    showRootCause: Type.Optional(
      Type.Boolean({ description: 'name the listed entries a trouble comes from (default false)' }),
    ),
    showInternalIncidents: Type.Optional(
      Type.Boolean({ description: 'show internal incidents too; refused on public pages' }),
    ),
    branding: Type.Optional(
      Type.String({ maxLength: STATUS_PAGE_LIMITS.brandingMaxLength, description: 'plain text' }),
    ),
  },
  { additionalProperties: false, examples: [EXAMPLE_INPUT] },
);

const EXAMPLE_OUTPUT = {
  ...EXAMPLE_INPUT,
  url: '/status/acme',
  version: 1,
  createdAt: '2026-11-28T12:00:00.000Z',
  updatedAt: '2026-11-28T12:00:00.000Z',
};

export const StatusPageOutput = Type.Object(
  {
    slug: Type.String(),
    title: Type.String(),
    audience: Type.String(),
    services: Type.Array(PageServiceSchema),
    showRootCause: Type.Boolean(),
    showInternalIncidents: Type.Boolean(),
    branding: Type.String(),
    url: Type.String({ description: 'where the page is served' }),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { examples: [EXAMPLE_OUTPUT] },
);

export const StatusPageList = Type.Object(
  { items: Type.Array(StatusPageOutput) },
  { examples: [{ items: [EXAMPLE_OUTPUT] }] },
);

/** The summary's shape, documented by example (it follows Atlassian Statuspage's summary.json). */
export const StatusPageSummary = Type.Object(
  {
    page: Type.Object({}, { additionalProperties: true }),
    status: Type.Object({ indicator: Type.String(), description: Type.String() }),
    components: Type.Array(Type.Object({}, { additionalProperties: true })),
    incidents: Type.Array(Type.Object({}, { additionalProperties: true })),
    scheduled_maintenances: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  {
    examples: [
      {
        page: {
          id: 'acme',
          name: 'Acme: your services',
          url: '/status/acme',
          time_zone: 'Etc/UTC',
          updated_at: '2026-11-28T12:00:00.000Z',
        },
        status: { indicator: 'minor', description: 'Degraded performance' },
        components: [
          {
            id: 'ordering',
            name: 'Ordering',
            status: 'degraded_performance',
            group: false,
            group_id: null,
            position: 1,
            updated_at: '2026-11-28T11:40:00.000Z',
            uptime_percent: 99.982,
          },
        ],
        incidents: [
          {
            id: '3f9c0a61b2d4',
            name: 'Slow order entry',
            status: 'identified',
            impact: 'minor',
            created_at: '2026-11-28T11:42:00.000Z',
            updated_at: '2026-11-28T11:50:00.000Z',
            resolved_at: null,
            shortlink: '/status/acme#incident-3f9c0a61b2d4',
            incident_updates: [
              {
                id: '3f9c0a61b2d4-2',
                status: 'identified',
                body: 'A slow database; we are moving the load.',
                created_at: '2026-11-28T11:50:00.000Z',
                display_at: '2026-11-28T11:50:00.000Z',
              },
            ],
            components: [{ id: 'ordering', name: 'Ordering' }],
          },
        ],
        scheduled_maintenances: [],
      },
    ],
  },
);

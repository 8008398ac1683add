import { Type } from 'typebox';
import { MAINTENANCE_LIMITS } from '../../maintenance/limits.js';
import { WINDOW_WHEN } from '../../maintenance/windows.js';
import { LIMITS } from './limits.js';

/** The maintenance limits, shared with the UI like LIMITS (they are the domain's own). */
export { MAINTENANCE_LIMITS };

const ServiceId = Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength });
const Instant = Type.String({
  maxLength: 40,
  description: 'ISO 8601 with its zone or offset: 2026-12-05T22:00:00Z',
});

const RecurrenceSchema = Type.Object(
  {
    start: Type.String({
      maxLength: 19,
      description: 'DTSTART as a wall time in `zone`: 2026-12-01T09:00',
    }),
    zone: Type.String({ maxLength: 64, description: 'an IANA time zone: Europe/Berlin' }),
    durationMinutes: Type.Integer({
      description: `each occurrence's length, ${MAINTENANCE_LIMITS.durationMinMinutes} to ${MAINTENANCE_LIMITS.durationMaxMinutes} minutes`,
    }),
    rrule: Type.String({
      maxLength: MAINTENANCE_LIMITS.rruleMaxLength,
      description: 'an RFC 5545 RRULE that ends (COUNT or UNTIL): FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    }),
  },
  { additionalProperties: false },
);

const DRAFT_EXAMPLE = {
  title: 'SAP kernel upgrade',
  description: 'Kernel 7.93; SAP is down meanwhile.',
  services: ['sap-erp'],
  start: '2026-12-05T22:00:00Z',
  end: '2026-12-06T02:00:00Z',
};
const RECURRING_EXAMPLE = {
  title: 'Database patching',
  services: ['db01', 'db02'],
  recurrence: {
    start: '2026-12-08T22:00',
    zone: 'Europe/Berlin',
    durationMinutes: 120,
    rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
  },
};

/** A window as asked for: `start` and `end` (one-off) or `recurrence`. */
export const WindowDraftBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MAINTENANCE_LIMITS.titleMaxLength }),
    description: Type.Optional(Type.String({ maxLength: MAINTENANCE_LIMITS.descriptionMaxLength })),
    services: Type.Array(ServiceId, {
      maxItems: MAINTENANCE_LIMITS.servicesMax,
      description: 'the services it covers; what rests on them is found by the impact',
    }),
    start: Type.Optional(Instant),
    end: Type.Optional(Instant),
    recurrence: Type.Optional(RecurrenceSchema),
  },
  { additionalProperties: false, examples: [DRAFT_EXAMPLE, RECURRING_EXAMPLE] },
);

export const WindowIdParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a maintenance window id' }),
});

export const WindowListQuery = Type.Object(
  {
    when: Type.Optional(
      Type.Union(
        WINDOW_WHEN.map((w) => Type.Literal(w)),
        {
          description:
            'upcoming (an occurrence still to start), active (one going on), past (over or cancelled), all (default)',
        },
      ),
    ),
    service: Type.Optional(ServiceId),
    after: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'next of the previous page' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAINTENANCE_LIMITS.pageMax,
        description: `windows per page (default ${MAINTENANCE_LIMITS.pageDefault})`,
      }),
    ),
  },
  { additionalProperties: false },
);

const OccurrenceSchema = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
});

const WINDOW_EXAMPLE = {
  id: 7,
  title: 'Database patching',
  description: '',
  services: ['db01', 'db02'],
  schedule: {
    kind: 'recurring',
    start: '2026-12-08T22:00',
    zone: 'Europe/Berlin',
    durationMinutes: 120,
    rrule: 'FREQ=MONTHLY;COUNT=12;BYDAY=2TU',
  },
  state: 'upcoming',
  next: [
    { start: '2026-12-08T21:00:00.000Z', end: '2026-12-08T23:00:00.000Z' },
    { start: '2027-01-12T21:00:00.000Z', end: '2027-01-12T23:00:00.000Z' },
  ],
  firstStart: '2026-12-08T21:00:00.000Z',
  lastEnd: '2027-11-09T23:00:00.000Z',
  author: 'user:alice',
  createdAt: '2026-11-28T12:00:00.000Z',
  updatedAt: '2026-11-28T12:00:00.000Z',
  cancelled: false,
  version: 1,
};

export const WindowSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    services: Type.Array(Type.String()),
    schedule: Type.Union([
      Type.Object({
        kind: Type.Literal('once'),
        start: Type.String({ format: 'date-time' }),
        end: Type.String({ format: 'date-time' }),
      }),
      Type.Object({
        kind: Type.Literal('recurring'),
        start: Type.String(),
        zone: Type.String(),
        durationMinutes: Type.Integer(),
        rrule: Type.String({ description: 'normalised: parts in a fixed order' }),
      }),
    ]),
    state: Type.Union(['upcoming', 'active', 'over', 'cancelled'].map((s) => Type.Literal(s))),
    next: Type.Array(OccurrenceSchema, {
      description: `the occurrence going on, if any, and those to come (at most ${MAINTENANCE_LIMITS.nextOccurrences})`,
    }),
    firstStart: Type.String({ format: 'date-time' }),
    lastEnd: Type.String({ format: 'date-time' }),
    author: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    cancelled: Type.Boolean(),
    version: Type.Integer(),
  },
  { examples: [WINDOW_EXAMPLE] },
);

export const WindowPage = Type.Object(
  {
    items: Type.Array(WindowSchema),
    next: Type.Union([Type.String(), Type.Null()], {
      description: '`after` for the following page; null on the last',
    }),
  },
  { examples: [{ items: [WINDOW_EXAMPLE], next: null }] },
);

export const ImpactPreviewSchema = Type.Object(
  {
    services: Type.Array(
      Type.Object({
        service: Type.String(),
        covered: Type.Boolean({ description: 'named by the window, or resting on those' }),
      }),
    ),
    parties: Type.Array(
      Type.Object({
        party: Type.String(),
        kind: Type.String(),
        relation: Type.Union([Type.Literal('customer'), Type.Literal('provider')]),
        services: Type.Array(Type.String()),
      }),
    ),
    next: Type.Array(OccurrenceSchema),
  },
  {
    examples: [
      {
        services: [
          { service: 'sap-erp', covered: true },
          { service: 'order-entry', covered: false },
        ],
        parties: [
          { party: 'sales', kind: 'team', relation: 'customer', services: ['sap-erp'] },
          { party: 'sap-team', kind: 'team', relation: 'provider', services: ['sap-erp'] },
        ],
        next: [{ start: '2026-12-05T22:00:00.000Z', end: '2026-12-06T02:00:00.000Z' }],
      },
    ],
  },
);

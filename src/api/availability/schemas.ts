import { Type } from 'typebox';
import { AVAILABILITY_PAGE_DEFAULT } from '../../availability/answer.js';
import { WEIGHTED_LEVELS } from '../../availability/weights.js';
import { LIMITS } from '../schemas/limits.js';

/** Services per page of the every-service answer: 10k fit in one page (the benchmark's size). */
export const AVAILABILITY_PAGE = { default: AVAILABILITY_PAGE_DEFAULT, max: 10_000 } as const;

const Id = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.idMaxLength, description }));

export const AvailabilityQuery = Type.Object(
  {
    period: Type.String({
      minLength: 1,
      maxLength: 60,
      description:
        '`2026`, `2026-Q4`, `2026-10`, `2026-W41`, `2026-10-05`, or `FROM..TO` (dates, the end day included, or times such as `2026-10-05T08:00`, with `Z` or an offset or in `zone`)',
    }),
    zone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'the IANA time zone the period is read in (default UTC)',
      }),
    ),
    service: Id('only this service'),
    customer: Id('this party, as it experiences what it consumes (not with `service`)'),
    weights: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'downtime weight per level, 0 to 1: `partial_outage:0.5,degraded:0.1` (defaults major_outage 1, partial_outage 0.3, degraded 0, unknown 0)',
      }),
    ),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv')], {
        description: 'csv as `Accept: text/csv` does (default json)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: AVAILABILITY_PAGE.max,
        description: `services per page when no service or customer is named (default ${AVAILABILITY_PAGE.default})`,
      }),
    ),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, description: 'where the page starts (from `next`)' }),
    ),
  },
  { additionalProperties: false },
);

const Minutes = Type.Number({ minimum: 0 });
const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Figures = {
  availability: Nullable(Type.Number({ description: 'percent of counted time; null if none' })),
  serviceMinutes: Minutes,
  plannedMinutes: Minutes,
  downtimeMinutes: Type.Number({ minimum: 0, description: 'unplanned, weighted by level' }),
  downtimeByLevel: Type.Object(
    Object.fromEntries(WEIGHTED_LEVELS.map((level) => [level, Minutes])) as Record<
      (typeof WEIGHTED_LEVELS)[number],
      typeof Minutes
    >,
  ),
  slo: Nullable(Type.Number()),
  met: Type.Union([Type.Boolean(), Type.Null()]),
  errorBudget: Type.Union([
    Type.Object({
      allowedMinutes: Minutes,
      usedMinutes: Minutes,
      leftMinutes: Type.Number({ description: 'negative when overspent' }),
      leftPercent: Nullable(Type.Number()),
    }),
    Type.Null(),
  ]),
  burnRate: Nullable(Type.Number()),
  incidents: Type.Integer({ minimum: 0 }),
  mttrMinutes: Nullable(Type.Number()),
  mtbfMinutes: Nullable(Type.Number()),
};

const FIGURES_EXAMPLE = {
  availability: 99.930368,
  serviceMinutes: 44640,
  plannedMinutes: 120,
  downtimeMinutes: 31,
  downtimeByLevel: { major_outage: 25, partial_outage: 20, degraded: 90, unknown: 0 },
  slo: 99.9,
  met: true,
  errorBudget: {
    allowedMinutes: 44.52,
    usedMinutes: 31,
    leftMinutes: 13.52,
    leftPercent: 30.368374,
  },
  burnRate: 0.6963,
  incidents: 2,
  mttrMinutes: 22.5,
  mtbfMinutes: 22237.5,
};

const ServiceFigures = Type.Object({ service: Type.String(), name: Type.String(), ...Figures });

const CustomerFigures = Type.Object({
  party: Type.String(),
  name: Type.String(),
  combined: Type.Object(Figures),
  subscriptions: Type.Array(
    Type.Object({
      service: Type.String(),
      name: Type.String(),
      sloFrom: Type.Union([Type.Literal('subscription'), Type.Literal('service'), Type.Null()]),
      ...Figures,
    }),
  ),
});

export const AvailabilitySchema = Type.Object(
  {
    period: Type.Object({
      label: Type.String(),
      kind: Type.String(),
      zone: Type.String(),
      from: Type.String({ format: 'date-time' }),
      to: Type.String({ format: 'date-time' }),
      end: Type.String({ format: 'date-time', description: '`to`, or now for a running period' }),
      partial: Type.Boolean(),
    }),
    weights: Type.Object(
      Object.fromEntries(WEIGHTED_LEVELS.map((level) => [level, Type.Number()])) as Record<
        (typeof WEIGHTED_LEVELS)[number],
        ReturnType<typeof Type.Number>
      >,
    ),
    services: Type.Array(ServiceFigures),
    customers: Type.Array(CustomerFigures),
    total: Type.Integer({ minimum: 0, description: 'services (or customers) in the whole answer' }),
    next: Type.Union([Type.Integer(), Type.Null()], {
      description: 'the offset of the next page; null on the last',
    }),
  },
  {
    examples: [
      {
        period: {
          label: '2026-10',
          kind: 'month',
          zone: 'UTC',
          from: '2026-10-01T00:00:00.000Z',
          to: '2026-11-01T00:00:00.000Z',
          end: '2026-11-01T00:00:00.000Z',
          partial: false,
        },
        weights: { major_outage: 1, partial_outage: 0.3, degraded: 0, unknown: 0 },
        services: [{ service: 'order-to-cash', name: 'Order to cash', ...FIGURES_EXAMPLE }],
        customers: [],
        total: 67,
        next: 1,
      },
    ],
  },
);

export const AVAILABILITY_CSV_EXAMPLE =
  'kind,id,name,service,availability_percent,slo_percent,met,service_minutes,planned_minutes,downtime_minutes,major_outage_minutes,partial_outage_minutes,degraded_minutes,unknown_minutes,budget_allowed_minutes,budget_used_minutes,budget_left_minutes,budget_left_percent,burn_rate,incidents,mttr_minutes,mtbf_minutes\r\nservice,order-to-cash,Order to cash,,99.930368,99.9,true,44640,120,31,25,20,90,0,44.52,31,13.52,30.368374,0.6963,2,22.5,22237.5\r\n';

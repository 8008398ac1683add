import { Type } from 'typebox';
import { TIMELINE_PAGE } from '../../runtime/history-queries.js';
import { LIMITS } from '../schemas/limits.js';
import { IMPACT_PAGE, Level } from './schemas.js';

/** Longer than any ISO 8601 time with a zone and nanoseconds; the parser says what is wrong. */
const TIME_MAX_LENGTH = 40;

const Time = (description: string) =>
  Type.String({ minLength: 1, maxLength: TIME_MAX_LENGTH, description });

export const StatusAtQuery = Type.Object(
  {
    time: Time('the moment, ISO 8601 with a zone (`2026-11-28T19:00:00Z`); not in the future'),
    service: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: LIMITS.idMaxLength,
        description: 'only this service',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: IMPACT_PAGE.max,
        description: `services per page (default ${IMPACT_PAGE.default})`,
      }),
    ),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, description: 'where the page starts (from `next`)' }),
    ),
  },
  { additionalProperties: false },
);

export const TimelineQuery = Type.Object(
  {
    from: Type.Optional(
      Time('the window start, ISO 8601 with a zone (default: a week before `to`)'),
    ),
    to: Type.Optional(Time('the window end, excluded, ISO 8601 with a zone (default: now)')),
    after: Type.Optional(
      Type.Integer({ minimum: 0, description: 'changes with a higher id only (from `next`)' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: TIMELINE_PAGE.max,
        description: `changes per page (default ${TIMELINE_PAGE.default})`,
      }),
    ),
  },
  { additionalProperties: false },
);

const State = {
  level: Level,
  maintenance: Type.Boolean(),
  acknowledged: Type.Boolean(),
};

const Since = Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
  description: 'when it took this state; null if it never changed before',
});

export const StatusAtSchema = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    items: Type.Array(Type.Object({ service: Type.String(), ...State, since: Since }), {
      description: 'one page of the services not operational or carrying a flag then, by id',
    }),
    total: Type.Integer({ description: 'such services in all' }),
    next: Type.Union([Type.Integer(), Type.Null()], {
      description: 'the offset of the next page, or null on the last',
    }),
    counts: Type.Record(Type.String(), Type.Integer(), {
      description: 'the services of the current model at each level then',
    }),
  },
  {
    examples: [
      {
        at: '2026-11-28T19:00:00.000Z',
        items: [
          {
            service: 'sap-erp',
            level: 'major_outage',
            maintenance: false,
            acknowledged: true,
            since: '2026-11-28T18:42:10.000Z',
          },
        ],
        total: 1,
        next: null,
        counts: { operational: 66, unknown: 0, degraded: 0, partial_outage: 0, major_outage: 1 },
      },
    ],
  },
);

const StateSchema = Type.Object(State);

export const TimelineSchema = Type.Object(
  {
    service: Type.String(),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    state: Type.Object(
      { ...State, since: Since },
      { description: 'its state as the window starts' },
    ),
    changes: Type.Array(
      Type.Object({
        id: Type.Integer(),
        at: Type.String({ format: 'date-time' }),
        from: StateSchema,
        to: StateSchema,
        cause: Type.String({
          description:
            'what made it: `signal:…`, `override`, `maintenance:…`, `acknowledge`, `dependency:ID`, `model`, `restart`',
        }),
      }),
      { description: 'in the window, oldest first' },
    ),
    next: Type.Union([Type.Integer(), Type.Null()], {
      description: 'the `after` of the next page, or null on the last',
    }),
  },
  {
    examples: [
      {
        service: 'sap-erp',
        from: '2026-11-28T00:00:00.000Z',
        to: '2026-11-29T00:00:00.000Z',
        state: { level: 'operational', maintenance: false, acknowledged: false, since: null },
        changes: [
          {
            id: 1042,
            at: '2026-11-28T18:42:10.000Z',
            from: { level: 'operational', maintenance: false, acknowledged: false },
            to: { level: 'major_outage', maintenance: false, acknowledged: false },
            cause: 'signal:alertmanager/3f2a',
          },
        ],
        next: null,
      },
    ],
  },
);

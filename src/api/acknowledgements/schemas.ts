import { Type } from 'typebox';
import { LIMITS } from '../schemas/limits.js';

const ACKNOWLEDGEMENT_EXAMPLE = {
  service: 'sap-erp',
  author: 'user:amy',
  note: 'Failing over to the standby; ETA 20 min',
  createdAt: '2026-11-28T20:05:00.000Z',
  expiresAt: '2026-11-28T22:05:00.000Z',
  clearedAt: null,
  clearedBy: null,
};

const Time = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const AcknowledgementSchema = Type.Object(
  {
    service: Type.String(),
    author: Type.String({ description: 'who acknowledged: user:NAME or token:ID' }),
    note: Type.String({ description: 'what they said; empty for nothing' }),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Time('when it lapses by itself; null: when the service recovers or it is removed'),
    clearedAt: Time('when it was taken back; null while in force'),
    clearedBy: Type.Union([Type.String(), Type.Null()], {
      description: 'who took it back; system:recovered when the service returned to operational',
    }),
  },
  { examples: [ACKNOWLEDGEMENT_EXAMPLE] },
);

/** What the status answers say of a service's own acknowledgement. */
export const AcknowledgedBySchema = Type.Union(
  [
    Type.Object({
      author: Type.String(),
      note: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
    Type.Null(),
  ],
  {
    description:
      "the service's own acknowledgement, if any (a service acknowledged only through its dependencies has none)",
  },
);

export const AcknowledgeBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: LIMITS.noteMaxLength })),
    until: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'when it lapses: a duration (2h, 90m, 1d12h) or an RFC 3339 time; `never`',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ note: 'Failing over to the standby; ETA 20 min', until: '2h' }],
  },
);

import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { AUDIT_MAX_LIMIT, type AuditQuery, type Store } from '../../store/store.js';

const KINDS = [
  'party',
  'service',
  'dependency',
  'subscription',
  'user',
  'token',
  'incident',
  'subscriber',
  'maintenance',
  'status_page',
  'acknowledgement',
] as const;
const OPS = ['create', 'update', 'delete'] as const;

export const AuditQuerySchema = Type.Object(
  {
    op: Type.Optional(Type.Union(OPS.map((o) => Type.Literal(o)))),
    kind: Type.Optional(Type.Union(KINDS.map((k) => Type.Literal(k)))),
    key: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'id, or from->to' }),
    ),
    actor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, examples: ['user:amy', 'token:0f3a9c1b2d4e'] }),
    ),
    before: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,14}$',
        description: 'nextBefore of the previous page',
      }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,3}$',
        description: `1 to ${AUDIT_MAX_LIMIT}, default 100`,
      }),
    ),
  },
  { additionalProperties: false },
);

const AuditRecordSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  op: Type.String(),
  kind: Type.String(),
  key: Type.String(),
  before: Type.Unknown({ description: 'the entity before, null on create' }),
  after: Type.Unknown({ description: 'the entity after, null on delete' }),
});

const AuditPage = Type.Object(
  {
    items: Type.Array(AuditRecordSchema),
    nextBefore: Type.Union([Type.String(), Type.Null()], {
      description: 'pass as ?before= for the next (older) page; null on the last',
    }),
  },
  {
    examples: [
      {
        items: [
          {
            id: 42,
            at: '2026-05-01T10:00:00.000Z',
            actor: 'user:amy',
            op: 'update',
            kind: 'service',
            key: 'sap-erp',
            before: { id: 'sap-erp', name: 'SAP' },
            after: { id: 'sap-erp', name: 'SAP ERP' },
          },
        ],
        nextBefore: null,
      },
    ],
  },
);

/** GET /api/v1/audit: every change, newest first, with who, when, before and after. */
export async function auditRoutes(
  app: FastifyInstance,
  { store }: { store: Store },
): Promise<void> {
  app.get<{ Querystring: Static<typeof AuditQuerySchema> }>(
    '/api/v1/audit',
    {
      config: { access: 'read' },
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, newest first, filtered by op, kind, key and actor, paged backwards',
        querystring: AuditQuerySchema,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit === undefined ? 100 : Math.min(Number(q.limit), AUDIT_MAX_LIMIT);
      const query: AuditQuery = {
        op: q.op,
        kind: q.kind,
        key: q.key,
        actor: q.actor,
        before: q.before === undefined ? undefined : Number(q.before),
        limit: limit + 1,
      };
      if (limit === AUDIT_MAX_LIMIT) query.limit = limit;
      const records = await store.listAudit(query);
      const page = records.slice(0, limit);
      const more =
        records.length > limit || (limit === AUDIT_MAX_LIMIT && records.length === limit);
      return { items: page, nextBefore: more ? String(page.at(-1)?.id) : null };
    },
  );
}

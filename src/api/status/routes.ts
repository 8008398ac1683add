import type { FastifyInstance } from 'fastify';
import type { EngineInput, ServiceStatus } from '../../engine/types.js';
import { STATUS_LEVELS, type StatusLevel } from '../../model/levels.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';

/** A status as the API and `status --json` show it. */
export function presentStatus(status: ServiceStatus) {
  return {
    service: status.service,
    level: status.level,
    maintenance: status.maintenance,
    acknowledged: status.acknowledged,
    since: status.since === undefined ? null : new Date(status.since).toISOString(),
  };
}

const levelQuery = {
  type: 'object',
  properties: { level: { type: 'string', enum: [...STATUS_LEVELS] } },
  additionalProperties: false,
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 63 } },
  required: ['id'],
} as const;

const whatIfBody = {
  type: 'object',
  properties: {
    down: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 63 },
      maxItems: 1000,
      uniqueItems: true,
    },
    level: { type: 'string', enum: [...STATUS_LEVELS] },
  },
  required: ['down'],
  additionalProperties: false,
} as const;

/** The chain queries: status now, the why, the impact, the dependencies, and what-if. */
export async function statusRoutes(
  app: FastifyInstance,
  { runtime }: { runtime: StatusRuntime },
): Promise<void> {
  app.get('/api/v1/status', { config: { access: 'read' } }, async () => {
    const items = [...runtime.engine.statuses()].map(presentStatus);
    const counts = Object.fromEntries(STATUS_LEVELS.map((level) => [level, 0])) as Record<
      StatusLevel,
      number
    >;
    for (const item of items) counts[item.level]++;
    return { items, counts };
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/status',
    { schema: { params: idParams }, config: { access: 'read' } },
    async (request) => presentStatus(runtime.engine.status(request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/explain',
    { schema: { params: idParams }, config: { access: 'read' } },
    async (request) => runtime.engine.explain(request.params.id),
  );

  app.get<{ Params: { id: string }; Querystring: { level?: StatusLevel } }>(
    '/api/v1/services/:id/impact',
    { schema: { params: idParams, querystring: levelQuery }, config: { access: 'read' } },
    async (request) =>
      runtime.engine.impact(request.params.id, request.query.level ?? 'major_outage'),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/dependencies',
    { schema: { params: idParams }, config: { access: 'read' } },
    async (request) => ({
      service: request.params.id,
      items: runtime.engine.dependencies(request.params.id),
    }),
  );

  app.post<{ Body: { down: string[]; level?: StatusLevel } }>(
    '/api/v1/what-if',
    { schema: { body: whatIfBody }, config: { access: 'read' } },
    async (request) => {
      const level = request.body.level ?? 'major_outage';
      const inputs: EngineInput[] = request.body.down.map((service) => ({
        type: 'override',
        service,
        level,
        reason: 'what-if',
      }));
      return runtime.engine.whatIf(inputs);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { EngineInput, ServiceStatus } from '../../engine/types.js';
import { STATUS_LEVELS, type StatusLevel } from '../../model/levels.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { AcknowledgementRecord } from '../../store/acknowledgement-store.js';
import { presentAcknowledgedBy } from '../acknowledgements/present.js';
import { READ_ROUTE } from '../rest/context.js';
import { writeErrors } from '../schemas/common.js';
import {
  DependenciesSchema,
  ExplanationSchema,
  IdParams,
  IMPACT_PAGE,
  ImpactQuery,
  ImpactSchema,
  StatusList,
  StatusSchema,
  WhatIfBody,
  WhatIfSchema,
} from './schemas.js';

/**
 * A status as the API and `status --json` show it, with who acknowledged the service itself
 * (`acknowledgement`, the one in force on it, if any).
 */
export function presentStatus(status: ServiceStatus, acknowledgement?: AcknowledgementRecord) {
  return {
    service: status.service,
    level: status.level,
    maintenance: status.maintenance,
    acknowledged: status.acknowledged,
    acknowledgement: presentAcknowledgedBy(acknowledgement),
    since: status.since === undefined ? null : new Date(status.since).toISOString(),
  };
}

export interface StatusRouteDeps {
  runtime: StatusRuntime;
  /** The acknowledgement in force on a service (none when left out). */
  acknowledgementOf?: (service: string) => AcknowledgementRecord | undefined;
}

const TAGS = ['status'];
/** Fresh options per route: hooks (rate limits) write into a route's config object. */
const read = () => ({ ...READ_ROUTE, config: { access: 'read' as const } });

/** The chain queries: status now, the why, the impact, the dependencies, and what-if. */
export async function statusRoutes(
  app: FastifyInstance,
  { runtime, acknowledgementOf = () => undefined }: StatusRouteDeps,
): Promise<void> {
  const present = (status: ServiceStatus) =>
    presentStatus(status, status.acknowledged ? acknowledgementOf(status.service) : undefined);
  app.get(
    '/api/v1/status',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'The status of every service now',
        description: 'Every service in model order, with how many are at each level.',
        response: { 200: StatusList, ...writeErrors([401, 403]) },
      },
    },
    async () => {
      const items = [...runtime.engine.statuses()].map(present);
      const counts = Object.fromEntries(STATUS_LEVELS.map((level) => [level, 0])) as Record<
        StatusLevel,
        number
      >;
      for (const item of items) counts[item.level]++;
      return { items, counts };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/services/:id/status',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: "A service's status now",
        params: IdParams,
        response: { 200: StatusSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => present(runtime.engine.status(request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/services/:id/explain',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'Why a service has its status: the root-cause tree',
        description:
          'Down through every dependency that contributes trouble, to the signals, overrides and maintenance windows that caused it. A dependency explained once is marked `repeated` elsewhere; a very deep tree is cut and marked `truncated`.',
        params: IdParams,
        response: { 200: ExplanationSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => runtime.engine.explain(request.params.id),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ImpactQuery> }>(
    '/api/v1/services/:id/impact',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'What an outage of a service would reach',
        description:
          'Every service upstream that would change if this one went to `level` (default major_outage), by hop, with the level each would reach, the parties affected, both lists a page at a time with the same window (`limit`, `offset`; `next` gives the following page while either list has more); the summed cost per hour over everything. Live state is not touched.',
        params: IdParams,
        querystring: ImpactQuery,
        response: { 200: ImpactSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => {
      const report = runtime.engine.impact(
        request.params.id,
        request.query.level ?? 'major_outage',
      );
      const offset = request.query.offset ?? 0;
      const end = offset + (request.query.limit ?? IMPACT_PAGE.default);
      const total = report.services.length;
      const partiesTotal = report.parties.length;
      return {
        ...report,
        services: report.services.slice(offset, end),
        parties: report.parties.slice(offset, end),
        total,
        partiesTotal,
        next: end < Math.max(total, partiesTotal) ? end : null,
      };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/services/:id/dependencies',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'Everything a service rests on, by hop',
        params: IdParams,
        response: { 200: DependenciesSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => ({
      service: request.params.id,
      items: runtime.engine.dependencies(request.params.id),
    }),
  );

  app.post<{ Body: Static<typeof WhatIfBody> }>(
    '/api/v1/what-if',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'What would change if services went down',
        description:
          'The same engine on an overlay: the services whose status would change and the parties affected. Live state is not touched, so this needs only read access.',
        body: WhatIfBody,
        response: { 200: WhatIfSchema, ...writeErrors([400, 401, 403]) },
      },
    },
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

import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { StatusEngine } from '../../engine/index.js';
import {
  type CurrentServices,
  chainStateAt,
  parseMoment,
  serviceTimeline,
  timelineWindow,
} from '../../runtime/history-queries.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { HistoryStore } from '../../store/history-store.js';
import { READ_ROUTE } from '../rest/context.js';
import { writeErrors } from '../schemas/common.js';
import { presentChainState, presentTimeline } from './history-present.js';
import { StatusAtQuery, StatusAtSchema, TimelineQuery, TimelineSchema } from './history-schemas.js';
import { IdParams, IMPACT_PAGE } from './schemas.js';

export interface HistoryRouteDeps {
  store: HistoryStore;
  runtime: StatusRuntime;
  /** The recorder, when this process writes the history: flushed before each answer. */
  recorder?: { flush(): Promise<void> };
  clock?: () => number;
}

const TAGS = ['status'];
const read = () => ({ ...READ_ROUTE, config: { access: 'read' as const } });

/** The services of the engine's model now, for counting a past state against. */
export function currentServices(engine: StatusEngine): CurrentServices {
  return {
    size: engine.size,
    has: (service) => engine.has(service),
  };
}

/** Time travel: the chain at a past moment, and a service's changes over a window. */
export async function historyRoutes(
  app: FastifyInstance,
  { store, runtime, recorder, clock = Date.now }: HistoryRouteDeps,
): Promise<void> {
  app.get<{ Querystring: Static<typeof StatusAtQuery> }>(
    '/api/v1/status/at',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'The status of every service at a past moment',
        description:
          'From the recorded status changes: the services that were not operational or carried a flag at `time` (a page at a time, by id), with how many services of the current model were at each level then. `time` is ISO 8601 with a zone and not in the future.',
        querystring: StatusAtQuery,
        response: { 200: StatusAtSchema, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request) => {
      const { query } = request;
      const at = parseMoment(query.time, 'time', clock());
      await recorder?.flush();
      const services = query.service === undefined ? undefined : [query.service];
      const chain = await chainStateAt(store, currentServices(runtime.engine), at, services);
      return presentChainState(chain, query.offset ?? 0, query.limit ?? IMPACT_PAGE.default);
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof TimelineQuery> }>(
    '/api/v1/services/:id/timeline',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: "A service's status changes over a window",
        description:
          'Its state as the window starts and every change in it (`from` included, `to` not), oldest first, with what caused each; at most 366 days, a page of changes at a time (`after` from `next`). Times are ISO 8601 with a zone; `to` defaults to now, `from` to a week before `to`.',
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelineSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => {
      const { query } = request;
      const { from, to } = timelineWindow(query, clock());
      const service = runtime.engine.status(request.params.id).service;
      await recorder?.flush();
      const timeline = await serviceTimeline(store, {
        service,
        from,
        to,
        ...(query.after !== undefined && { after: query.after }),
        ...(query.limit !== undefined && { limit: query.limit }),
      });
      return presentTimeline(timeline);
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { alertmanagerSource } from '../../ingest/alertmanager/alertmanager.js';
import { parseExpiry } from '../../ingest/expiry.js';
import { genericSource } from '../../ingest/generic/generic.js';
import { grafanaSource } from '../../ingest/grafana/grafana.js';
import type { IngestPipeline } from '../../ingest/pipeline.js';
import type { SignalSource } from '../../ingest/signal.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import { STATUS_LEVELS, type StatusLevel } from '../../model/levels.js';
import type { Store } from '../../store/store.js';
import { actorOf, assertCanEditService } from '../access.js';
import { ApiError } from '../errors.js';
import { presentOverride, presentSignal } from './present.js';

export interface IngestRouteDeps {
  store: Store;
  pipeline: IngestPipeline;
}

/** Webhook bodies may be larger than entity bodies: a group of 1000 alerts. */
const RECEIVER_BODY_LIMIT = 4 * 1024 * 1024;

const RECEIVERS: {
  path: string;
  source: SignalSource;
  summary: string;
  methods: ('POST' | 'PUT')[];
}[] = [
  {
    path: '/api/v1/signals/alertmanager',
    source: alertmanagerSource,
    summary: 'Prometheus Alertmanager webhook receiver (payload version 4)',
    methods: ['POST'],
  },
  {
    path: '/api/v1/signals/grafana',
    source: grafanaSource,
    summary: 'Grafana alerting Webhook contact point (payload version 1)',
    methods: ['POST', 'PUT'],
  },
  {
    path: '/api/v1/signals',
    source: genericSource,
    summary: 'Generic signals: one signal object or an array (docs/integrations.md)',
    methods: ['POST'],
  },
];

const unmatchedQuery = {
  type: 'object',
  properties: {
    all: { type: 'string', enum: ['true', 'false'] },
    before: { type: 'string', pattern: '^[0-9]{1,15}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
  additionalProperties: false,
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 63 } },
  required: ['id'],
} as const;

const overrideBody = {
  type: 'object',
  properties: {
    level: { type: 'string', enum: [...STATUS_LEVELS] },
    reason: { type: 'string', minLength: 1, maxLength: 1000 },
    expires: { type: 'string', maxLength: 40 },
  },
  required: ['level', 'reason'],
  additionalProperties: false,
} as const;

/**
 * Signals in: the receivers (access `ingest`; each answers 200 only once what it was sent is
 * committed), the unmatched list, and manual status overrides of a service.
 */
export async function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  const { pipeline, store } = deps;
  // In this plugin only: plain JSON.parse. The app's parser also scans for depth and for
  // prototype keys, which costs a tenth of a receiver's time; the source parsers read a fixed
  // shape (no recursion into what they are sent) and keep labels as their own data.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(
        new ApiError(
          400,
          'malformed_json',
          `the body is not valid JSON: ${(error as Error).message}`,
        ),
        undefined,
      );
    }
  });
  for (const receiver of RECEIVERS) {
    app.route({
      method: receiver.methods,
      url: receiver.path,
      bodyLimit: RECEIVER_BODY_LIMIT,
      config: { access: 'ingest' },
      schema: { summary: receiver.summary, tags: ['signals'] },
      handler: async (request: FastifyRequest) => {
        if (request.body === undefined || request.body === null)
          throw new InputError('the body is empty: send the webhook payload as JSON');
        return pipeline.ingest(receiver.source, request.body);
      },
    });
  }

  app.get<{ Querystring: { all?: string; before?: string; limit?: string } }>(
    '/api/v1/signals/unmatched',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Signals that matched no service, newest first, with the reason',
        tags: ['signals'],
        querystring: unmatchedQuery,
      },
    },
    async (request) => {
      const { all, before, limit } = request.query;
      const signals = await pipeline.listUnmatched({
        all: all === 'true',
        ...(before !== undefined && { before: Number(before) }),
        ...(limit !== undefined && { limit: Number(limit) }),
      });
      return { items: signals.map(presentSignal) };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { level: StatusLevel; reason: string; expires?: string };
  }>(
    '/api/v1/services/:id/override',
    {
      config: { access: 'owner' },
      // Before the body is validated, so a caller who may not touch the service learns only that.
      preValidation: (request) => assertOwner(store, request),
      schema: {
        summary: "Set a service's status by hand, with a reason and an expiry (e.g. 2h)",
        tags: ['signals'],
        params: idParams,
        body: overrideBody,
      },
    },
    async (request, reply: FastifyReply) => {
      const expiresAt = parseExpiry(request.body.expires, pipeline.now());
      if (typeof expiresAt === 'string')
        throw new InputError(`expires: ${expiresAt}`, [
          { path: 'body.expires', message: expiresAt },
        ]);
      const record = await pipeline.setOverride({
        service: request.params.id,
        level: request.body.level,
        reason: request.body.reason,
        expiresAt,
        author: actorOf(request).id,
      });
      return reply.status(201).send(presentOverride(record));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/services/:id/override',
    {
      config: { access: 'owner' },
      schema: { summary: "Clear a service's manual status", tags: ['signals'], params: idParams },
    },
    async (request) => {
      await assertOwner(store, request);
      return presentOverride(await pipeline.clearOverride(request.params.id, actorOf(request).id));
    },
  );
}

async function assertOwner(store: Store, request: FastifyRequest<{ Params: { id: string } }>) {
  const service = await store.getService(request.params.id);
  if (!service) throw new NotFoundError(`no service '${request.params.id}'`);
  assertCanEditService(request.principal, [service.provider]);
}

import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ModelIndex } from '../../model/model-index.js';
import type { EventLog } from '../../runtime/event-log.js';
import type { Store } from '../../store/store.js';
import { SseClient } from './sse-client.js';
import { parseSelection, StreamFilter } from './stream-filter.js';

/** Counts the metrics read. */
export interface StreamStats {
  clients: number;
  dropped: number;
}

export interface StreamOptions {
  events: EventLog;
  store: Store;
  /** Comment lines this often keep idle connections open through proxies (default 15 s). */
  heartbeatMs?: number;
  /** What a client's EventSource waits before reconnecting (default 2 s). */
  retryMs?: number;
  stats?: StreamStats;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Tells nginx and its kin not to hold events back in a buffer.
  'x-accel-buffering': 'no',
  // The app's onSend hook never sees a hijacked reply: the stream sets the same headers itself.
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
};

const querystring = {
  type: 'object',
  properties: {
    service: {
      type: 'string',
      maxLength: 6400,
      description:
        'comma-separated service ids: only their status changes, and model changes touching them',
    },
    party: {
      type: 'string',
      maxLength: 6400,
      description:
        'comma-separated party ids: the services each provides or consumes and everything those rest on',
    },
    lastEventId: {
      type: 'string',
      maxLength: 20,
      description:
        'resume after this event id, for clients that cannot send the Last-Event-ID header',
    },
  },
  additionalProperties: false,
} as const;

const DESCRIPTION = `Server-Sent Events: \`status\` (a service's effective status changed), \`model\` (the model
changed: what, not the fields; reload what you show of it), \`ready\` (sent first; its id is where a
resume starts), \`reset\` (the id you resumed from is gone or unknown: reload everything), \`shutdown\`
(the server is stopping: reconnect). Resume with the Last-Event-ID header. Comment lines every 15 s.
A client that falls further behind than the server keeps events for is disconnected.`;

interface StreamQuery {
  service?: string;
  party?: string;
  lastEventId?: string;
}

/** GET /api/v1/stream: live status transitions and model changes as Server-Sent Events. */
export async function streamRoutes(app: FastifyInstance, options: StreamOptions): Promise<void> {
  const clients = new Set<SseClient>();
  const stats = options.stats ?? { clients: 0, dropped: 0 };

  app.addHook('preClose', async () => {
    for (const client of clients) client.close({ name: 'shutdown', data: { reconnect: true } });
  });

  app.get<{ Querystring: StreamQuery }>(
    '/api/v1/stream',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Live status changes and model changes',
        description: DESCRIPTION,
        tags: ['live'],
        querystring,
      },
    },
    async (request, reply) => {
      const filter = new StreamFilter(parseSelection(request.query));
      if (!filter.all) filter.resolve(new ModelIndex(await options.store.loadModel()));
      open(request, reply, filter);
    },
  );

  function open(
    request: FastifyRequest<{ Querystring: StreamQuery }>,
    reply: FastifyReply,
    filter: StreamFilter,
  ) {
    const { events } = options;
    const asked = request.headers['last-event-id'] ?? request.query.lastEventId;
    const lastId = asked === undefined ? undefined : parseEventId(String(asked));
    const resume = lastId === undefined ? undefined : events.since(lastId);
    reply.hijack();
    reply.raw.writeHead(200, STREAM_HEADERS);
    reply.raw.write(`retry: ${options.retryMs ?? 2000}\n\n`);
    const client = new SseClient(
      reply.raw,
      events,
      (event) => filter.matches(event),
      resume?.ok ? (lastId as number) : events.newestId,
      () => {
        stats.dropped++;
        request.log.warn({ stream: 'dropped' }, 'stream client too slow: disconnected');
      },
    );
    if (resume === undefined) client.send('ready', { newest: events.newestId }, events.newestId);
    else if (!resume.ok)
      client.send('reset', { reason: resume.reason, newest: events.newestId }, events.newestId);
    client.pump();
    let refreshing = false;
    const unsubscribe = events.subscribe((batch) => {
      if (
        filter.selection.parties.length > 0 &&
        !refreshing &&
        batch.some((e) => e.type === 'model')
      ) {
        refreshing = true;
        void options.store
          .loadModel()
          .then((model) => filter.refresh(new ModelIndex(model)))
          .catch((error: unknown) =>
            request.log.error({ err: error }, 'stream filter refresh failed'),
          )
          .finally(() => {
            refreshing = false;
          });
      }
      client.pump();
    });
    const heartbeat = setInterval(
      () => client.heartbeat(),
      options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    );
    heartbeat.unref();
    clients.add(client);
    stats.clients++;
    reply.raw.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      client.detach();
      if (clients.delete(client)) stats.clients--;
    });
  }
}

/** A Last-Event-ID as a number; anything not a plain whole number is NaN (unknown). */
export function parseEventId(text: string): number {
  return /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ClusterView } from '../../cluster/cluster-view.js';
import type { EventLog } from '../../runtime/event-log.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { StreamStats } from '../stream/routes.js';

export interface MetricSources {
  runtime: StatusRuntime;
  events: EventLog;
  streamStats: StreamStats;
  cluster: ClusterView;
}

/** Request latency buckets, seconds: fine below 10 ms, where the API is meant to answer. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Follower lag buckets, seconds: the target is under 0.1 s at the 99th percentile. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REBUILD_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The app's Prometheus metrics, in a registry of its own (so several apps in one process, as in
 * tests, do not collide). Names are documented in docs/operations.md.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly rateLimited: Counter<'route'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'servicechain_http_request_duration_seconds',
      help: 'Time from a request arriving to its response sent, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rateLimited = new Counter({
      name: 'servicechain_http_rate_limited_total',
      help: 'Requests refused with 429 because their caller went over the route limit',
      labelNames: ['route'],
      registers,
    });
    const { runtime, events, streamStats, cluster } = sources;
    new Gauge({
      name: 'servicechain_cluster_leader',
      help: 'Whether this instance leads (1) or follows (0) among instances sharing one store',
      registers,
      collect() {
        this.set(cluster.role() === 'leader' ? 1 : 0);
      },
    });
    const lag = new Histogram({
      name: 'servicechain_follower_lag_seconds',
      help: 'From the leader making a live event to this follower keeping it (followers only)',
      buckets: LAG_BUCKETS,
      registers,
    });
    cluster.onLag((ms) => lag.observe(ms / 1000));
    new Gauge({
      name: 'servicechain_model_entities',
      help: 'Entities in the model the engine runs on, by kind',
      labelNames: ['kind'],
      registers,
      collect() {
        const model = runtime.engine.compact;
        this.set({ kind: 'service' }, model.serviceIds.length);
        this.set({ kind: 'dependency' }, model.edgeFrom.length);
        this.set({ kind: 'party' }, model.partyIds.length);
        this.set({ kind: 'subscription' }, model.subscriptionParty.length);
      },
    });
    const load = new Histogram({
      name: 'servicechain_model_load_seconds',
      help: 'Reading the model from the store for a rebuild of the engine',
      buckets: REBUILD_BUCKETS,
      registers,
    });
    const propagate = new Histogram({
      name: 'servicechain_propagation_seconds',
      help: 'Status propagation in the engine: after a model change (kind=model, with the rebuild) or a batch of signals and overrides (kind=inputs)',
      labelNames: ['kind'],
      buckets: REBUILD_BUCKETS,
      registers,
    });
    const transitions = new Counter({
      name: 'servicechain_status_transitions_total',
      help: 'Effective status changes the engine announced',
      registers,
    });
    runtime.onPropagation((timing) => {
      if (timing.loadMs !== undefined) load.observe(timing.loadMs / 1000);
      propagate.observe({ kind: timing.kind }, timing.propagateMs / 1000);
      transitions.inc(timing.transitions);
    });
    this.gauge(
      'servicechain_event_log_events',
      'Live events kept for resuming clients (the queue depth)',
      () => events.size,
    );
    this.gauge(
      'servicechain_event_log_capacity',
      'Live events the log keeps at most',
      () => events.capacity,
    );
    this.gauge(
      'servicechain_stream_clients',
      'Clients connected to the live stream',
      () => streamStats.clients,
    );
    new Counter({
      name: 'servicechain_stream_dropped_total',
      help: 'Live stream clients disconnected for falling behind the event log',
      registers,
      collect() {
        this.reset();
        this.inc(streamStats.dropped);
      },
    });
  }

  /** Records every response's latency under its route pattern (404s as `unmatched`). */
  observe(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      this.requestDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}

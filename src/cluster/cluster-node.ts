import type { IngestPipeline } from '../ingest/pipeline.js';
import type { EventLog } from '../runtime/event-log.js';
import { HistoryRecorder, type HistoryRecorderOptions } from '../runtime/history-recorder.js';
import { modelEvent, transitionEvent } from '../runtime/live-feed.js';
import type { StatusRuntime } from '../runtime/status-runtime.js';
import type { ClusterLink, ClusterNotice } from '../store/cluster-link.js';
import type { Store } from '../store/store.js';
import type { ClusterRole, ClusterView, FollowerLag } from './cluster-view.js';
import { LagWindow } from './lag-window.js';
import { Leadership } from './leadership.js';
import { LiveEventPublisher } from './live-event-publisher.js';
import { LiveEventTail } from './live-event-tail.js';

export interface ClusterNodeOptions {
  link: ClusterLink;
  store: Store;
  runtime: StatusRuntime;
  pipeline: IngestPipeline;
  /** How often leadership is tried or checked (default 1000 ms). */
  leaseCheckMs?: number;
  /** How often the engine's inputs and the live events are read back without a notice (1000 ms). */
  catchUpMs?: number;
  recorder?: HistoryRecorderOptions;
  clock?: () => number;
  onError?: (error: unknown) => void;
  /** Told when this instance starts or stops leading. */
  onRole?: (role: ClusterRole) => void;
}

/**
 * One server instance among several on one PostgreSQL database. Every instance keeps its engine
 * equal to the store's inputs (reading them back when another instance says it wrote, and every
 * `catchUpMs`), serves reads, and streams the leader's live events under the leader's ids. The
 * leader alone writes what is derived from the engine: the status history and the live events;
 * status notifications follow `leading`. Taking over, a leader first reads every input back,
 * then records what the history misses (cause `restart`), as a restarted single server does.
 */
export class ClusterNode implements ClusterView {
  readonly shared = true;
  private recorder: HistoryRecorder | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly lags = new LagWindow();
  private readonly lagListeners: ((ms: number) => void)[] = [];
  private readonly leadership: Leadership;
  private announcing = false;
  private announceAgain = false;

  private constructor(
    private readonly options: ClusterNodeOptions,
    private readonly tail: LiveEventTail,
    private readonly publisher: LiveEventPublisher,
  ) {
    this.leadership = new Leadership(options.link, {
      ...(options.leaseCheckMs !== undefined && { intervalMs: options.leaseCheckMs }),
      onLead: (stillLeading) => this.lead(stillLeading),
      onFollow: () => this.follow(),
      ...(options.onError && { onError: options.onError }),
    });
  }

  /** Joins: reads the live events from now on, then tries to lead (resolves after the first try). */
  static async start(options: ClusterNodeOptions): Promise<ClusterNode> {
    const onError = options.onError ?? (() => undefined);
    const clock = options.clock ?? Date.now;
    let node: ClusterNode | undefined;
    const tail = await LiveEventTail.start(options.link, {
      clock,
      onError,
      onLag: (ms) => node?.lagged(ms),
    });
    const publisher = new LiveEventPublisher(options.link, { clock, onError });
    node = new ClusterNode(options, tail, publisher);
    node.listen();
    await node.leadership.start();
    return node;
  }

  /** The live events clients stream from: the leader's, under its ids. */
  get events(): EventLog {
    return this.tail.events;
  }

  role(): ClusterRole {
    return this.leadership.role;
  }

  lag(): FollowerLag {
    return this.lags.summary();
  }

  onLag(listener: (ms: number) => void): void {
    this.lagListeners.push(listener);
  }

  /** Writes pending history (the leader's); resolves at once on a follower. */
  async flushHistory(): Promise<void> {
    await this.recorder?.flush();
  }

  /** Tells the other instances that this one stored inputs (coalesced: one notice in flight). */
  storedHere(): void {
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = true;
    this.options.link
      .notify({ topic: 'inputs', detail: '' })
      .catch(this.options.onError)
      .finally(() => {
        this.announcing = false;
        if (this.announceAgain) {
          this.announceAgain = false;
          this.storedHere();
        }
      });
  }

  /** Stops: a leader writes what is pending first, then lets the lock go with the connection. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.leadership.role === 'leader') {
      await this.publisher.flush();
      await this.recorder?.stop();
    }
    this.leadership.stop();
    await this.options.link.close();
  }

  private listen(): void {
    const { link, runtime, pipeline, onError } = this.options;
    const clock = this.options.clock ?? Date.now;
    link.onNotice((notice) => this.heard(notice));
    runtime.onTransitions((transitions) => {
      if (this.leadership.role === 'leader') this.publisher.add(transitions.map(transitionEvent));
    });
    runtime.onModelChanged((notice) => {
      if (this.leadership.role === 'leader') {
        const event = modelEvent(notice, clock());
        if (event) this.publisher.add([event]);
      }
      link.notify({ topic: 'model', detail: String(notice.upTo) }).catch(onError);
    });
    this.timer = setInterval(() => {
      pipeline.catchUp().catch(onError);
      this.tail.poke().catch(onError);
    }, this.options.catchUpMs ?? 1000);
    this.timer.unref();
  }

  private heard(notice: ClusterNotice): void {
    const { runtime, pipeline, onError } = this.options;
    if (notice.topic === 'events') {
      if (notice.events) this.tail.take(notice.events);
      else void this.tail.poke();
    }
    // What this instance wrote, its engine knows already.
    else if (notice.fromSelf) return;
    else if (notice.topic === 'inputs') pipeline.catchUp().catch(onError);
    else if (Number(notice.detail) > runtime.seenAuditId) runtime.modelChanged().catch(onError);
  }

  private lagged(ms: number): void {
    if (this.leadership.role !== 'follower') return;
    this.lags.add(ms);
    for (const listener of this.lagListeners) listener(ms);
  }

  private async lead(stillLeading: () => boolean): Promise<void> {
    const { store, runtime, pipeline } = this.options;
    await this.publisher.begin();
    // The engine as the store says, whatever the last leader had no time to tell it.
    await runtime.modelChanged();
    await pipeline.catchUp();
    if (!stillLeading()) return this.publisher.end();
    const recorder = await HistoryRecorder.start(store, runtime, {
      ...this.options.recorder,
      ...(this.options.onError && { onError: this.options.onError }),
    });
    if (!stillLeading()) return recorder.abandon();
    this.recorder = recorder;
    this.options.onRole?.('leader');
  }

  private follow(): void {
    this.publisher.end();
    this.recorder?.abandon();
    this.recorder = undefined;
    this.options.onRole?.('follower');
  }
}

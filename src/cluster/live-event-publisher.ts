import type { LiveEventData } from '../runtime/event-log.js';
import type { ClusterLink, StoredLiveEvent } from '../store/cluster-link.js';
import { encodeLiveEvent } from './live-event-codec.js';

export interface PublisherOptions {
  /**
   * How long events wait to be stored with the ones after them (default 0: the next turn of the
   * event loop). Waiting adds to every follower's lag; events that come while a write is under
   * way are stored together by the next write anyway.
   */
  flushMs?: number;
  /** How many events the table keeps (default 10,000: the event log's capacity). */
  keep?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/** Prune the table once per this many events published. */
const PRUNE_EVERY = 1000;

/**
 * The leader's side of the shared live stream: it numbers the events its engine makes (one more
 * than the newest stored, so ids have no gaps and go on across leaders) and stores them a batch
 * at a time, which tells every instance to read them. Only while leading: `begin` when leadership
 * is taken, `end` when it is lost (what is pending then is dropped: the next leader's engine
 * makes its own events from the store).
 */
export class LiveEventPublisher {
  private pending: StoredLiveEvent[] = [];
  private nextId = 0;
  private active = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private sincePrune = 0;
  /** Set after a failed write: the newest id is read again before the next one. */
  private renumber = false;
  private readonly clock: () => number;

  constructor(
    private readonly link: ClusterLink,
    private readonly options: PublisherOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Starts numbering after the newest stored event (an empty table starts at now in µs). */
  async begin(): Promise<void> {
    this.nextId = await this.firstId();
    this.renumber = false;
    this.active = true;
  }

  end(): void {
    this.active = false;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  add(events: readonly LiveEventData[]): void {
    if (!this.active || events.length === 0) return;
    const createdAt = this.clock();
    for (const event of events)
      this.pending.push({ id: 0, createdAt, body: encodeLiveEvent(event) });
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 0);
  }

  /** Stores what is pending; resolves once it is stored or has failed (kept, retried). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    if (!this.active || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      if (this.renumber) {
        this.nextId = await this.firstId();
        this.renumber = false;
      }
      const numbered = batch.map((event, i) => ({ ...event, id: this.nextId + i }));
      await this.link.publishLiveEvents(numbered);
      this.nextId += numbered.length;
    } catch (error) {
      if (this.active) {
        this.pending = [...batch, ...this.pending];
        this.renumber = true;
        this.timer ??= setTimeout(() => void this.flush(), 100);
      }
      this.options.onError?.(error);
      return;
    }
    this.sincePrune += batch.length;
    if (this.sincePrune >= PRUNE_EVERY) {
      this.sincePrune = 0;
      await this.link.pruneLiveEvents(this.options.keep ?? 10_000).catch(this.options.onError);
    }
  }

  private async firstId(): Promise<number> {
    const newest = await this.link.newestLiveEventId();
    return newest > 0 ? newest + 1 : this.clock() * 1000;
  }
}

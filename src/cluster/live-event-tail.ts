import { EventLog, type LiveEventData } from '../runtime/event-log.js';
import type { ClusterLink, StoredLiveEvent } from '../store/cluster-link.js';
import { decodeLiveEvent } from './live-event-codec.js';

export interface TailOptions {
  /** The event log's capacity (default: EventLog's). */
  capacity?: number;
  clock?: () => number;
  /** Each event's lag in ms: from the leader making it to this instance keeping it. */
  onLag?: (ms: number) => void;
  onError?: (error: unknown) => void;
}

/** Events read per query. */
const PAGE = 1000;

/**
 * Every instance's side of the shared live stream: it reads the leader's events from the store
 * into this instance's event log under the leader's ids, so a client may resume on any instance
 * where it stopped on another. Taken from the leader's notices where they carry the events
 * (`take`), read when told (`poke`) and on a timer, so a missed notice only delays events.
 */
export class LiveEventTail {
  private reading: Promise<void> | undefined;
  private again = false;
  private readonly clock: () => number;

  private constructor(
    private readonly link: ClusterLink,
    readonly events: EventLog,
    private readonly options: TailOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** A log that starts after the newest stored event: older ones were before this instance. */
  static async start(link: ClusterLink, options: TailOptions = {}): Promise<LiveEventTail> {
    const newest = await link.newestLiveEventId();
    const events = new EventLog({
      ...(options.capacity !== undefined && { capacity: options.capacity }),
      firstId: newest + 1,
    });
    return new LiveEventTail(link, events, options);
  }

  /**
   * Takes in events a notice carried: kept at once when they follow the newest held (no read,
   * which was most of a follower's lag); otherwise (a read under way, a notice missed or out of
   * order) read from the store as on a bare notice.
   */
  take(events: readonly StoredLiveEvent[]): void {
    const first = events[0];
    if (this.reading || first === undefined || first.id !== this.events.newestId + 1) {
      void this.poke();
      return;
    }
    this.keep(events);
  }

  /** Reads what is new; calls while a read runs get one more read after it. */
  poke(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readAll().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        void this.poke();
      }
    });
    return this.reading;
  }

  private async readAll(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.link.liveEventsAfter(this.events.newestId, PAGE);
        this.keep(rows);
        if (rows.length < PAGE) return;
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Keeps rows in runs of consecutive ids (a gap starts the log afresh, see appendNumbered). */
  private keep(rows: readonly StoredLiveEvent[]): void {
    const now = this.clock();
    let run: LiveEventData[] = [];
    let runStart = 0;
    for (const row of rows) {
      if (run.length > 0 && row.id !== runStart + run.length) {
        this.events.appendNumbered(runStart, run);
        run = [];
      }
      if (run.length === 0) runStart = row.id;
      // A body this version cannot read keeps its place, so ids stay consecutive.
      run.push(decodeLiveEvent(row.body) ?? unreadable(row));
      this.options.onLag?.(Math.max(0, now - row.createdAt));
    }
    if (run.length > 0) this.events.appendNumbered(runStart, run);
  }
}

function unreadable(row: StoredLiveEvent): LiveEventData {
  return {
    type: 'model',
    at: new Date(row.createdAt).toISOString(),
    changes: [],
    truncated: true,
  };
}

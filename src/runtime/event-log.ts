import type { ServiceState } from '../engine/types.js';
import type { EntityKind } from '../model/entities.js';

/** One change to the model as the live stream tells it: what changed, not the fields. */
export interface ModelChangeSummary {
  /** The audit record that holds the change in full (`GET /api/v1/audit`). */
  audit: number;
  op: 'create' | 'update' | 'delete';
  kind: EntityKind;
  /** The entity's key: its id, `from->to` for a dependency, `party->service` for a subscription. */
  key: string;
}

/** What happened, before the log numbers it. */
export type LiveEventData =
  | {
      type: 'status';
      service: string;
      from: ServiceState;
      to: ServiceState;
      /** ISO 8601 time of the transition. */
      at: string;
      cause: string;
    }
  | {
      type: 'model';
      /** ISO 8601 time the change was taken in. */
      at: string;
      changes: ModelChangeSummary[];
      /** More changes were made than `changes` lists: reload the model rather than patch it. */
      truncated: boolean;
    };

/** An event as the log keeps it: numbered, the numbers increasing by one. */
export type LiveEvent = LiveEventData & { id: number };

/** Where a resuming client picks up: the events after its last one, or a reason to reload. */
export type Resume =
  | { ok: true; events: LiveEvent[] }
  /** `gone`: its id fell out of the log; `unknown`: the log never gave it (another process). */
  | { ok: false; reason: 'gone' | 'unknown' };

export type EventListener = (events: readonly LiveEvent[]) => void;

export interface EventLogOptions {
  /** How many events are kept (default DEFAULT_EVENT_LOG_CAPACITY). */
  capacity?: number;
  /** The first event's id (default: now in milliseconds times 1000, see EventLog). */
  firstId?: number;
}

export const DEFAULT_EVENT_LOG_CAPACITY = 10_000;

/**
 * The live events of this process (status transitions and model changes), kept in memory so a
 * client that lost its connection can resume where it stopped.
 *
 * Retention: the newest `capacity` events; older ones drop out as new ones arrive. Nothing
 * survives a restart. Ids increase by one per event and start at the start time in milliseconds
 * times 1000, so a restarted process (or another instance) never hands out an id a client holds
 * from before: such an id is `unknown`, one that dropped out is `gone`, and in both cases the
 * client must reload what it shows (the stream sends a `reset` event).
 */
export class EventLog {
  readonly capacity: number;
  private readonly ring: (LiveEvent | undefined)[];
  /** Ring position of the oldest event kept. */
  private head = 0;
  private count = 0;
  /** Id the next event gets. */
  private nextId: number;
  private listeners = new Set<EventListener>();

  constructor(options: EventLogOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_EVENT_LOG_CAPACITY;
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new RangeError(`event log capacity must be a whole number of 1 or more: ${capacity}`);
    this.capacity = capacity;
    this.ring = new Array(capacity);
    this.nextId = options.firstId ?? Date.now() * 1000;
  }

  /** Events kept now. */
  get size(): number {
    return this.count;
  }

  /** The newest event's id; one less than the first id while the log is empty. */
  get newestId(): number {
    return this.nextId - 1;
  }

  /** The oldest kept event's id; newestId + 1 when empty. */
  get oldestId(): number {
    return this.nextId - this.count;
  }

  /** Numbers and keeps the events, then tells every listener in one call. */
  append(batch: readonly LiveEventData[]): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (const data of batch) {
      const event = { ...data, id: this.nextId++ } as LiveEvent;
      this.ring[(this.head + this.count) % this.capacity] = event;
      if (this.count < this.capacity) this.count++;
      else this.head = (this.head + 1) % this.capacity;
      events.push(event);
    }
    if (events.length > 0) for (const listener of [...this.listeners]) listener(events);
    return events;
  }

  /**
   * Keeps events numbered elsewhere (the leader's, read back from the store): the first gets
   * `firstId`, the rest follow by one. Events the log holds already are skipped; after a gap (ids
   * this log never saw) it starts afresh from `firstId`, so a client resuming from before the gap
   * is told `gone` and reloads.
   */
  appendNumbered(firstId: number, batch: readonly LiveEventData[]): LiveEvent[] {
    if (firstId > this.nextId) {
      this.ring.fill(undefined);
      this.head = 0;
      this.count = 0;
      this.nextId = firstId;
    }
    const seen = this.nextId - firstId;
    return this.append(seen > 0 ? batch.slice(seen) : batch);
  }

  /**
   * The events after `lastId`, oldest first (none when it is the newest). An id older than the
   * oldest kept event's predecessor is `gone`; one above the newest, or not a whole number,
   * `unknown`.
   */
  since(lastId: number): Resume {
    if (!Number.isSafeInteger(lastId) || lastId > this.newestId)
      return { ok: false, reason: 'unknown' };
    if (lastId < this.oldestId - 1) return { ok: false, reason: 'gone' };
    const events: LiveEvent[] = [];
    for (let id = lastId + 1; id <= this.newestId; id++) events.push(this.eventAt(id) as LiveEvent);
    return { ok: true, events };
  }

  /** The event with this id while the log keeps it. */
  eventAt(id: number): LiveEvent | undefined {
    if (!(Number.isSafeInteger(id) && id >= this.oldestId && id <= this.newestId)) return undefined;
    return this.ring[(this.head + (id - this.oldestId)) % this.capacity];
  }

  /** Calls the listener with every batch appended from now on; returns the way to stop. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** How many listeners there are (the stream's clients). */
  get listenerCount(): number {
    return this.listeners.size;
  }
}

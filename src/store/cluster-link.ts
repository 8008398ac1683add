/** What a notice between instances is about. */
export type ClusterTopic =
  /** Signals, overrides or incidents were written: read the engine's inputs again. */
  | 'inputs'
  /** The model was written; the detail is the newest audit id. */
  | 'model'
  /** The leader published live events; the detail is the newest id. */
  | 'events';

export interface ClusterNotice {
  topic: ClusterTopic;
  detail: string;
  /** Sent by this instance (it hears its own notices too); set by the link. */
  fromSelf?: boolean;
  /**
   * For `events`: the events published, oldest first, when they fit in notices (else absent,
   * and readers read them from the store). A part of one publication: it may span notices.
   */
  events?: StoredLiveEvent[];
}

/** A live event as the leader stored it: its id, when it was made, and the event as JSON. */
export interface StoredLiveEvent {
  id: number;
  createdAt: number;
  body: string;
}

/**
 * What several server instances on one database share besides the store: who leads (a lock
 * held as long as one connection lives), short notices between instances (small: a topic and an
 * id; a missed one costs nothing, as every reader also catches up on a timer), and the leader's
 * live events. Only PostgreSQL has one; on SQLite one process serves and always leads.
 */
export interface ClusterLink {
  /**
   * Takes the leader's lock when nobody holds it; true while this instance holds it. Checks the
   * lock's connection when it is held already: false then means leadership was lost.
   */
  lead(): Promise<boolean>;
  /** Called at once when the lock's connection is lost while leading. */
  onLost(listener: () => void): void;
  /** Tells every instance (this one too). Best effort: readers catch up on their own. */
  notify(notice: ClusterNotice): Promise<void>;
  onNotice(listener: (notice: ClusterNotice) => void): void;
  /** The newest live event's id; 0 when there is none. */
  newestLiveEventId(): Promise<number>;
  /**
   * Stores events under the ids given (consecutive, from the newest stored + 1) and tells every
   * instance, with the events themselves where they fit, once they are stored; throws, storing
   * none, when an id is taken (another leader wrote meanwhile).
   */
  publishLiveEvents(events: readonly StoredLiveEvent[]): Promise<void>;
  /** Events with ids above `after`, oldest first, at most `limit`. */
  liveEventsAfter(after: number, limit: number): Promise<StoredLiveEvent[]>;
  /** Drops events older than the newest `keep`. */
  pruneLiveEvents(keep: number): Promise<void>;
  /** Gives leadership up (the lock goes with the connection) and ends the connections. */
  close(): Promise<void>;
}

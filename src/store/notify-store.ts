import type {
  Delivery,
  DeliveryStatus,
  NewSubscriber,
  StoredSubscriber,
  SubscriberChange,
  SubscriberKind,
  SubscriberState,
} from '../notify/subscriber.js';
import type { Actor } from './store.js';

/** Filters for subscribers; all given ones must hold. */
export interface SubscriberQuery {
  state?: SubscriberState;
  kind?: SubscriberKind;
  /** Those following this status page. */
  page?: string;
  /** Those with this target, ASCII letters compared without case (an address). */
  target?: string;
}

/**
 * A message queued with a new subscriber, in the same transaction: a new address's confirmation
 * link, so that there is never a subscriber waiting for a link that was never queued.
 */
export interface FirstMessage {
  type: string;
  event: unknown;
  /** ms since the epoch: when it is due. */
  now: number;
}

/** Filters for the delivery log; all given ones must hold. */
export interface DeliveryQuery {
  subscriber?: number;
  status?: DeliveryStatus;
  /** Only ids below this, for paging back (newest first). */
  before?: number;
  /** 1 to 500 (DELIVERY_MAX_LIMIT); default 50. Anything else is an InputError. */
  limit?: number;
}

export const DELIVERY_DEFAULT_LIMIT = 50;
export const DELIVERY_MAX_LIMIT = 500;

/** A message to put in the outbox. `event` is a NotifyEvent. */
export interface NewDelivery {
  subscriber: number;
  type: string;
  /** Messages with the same key to the same subscriber are debounced; null: never. */
  key: string | null;
  event: unknown;
}

/** What became of a message put in the outbox. */
export type EnqueueOutcome =
  /** A new pending message, due now or, when one with its key went out less than the interval ago, later. */
  | { kind: 'queued'; delivery: Delivery }
  /** Merged into the pending message with its key (the latest state wins). */
  | { kind: 'merged'; delivery: Delivery }
  /** Merged, and back where it started: the pending message was skipped. */
  | { kind: 'skipped'; delivery: Delivery };

/** The result of one attempt at a delivery. */
export type AttemptResult =
  | { ok: true; responseStatus: number | null }
  | {
      ok: false;
      error: string;
      responseStatus: number | null;
      /** When to try again; null gives up (the delivery is `failed`). */
      retryAt: number | null;
      /**
       * False when Servicechain itself held the message back (the subscriber may not hear it
       * now), which says nothing of the receiver: not counted among its failures in a row.
       */
      counted?: boolean;
    };

/**
 * The notification subscribers and the outbox. Subscriber writes are one transaction with one
 * audit record (kind `subscriber`, key the id; the sealed secret never in it).
 */
export interface NotifyStore {
  /** With `first`, that message is queued in the same transaction: both are stored or neither. */
  createSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
    first?: FirstMessage,
  ): Promise<StoredSubscriber>;
  getSubscriber(id: number): Promise<StoredSubscriber | undefined>;
  /** By id, only what the query names. */
  listSubscribers(query?: SubscriberQuery): Promise<StoredSubscriber[]>;
  /**
   * Applies the change with the version one more. NotFoundError for an unknown id; ConflictError
   * when `expectVersion` is given and is not the stored version. Setting the state to `active`
   * clears the failure count and the reason.
   */
  updateSubscriber(
    id: number,
    change: SubscriberChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<StoredSubscriber>;
  /** Deletes it and its deliveries. NotFoundError, ConflictError as for updates. */
  deleteSubscriber(id: number, actor: Actor, expectVersion?: number): Promise<void>;
  /**
   * Puts messages in the outbox, in one transaction. A message with a key merges into the
   * pending, never attempted message of its subscriber with that key (mergeEvents), else is due
   * `debounceMs` after the previous message with that key was due (dueAfter).
   */
  enqueueDeliveries(
    deliveries: readonly NewDelivery[],
    options: { now: number; debounceMs: number },
  ): Promise<EnqueueOutcome[]>;
  /**
   * Takes up to `limit` pending deliveries due at `now` (oldest due first) and moves their next
   * attempt to `now + leaseMs`, so that another worker does not take them meanwhile and a worker
   * that dies leaves them to be taken again after the lease.
   */
  claimDeliveries(now: number, leaseMs: number, limit: number): Promise<Delivery[]>;
  /**
   * Records an attempt: delivered, or failed (again later, or given up on). A success clears the
   * subscriber's failure count; a failure adds one, and at `disableAfter` failures in a row the
   * subscriber is disabled with the last error as the reason and its pending deliveries are
   * cancelled. Returns the delivery and whether that disabled the subscriber.
   */
  finishAttempt(
    id: number,
    result: AttemptResult,
    options: { now: number; disableAfter: number },
  ): Promise<{ delivery: Delivery; disabled: boolean }>;
  getDelivery(id: number): Promise<Delivery | undefined>;
  /** Newest first. */
  listDeliveries(query?: DeliveryQuery): Promise<Delivery[]>;
}

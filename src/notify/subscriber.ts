import type { NotifyEventType } from './events.js';

export const SUBSCRIBER_KINDS = ['webhook', 'slack', 'email'] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/**
 * - `pending`: an email address that has not confirmed yet (double opt-in): it gets nothing else;
 * - `active`: gets what it subscribed to;
 * - `disabled`: after too many failures in a row (`disabledReason` says which), or unsubscribed.
 */
export type SubscriberState = 'pending' | 'active' | 'disabled';

/**
 * How a subscriber came to be: `api` made by an editor or admin (API, web UI); `sign-up` an
 * address that signed itself up on a public status page. A sign-up hears nothing while its page
 * is not public (notifier.ts): its reader was never checked against any other audience.
 */
export type SubscriberOrigin = 'api' | 'sign-up';

/** A subscriber as the API shows it: never its signing secret nor its Slack URL. */
export interface Subscriber {
  id: number;
  kind: SubscriberKind;
  name: string;
  /**
   * Where messages go, as it may be shown: the webhook URL with user info removed, the email
   * address, or the Slack URL's origin only (the rest of it is the credential).
   */
  target: string;
  services: string[];
  /** A status page; its services are resolved when an event arrives. */
  page: string | null;
  events: NotifyEventType[];
  /** Whether incidents marked internal reach it too. */
  internal: boolean;
  state: SubscriberState;
  origin: SubscriberOrigin;
  disabledReason: string | null;
  /** Failed delivery attempts since the last success. */
  failures: number;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
  version: number;
}

/**
 * A subscriber as stored: the sealed secret (AES-GCM, see secret-box.ts) holds the webhook's
 * signing secret or the whole Slack URL, and the webhook URL with its user info; the store
 * never sees them in clear.
 */
export interface StoredSubscriber extends Subscriber {
  sealed: string | null;
}

export type NewSubscriber = Omit<
  StoredSubscriber,
  'id' | 'failures' | 'createdAt' | 'updatedAt' | 'version' | 'disabledReason' | 'origin'
> & {
  /** Default `api`. */
  origin?: SubscriberOrigin;
};

/** What may change on a subscriber after creation (its kind and target may not). */
export interface SubscriberChange {
  name?: string;
  services?: string[];
  page?: string | null;
  events?: NotifyEventType[];
  internal?: boolean;
  state?: SubscriberState;
  disabledReason?: string | null;
}

/** A message to one subscriber, waiting, sent, or given up on. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

export interface Delivery {
  id: number;
  subscriber: number;
  /** The event type, for filtering and display. */
  type: string;
  /** Debounce key (`status:SERVICE`) or null. */
  key: string | null;
  /** The event as JSON. */
  event: unknown;
  status: DeliveryStatus;
  attempts: number;
  /** ms since the epoch; for a pending delivery, when it goes out next. */
  nextAttemptAt: number;
  lastError: string | null;
  /** The receiver's HTTP status of the last attempt, when it answered. */
  responseStatus: number | null;
  createdAt: number;
  updatedAt: number;
}

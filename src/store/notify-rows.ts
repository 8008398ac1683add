import { ConflictError } from '../model/errors.js';
import { NOTIFY_EVENT_TYPES, type NotifyEventType } from '../notify/events.js';
import type {
  Delivery,
  DeliveryStatus,
  StoredSubscriber,
  Subscriber,
  SubscriberKind,
  SubscriberOrigin,
  SubscriberState,
} from '../notify/subscriber.js';

/** A `notify_subscribers` row; `internal` is 0/1 on SQLite, a boolean on PostgreSQL. */
export interface SubscriberRow {
  id: number;
  kind: string;
  name: string;
  target: string;
  sealed: string | null;
  services: string;
  page: string | null;
  /** JSON: a list of event types, or `"all"` (every type, including ones added later). */
  events: string;
  internal: number | boolean;
  state: string;
  /** `api` or `sign-up` (migration 0011). */
  origin: string;
  disabled_reason: string | null;
  failures: number;
  created_at: number;
  updated_at: number;
  version: number;
}

export function subscriberRowToSubscriber(row: SubscriberRow): StoredSubscriber {
  return {
    id: Number(row.id),
    kind: row.kind as SubscriberKind,
    name: row.name,
    target: row.target,
    sealed: row.sealed,
    services: JSON.parse(row.services) as string[],
    page: row.page,
    events: eventsFromColumn(row.events),
    internal: row.internal === 1 || row.internal === true,
    state: row.state as SubscriberState,
    origin: row.origin as SubscriberOrigin,
    disabledReason: row.disabled_reason,
    failures: row.failures,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    version: row.version,
  };
}

/**
 * The `events` column for a list: `"all"` when it names every event type there is, so that a
 * subscriber who asked for everything also hears of types added in later versions; else the
 * list as given.
 */
export function eventsColumn(events: readonly NotifyEventType[]): string {
  const every = NOTIFY_EVENT_TYPES.every((type) => events.includes(type));
  return JSON.stringify(every ? 'all' : events);
}

/** The event types an `events` column names: `"all"` is every type this version knows. */
export function eventsFromColumn(text: string): NotifyEventType[] {
  const events = JSON.parse(text) as NotifyEventType[] | 'all';
  return events === 'all' ? [...NOTIFY_EVENT_TYPES] : events;
}

/**
 * ASCII letters in lower case, nothing else changed: how an address is compared (the `target`
 * filter). SQLite's lower() and PostgreSQL's under the C collation do exactly this, so both
 * stores find the same rows.
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The error for a write that would give a page a second sign-up of one address (the unique
 * index of migration 0013): what the sign-up form answers as an address it knows.
 */
export function signUpTaken(subscriber: { page: string | null; target: string }): ConflictError {
  return new ConflictError(
    `status page '${subscriber.page}' already has a sign-up of '${subscriber.target}'`,
  );
}

/** What the audit log keeps of a subscriber: everything but the sealed secret. */
export function auditedSubscriber(subscriber: StoredSubscriber): Subscriber {
  const { sealed: _sealed, ...rest } = subscriber;
  return rest;
}

/** A `notify_deliveries` row. */
export interface DeliveryRow {
  id: number;
  subscriber: number;
  type: string;
  key: string | null;
  event: string;
  status: string;
  attempts: number;
  due_at: number;
  next_attempt_at: number;
  last_error: string | null;
  response_status: number | null;
  created_at: number;
  updated_at: number;
}

export function deliveryRowToDelivery(row: DeliveryRow): Delivery {
  return {
    id: Number(row.id),
    subscriber: Number(row.subscriber),
    type: row.type,
    key: row.key,
    event: JSON.parse(row.event) as unknown,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    responseStatus: row.response_status,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

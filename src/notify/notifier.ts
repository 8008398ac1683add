import type { Transition } from '../engine/types.js';
import type { EnqueueOutcome, NewDelivery } from '../store/notify-store.js';
import type { Store } from '../store/store.js';
import { debounceKey, type NotifyEvent, servicesOf } from './events.js';
import type { StoredSubscriber } from './subscriber.js';

/** The services a status page shows; empty for a page that does not exist (any more). */
export type PageServices = (page: string) => Promise<readonly string[]>;

export interface NotifierOptions {
  store: Pick<Store, 'listSubscribers' | 'enqueueDeliveries'>;
  clock?: () => number;
  /** At most one status message per service per subscriber in this time (default 5 min). */
  debounceMs?: number;
  /** Resolves a subscriber's status page to its services; without it, pages match nothing. */
  pageServices?: PageServices;
  /** Told when messages were queued (the worker sends them right away). */
  onQueued?: () => void;
}

export const DEFAULT_DEBOUNCE_MS = 5 * 60_000;

/**
 * Turns events into messages in the outbox: one per active subscriber that asked for the event's
 * type and follows one of its services (directly or through a status page). Calls are queued, so
 * events reach the outbox in the order they were notified.
 */
export class Notifier {
  private readonly clock: () => number;
  private readonly debounceMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: NotifierOptions) {
    this.clock = options.clock ?? Date.now;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** The entry point for incidents, maintenance and anything else that has news. */
  notify(event: NotifyEvent): Promise<EnqueueOutcome[]> {
    return this.enqueue([event]);
  }

  /**
   * The runtime's transitions: a change of level or of maintenance is news; a change of the
   * acknowledged flag alone is not.
   */
  notifyTransitions(transitions: readonly Transition[]): Promise<EnqueueOutcome[]> {
    const events: NotifyEvent[] = transitions
      .filter((t) => t.from.level !== t.to.level || t.from.maintenance !== t.to.maintenance)
      .map((t) => ({
        type: 'status.changed',
        service: t.service,
        from: t.from,
        to: t.to,
        at: t.at,
      }));
    return this.enqueue(events);
  }

  /** Resolves once every event notified so far is in the outbox. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private enqueue(events: readonly NotifyEvent[]): Promise<EnqueueOutcome[]> {
    const run = this.queue.then(() => this.enqueueNow(events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async enqueueNow(events: readonly NotifyEvent[]): Promise<EnqueueOutcome[]> {
    if (events.length === 0) return [];
    const subscribers = await this.options.store.listSubscribers({ state: 'active' });
    if (subscribers.length === 0) return [];
    const followed = await this.followedServices(subscribers);
    const deliveries: NewDelivery[] = [];
    for (const event of events) {
      const services = servicesOf(event);
      for (const subscriber of subscribers)
        if (wants(subscriber, event) && services.some((s) => followed.get(subscriber.id)?.has(s)))
          deliveries.push({
            subscriber: subscriber.id,
            type: event.type,
            key: debounceKey(event) ?? null,
            event,
          });
    }
    if (deliveries.length === 0) return [];
    const outcomes = await this.options.store.enqueueDeliveries(deliveries, {
      now: this.clock(),
      debounceMs: this.debounceMs,
    });
    this.options.onQueued?.();
    return outcomes;
  }

  /** Each subscriber's services: its own and its page's (each page resolved once). */
  private async followedServices(
    subscribers: readonly StoredSubscriber[],
  ): Promise<Map<number, Set<string>>> {
    const pages = new Map<string, readonly string[]>();
    const followed = new Map<number, Set<string>>();
    for (const subscriber of subscribers) {
      const services = new Set(subscriber.services);
      if (subscriber.page !== null && this.options.pageServices) {
        let onPage = pages.get(subscriber.page);
        if (!onPage) {
          onPage = await this.options.pageServices(subscriber.page);
          pages.set(subscriber.page, onPage);
        }
        for (const service of onPage) services.add(service);
      }
      followed.set(subscriber.id, services);
    }
    return followed;
  }
}

function wants(subscriber: StoredSubscriber, event: NotifyEvent): boolean {
  if (event.type === 'test' || event.type === 'confirm') return false;
  if (!subscriber.events.includes(event.type)) return false;
  if ('incident' in event && event.incident.visibility === 'internal') return subscriber.internal;
  return true;
}

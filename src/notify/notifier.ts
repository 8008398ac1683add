import type { Transition } from '../engine/types.js';
import type { StatusPage } from '../status-pages/types.js';
import type { EnqueueOutcome, NewDelivery } from '../store/notify-store.js';
import type { Store } from '../store/store.js';
import { debounceKey, type NotifyEvent, servicesOf } from './events.js';
import { inPageTerms } from './page-terms.js';
import type { StoredSubscriber } from './subscriber.js';

/** A status page by its slug; undefined for a page that does not exist (any more). */
export type PageLookup = (slug: string) => Promise<StatusPage | undefined>;

export interface NotifierOptions {
  store: Pick<Store, 'listSubscribers' | 'enqueueDeliveries'>;
  clock?: () => number;
  /** At most one status message per service per subscriber in this time (default 5 min). */
  debounceMs?: number;
  /** Finds a subscriber's status page; without it, pages match nothing. */
  statusPage?: PageLookup;
  /** Told when messages were queued (the worker sends them right away). */
  onQueued?: () => void;
}

export const DEFAULT_DEBOUNCE_MS = 5 * 60_000;

/**
 * Turns events into messages in the outbox: one per active subscriber that asked for the event's
 * type and follows one of its services (directly or through a status page). A page's subscriber
 * is told in the page's terms (page-terms.ts); services it follows directly and the page does not
 * list, in the model's. An address that signed itself up on a public page (origin `sign-up`)
 * hears nothing at all while that page is not public (any more), or is gone: nobody checked who
 * it is, so it may read only what anyone may. Such subscribers are kept, and hear again if the
 * page is made public again. Calls are queued, so events reach the outbox in the order they were
 * notified.
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
    const pages = await this.pagesOf(subscribers);
    const deliveries: NewDelivery[] = [];
    for (const event of events)
      for (const subscriber of subscribers) {
        const page = pages.get(subscriber.page ?? '');
        if (subscriber.origin === 'sign-up' && page?.audience.kind !== 'public') continue;
        const told = tell(event, subscriber, page);
        if (told && wants(subscriber, told))
          deliveries.push({
            subscriber: subscriber.id,
            type: told.type,
            key: debounceKey(told) ?? null,
            event: told,
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

  /** The status pages subscribers follow, each looked up once. */
  private async pagesOf(
    subscribers: readonly StoredSubscriber[],
  ): Promise<Map<string, StatusPage | undefined>> {
    const pages = new Map<string, StatusPage | undefined>();
    const lookup = this.options.statusPage;
    if (!lookup) return pages;
    for (const { page } of subscribers)
      if (page !== null && !pages.has(page)) pages.set(page, await lookup(page));
    return pages;
  }
}

/**
 * The event as this subscriber hears it: in its page's terms when the page shows it, else as it
 * is when it follows one of the event's services directly; undefined when it follows neither.
 */
function tell(
  event: NotifyEvent,
  subscriber: StoredSubscriber,
  page: StatusPage | undefined,
): NotifyEvent | undefined {
  const onPage = page && inPageTerms(event, page);
  if (onPage) return onPage;
  return servicesOf(event).some((s) => subscriber.services.includes(s)) ? event : undefined;
}

function wants(subscriber: StoredSubscriber, event: NotifyEvent): boolean {
  if (event.type === 'test' || event.type === 'confirm') return false;
  if (!subscriber.events.includes(event.type)) return false;
  if ('incident' in event && event.incident.visibility === 'internal') return subscriber.internal;
  return true;
}

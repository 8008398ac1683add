import type { StatusPage } from '../status-pages/types.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY, nextAttempt, type RetryPolicy } from './backoff.js';
import type { Channel, SendResult } from './channels.js';
import type { NotifyEvent } from './events.js';
import type { PageLookup } from './notifier.js';
import type { Delivery, StoredSubscriber, SubscriberKind } from './subscriber.js';

export interface DeliveryWorkerOptions {
  store: Pick<Store, 'claimDeliveries' | 'finishAttempt' | 'getSubscriber'>;
  channels: Record<SubscriberKind, Channel>;
  /** ms since the epoch; tests inject one. */
  clock?: () => number;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  retry?: RetryPolicy;
  /** Failed attempts in a row after which a subscriber is disabled (default 10). */
  disableAfter?: number;
  /** How long a taken delivery is this worker's before another may take it (default 60 s). */
  leaseMs?: number;
  /** Deliveries taken at once (default 20). */
  batch?: number;
  onError?: (error: unknown) => void;
  /**
   * Finds a subscriber's status page, so that news queued for an address that signed itself up
   * while its page was public is not sent once the page is not (see refusal).
   */
  statusPage?: PageLookup;
}

export const DEFAULT_DISABLE_AFTER = 10;

/**
 * Sends what the outbox holds: takes the due deliveries, sends each through its subscriber's
 * channel, and records the outcome (retry later with backoff, give up, or delivered). Everything
 * it needs is in the store, so a restart picks up where it stopped; a delivery taken by a worker
 * that died goes out again once its lease runs out (receivers drop repeats by delivery id).
 */
export class DeliveryWorker {
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly disableAfter: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.disableAfter = options.disableAfter ?? DEFAULT_DISABLE_AFTER;
  }

  /** Sends every delivery due now, batch after batch; returns how many it attempted. */
  async runOnce(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = await this.options.store.claimDeliveries(
        this.clock(),
        this.options.leaseMs ?? 60_000,
        this.options.batch ?? 20,
      );
      if (due.length === 0) return attempted;
      const pages = this.batchPages();
      await Promise.all(due.map((delivery) => this.deliver(delivery, pages)));
      attempted += due.length;
    }
  }

  /** Runs now, or right after the run under way (new deliveries were queued). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .catch((error: unknown) => {
        this.options.onError?.(error);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no run is under way (nor asked for). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Looks for due deliveries (retries, held messages) every `intervalMs`. */
  start(intervalMs = 5000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Stops looking and waits for the run under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    this.again = false;
    await this.running;
  }

  /**
   * The status page lookup for one batch: each page read once however many of the batch's
   * deliveries go to its sign-ups (as the notifier does per event), and read again next batch.
   */
  private batchPages(): PageLookup {
    const lookup = this.options.statusPage;
    const pages = new Map<string, Promise<StatusPage | undefined>>();
    return (slug) => {
      let page = pages.get(slug);
      if (!page) {
        page = lookup ? lookup(slug) : Promise.resolve(undefined);
        pages.set(slug, page);
      }
      return page;
    };
  }

  private async deliver(delivery: Delivery, pages: PageLookup): Promise<void> {
    const subscriber = await this.options.store.getSubscriber(delivery.subscriber);
    if (!subscriber) return; // deleted meanwhile, with its deliveries
    const event = delivery.event as NotifyEvent;
    const refusal = await this.refusal(subscriber, event, pages);
    const result =
      refusal === undefined
        ? await this.send(delivery, subscriber, event)
        : ({ ok: false, responseStatus: null, error: refusal, permanent: true } as const);
    const now = this.clock();
    const attempts = delivery.attempts + 1;
    await this.options.store.finishAttempt(
      delivery.id,
      result.ok
        ? { ok: true, responseStatus: result.responseStatus }
        : {
            ok: false,
            error: result.error,
            responseStatus: result.responseStatus,
            retryAt: result.permanent ? null : nextAttempt(attempts, now, this.retry, this.random),
            // Held back here, not refused by the receiver: no step towards disabling it.
            ...(refusal !== undefined && { counted: false }),
          },
      { now, disableAfter: this.disableAfter },
    );
  }

  /**
   * Why a delivery may not go out now, or undefined when it may. Only active subscribers get
   * messages; an address waiting for confirmation gets only that. An address that signed itself
   * up on a page hears the page's news only while the page is public: the notifier queues nothing
   * for it otherwise, and this catches what was queued before the page changed.
   */
  private async refusal(
    subscriber: StoredSubscriber,
    event: NotifyEvent,
    pages: PageLookup,
  ): Promise<string | undefined> {
    if (event.type === 'confirm')
      return subscriber.state === 'pending'
        ? undefined
        : `not sent: the subscriber is ${subscriber.state}`;
    if (subscriber.state !== 'active') return `not sent: the subscriber is ${subscriber.state}`;
    if (subscriber.origin !== 'sign-up') return undefined;
    const page = subscriber.page ? await pages(subscriber.page) : undefined;
    if (page?.audience.kind === 'public') return undefined;
    return page
      ? `not sent: status page '${page.slug}' is no longer public`
      : 'not sent: the status page it signed up on is gone';
  }

  private async send(
    delivery: Delivery,
    subscriber: StoredSubscriber,
    event: NotifyEvent,
  ): Promise<SendResult> {
    try {
      return await this.options.channels[subscriber.kind]({
        delivery: delivery.id,
        subscriber,
        event,
        now: this.clock(),
      });
    } catch (error) {
      // A sealed target that no longer opens (the server key changed) cannot get better.
      return {
        ok: false,
        responseStatus: null,
        error: `could not send: ${(error as Error).message}`,
        permanent: true,
      };
    }
  }
}

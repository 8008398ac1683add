import { describe, expect, it } from 'vitest';
import type { StatusPage } from '../status-pages/types.js';
import type { AttemptResult } from '../store/notify-store.js';
import { DeliveryWorker } from './delivery-worker.js';
import type { NotifyEvent } from './events.js';
import { incidentNews, page, subscriber, T } from './fixtures.test-helper.js';
import type { Delivery, StoredSubscriber } from './subscriber.js';

function delivery(id: number, to: number, event: NotifyEvent): Delivery {
  return {
    id,
    subscriber: to,
    type: event.type,
    key: null,
    event,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T,
    lastError: null,
    responseStatus: null,
    createdAt: T,
    updatedAt: T,
  };
}

/**
 * Runs the worker once over these batches of deliveries; answers what was sent, each attempt's
 * result and the status pages looked up.
 */
async function run(subscribers: StoredSubscriber[], pages: StatusPage[], ...batches: Delivery[][]) {
  const sent: number[] = [];
  const results = new Map<number, AttemptResult>();
  const lookedUp: string[] = [];
  const due = batches.flat();
  const worker = new DeliveryWorker({
    store: {
      claimDeliveries: async () => batches.shift() ?? [],
      getSubscriber: async (id) => subscribers.find((s) => s.id === id),
      finishAttempt: async (id, result) => {
        results.set(id, result);
        return { delivery: due.find((d) => d.id === id) as Delivery, disabled: false };
      },
    },
    channels: {
      email: async (message) => {
        sent.push(message.delivery);
        return { ok: true, responseStatus: null };
      },
      webhook: async () => ({ ok: false, responseStatus: null, error: 'unused', permanent: true }),
      slack: async () => ({ ok: false, responseStatus: null, error: 'unused', permanent: true }),
    },
    clock: () => T,
    statusPage: async (slug) => {
      lookedUp.push(slug);
      return pages.find((p) => p.slug === slug);
    },
  });
  await worker.runOnce();
  return { sent: sent.sort(), results, lookedUp };
}

describe('the delivery worker and addresses that signed up on a page', () => {
  it('does not send what was queued while the page was public once it is not, nor after it is gone; others still get theirs', async () => {
    const subscribers = [
      subscriber(1, { origin: 'sign-up', page: 'open' }),
      subscriber(2, { origin: 'sign-up', page: 'acme' }),
      subscriber(3, { origin: 'sign-up', page: 'gone' }),
      subscriber(4, { origin: 'api', page: 'acme' }),
      subscriber(5, { origin: 'sign-up', page: 'acme', state: 'pending' }),
    ];
    const pages = [
      page('open', { kind: 'public' }),
      page('acme', { kind: 'customer', party: 'acme' }),
    ];
    const confirm: NotifyEvent = { type: 'confirm', at: T };
    const { sent, results } = await run(subscribers, pages, [
      delivery(11, 1, incidentNews),
      delivery(12, 2, incidentNews),
      delivery(13, 3, incidentNews),
      delivery(14, 4, incidentNews),
      delivery(15, 5, confirm),
      delivery(16, 1, confirm),
    ]);
    expect(sent).toStrictEqual([11, 14, 15]);
    expect(results.get(12)).toStrictEqual({
      ok: false,
      error: "not sent: status page 'acme' is no longer public",
      responseStatus: null,
      retryAt: null,
      counted: false,
    });
    expect(results.get(13)).toStrictEqual({
      ok: false,
      error: 'not sent: the status page it signed up on is gone',
      responseStatus: null,
      retryAt: null,
      counted: false,
    });
    expect(results.get(16)).toStrictEqual({
      ok: false,
      error: 'not sent: the subscriber is active',
      responseStatus: null,
      retryAt: null,
      counted: false,
    });
  });

  it('reads each status page once per batch, however many of its sign-ups the batch holds', async () => {
    const subscribers = [
      subscriber(1, { origin: 'sign-up', page: 'open' }),
      subscriber(2, { origin: 'sign-up', page: 'open' }),
      subscriber(3, { origin: 'sign-up', page: 'acme' }),
      subscriber(4, { origin: 'sign-up', page: 'gone' }),
      subscriber(5, { origin: 'sign-up', page: 'gone' }),
      subscriber(6, { origin: 'api', page: 'open' }),
    ];
    const pages = [
      page('open', { kind: 'public' }),
      page('acme', { kind: 'customer', party: 'acme' }),
    ];
    const { sent, lookedUp } = await run(
      subscribers,
      pages,
      [
        delivery(11, 1, incidentNews),
        delivery(12, 2, incidentNews),
        delivery(13, 3, incidentNews),
        delivery(14, 4, incidentNews),
        delivery(15, 5, incidentNews),
        delivery(16, 6, incidentNews),
        delivery(17, 1, incidentNews),
      ],
      [delivery(21, 2, incidentNews), delivery(22, 3, incidentNews)],
    );
    expect(sent).toStrictEqual([11, 12, 16, 17, 21]);
    // A page changes between batches, so the next batch reads it again.
    expect(lookedUp.sort()).toStrictEqual(['acme', 'acme', 'gone', 'open', 'open']);
  });
});

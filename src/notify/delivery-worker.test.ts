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

/** Runs the worker once over these deliveries; answers what was sent and each attempt's result. */
async function run(subscribers: StoredSubscriber[], pages: StatusPage[], due: Delivery[]) {
  const sent: number[] = [];
  const results = new Map<number, AttemptResult>();
  let claimed = false;
  const worker = new DeliveryWorker({
    store: {
      claimDeliveries: async () => {
        if (claimed) return [];
        claimed = true;
        return due;
      },
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
    statusPage: async (slug) => pages.find((p) => p.slug === slug),
  });
  await worker.runOnce();
  return { sent: sent.sort(), results };
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
});

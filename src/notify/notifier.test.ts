import { describe, expect, it } from 'vitest';
import type { StatusPage } from '../status-pages/types.js';
import type { NewDelivery } from '../store/notify-store.js';
import type { NotifyEvent } from './events.js';
import { incidentNews, page, subscriber, T } from './fixtures.test-helper.js';
import { Notifier } from './notifier.js';
import type { StoredSubscriber } from './subscriber.js';

/** Who the notifier queues messages for, over these subscribers and pages. */
async function told(subscribers: StoredSubscriber[], pages: StatusPage[], event: NotifyEvent) {
  const queued: NewDelivery[] = [];
  const notifier = new Notifier({
    store: {
      listSubscribers: async () => subscribers,
      enqueueDeliveries: async (deliveries) => {
        queued.push(...deliveries);
        return [];
      },
    },
    clock: () => T,
    statusPage: async (slug) => pages.find((p) => p.slug === slug),
  });
  await notifier.notify(event);
  return queued.map((d) => d.subscriber);
}

describe('the notifier and addresses that signed up on a page', () => {
  it('tells them only while their page is public: never through a customer or internal page, or one that is gone, not even of services they follow directly', async () => {
    const pages = [
      page('open', { kind: 'public' }),
      page('acme', { kind: 'customer', party: 'acme' }),
      page('staff', { kind: 'internal' }),
    ];
    const subscribers = [
      subscriber(1, { origin: 'sign-up', page: 'open' }),
      subscriber(2, { origin: 'sign-up', page: 'acme', services: ['sap-erp'] }),
      subscriber(3, { origin: 'sign-up', page: 'staff' }),
      subscriber(4, { origin: 'sign-up', page: 'gone', services: ['sap-erp'] }),
      // An editor's subscribers of the same pages are told as before.
      subscriber(5, { page: 'acme' }),
      subscriber(6, { page: 'gone', services: ['sap-erp'] }),
    ];
    expect(await told(subscribers, pages, incidentNews)).toEqual([1, 5, 6]);
    const status: NotifyEvent = {
      type: 'status.changed',
      service: 'sap-erp',
      from: { level: 'operational', maintenance: false, acknowledged: false },
      to: { level: 'major_outage', maintenance: false, acknowledged: false },
      at: T,
    };
    expect(await told(subscribers, pages, status)).toEqual([1, 5, 6]);
  });

  it('tells them nothing when the notifier cannot look pages up', async () => {
    const queued: NewDelivery[] = [];
    const notifier = new Notifier({
      store: {
        listSubscribers: async () => [
          subscriber(1, { origin: 'sign-up', page: 'open', services: ['sap-erp'] }),
        ],
        enqueueDeliveries: async (deliveries) => {
          queued.push(...deliveries);
          return [];
        },
      },
    });
    await notifier.notify(incidentNews);
    expect(queued).toEqual([]);
  });
});

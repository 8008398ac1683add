import { describe, expect, it } from 'vitest';
import type { StatusPage } from '../status-pages/types.js';
import type { NewDelivery } from '../store/notify-store.js';
import { NOTIFY_EVENT_TYPES, type NotifyEvent } from './events.js';
import { Notifier } from './notifier.js';
import type { StoredSubscriber } from './subscriber.js';

const T = Date.parse('2026-11-28T12:00:00Z');

function page(slug: string, audience: StatusPage['audience']): StatusPage {
  return {
    slug,
    title: slug,
    audience,
    services: [{ service: 'sap-erp', key: 'invoices', name: 'Invoices' }],
    showRootCause: false,
    showInternalIncidents: false,
    branding: '',
  };
}

function subscriber(id: number, overrides: Partial<StoredSubscriber>): StoredSubscriber {
  return {
    id,
    kind: 'email',
    name: `s${id}`,
    target: `s${id}@example.test`,
    sealed: null,
    services: [],
    page: null,
    events: [...NOTIFY_EVENT_TYPES],
    internal: false,
    state: 'active',
    origin: 'api',
    disabledReason: null,
    failures: 0,
    createdAt: T,
    updatedAt: T,
    version: 1,
    ...overrides,
  };
}

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

const incident: NotifyEvent = {
  type: 'incident.created',
  at: T,
  incident: {
    id: 4,
    title: 'Invoices are late',
    status: 'investigating',
    visibility: 'public',
    services: ['sap-erp'],
    message: 'Looking into it.',
  },
};

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
    expect(await told(subscribers, pages, incident)).toEqual([1, 5, 6]);
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
    await notifier.notify(incident);
    expect(queued).toEqual([]);
  });
});

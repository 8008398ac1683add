import type { StatusPage } from '../status-pages/types.js';
import { NOTIFY_EVENT_TYPES, type NotifyEvent } from './events.js';
import type { StoredSubscriber } from './subscriber.js';

/** Shared by the notifier's and the delivery worker's tests: a moment, pages, subscribers, news. */
export const T = Date.parse('2026-11-28T12:00:00Z');

export function page(slug: string, audience: StatusPage['audience']): StatusPage {
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

/** An active email subscriber made by an editor, following everything, as `overrides` change it. */
export function subscriber(id: number, overrides: Partial<StoredSubscriber>): StoredSubscriber {
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

/** A public incident on sap-erp: news a page's subscribers would hear. */
export const incidentNews: NotifyEvent = {
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

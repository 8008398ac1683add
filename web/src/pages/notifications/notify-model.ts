import { NOTIFY_EVENT_TYPES } from '../../../../src/notify/events.js';

export { NOTIFY_EVENT_TYPES };

/** A subscriber as the API shows it (GET /api/v1/notify/subscribers). */
export interface Subscriber {
  id: number;
  kind: 'webhook' | 'slack' | 'email';
  name: string;
  target: string;
  services: string[];
  page: string | null;
  events: string[];
  internal: boolean;
  state: 'pending' | 'active' | 'disabled';
  /** `sign-up`: signed itself up on a public page; told nothing while the page is not public. */
  origin: 'api' | 'sign-up';
  disabledReason: string | null;
  failures: number;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface Delivery {
  id: number;
  subscriber: number;
  type: string;
  key: string | null;
  status: 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A subscriber's and a delivery's state: a symbol and a word, never colour alone. */
export const STATE_TEXT: Record<string, string> = {
  active: '● active',
  pending: '◌ waiting for confirmation',
  disabled: '✕ disabled',
  delivered: '✓ delivered',
  failed: '✕ failed',
  skipped: '– skipped',
  cancelled: '– cancelled',
};

export interface SubscriberDraft {
  kind: Subscriber['kind'];
  target: string;
  name: string;
  scope: 'services' | 'page';
  services: string[];
  page: string;
  events: string[];
  internal: boolean;
}

export const EMPTY_SUBSCRIBER: SubscriberDraft = {
  kind: 'webhook',
  target: '',
  name: '',
  scope: 'services',
  services: [],
  page: '',
  events: [...NOTIFY_EVENT_TYPES],
  internal: false,
};

/**
 * The create body for a draft: the target as `url` (webhook, Slack) or `email`; services or a
 * page, whichever is chosen; an empty name left out, so the API names it after the target.
 */
export function subscriberBody(draft: SubscriberDraft) {
  return {
    kind: draft.kind,
    ...(draft.kind === 'email' ? { email: draft.target.trim() } : { url: draft.target.trim() }),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.scope === 'page' ? { page: draft.page } : { services: draft.services }),
    events: draft.events,
    internal: draft.internal,
  };
}

/** What a subscriber hears about, in words. */
export function scopeText(s: Subscriber, serviceName: (id: string) => string): string {
  if (s.page) return `the status page ${s.page}`;
  if (s.services.length === 0) return 'nothing yet';
  return s.services.map(serviceName).join(', ');
}

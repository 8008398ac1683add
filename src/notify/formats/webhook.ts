import type { NotifyEvent } from '../events.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The JSON body a webhook receives (docs/notifications.md documents it): the delivery id (the
 * same on every retry, so a receiver can drop repeats), the event type, when it happened, and
 * the event's data.
 */
export function webhookBody(delivery: number, event: NotifyEvent): string {
  const data = webhookData(event);
  // In a status page's terms: which page, and the names it shows for the keys in `data`.
  if ('terms' in event && event.terms)
    Object.assign(data, { page: event.terms.page, names: event.terms.names });
  return JSON.stringify({ delivery, type: event.type, at: iso(event.at), data });
}

function webhookData(event: NotifyEvent): Record<string, unknown> {
  switch (event.type) {
    case 'status.changed':
      return {
        service: event.service,
        from: { level: event.from.level, maintenance: event.from.maintenance },
        to: { level: event.to.level, maintenance: event.to.maintenance },
      };
    case 'incident.created':
    case 'incident.updated':
    case 'incident.resolved':
    case 'incident.reopened':
      return { incident: event.incident };
    case 'maintenance.scheduled':
    case 'maintenance.changed':
    case 'maintenance.cancelled':
    case 'maintenance.started':
    case 'maintenance.ended':
      return {
        maintenance: {
          ...event.maintenance,
          startsAt: iso(event.maintenance.startsAt),
          endsAt: iso(event.maintenance.endsAt),
        },
      };
    case 'test':
    case 'confirm':
      return {};
  }
}

import { mayShowInternal, opaqueRef } from '../status-pages/page-view.js';
import type { PageService, StatusPage } from '../status-pages/types.js';
import { type NotifyEvent, servicesOf } from './events.js';

/** What a page shows for a maintenance window's title outside internal pages (page-view.ts). */
const NEUTRAL_MAINTENANCE_TITLE = 'Planned maintenance';

/**
 * The event as the page's audience may be told it, or undefined when the page shows none of it.
 * The same rules as the page itself (status-pages/page-view.ts): only the entries the page lists,
 * by their keys and the page's names; incidents by the page's opaque reference, internal ones only
 * where the page shows them; maintenance titled neutrally except on internal pages. Model ids
 * and names never appear.
 */
export function inPageTerms(event: NotifyEvent, page: StatusPage): NotifyEvent | undefined {
  if (event.type === 'test' || event.type === 'confirm') return event;
  const listed = new Map(page.services.map((entry) => [entry.service, entry]));
  const entries = servicesOf(event)
    .map((service) => listed.get(service))
    .filter((entry): entry is PageService => entry !== undefined);
  const [first] = entries;
  if (!first) return undefined;
  const terms = {
    page: page.slug,
    names: Object.fromEntries(entries.map((entry) => [entry.key, entry.name])),
  };
  const keys = entries.map((entry) => entry.key);
  switch (event.type) {
    case 'status.changed':
      return { ...event, service: first.key, terms };
    case 'incident.created':
    case 'incident.updated':
    case 'incident.resolved':
    case 'incident.reopened':
      if (event.incident.visibility === 'internal' && !mayShowInternal(page)) return undefined;
      return {
        ...event,
        incident: {
          ...event.incident,
          id: opaqueRef(page.slug, 'incident', Number(event.incident.id)),
          services: keys,
        },
        terms,
      };
    default:
      return {
        ...event,
        maintenance: {
          ...event.maintenance,
          id: opaqueRef(page.slug, 'maintenance', Number(event.maintenance.id)),
          title:
            page.audience.kind === 'internal' ? event.maintenance.title : NEUTRAL_MAINTENANCE_TITLE,
          services: keys,
        },
        terms,
      };
  }
}

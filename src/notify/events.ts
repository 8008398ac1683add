import type { ServiceState } from '../engine/types.js';

/** What subscribers can ask to hear about. */
export const NOTIFY_EVENT_TYPES = [
  'status.changed',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'incident.reopened',
  'maintenance.scheduled',
  'maintenance.changed',
  'maintenance.cancelled',
  'maintenance.started',
  'maintenance.ended',
] as const;
export type NotifyEventType = (typeof NOTIFY_EVENT_TYPES)[number];

/** An incident as notifications tell it: no root cause, no signals, no postmortem. */
export interface IncidentNotice {
  /** The incident's number; for a page's subscribers, the page's opaque reference to it. */
  id: number | string;
  title: string;
  status: string;
  /** `internal` incidents reach only subscribers that ask for them. */
  visibility: 'internal' | 'public';
  services: string[];
  /** The latest update's text. */
  message: string;
}

export interface MaintenanceNotice {
  /** The window's number; for a page's subscribers, the page's opaque reference to it. */
  id: string;
  title: string;
  services: string[];
  /**
   * ms since the epoch: the occurrence started or ended, or for the other events the next one
   * (the last one when none is to come).
   */
  startsAt: number;
  endsAt: number;
}

/**
 * An event told in a status page's terms: its services are the page's entry keys, named as the
 * page names them; model ids and names never appear.
 */
export interface PageTerms {
  page: string;
  /** Entry key to the name the page shows. */
  names: Record<string, string>;
}

type Told = { terms?: PageTerms };

export type IncidentEventType =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.resolved'
  | 'incident.reopened';
export type MaintenanceEventType =
  | 'maintenance.scheduled'
  | 'maintenance.changed'
  | 'maintenance.cancelled'
  | 'maintenance.started'
  | 'maintenance.ended';

/**
 * Something subscribers may be told. Times are ms since the epoch. The incident and maintenance
 * events are what those features call `Notifier.notify` with; status changes come from the
 * runtime's transitions.
 */
export type NotifyEvent =
  | ({
      type: 'status.changed';
      service: string;
      from: ServiceState;
      to: ServiceState;
      at: number;
    } & Told)
  | ({ type: IncidentEventType; incident: IncidentNotice; at: number } & Told)
  | ({ type: MaintenanceEventType; maintenance: MaintenanceNotice; at: number } & Told)
  /** Sent on request to one subscriber, to try its target. */
  | { type: 'test'; at: number }
  /** Sent once to a new email address: the link that confirms it (double opt-in). */
  | { type: 'confirm'; at: number };

/** The services an event is about (none for a test). */
export function servicesOf(event: NotifyEvent): readonly string[] {
  switch (event.type) {
    case 'status.changed':
      return [event.service];
    case 'incident.created':
    case 'incident.updated':
    case 'incident.resolved':
    case 'incident.reopened':
      return event.incident.services;
    case 'maintenance.scheduled':
    case 'maintenance.changed':
    case 'maintenance.cancelled':
    case 'maintenance.started':
    case 'maintenance.ended':
      return event.maintenance.services;
    case 'test':
    case 'confirm':
      return [];
  }
}

/**
 * What several events to one subscriber share when only the latest of them should go out:
 * status changes of one service (debounced); every other event is its own message.
 */
export function debounceKey(event: NotifyEvent): string | undefined {
  if (event.type !== 'status.changed') return undefined;
  // A page's entry key is not a model id: the two must never share a key.
  return event.terms ? `status:${event.terms.page}/${event.service}` : `status:${event.service}`;
}

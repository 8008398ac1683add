import type { ServiceState } from '../engine/types.js';

/** What subscribers can ask to hear about. */
export const NOTIFY_EVENT_TYPES = [
  'status.changed',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.ended',
] as const;
export type NotifyEventType = (typeof NOTIFY_EVENT_TYPES)[number];

/** An incident as notifications tell it: no root cause, no signals, no postmortem. */
export interface IncidentNotice {
  id: number;
  title: string;
  status: string;
  /** `internal` incidents reach only subscribers that ask for them. */
  visibility: 'internal' | 'public';
  services: string[];
  /** The latest update's text. */
  message: string;
}

export interface MaintenanceNotice {
  id: string;
  title: string;
  services: string[];
  /** ms since the epoch. */
  startsAt: number;
  endsAt: number;
}

/**
 * Something subscribers may be told. Times are ms since the epoch. The incident and maintenance
 * events are what those features call `Notifier.notify` with; status changes come from the
 * runtime's transitions.
 */
export type NotifyEvent =
  | { type: 'status.changed'; service: string; from: ServiceState; to: ServiceState; at: number }
  | {
      type: 'incident.created' | 'incident.updated' | 'incident.resolved';
      incident: IncidentNotice;
      at: number;
    }
  | {
      type: 'maintenance.scheduled' | 'maintenance.started' | 'maintenance.ended';
      maintenance: MaintenanceNotice;
      at: number;
    }
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
      return event.incident.services;
    case 'maintenance.scheduled':
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
  return event.type === 'status.changed' ? `status:${event.service}` : undefined;
}

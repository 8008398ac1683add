import type { ServiceState } from '../../engine/types.js';
import type { NotifyEvent } from '../events.js';

/** A service's display name by id (the id itself when the model has no such service). */
export type ServiceNames = (id: string) => string;

/** An event in words, for people: a one-line title and the lines under it. Plain text. */
export interface Described {
  title: string;
  lines: string[];
}

const LEVEL_WORDS: Record<string, string> = {
  operational: 'operational',
  unknown: 'unknown',
  degraded: 'degraded',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

function stateWords(state: ServiceState): string {
  const level = LEVEL_WORDS[state.level] ?? state.level;
  return state.maintenance ? `${level} (maintenance)` : level;
}

function list(ids: readonly string[], names: ServiceNames): string {
  return ids.map(names).join(', ');
}

const iso = (ms: number) => new Date(ms).toISOString();

export function describeEvent(event: NotifyEvent, names: ServiceNames): Described {
  switch (event.type) {
    case 'status.changed':
      return {
        title: `${names(event.service)} is ${stateWords(event.to)}`,
        lines: [`Was ${stateWords(event.from)}; changed at ${iso(event.at)}.`],
      };
    case 'incident.created':
    case 'incident.updated':
    case 'incident.resolved':
    case 'incident.reopened': {
      const verb = {
        'incident.created': 'New incident',
        'incident.updated': 'Incident update',
        'incident.resolved': 'Resolved',
        'incident.reopened': 'Reopened',
      }[event.type];
      return {
        title: `${verb}: ${event.incident.title}`,
        lines: [
          `Status: ${event.incident.status}. Affects: ${list(event.incident.services, names)}.`,
          ...(event.incident.message === '' ? [] : [event.incident.message]),
        ],
      };
    }
    case 'maintenance.scheduled':
    case 'maintenance.changed':
    case 'maintenance.cancelled':
    case 'maintenance.started':
    case 'maintenance.ended': {
      const verb = {
        'maintenance.scheduled': 'Maintenance scheduled',
        'maintenance.changed': 'Maintenance changed',
        'maintenance.cancelled': 'Maintenance cancelled',
        'maintenance.started': 'Maintenance started',
        'maintenance.ended': 'Maintenance ended',
      }[event.type];
      return {
        title: `${verb}: ${event.maintenance.title}`,
        lines: [
          `From ${iso(event.maintenance.startsAt)} to ${iso(event.maintenance.endsAt)}. Affects: ${list(event.maintenance.services, names)}.`,
        ],
      };
    }
    case 'test':
      return {
        title: 'Test message from Servicechain',
        lines: ['This subscriber is set up right: it receives notifications.'],
      };
    case 'confirm':
      return {
        title: 'Confirm your Servicechain notifications',
        lines: [
          'Someone asked for status notifications at this address. Confirm to start receiving them.',
        ],
      };
  }
}

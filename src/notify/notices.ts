import type { Incident } from '../incidents/types.js';
import { nextOccurrences, occurrencesOf } from '../maintenance/occurrences.js';
import type { MaintenanceWindow, Occurrence } from '../maintenance/types.js';
import type {
  IncidentEventType,
  IncidentNotice,
  MaintenanceNotice,
  NotifyEvent,
} from './events.js';

/** An incident as notifications tell it: its latest update, never its root cause or authors. */
export function incidentNotice(incident: Incident): IncidentNotice {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    visibility: incident.visibility,
    services: incident.services.map((affected) => affected.service),
    message: incident.updates.at(-1)?.message ?? '',
  };
}

/**
 * What an incident's latest update says happened: created (one update), resolved, reopened (the
 * update before it had resolved it), or updated.
 */
export function incidentEventType(incident: Incident): IncidentEventType {
  if (incident.updates.length <= 1) return 'incident.created';
  if (incident.status === 'resolved') return 'incident.resolved';
  return incident.updates.at(-2)?.status === 'resolved' ? 'incident.reopened' : 'incident.updated';
}

/** The event of an incident's latest update, at that update's time. */
export function incidentEvent(incident: Incident): NotifyEvent {
  return {
    type: incidentEventType(incident),
    incident: incidentNotice(incident),
    at: incident.updates.at(-1)?.at ?? incident.updatedAt,
  };
}

/**
 * A window as notifications tell it, with one occurrence's times: the one given, else the next
 * not over at `now` (the last one when all are over).
 */
export function maintenanceNotice(
  window: MaintenanceWindow,
  now: number,
  occurrence?: Occurrence,
): MaintenanceNotice {
  const shown = occurrence ??
    nextOccurrences(window.schedule, now, 1)[0] ??
    occurrencesOf(window.schedule).at(-1) ?? { start: window.firstStart, end: window.lastEnd };
  return {
    id: String(window.id),
    title: window.title,
    services: [...window.services],
    startsAt: shown.start,
    endsAt: shown.end,
  };
}

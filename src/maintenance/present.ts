import { MAINTENANCE_LIMITS } from './limits.js';
import { nextOccurrences } from './occurrences.js';
import type { MaintenanceWindow, Occurrence } from './types.js';
import { windowState } from './windows.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentOccurrence(occurrence: Occurrence) {
  return { start: iso(occurrence.start), end: iso(occurrence.end) };
}

/** A window as the API and `--json` show it: times in ISO 8601, its state and next occurrences at `now`. */
export function presentWindow(window: MaintenanceWindow, now: number) {
  const { schedule } = window;
  return {
    id: window.id,
    title: window.title,
    description: window.description,
    services: window.services,
    schedule:
      schedule.kind === 'once'
        ? { kind: schedule.kind, start: iso(schedule.start), end: iso(schedule.end) }
        : schedule,
    state: windowState(window, now),
    next: window.cancelled
      ? []
      : nextOccurrences(schedule, now, MAINTENANCE_LIMITS.nextOccurrences).map(presentOccurrence),
    firstStart: iso(window.firstStart),
    lastEnd: iso(window.lastEnd),
    author: window.author,
    createdAt: iso(window.createdAt),
    updatedAt: iso(window.updatedAt),
    cancelled: window.cancelled,
    version: window.version,
  };
}

export type PresentedWindow = ReturnType<typeof presentWindow>;

import type { NotifyEvent } from './events.js';

/**
 * When a new message for a key (a service's status, to one subscriber) is due, given when the
 * previous one for that key was due: never sooner than `debounceMs` after it, so a flapping
 * service sends at most one message per interval.
 */
export function dueAfter(now: number, previousDue: number | undefined, debounceMs: number): number {
  return previousDue === undefined ? now : Math.max(now, previousDue + debounceMs);
}

/**
 * A waiting message merged with a newer event for the same key: the latest state wins, told as a
 * change from where the subscriber last heard it was (the older message's `from`).
 */
export function mergeEvents(older: NotifyEvent, newer: NotifyEvent): NotifyEvent {
  if (older.type === 'status.changed' && newer.type === 'status.changed')
    return { ...newer, from: older.from };
  return newer;
}

/** A status message whose state went back to where it started: there is nothing to tell. */
export function tellsNothing(event: NotifyEvent): boolean {
  return (
    event.type === 'status.changed' &&
    event.from.level === event.to.level &&
    event.from.maintenance === event.to.maintenance
  );
}

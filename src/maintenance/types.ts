/** A window at fixed instants. */
export interface OneOffSchedule {
  kind: 'once';
  /** ms since the epoch; `end` is after `start`. */
  start: number;
  end: number;
}

/**
 * A window that recurs by an RFC 5545 rule, from DTSTART's wall time in `zone`: each
 * occurrence starts at the rule's dates at that time of day and lasts `durationMinutes`.
 */
export interface RecurringSchedule {
  kind: 'recurring';
  /** DTSTART as a wall time in `zone`: `2026-12-01T09:00` or `2026-12-01T09:00:30`. */
  start: string;
  /** An IANA time zone (`Europe/Berlin`). */
  zone: string;
  durationMinutes: number;
  /** The rule as stored: normalised RFC 5545 text without the `RRULE:` prefix. */
  rrule: string;
}

export type WindowSchedule = OneOffSchedule | RecurringSchedule;

/** A planned maintenance window over some services; its occurrences carry the maintenance flag. */
export interface MaintenanceWindow {
  id: number;
  title: string;
  description: string;
  /** Service ids, sorted, unique. */
  services: string[];
  schedule: WindowSchedule;
  /** Who planned it (an actor id). */
  author: string;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
  cancelled: boolean;
  /**
   * The first occurrence's start and the last one's end (ms): derived from the schedule, stored
   * so that lists can leave out what is over without expanding every rule.
   */
  firstStart: number;
  lastEnd: number;
  /** 1 when created, one more at every change (an ETag, for If-Match). */
  version: number;
}

/** A window before the store gives it an id and a version. */
export type NewMaintenanceWindow = Omit<MaintenanceWindow, 'id' | 'version'>;

/** One occurrence: from `start` (inclusive) to `end` (exclusive), ms since the epoch. */
export interface Occurrence {
  start: number;
  end: number;
}

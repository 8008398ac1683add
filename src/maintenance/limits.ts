/**
 * Bounds on maintenance windows, so that every rule expands to a short, finite list and no window
 * can hide a service for months. The API schemas and the CLI use the same numbers.
 */
export const MAINTENANCE_LIMITS = {
  titleMaxLength: 200,
  descriptionMaxLength: 4000,
  servicesMax: 100,
  /** A window (one occurrence) lasts at least a minute and at most 31 days. */
  durationMinMinutes: 1,
  durationMaxMinutes: 31 * 24 * 60,
  /** COUNT above this is refused; so is an UNTIL rule that would give more occurrences. */
  occurrencesMax: 1000,
  /** Occurrences may fall at most this many years after DTSTART (UNTIL, or where COUNT reaches). */
  horizonYears: 10,
  /** INTERVAL above this is refused (every 1000 days is already a once-in-three-years rule). */
  intervalMax: 1000,
  /** Characters in an RRULE text. */
  rruleMaxLength: 500,
  /** Upcoming occurrences shown with a window and its impact. */
  nextOccurrences: 5,
  /** Windows per page of a list. */
  pageDefault: 100,
  pageMax: 500,
} as const;

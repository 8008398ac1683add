/**
 * Wall-clock time in IANA time zones, on the runtime's own tz database (Intl), so that service
 * hours, periods and recurring windows follow daylight-saving changes without a library.
 */

/** A wall-clock moment: month 1-12, day 1-31, hour 0-23; weekday 0 (Sunday) to 6. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface WallTimeWithWeekday extends WallTime {
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/**
 * Whether the runtime knows the zone (`Europe/Berlin`, `Asia/Kolkata`, `UTC`). Intl accepts any
 * case and answers with its own spelling, which for renamed zones is the old name (Asia/Kolkata
 * comes back as Asia/Calcutta); a name that differs from that answer only in case is refused, so
 * that stored names compare equal.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
}

/** The wall clock in `zone` at the instant `ms` (ms since the epoch). */
export function wallTime(ms: number, zone: string): WallTimeWithWeekday {
  const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type in parts) parts[part.type as keyof WallTime] = Number(part.value);
  }
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return { ...parts, weekday };
}

/** How far the zone's wall clock is ahead of UTC at the instant `ms`, in ms (whole seconds). */
export function utcOffset(ms: number, zone: string): number {
  const wall = wallTime(ms, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const HALF_DAY = 12 * 3600_000;

/**
 * The instant at which the wall clock in `zone` shows `wall`. A time that occurs twice (clocks
 * going back) gives the first; a time that never occurs (clocks going forward) is read with the
 * offset before the gap, so 02:30 on a spring-forward night in Berlin is 03:30 summer time: the
 * rule RFC 5545 gives for recurring events.
 */
export function zonedToUtc(
  wall: Omit<WallTime, 'second'> & { second?: number },
  zone: string,
): number {
  const local = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second ?? 0,
  );
  // Zones change offset at most once within a day, so the offsets half a day either side are
  // the two candidates.
  const before = utcOffset(local - HALF_DAY, zone);
  const after = utcOffset(local + HALF_DAY, zone);
  const early = local - before;
  const late = local - after;
  const earlyValid = utcOffset(early, zone) === before;
  const lateValid = utcOffset(late, zone) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early;
}

/** The calendar date `days` after (or before) the given one, with no zone involved. */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** `YYYY-MM-DD` of a calendar date. */
export function isoDate(date: { year: number; month: number; day: number }): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

import { InputError } from '../model/errors.js';
import { addDays, isTimeZone, wallTime, zonedToUtc } from '../time/zone.js';

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';

/**
 * A reporting period as instants (ms since the epoch): `[from, to)`. `end` is where the figures
 * stop: `to`, or now when the period is still running (`partial`).
 */
export interface Period {
  /** As the user wrote it: `2026-10`, `2026-W41`, `2026-10-01..2026-10-15`. */
  label: string;
  kind: PeriodKind;
  zone: string;
  from: number;
  to: number;
  end: number;
  partial: boolean;
}

/** A custom range may cover at most a leap year, so that one answer stays one year of history. */
export const CUSTOM_PERIOD_MAX_DAYS = 366;

const DAY_MS = 86_400_000;

type CalendarDate = { year: number; month: number; day: number };

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

function refuse(message: string, path = 'period'): InputError {
  return new InputError(`${path}: ${message}`, [{ path, message }]);
}

/**
 * Reads a period in `zone` (an IANA name; UTC by default): `2026` (year), `2026-Q4`, `2026-10`
 * (month), `2026-W41` (ISO week, Monday to Monday), `2026-10-05` (day), or `FROM..TO` where each
 * end is a date (`2026-10-05`: a date as TO includes that day) or a time (`2026-10-05T08:00`,
 * wall time in the zone, or with `Z` or an offset such as `+02:00`). A period that has not
 * started at `now` is refused; one still running is cut at `now` and marked partial.
 */
export function parsePeriod(text: string, zone = 'UTC', now: number = Date.now()): Period {
  if (!isTimeZone(zone))
    throw refuse(`'${zone}' is not a known IANA time zone such as Europe/Berlin or UTC`, 'zone');
  const label = text.trim();
  const { kind, from, to } = bounds(label, zone);
  if (!(to > from)) throw refuse(`'${label}' ends before it starts`);
  if (kind === 'custom' && to - from > CUSTOM_PERIOD_MAX_DAYS * DAY_MS + 3_600_000)
    throw refuse(`'${label}' is longer than ${CUSTOM_PERIOD_MAX_DAYS} days; ask for it in parts`);
  if (from >= now)
    throw refuse(
      `'${label}' starts ${new Date(from).toISOString()}, in the future: there is nothing to report yet`,
    );
  const partial = to > now;
  return { label, kind, zone, from, to, end: partial ? now : to, partial };
}

function bounds(label: string, zone: string): { kind: PeriodKind; from: number; to: number } {
  const midnight = (date: CalendarDate) => zonedToUtc({ ...date, hour: 0, minute: 0 }, zone);
  let match = YEAR.exec(label);
  if (match) {
    const year = checkYear(match[1]);
    return {
      kind: 'year',
      from: midnight({ year, month: 1, day: 1 }),
      to: midnight({ year: year + 1, month: 1, day: 1 }),
    };
  }
  match = QUARTER.exec(label);
  if (match) {
    const year = checkYear(match[1]);
    const month = (Number(match[2]) - 1) * 3 + 1;
    return {
      kind: 'quarter',
      from: midnight({ year, month, day: 1 }),
      to: midnight(
        month === 10 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 3, day: 1 },
      ),
    };
  }
  match = MONTH.exec(label);
  if (match) {
    const year = checkYear(match[1]);
    const month = Number(match[2]);
    if (month < 1 || month > 12) throw refuse(`'${label}' has no month ${match[2]}`);
    return {
      kind: 'month',
      from: midnight({ year, month, day: 1 }),
      to: midnight(
        month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 },
      ),
    };
  }
  match = WEEK.exec(label);
  if (match) {
    const year = checkYear(match[1]);
    const week = Number(match[2]);
    const weeks = isoWeeksIn(year);
    if (week < 1 || week > weeks) throw refuse(`'${label}': ${year} has ISO weeks 01 to ${weeks}`);
    const monday = addDays(isoWeekOneMonday(year), (week - 1) * 7);
    return { kind: 'week', from: midnight(monday), to: midnight(addDays(monday, 7)) };
  }
  match = DAY.exec(label);
  if (match) {
    const date = checkDate(label, match);
    return { kind: 'day', from: midnight(date), to: midnight(addDays(date, 1)) };
  }
  const parts = label.split('..');
  if (parts.length === 2) {
    return {
      kind: 'custom',
      from: instant(parts[0] as string, zone, 'start'),
      to: instant(parts[1] as string, zone, 'end'),
    };
  }
  throw refuse(
    `'${label}' is not a period: use 2026, 2026-Q4, 2026-10, 2026-W41, 2026-10-05 or FROM..TO (dates or times)`,
  );
}

/** One end of a custom range; a date as the end means the end of that day. */
function instant(text: string, zone: string, side: 'start' | 'end'): number {
  const day = DAY.exec(text);
  if (day) {
    const date = checkDate(text, day);
    return zonedToUtc({ ...(side === 'end' ? addDays(date, 1) : date), hour: 0, minute: 0 }, zone);
  }
  const match = DATE_TIME.exec(text);
  if (!match)
    throw refuse(
      `'${text}' is not a date (2026-10-05) or a time (2026-10-05T08:00, optionally with Z or +02:00)`,
    );
  const date = checkDate(text, match);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) throw refuse(`'${text}' is not a valid time of day`);
  const offset = match[7];
  if (offset === undefined) return zonedToUtc({ ...date, hour, minute, second }, zone);
  const utc = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second);
  if (offset === 'Z') return utc;
  const sign = offset.startsWith('-') ? -1 : 1;
  const offsetHours = Number(offset.slice(1, 3));
  const offsetMinutes = Number(offset.slice(4, 6));
  if (offsetHours > 18 || offsetMinutes > 59) throw refuse(`'${text}' has an impossible offset`);
  return utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

function checkYear(text: string | undefined): number {
  const year = Number(text);
  if (year < 1970) throw refuse(`${text}: nothing is recorded before 1970`);
  return year;
}

function checkDate(text: string, match: RegExpExecArray): CalendarDate {
  const date = { year: checkYear(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = addDays(date, 0);
  if (check.year !== date.year || check.month !== date.month || check.day !== date.day)
    throw refuse(`'${text}' is not a calendar date`);
  return date;
}

/** The Monday of ISO week 1: the week that holds 4 January. */
function isoWeekOneMonday(year: number): CalendarDate {
  const january4 = addDays({ year, month: 1, day: 4 }, 0);
  return addDays(january4, -((january4.weekday + 6) % 7));
}

/** 53 when 28 December falls in week 53, else 52. */
function isoWeeksIn(year: number): number {
  const next = isoWeekOneMonday(year + 1);
  const first = isoWeekOneMonday(year);
  const days =
    (Date.UTC(next.year, next.month - 1, next.day) -
      Date.UTC(first.year, first.month - 1, first.day)) /
    DAY_MS;
  return days / 7;
}

/** The calendar date in `zone` at the instant `ms` (for labels and day walks). */
export function dateIn(ms: number, zone: string): CalendarDate & { weekday: number } {
  const wall = wallTime(ms, zone);
  return { year: wall.year, month: wall.month, day: wall.day, weekday: wall.weekday };
}

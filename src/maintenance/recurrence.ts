import type { Problem } from '../model/errors.js';
import { type WallTime, zonedToUtc } from '../time/zone.js';
import { MAINTENANCE_LIMITS } from './limits.js';
import type { RRule } from './rrule.js';

/**
 * A recurring window: a rule expanded in a time zone from DTSTART's wall time, each occurrence
 * lasting `durationMs`. Expansion works on local calendar dates, and each date at DTSTART's time
 * of day becomes an instant in the zone (RFC 5545: a time skipped by a clock change moves on by
 * the gap; a time that happens twice is the first), so 09:00 stays 09:00 across a DST change.
 */
export interface Recurrence {
  start: WallTime;
  zone: string;
  durationMs: number;
  rule: RRule;
}

/** Why an expansion stopped: COUNT reached, past UNTIL, at the horizon, or at the cap given. */
export type ExpansionEnd = 'count' | 'until' | 'horizon' | 'cap';

export interface Expansion {
  /** Occurrence starts, ms since the epoch, strictly increasing. */
  starts: number[];
  end: ExpansionEnd;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function dateOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day occurrences may fall on: DTSTART's date plus the horizon's years. */
export function horizonDay(start: { year: number; month: number; day: number }): number {
  return dayNumber(start.year + MAINTENANCE_LIMITS.horizonYears, start.month, start.day);
}

/**
 * The local dates (day numbers) the rule gives on or after DTSTART's date, in order, up to
 * `lastDay`, before COUNT and UNTIL: invalid dates (Feb 30, the 31st of short months) give
 * nothing, as RFC 5545 says. DTSTART's date is included only when the rule gives it.
 */
export function* ruleDates(
  rule: RRule,
  start: { year: number; month: number; day: number },
  lastDay: number,
): Generator<number> {
  const first = dayNumber(start.year, start.month, start.day);
  for (let k = 0; ; k++) {
    const period = periodDates(rule, start, first, k);
    if (period.firstDay > lastDay) return;
    for (const day of pickSetPositions(rule.bySetPos, period.dates))
      if (day >= first && day <= lastDay) yield day;
  }
}

interface Period {
  /** The period's first day (to know when the horizon is passed). */
  firstDay: number;
  /** Candidate dates in the period, sorted, unique. */
  dates: number[];
}

function periodDates(
  rule: RRule,
  start: { year: number; month: number; day: number },
  first: number,
  k: number,
): Period {
  const step = k * rule.interval;
  switch (rule.freq) {
    case 'DAILY': {
      const day = first + step;
      return { firstDay: day, dates: dailyMatches(rule, day) ? [day] : [] };
    }
    case 'WEEKLY': {
      const weekStart = first - ((weekdayOf(first) - rule.wkst + 7) % 7) + 7 * step;
      const wanted = rule.byDay.length > 0 ? rule.byDay.map((d) => d.weekday) : [weekdayOf(first)];
      const dates: number[] = [];
      for (let day = weekStart; day < weekStart + 7; day++)
        if (wanted.includes(weekdayOf(day)) && monthAllowed(rule, day)) dates.push(day);
      return { firstDay: weekStart, dates };
    }
    case 'MONTHLY': {
      const index = start.year * 12 + (start.month - 1) + step;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      const allowed = rule.byMonth.length === 0 || rule.byMonth.includes(month);
      return {
        firstDay: dayNumber(year, month, 1),
        dates: allowed ? monthDates(rule, year, month, start.day) : [],
      };
    }
    case 'YEARLY': {
      const year = start.year + step;
      return { firstDay: dayNumber(year, 1, 1), dates: yearDates(rule, year, start) };
    }
  }
}

function monthAllowed(rule: RRule, day: number): boolean {
  return rule.byMonth.length === 0 || rule.byMonth.includes(dateOf(day).month);
}

/** DAILY: BYMONTH, BYMONTHDAY and BYDAY only limit which days count. */
function dailyMatches(rule: RRule, day: number): boolean {
  const date = dateOf(day);
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(date.month)) return false;
  if (rule.byDay.length > 0 && !rule.byDay.some((d) => d.weekday === weekdayOf(day))) return false;
  if (rule.byMonthDay.length > 0) {
    const length = daysInMonth(date.year, date.month);
    if (!rule.byMonthDay.some((n) => (n > 0 ? n : length + n + 1) === date.day)) return false;
  }
  return true;
}

/**
 * The dates one month gives: BYMONTHDAY days (negatives from the month's end) and BYDAY days
 * (numbered ones within the month), both limiting each other when both are given; neither
 * given, DTSTART's day of the month.
 */
function monthDates(rule: RRule, year: number, month: number, defaultDay: number): number[] {
  const length = daysInMonth(year, month);
  const firstDay = dayNumber(year, month, 1);
  if (rule.byMonthDay.length === 0 && rule.byDay.length === 0)
    return defaultDay <= length ? [firstDay + defaultDay - 1] : [];
  const fromMonthDays = rule.byMonthDay.length > 0 ? monthDaySet(rule.byMonthDay, length) : null;
  const fromWeekdays =
    rule.byDay.length > 0 ? weekdaySet(rule, firstDay, firstDay + length - 1) : null;
  const dates: number[] = [];
  for (let d = 1; d <= length; d++) {
    const day = firstDay + d - 1;
    if (fromMonthDays && !fromMonthDays.has(d)) continue;
    if (fromWeekdays && !fromWeekdays.has(day)) continue;
    dates.push(day);
  }
  return dates;
}

function monthDaySet(byMonthDay: readonly number[], length: number): Set<number> {
  const days = new Set<number>();
  for (const n of byMonthDay) {
    const d = n > 0 ? n : length + n + 1;
    if (d >= 1 && d <= length) days.add(d);
  }
  return days;
}

/** The days from `from` to `to` that BYDAY names: every such weekday, or the numbered one. */
function weekdaySet(rule: RRule, from: number, to: number): Set<number> {
  const days = new Set<number>();
  for (const { weekday, ordinal } of rule.byDay) {
    const firstMatch = from + ((weekday - weekdayOf(from) + 7) % 7);
    const matches: number[] = [];
    for (let day = firstMatch; day <= to; day += 7) matches.push(day);
    if (ordinal === undefined) for (const day of matches) days.add(day);
    else {
      const picked = matches[ordinal > 0 ? ordinal - 1 : matches.length + ordinal];
      if (picked !== undefined) days.add(picked);
    }
  }
  return days;
}

/**
 * YEARLY: BYMONTH picks months (numbered days then count within each month); without BYMONTH,
 * BYDAY numbers count within the year and BYMONTHDAY applies to every month; with none of
 * them, DTSTART's month and day (so Feb 29 recurs in leap years only).
 */
function yearDates(rule: RRule, year: number, start: { month: number; day: number }): number[] {
  if (rule.byMonth.length > 0) {
    return [...rule.byMonth]
      .sort((a, b) => a - b)
      .flatMap((month) => monthDates(rule, year, month, start.day));
  }
  if (rule.byDay.length > 0) {
    const firstDay = dayNumber(year, 1, 1);
    const lastDay = dayNumber(year, 12, 31);
    const fromWeekdays = weekdaySet(rule, firstDay, lastDay);
    const dates: number[] = [];
    for (let day = firstDay; day <= lastDay; day++) {
      if (!fromWeekdays.has(day)) continue;
      if (rule.byMonthDay.length > 0) {
        const date = dateOf(day);
        if (!monthDaySet(rule.byMonthDay, daysInMonth(year, date.month)).has(date.day)) continue;
      }
      dates.push(day);
    }
    return dates;
  }
  if (rule.byMonthDay.length > 0) {
    const dates: number[] = [];
    for (let month = 1; month <= 12; month++) dates.push(...monthDates(rule, year, month, 1));
    return dates;
  }
  return start.day <= daysInMonth(year, start.month)
    ? [dayNumber(year, start.month, start.day)]
    : [];
}

/** BYSETPOS: the n-th candidates of the period (negatives from its end), in date order. */
function pickSetPositions(bySetPos: readonly number[], dates: number[]): number[] {
  if (bySetPos.length === 0) return dates;
  const picked = new Set<number>();
  for (const n of bySetPos) {
    const day = dates[n > 0 ? n - 1 : dates.length + n];
    if (day !== undefined) picked.add(day);
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * The occurrence starts, in order, ending at COUNT, UNTIL, the horizon (DTSTART plus
 * MAINTENANCE_LIMITS.horizonYears) or `cap` occurrences, whichever comes first.
 */
export function expandRecurrence(
  recurrence: Recurrence,
  cap = MAINTENANCE_LIMITS.occurrencesMax + 1,
): Expansion {
  const { rule, start, zone } = recurrence;
  const starts: number[] = [];
  for (const day of ruleDates(rule, start, horizonDay(start))) {
    if (rule.count !== undefined && starts.length >= rule.count) return { starts, end: 'count' };
    if (starts.length >= cap) return { starts, end: 'cap' };
    const date = dateOf(day);
    const wall = { ...date, hour: start.hour, minute: start.minute, second: start.second };
    const at = zonedToUtc(wall, zone);
    if (rule.until !== undefined) {
      const past =
        'utc' in rule.until
          ? at > rule.until.utc
          : Date.UTC(date.year, date.month - 1, date.day, start.hour, start.minute, start.second) >
            rule.until.local;
      if (past) return { starts, end: 'until' };
    }
    starts.push(at);
  }
  return {
    starts,
    end: rule.count !== undefined && starts.length >= rule.count ? 'count' : 'horizon',
  };
}

/**
 * What is wrong with a recurrence as a maintenance schedule, each problem at `path` (the
 * recurrence's place in the input): UNTIL past the horizon, no occurrence, more than the
 * limit, COUNT reaching past the horizon, occurrences that would overlap.
 */
export function recurrenceProblems(recurrence: Recurrence, path: string): Problem[] {
  const { rule, start } = recurrence;
  const years = MAINTENANCE_LIMITS.horizonYears;
  const lastDay = horizonDay(start);
  if (rule.until !== undefined) {
    const untilMs = 'utc' in rule.until ? rule.until.utc : rule.until.local;
    if (untilMs >= (lastDay + 1) * DAY_MS)
      return [
        {
          path: `${path}.rrule.UNTIL`,
          message: `more than ${years} years after DTSTART: plan within ${years} years`,
        },
      ];
  }
  const { starts, end } = expandRecurrence(recurrence);
  if (starts.length === 0)
    return [
      {
        path: `${path}.rrule`,
        message: `gives no occurrence on or after DTSTART${rule.until ? ' up to UNTIL' : ` within ${years} years`}`,
      },
    ];
  if (end === 'cap')
    return [
      {
        path: `${path}.rrule`,
        message: `gives more than ${MAINTENANCE_LIMITS.occurrencesMax} occurrences: end it sooner with UNTIL or COUNT`,
      },
    ];
  if (end === 'horizon' && rule.count !== undefined)
    return [
      {
        path: `${path}.rrule.COUNT`,
        message: `${rule.count} reaches more than ${years} years after DTSTART (${starts.length} occurrences fall within them)`,
      },
    ];
  for (let i = 1; i < starts.length; i++) {
    const gap = (starts[i] as number) - (starts[i - 1] as number);
    if (gap < recurrence.durationMs)
      return [
        {
          path: `${path}.durationMinutes`,
          message: `occurrences at ${new Date(starts[i - 1] as number).toISOString()} and ${new Date(starts[i] as number).toISOString()} are ${gap / 60_000} minutes apart, less than the window's ${recurrence.durationMs / 60_000}: they would overlap`,
        },
      ];
  }
  return [];
}

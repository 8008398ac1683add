import type { WallTime } from '../time/zone.js';
import { expandRecurrence, type Recurrence } from './recurrence.js';
import { parseRRule } from './rrule.js';
import type { Occurrence, RecurringSchedule, WindowSchedule } from './types.js';

/** A wall time written `2026-12-01T09:00` or `2026-12-01T09:00:30`; undefined when not one. */
export function parseWallTime(text: string): WallTime | undefined {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(
    text,
  );
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return { year, month, day, hour, minute, second };
}

/** The recurrence a stored schedule describes (it was checked when stored, so it parses). */
export function recurrenceOf(schedule: RecurringSchedule): Recurrence {
  const start = parseWallTime(schedule.start);
  if (!start) throw new Error(`stored DTSTART '${schedule.start}' is not a wall time`);
  return {
    start,
    zone: schedule.zone,
    durationMs: schedule.durationMinutes * 60_000,
    rule: parseRRule(schedule.rrule),
  };
}

/** Expansions by schedule, since the scheduler and every list ask again for the same ones. */
const expanded = new Map<string, readonly Occurrence[]>();
const EXPANDED_MAX = 1000;

/** Every occurrence of a schedule, in order (at most MAINTENANCE_LIMITS.occurrencesMax). */
export function occurrencesOf(schedule: WindowSchedule): readonly Occurrence[] {
  if (schedule.kind === 'once') return [{ start: schedule.start, end: schedule.end }];
  const key = `${schedule.zone}|${schedule.start}|${schedule.durationMinutes}|${schedule.rrule}`;
  let list = expanded.get(key);
  if (!list) {
    const recurrence = recurrenceOf(schedule);
    list = expandRecurrence(recurrence).starts.map((start) => ({
      start,
      end: start + recurrence.durationMs,
    }));
    if (expanded.size >= EXPANDED_MAX) expanded.clear();
    expanded.set(key, list);
  }
  return list;
}

/** Occurrences that overlap [from, to). */
export function occurrencesOverlapping(
  schedule: WindowSchedule,
  from: number,
  to: number,
): Occurrence[] {
  return occurrencesOf(schedule).filter((o) => o.start < to && o.end > from);
}

/** The occurrence going on at `at`, if any (occurrences never overlap, so there is one at most). */
export function activeOccurrence(schedule: WindowSchedule, at: number): Occurrence | undefined {
  return occurrencesOf(schedule).find((o) => o.start <= at && at < o.end);
}

/** The next `count` occurrences not over at `at`: the one going on first, if any. */
export function nextOccurrences(schedule: WindowSchedule, at: number, count: number): Occurrence[] {
  return occurrencesOf(schedule)
    .filter((o) => o.end > at)
    .slice(0, count);
}

/** The first start or end after `at`, when the window's state next changes; undefined if never. */
export function nextBoundary(schedule: WindowSchedule, at: number): number | undefined {
  for (const o of occurrencesOf(schedule)) {
    if (o.start > at) return o.start;
    if (o.end > at) return o.end;
  }
  return undefined;
}

/** The first start and the last end. */
export function spanOf(schedule: WindowSchedule): { firstStart: number; lastEnd: number } {
  const list = occurrencesOf(schedule);
  return {
    firstStart: (list[0] as Occurrence).start,
    lastEnd: (list.at(-1) as Occurrence).end,
  };
}

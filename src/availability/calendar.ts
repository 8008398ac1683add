import type { ServiceHours } from '../model/entities.js';
import { InputError } from '../model/errors.js';
import { addDays, isoDate, wallTime, zonedToUtc } from '../time/zone.js';

/**
 * Service time as sorted, disjoint, non-adjacent UTC intervals `[start, end)`, flat:
 * `[start0, end0, start1, end1, …]` (ms since the epoch).
 */
export type Intervals = readonly number[];

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** A weekly range in minutes after the midnight of the day it starts; `end` may pass 1440. */
interface MinuteRange {
  start: number;
  end: number;
}

/**
 * `HH:MM-HH:MM` in minutes. An end at or before the start runs into the next day (`22:00-06:00`):
 * model files refuse such ranges today, but a range that reaches the calculator some other way
 * is read so rather than dropped.
 */
export function parseRange(text: string, path: string): MinuteRange {
  const match = RANGE.exec(text);
  const numbers = match ? match.slice(1, 5).map(Number) : [];
  const [h1 = 99, m1 = 99, h2 = 99, m2 = 99] = numbers;
  if (!match || h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0))
    throw new InputError(`${path}: '${text}' is not a range such as 08:00-18:00`, [
      { path, message: `'${text}' is not a range such as 08:00-18:00` },
    ]);
  const start = h1 * 60 + m1;
  let end = h2 * 60 + m2;
  if (end <= start) end += 24 * 60;
  return { start, end };
}

/**
 * The service time of `hours` within `[from, to)`. No hours means around the clock. Each weekly
 * range belongs to the day it starts on, in the hours' zone, and a holiday removes the ranges
 * that start on it. Wall times are turned into instants by `zonedToUtc`, so a day on which the
 * clocks change is 23 or 25 hours long, a range in the spring gap starts when the clock resumes,
 * and a range over the autumn repeat covers both passes of the repeated hour.
 */
export function serviceIntervals(
  hours: ServiceHours | undefined,
  from: number,
  to: number,
  path = 'hours',
): Intervals {
  if (!(to > from)) return [];
  if (!hours) return [from, to];
  const ranges = WEEKDAY_KEYS.map((key) =>
    (hours.weekly[key] ?? []).map((text, index) =>
      parseRange(text, `${path}.weekly.${key}[${index}]`),
    ),
  );
  const holidays = new Set(hours.holidays);
  const zone = hours.timeZone;
  const first = wallTime(from, zone);
  const last = wallTime(to, zone);
  const lastKey = isoDate(last);
  const pieces: [number, number][] = [];
  // From the day before `from`: a range started then may run past midnight into the period.
  for (let date = addDays(first, -1); ; date = addDays(date, 1)) {
    const key = isoDate(date);
    if (!holidays.has(key)) {
      for (const range of ranges[date.weekday] ?? []) {
        const start = atMinute(date, range.start, zone);
        const end = atMinute(date, range.end, zone);
        const clippedStart = Math.max(start, from);
        const clippedEnd = Math.min(end, to);
        if (clippedEnd > clippedStart) pieces.push([clippedStart, clippedEnd]);
      }
    }
    if (key >= lastKey) break;
  }
  return merge(pieces);
}

function atMinute(
  date: { year: number; month: number; day: number },
  minute: number,
  zone: string,
) {
  const day = addDays(date, Math.floor(minute / 1440));
  const rest = minute % 1440;
  return zonedToUtc({ ...day, hour: Math.floor(rest / 60), minute: rest % 60 }, zone);
}

/** Sorted, overlapping or touching pieces joined. */
function merge(pieces: [number, number][]): number[] {
  pieces.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [start, end] of pieces) {
    const lastEnd = out[out.length - 1];
    if (lastEnd !== undefined && start <= lastEnd) out[out.length - 1] = Math.max(lastEnd, end);
    else out.push(start, end);
  }
  return out;
}

/** Every moment in any of the interval lists (a customer's service time). */
export function unionOf(lists: readonly Intervals[]): Intervals {
  const pieces: [number, number][] = [];
  for (const list of lists)
    for (let i = 0; i < list.length; i += 2)
      pieces.push([list[i] as number, list[i + 1] as number]);
  return merge(pieces);
}

/** The summed length of the intervals, in ms. */
export function totalLength(intervals: Intervals): number {
  let total = 0;
  for (let i = 0; i < intervals.length; i += 2)
    total += (intervals[i + 1] as number) - (intervals[i] as number);
  return total;
}

/**
 * Service intervals by calendar, computed once per distinct calendar in one report: a thousand
 * services on office hours share one walk over the days of the period.
 */
export class CalendarCache {
  private readonly cache = new Map<string, Intervals>();

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  intervals(hours: ServiceHours | undefined, path?: string): Intervals {
    const key = hours
      ? `${hours.timeZone}|${JSON.stringify(hours.weekly)}|${hours.holidays.join(',')}`
      : '';
    let intervals = this.cache.get(key);
    if (!intervals) {
      intervals = serviceIntervals(hours, this.from, this.to, path);
      this.cache.set(key, intervals);
    }
    return intervals;
  }
}

import { InputError, type Problem } from '../model/errors.js';
import { MAINTENANCE_LIMITS } from './limits.js';

/**
 * The part of RFC 5545 recurrence rules that maintenance calendars use: FREQ (DAILY, WEEKLY,
 * MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY (with ordinals for MONTHLY and YEARLY),
 * BYMONTHDAY, BYMONTH, BYSETPOS and WKST. Rules give dates only: the time of day is DTSTART's.
 */

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** RFC 5545 day names, indexed by weekday number (0 = Sunday, as Date.getUTCDay counts). */
export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** A BYDAY entry: a weekday (0 = Sunday), and for MONTHLY and YEARLY which one (2TU, -1SU). */
export interface ByDay {
  weekday: number;
  ordinal?: number;
}

/**
 * The end of a rule by UNTIL. `utc` is an instant (the `…Z` form); `local` a wall time in the
 * window's zone as Date.UTC gives it (the floating and the date forms; a date means the whole
 * day).
 */
export type Until = { utc: number } | { local: number };

export interface RRule {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: Until;
  byDay: ByDay[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  /** Weekday the week starts on (default Monday). */
  wkst: number;
}

const KNOWN_PARTS = [
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
];
/** Parts RFC 5545 has that this subset leaves out: the time of day is always DTSTART's. */
const UNSUPPORTED_PARTS = ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYWEEKNO', 'BYYEARDAY', 'RSCALE'];
const TOO_FREQUENT = ['SECONDLY', 'MINUTELY', 'HOURLY'];

/**
 * Reads an RRULE (`FREQ=WEEKLY;BYDAY=TU;COUNT=10`, with or without the `RRULE:` prefix; names
 * in any case). Throws InputError listing every problem, each with the part it is about as its
 * path (`rrule.BYDAY`), or `rrule` when the rule as a whole is wrong.
 */
export function parseRRule(text: string): RRule {
  const problems: Problem[] = [];
  const fail = (part: string, message: string) =>
    problems.push({ path: part === '' ? 'rrule' : `rrule.${part}`, message });
  if (text.length > MAINTENANCE_LIMITS.rruleMaxLength)
    throw ruleError([
      { path: 'rrule', message: `longer than ${MAINTENANCE_LIMITS.rruleMaxLength} characters` },
    ]);
  const body = text.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const piece of body.split(';')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const name = (equals < 0 ? piece : piece.slice(0, equals)).toUpperCase();
    const value = equals < 0 ? '' : piece.slice(equals + 1).toUpperCase();
    if (UNSUPPORTED_PARTS.includes(name))
      fail(name, 'not supported: occurrences start at the time of day DTSTART gives');
    else if (!KNOWN_PARTS.includes(name)) fail(name, `unknown part '${name}'`);
    else if (parts.has(name)) fail(name, 'given twice');
    else if (equals < 0 || value === '') fail(name, 'has no value');
    else parts.set(name, value);
  }
  const freqText = parts.get('FREQ');
  let freq: Frequency = 'DAILY';
  if (freqText === undefined) {
    if (!problems.some((p) => p.path === 'rrule.FREQ')) fail('FREQ', 'is required');
  } else if (TOO_FREQUENT.includes(freqText))
    fail('FREQ', `${freqText} is too frequent for maintenance: use DAILY or longer`);
  else if ((FREQUENCIES as readonly string[]).includes(freqText)) freq = freqText as Frequency;
  else fail('FREQ', `'${freqText}' is not one of ${FREQUENCIES.join(', ')}`);

  const interval = integerPart(parts, 'INTERVAL', 1, MAINTENANCE_LIMITS.intervalMax, fail) ?? 1;
  const count = integerPart(parts, 'COUNT', 1, Number.MAX_SAFE_INTEGER, fail);
  if (count !== undefined && count > MAINTENANCE_LIMITS.occurrencesMax)
    fail('COUNT', `${count} is over the limit of ${MAINTENANCE_LIMITS.occurrencesMax}`);
  const until = parts.has('UNTIL') ? parseUntil(parts.get('UNTIL') as string, fail) : undefined;
  if (parts.has('COUNT') && parts.has('UNTIL'))
    fail('', 'COUNT and UNTIL do not go together: give one');
  if (!parts.has('COUNT') && !parts.has('UNTIL')) fail('', 'never ends: give COUNT or UNTIL');

  const byMonth = listPart(parts, 'BYMONTH', fail, (v) => rangeInt(v, 1, 12, false));
  const byMonthDay = listPart(parts, 'BYMONTHDAY', fail, (v) => rangeInt(v, -31, 31, true));
  const bySetPos = listPart(parts, 'BYSETPOS', fail, (v) => rangeInt(v, -366, 366, true));
  const byDay = listPart(parts, 'BYDAY', fail, parseByDay);
  let wkst = 1;
  const wkstText = parts.get('WKST');
  if (wkstText !== undefined) {
    const day = (WEEKDAYS as readonly string[]).indexOf(wkstText);
    if (day < 0) fail('WKST', `'${wkstText}' is not a day (${WEEKDAYS.join(', ')})`);
    else wkst = day;
  }

  const ordinals = byDay.some((d) => d.ordinal !== undefined);
  if (ordinals && (freq === 'DAILY' || freq === 'WEEKLY'))
    fail('BYDAY', `numbered days (2TU, -1SU) go only with MONTHLY or YEARLY, not ${freq}`);
  const ordinalMax = freq === 'MONTHLY' || byMonth.length > 0 ? 5 : 53;
  for (const day of byDay)
    if (day.ordinal !== undefined && Math.abs(day.ordinal) > ordinalMax)
      fail(
        'BYDAY',
        `${day.ordinal}${WEEKDAYS[day.weekday]}: a ${ordinalMax === 5 ? 'month' : 'year'} has no such day`,
      );
  if (byMonthDay.length > 0 && freq === 'WEEKLY')
    fail('BYMONTHDAY', 'does not go with WEEKLY (RFC 5545): use MONTHLY');
  if (bySetPos.length > 0 && byDay.length + byMonthDay.length + byMonth.length === 0)
    fail('BYSETPOS', 'needs BYDAY, BYMONTHDAY or BYMONTH to pick from');

  if (problems.length > 0) throw ruleError(problems);
  return {
    freq,
    interval,
    ...(count !== undefined && { count }),
    ...(until !== undefined && { until }),
    byDay,
    byMonthDay,
    byMonth,
    bySetPos,
    wkst,
  };
}

/** The rule written back in RFC 5545 text, parts in a fixed order (what is stored and shown). */
export function formatRRule(rule: RRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) parts.push(`UNTIL=${formatUntil(rule.until)}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay.length > 0)
    parts.push(
      `BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${WEEKDAYS[d.weekday]}`).join(',')}`,
    );
  if (rule.bySetPos.length > 0) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.wkst !== 1) parts.push(`WKST=${WEEKDAYS[rule.wkst]}`);
  return parts.join(';');
}

function ruleError(problems: Problem[]): InputError {
  const first = problems[0] as Problem;
  return new InputError(`${first.path}: ${first.message}`, problems);
}

type Fail = (part: string, message: string) => void;

function integerPart(
  parts: Map<string, string>,
  name: string,
  min: number,
  max: number,
  fail: Fail,
): number | undefined {
  const text = parts.get(name);
  if (text === undefined) return undefined;
  const value = /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    fail(name, `'${text}' is not a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

/** A comma list; each entry read by `read`, which gives a value or the reason it is wrong. */
function listPart<T>(
  parts: Map<string, string>,
  name: string,
  fail: Fail,
  read: (text: string) => T | string,
): T[] {
  const text = parts.get(name);
  if (text === undefined) return [];
  const values: T[] = [];
  const seen = new Set<string>();
  for (const entry of text.split(',')) {
    const value = read(entry);
    if (typeof value === 'string') fail(name, `'${entry}' ${value}`);
    else if (seen.has(entry)) fail(name, `'${entry}' is listed twice`);
    else values.push(value);
    seen.add(entry);
  }
  return values;
}

function rangeInt(text: string, min: number, max: number, signed: boolean): number | string {
  const pattern = signed ? /^[+-]?[0-9]{1,3}$/ : /^[0-9]{1,2}$/;
  const value = pattern.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value) || value < min || value > max || value === 0)
    return signed
      ? `is not a whole number from ${min} to ${max} other than 0`
      : `is not a whole number from ${min} to ${max}`;
  return value;
}

function parseByDay(text: string): ByDay | string {
  const match = /^([+-]?[0-9]{1,2})?([A-Z]{2})$/.exec(text);
  const weekday = match ? (WEEKDAYS as readonly string[]).indexOf(match[2] as string) : -1;
  if (!match || weekday < 0) return `is not a day (MO … SU, optionally numbered: 2TU, -1SU)`;
  if (match[1] === undefined) return { weekday };
  const ordinal = Number(match[1]);
  if (ordinal === 0) return 'numbers days from 1 (or from -1, counting back)';
  return { weekday, ordinal };
}

function parseUntil(text: string, fail: Fail): Until | undefined {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?$/.exec(
    text,
  );
  const [, y, mo, d, h, mi, s, zulu] = match ?? [];
  const fields = [y, mo, d, h ?? '23', mi ?? '59', s ?? '59'].map(Number) as number[];
  const [year, month, day, hour, minute, second] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  const valid =
    match !== null &&
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) {
    fail('UNTIL', `'${text}' is not a date (20261231) or a time (20261231T235959Z)`);
    return undefined;
  }
  return zulu === 'Z' ? { utc: ms } : { local: ms };
}

function formatUntil(until: Until): string {
  const ms = 'utc' in until ? until.utc : until.local;
  const text = new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
  return 'utc' in until ? `${text}Z` : text;
}

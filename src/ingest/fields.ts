import type { Problem } from '../model/errors.js';
import { SIGNAL_LIMITS } from './signal.js';

/**
 * Reads the fields of an untrusted JSON body, collecting every problem with its path instead of
 * stopping at the first, so that a refused body says everything that is wrong with it.
 */
export class FieldReader {
  readonly problems: Problem[] = [];

  problem(path: string, message: string): undefined {
    if (this.problems.length < 50) this.problems.push({ path, message });
    return undefined;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    return this.problem(path, `must be an object, not ${describe(value)}`);
  }

  string(value: unknown, path: string, max: number, required = true): string | undefined {
    if (value === undefined || value === null) {
      return required ? this.problem(path, 'is missing') : undefined;
    }
    if (typeof value !== 'string')
      return this.problem(path, `must be a string, not ${describe(value)}`);
    if (value.length > max) return this.problem(path, `is longer than ${max} characters`);
    // PostgreSQL cannot store U+0000 in text; refusing it here keeps both stores alike.
    if (value.includes('\u0000')) return this.problem(path, 'contains a NUL character (U+0000)');
    return value;
  }

  /**
   * A map of label names to string values (absent means empty). A valid map is returned as it
   * came, not copied: a parsed JSON object's keys, `__proto__` included, are its own data.
   */
  labels(value: unknown, path: string): Record<string, string> {
    if (value === undefined || value === null) return {};
    const record = this.object(value, path);
    if (!record) return {};
    const before = this.problems.length;
    let count = 0;
    for (const name in record) {
      if (!Object.hasOwn(record, name)) continue;
      count++;
      if (name.length === 0 || name.length > SIGNAL_LIMITS.labelName) {
        this.problem(
          `${path}.${name}`,
          `a label name has 1 to ${SIGNAL_LIMITS.labelName} characters`,
        );
        continue;
      }
      if (name.includes('\u0000')) {
        this.problem(`${path}.${name}`, 'a label name contains a NUL character (U+0000)');
        continue;
      }
      this.string(record[name], `${path}.${name}`, SIGNAL_LIMITS.labelValue);
    }
    if (count > SIGNAL_LIMITS.labels)
      this.problem(path, `has ${count} labels; at most ${SIGNAL_LIMITS.labels}`);
    if (this.problems.length > before) return {};
    if (
      Object.getPrototypeOf(record) !== Object.prototype &&
      Object.getPrototypeOf(record) !== null
    )
      return Object.fromEntries(Object.entries(record)) as Record<string, string>;
    return record as Record<string, string>;
  }

  /** An RFC 3339 time as ms since the epoch; `null` for Go's zero time (year 1), meaning "not set". */
  time(value: unknown, path: string, required: boolean): number | null | undefined {
    if (value === undefined || value === null || value === '') {
      return required ? this.problem(path, 'is missing') : null;
    }
    if (typeof value !== 'string')
      return this.problem(path, `must be a time, not ${describe(value)}`);
    if (value === GO_ZERO_TIME) return null;
    const ms = parseRfc3339(value);
    if (ms === undefined) return this.problem(path, `'${clip(value)}' is not an RFC 3339 time`);
    return ms <= ZERO_TIME_LIMIT ? null : ms;
  }
}

/** What Go writes for an unset time, as Alertmanager does for the end of a firing alert. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Times before the year 2 are Go's zero time written out: "no time". */
const ZERO_TIME_LIMIT = Date.parse('0002-01-01T00:00:00Z');

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 time (nanoseconds allowed, cut to ms); undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = match[3];
  let ms = 0;
  // The first three digits of the fraction; further digits (to nanoseconds) are cut.
  if (fraction !== undefined)
    for (let i = 1; i <= 3; i++)
      ms = ms * 10 + (i < fraction.length ? fraction.charCodeAt(i) - 48 : 0);
  const zone = match[4] as string;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    offset = (digits(zone, 1, 2) * 60 + digits(zone, 4, 2)) * 60_000;
    if (zone[0] === '-') offset = -offset;
  }
  // A leap second (:60) is taken as :59, as the moment cannot be told apart in ms.
  const seconds = hour * 3600 + minute * 60 + Math.min(second, 59);
  return daysSinceEpoch(year, month, day) * 86_400_000 + seconds * 1000 + ms - offset;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, by arithmetic (no Date
 * object: this runs for every time of every signal). Years are counted from March, so that the
 * leap day ends a year; a 400-year era has 146,097 days.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  // 719,468 days from 0000-03-01 to 1970-01-01.
  return era * 146_097 + dayOfEra - 719_468;
}

function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string '${clip(value)}'`;
  return `${typeof value} ${clip(String(value))}`;
}

export function clip(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

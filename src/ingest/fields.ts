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
    return value;
  }

  /** A map of label names to string values (absent means empty). */
  labels(value: unknown, path: string): Record<string, string> {
    if (value === undefined || value === null) return {};
    const record = this.object(value, path);
    if (!record) return {};
    const names = Object.keys(record);
    if (names.length > SIGNAL_LIMITS.labels)
      this.problem(path, `has ${names.length} labels; at most ${SIGNAL_LIMITS.labels}`);
    // Built from entries: a label named __proto__ is data, never the object's prototype.
    const entries: [string, string][] = [];
    for (const name of names) {
      if (name.length === 0 || name.length > SIGNAL_LIMITS.labelName) {
        this.problem(
          `${path}.${name}`,
          `a label name has 1 to ${SIGNAL_LIMITS.labelName} characters`,
        );
        continue;
      }
      const text = this.string(record[name], `${path}.${name}`, SIGNAL_LIMITS.labelValue);
      if (text !== undefined) entries.push([name, text]);
    }
    return Object.fromEntries(entries);
  }

  /** An RFC 3339 time as ms since the epoch; `null` for Go's zero time (year 1), meaning "not set". */
  time(value: unknown, path: string, required: boolean): number | null | undefined {
    if (value === undefined || value === null || value === '') {
      return required ? this.problem(path, 'is missing') : null;
    }
    if (typeof value !== 'string')
      return this.problem(path, `must be a time, not ${describe(value)}`);
    const ms = parseRfc3339(value);
    if (ms === undefined) return this.problem(path, `'${clip(value)}' is not an RFC 3339 time`);
    return ms <= ZERO_TIME_LIMIT ? null : ms;
  }
}

/** Times before the year 2 are Go's zero time written out: "no time". */
const ZERO_TIME_LIMIT = Date.parse('0002-01-01T00:00:00Z');

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 time (nanoseconds allowed, cut to ms); undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const fraction = (match[3] ?? '').slice(0, 4);
  const zone = match[4] === 'z' ? 'Z' : match[4];
  const ms = Date.parse(`${match[1]}T${match[2]}${fraction}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-30 over to March; a real RFC 3339 parser refuses it.
  const [year, month, day] = (match[1] as string).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms;
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

import { describe } from '../model/impact.js';
import { didYouMean } from '../model/suggest.js';

export type FieldPath = readonly (string | number)[];

/** `spec.dependsOn[2].service` */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const part of path)
    text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

export interface FieldProblem {
  path: FieldPath;
  message: string;
  /** The problem is the field's name, not its value. */
  atKey?: boolean;
}

/** Keys that would change an object's prototype if copied naively; never accepted as names. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads typed fields out of a parsed document, collecting every problem (with its path) instead
 * of stopping at the first, so a user sees all that is wrong in one go.
 */
export class FieldReader {
  readonly problems: FieldProblem[] = [];

  report(path: FieldPath, message: string, atKey = false): void {
    this.problems.push(atKey ? { path, message, atKey } : { path, message });
  }

  /** The value as a plain map, or undefined (reporting when it is present but not a map). */
  map(
    value: unknown,
    path: FieldPath,
    allowed?: readonly string[],
  ): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
      this.report(path, `must be a map, not ${describe(value)}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (FORBIDDEN_KEYS.has(key))
        this.report([...path, key], `'${key}' is not allowed as a field name`, true);
      else if (allowed && !allowed.includes(key)) {
        this.report([...path, key], `unknown field '${key}'${didYouMean(key, allowed)}`, true);
      }
    }
    return record;
  }

  required<T>(value: T | undefined, path: FieldPath): T | undefined {
    if (value === undefined) this.report(path, 'is required');
    return value;
  }

  string(value: unknown, path: FieldPath, maxLength = 500): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.report(path, `must be text, not ${describe(value)}`);
      return undefined;
    }
    const problem = textProblem(value, maxLength);
    if (problem) {
      this.report(path, problem);
      return undefined;
    }
    return value;
  }

  number(value: unknown, path: FieldPath, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report(path, `must be a number, not ${describe(value)}`);
      return undefined;
    }
    if (value < min || value > max) {
      this.report(path, `${value} is out of range (${min} to ${max})`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: FieldPath, choices: readonly T[]): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      const hint = typeof value === 'string' ? didYouMean(value, choices) : '';
      this.report(path, `${describe(value)} is not one of ${choices.join(', ')}${hint}`);
      return undefined;
    }
    return value as T;
  }

  list(value: unknown, path: FieldPath, maxItems = 10_000): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(path, `must be a list, not ${describe(value)}`);
      return [];
    }
    if (value.length > maxItems) {
      this.report(path, `has ${value.length} items (${maxItems} at most)`);
      return [];
    }
    return value;
  }

  stringList(value: unknown, path: FieldPath, maxLength = 100): string[] {
    const result: string[] = [];
    for (const [index, item] of this.list(value, path).entries()) {
      const text = this.string(item, [...path, index], maxLength);
      if (text !== undefined) result.push(text);
    }
    return result;
  }

  /** A map of text to text, such as labels or label matchers. */
  stringMap(value: unknown, path: FieldPath, maxLength = 500): Record<string, string> {
    const record = this.map(value, path);
    const result: Record<string, string> = {};
    if (!record) return result;
    for (const [key, item] of Object.entries(record)) {
      if (FORBIDDEN_KEYS.has(key)) continue;
      const keyProblem = textProblem(key, 100);
      if (keyProblem) {
        this.report([...path, key], `key ${keyProblem}`, true);
        continue;
      }
      const text =
        typeof item === 'number' || typeof item === 'boolean'
          ? String(item)
          : this.string(item, [...path, key], maxLength);
      if (text !== undefined) result[key] = text;
    }
    return result;
  }
}

/**
 * Why a user-entered text is not acceptable, or undefined. Control characters, lone surrogates and
 * bidirectional overrides are refused: they hide what a name really says.
 */
export function textProblem(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `is ${value.length} characters long (${maxLength} at most)`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
    return 'contains a control character';
  if (/[\u202a-\u202e\u2066-\u2069]/.test(value))
    return 'contains a bidirectional override character';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value))
    return 'contains a lone surrogate (malformed Unicode)';
  return undefined;
}

import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { LIMITS } from '../schemas/limits.js';

/** Keys that would reach an object's prototype if a body were ever copied naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deeply arrays and objects nest in a JSON text, found without parsing it (so a hostile
 * body of a million brackets costs one pass, not a deep recursion); stops counting past `limit`.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** The path of the first forbidden key in a parsed value, or undefined. */
function forbiddenKeyPath(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenKeyPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return at;
    const found = forbiddenKeyPath((value as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parses a JSON body: refuses (400) an empty body, nesting deeper than `LIMITS.jsonMaxDepth`
 * (checked before parsing), malformed JSON (with the parser's position), and the keys
 * `__proto__`, `constructor` and `prototype` anywhere in it.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0)
    throw new ApiError(400, 'malformed_json', 'the body is empty but its content type says JSON');
  const depth = jsonDepth(text, LIMITS.jsonMaxDepth);
  if (depth > LIMITS.jsonMaxDepth)
    throw new ApiError(
      400,
      'nesting_too_deep',
      `the body nests arrays and objects more than ${LIMITS.jsonMaxDepth} deep`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      'malformed_json',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const forbidden = forbiddenKeyPath(value, '');
  if (forbidden !== undefined) {
    const key = forbidden.split('.').pop() ?? forbidden;
    throw new ApiError(400, 'forbidden_key', `'${key}' is not allowed as a field name`, [
      { path: forbidden, message: `'${key}' is not allowed as a field name` },
    ]);
  }
  return value;
}

/**
 * Replaces the JSON parser of `app` (and what it registers after) with `parseJsonBody`, also for
 * `application/merge-patch+json` and other `+json` types. Each route keeps its own size limit.
 */
export function installJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  for (const type of ['application/json', /^application\/[a-z0-9.-]+\+json$/]) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  }
}

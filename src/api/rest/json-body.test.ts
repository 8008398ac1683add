import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { jsonDepth, parseJsonBody } from './json-body.js';

function nestingOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(nestingOf));
  if (value !== null && typeof value === 'object')
    return 1 + Math.max(0, ...Object.values(value).map(nestingOf));
  return 0;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('JSON bodies', () => {
  it('measures nesting without parsing, brackets inside strings not counted', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}', 100)).toBe(3);
    expect(jsonDepth('"\\"[["', 100)).toBe(0);
    expect(jsonDepth('['.repeat(1000), 32)).toBe(33);
  });

  it('measures the same depth as the parsed value has, for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonDepth(JSON.stringify(value), 100)).toBe(nestingOf(value));
      }),
    );
  });

  it('refuses empty, malformed, too deep and prototype-polluting bodies with their codes', () => {
    expect(codeOf(() => parseJsonBody('  '))).toBe('400 malformed_json');
    expect(codeOf(() => parseJsonBody('{"a":'))).toBe('400 malformed_json');
    expect(codeOf(() => parseJsonBody(`${'['.repeat(33)}${']'.repeat(33)}`))).toBe(
      '400 nesting_too_deep',
    );
    expect(codeOf(() => parseJsonBody(`${'['.repeat(32)}${']'.repeat(32)}`))).toBeUndefined();
    expect(codeOf(() => parseJsonBody('{"a":[{"__proto__":{"x":1}}]}'))).toBe('400 forbidden_key');
    expect(codeOf(() => parseJsonBody('{"constructor":{"prototype":{}}}'))).toBe(
      '400 forbidden_key',
    );
    try {
      parseJsonBody('{"a":[{"__proto__":{"x":1}}]}');
    } catch (error) {
      expect((error as ApiError).details).toEqual([
        { path: 'a[0].__proto__', message: "'__proto__' is not allowed as a field name" },
      ]);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

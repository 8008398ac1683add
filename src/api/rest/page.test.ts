import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { CursorCodec } from './cursor.js';
import { entityTag, ifMatchHolds, parseIfMatch } from './etag.js';
import { paginate } from './page.js';

interface Item {
  id: string;
  size: number | null;
}

function walk(items: Item[], sort: string, limit: number, codec: CursorCodec): Item[] {
  const seen: Item[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = paginate(items, {
      sorts: { id: (i) => i.id, size: (i) => i.size },
      sort,
      id: (i) => i.id,
      limit,
      cursor,
      query: 'q',
      codec,
    });
    expect(page.total).toBe(items.length);
    seen.push(...page.items);
    if (page.nextCursor === null) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('did not end');
}

const items = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    size: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  }),
  { selector: (i) => i.id, maxLength: 60 },
);

describe('cursor pagination', () => {
  it('visits every item exactly once, in the sorted order, whatever the page size', () => {
    const codec = new CursorCodec('secret');
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 7 }), fc.boolean(), (list, limit, desc) => {
        const sort = desc ? '-size' : 'size';
        const visited = walk(list, sort, limit, codec);
        const rank = (i: Item) => (i.size === null ? -1 : i.size);
        const expected = [...list].sort(
          (a, b) => (desc ? rank(b) - rank(a) : rank(a) - rank(b)) || (a.id < b.id ? -1 : 1),
        );
        expect(visited.map((i) => i.id)).toEqual(expected.map((i) => i.id));
      }),
    );
  });

  it('neither skips nor repeats when an item before the cursor is removed between pages', () => {
    const codec = new CursorCodec();
    const list = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, size: null }));
    const options = {
      sorts: { id: (i: Item) => i.id },
      sort: 'id',
      id: (i: Item) => i.id,
      limit: 2,
      query: '',
      codec,
    };
    const first = paginate(list, options);
    const second = paginate(
      list.filter((i) => i.id !== 'a'),
      { ...options, cursor: first.nextCursor ?? undefined },
    );
    expect(second.items.map((i) => i.id)).toEqual(['c', 'd']);
  });

  it('refuses an altered cursor, one of another query, and one of another secret', () => {
    const codec = new CursorCodec('one');
    const cursor = codec.encode('query-a', { key: 'x', id: 'x' });
    expect(codec.decode('query-a', cursor)).toEqual({ key: 'x', id: 'x' });
    const tampered = `${Buffer.from(JSON.stringify({ q: 'zz', k: 'y', i: 'y' })).toString('base64url')}.${cursor.split('.')[1]}`;
    for (const [query, given, codecUsed] of [
      ['query-a', tampered, codec],
      ['query-b', cursor, codec],
      ['query-a', cursor, new CursorCodec('two')],
      ['query-a', 'garbage', codec],
    ] as const) {
      expect(() => codecUsed.decode(query, given)).toThrow(ApiError);
      try {
        codecUsed.decode(query, given);
      } catch (error) {
        expect((error as ApiError).code).toBe('invalid_cursor');
      }
    }
  });
});

describe('entity tags', () => {
  const stored = { version: 3, createdAt: '2026-11-28T12:00:00.000Z' };
  it('is strong, from the version and the creation time', () => {
    expect(entityTag(stored)).toBe(`"3-${Date.parse(stored.createdAt).toString(36)}"`);
    expect(entityTag({ ...stored, createdAt: '2026-11-28T12:00:01.000Z' })).not.toBe(
      entityTag(stored),
    );
  });

  it('matches If-Match lists and *, never weak tags', () => {
    const tag = entityTag(stored);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch(' ')).toBeUndefined();
    expect(ifMatchHolds(parseIfMatch('*') as never, stored)).toBe(true);
    expect(ifMatchHolds(parseIfMatch(`"1-x", ${tag}`) as never, stored)).toBe(true);
    expect(ifMatchHolds(parseIfMatch(`W/${tag}`) as never, stored)).toBe(false);
    expect(ifMatchHolds(parseIfMatch('"2-zzz"') as never, stored)).toBe(false);
  });
});

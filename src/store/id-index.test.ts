import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './id-index.js';

describe('IdIndex', () => {
  it('numbers ids in the order added and finds them again, -1 for others', () => {
    const index = new IdIndex(2);
    expect(index.add('db01')).toBe(0);
    expect(index.add('db02')).toBe(1);
    expect(index.add('db01')).toBe(0);
    expect(index.size).toBe(2);
    expect(index.get('db02')).toBe(1);
    expect(index.get('db03')).toBe(-1);
    expect(index.get('')).toBe(-1);
  });

  it('keeps every number while it grows far past the expected size', () => {
    const index = new IdIndex(1);
    const ids = Array.from({ length: 5000 }, (_, i) => `svc-${i}`);
    ids.forEach((id, i) => {
      expect(index.add(id)).toBe(i);
    });
    expect(ids.every((id, i) => index.get(id) === i)).toBe(true);
    expect(index.get('svc-5000')).toBe(-1);
  });

  it('agrees with a Map on any ids, duplicates included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 8 })),
        fc.array(fc.string({ maxLength: 8 })),
        (added, probed) => {
          const index = new IdIndex(added.length);
          const map = new Map<string, number>();
          for (const id of added) {
            if (!map.has(id)) map.set(id, map.size);
            expect(index.add(id)).toBe(map.get(id));
          }
          for (const id of [...added, ...probed]) expect(index.get(id)).toBe(map.get(id) ?? -1);
        },
      ),
    );
  });
});

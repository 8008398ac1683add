import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from './fingerprint.js';

/** The same hash written plainly with BigInt, as the reference. */
function reference(labels: Record<string, string>): string {
  const bytes = (s: string) => [...Buffer.from(s, 'utf8')];
  let h = 0xcbf29ce484222325n;
  const add = (b: number) => {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    for (const b of bytes(name)) add(b);
    add(0xff);
    for (const b of bytes(labels[name] as string)) add(b);
    add(0xff);
  }
  return h.toString(16).padStart(16, '0');
}

describe('labelsFingerprint', () => {
  it('gives the FNV-1a offset basis for no labels, as Prometheus does', () => {
    expect(labelsFingerprint({})).toBe('cbf29ce484222325');
  });

  it('does not depend on the order the labels were written in', () => {
    expect(labelsFingerprint({ a: '1', b: '2' })).toBe(labelsFingerprint({ b: '2', a: '1' }));
    expect(labelsFingerprint({ a: '1', b: '2' })).not.toBe(labelsFingerprint({ a: '2', b: '1' }));
  });

  it('equals the 64-bit reference computed with BigInt for any labels', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })),
        (labels) => {
          expect(labelsFingerprint(labels)).toBe(reference(labels));
        },
      ),
      { numRuns: 300 },
    );
  });
});

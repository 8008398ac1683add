import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedSignal } from '../signal-store.js';
import { decodeRecorded, encodeRecorded } from './writer-protocol.js';

const recorded: fc.Arbitrary<RecordedSignal> = fc.oneof(
  fc.record(
    {
      id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      outcome: fc.constantFrom('new' as const, 'duplicate' as const),
      head: fc.boolean(),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      outcome: fc.constant('extended' as const),
      head: fc.boolean(),
      stored: fc.record(
        {
          level: fc.constantFrom('degraded' as const, 'major_outage' as const),
          services: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
          summary: fc.string(),
        },
        { requiredKeys: ['level', 'services'], noNullPrototype: true },
      ),
    },
    { noNullPrototype: true },
  ),
);

describe('the writer thread protocol', () => {
  it('carries any batch answer across unchanged', () => {
    fc.assert(
      fc.property(fc.array(recorded, { maxLength: 50 }), (results) => {
        expect(decodeRecorded(encodeRecorded(results))).toStrictEqual(results);
      }),
    );
  });

  it('refuses an outcome code it does not know', () => {
    const encoded = encodeRecorded([{ id: 7, outcome: 'new', head: true }]);
    encoded.codes[0] = 3;
    expect(() => decodeRecorded(encoded)).toThrow('the writer thread sent outcome code 3');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedSignal, SignalRecord } from '../signal-store.js';
import { signalTuple } from './sqlite-signals.js';
import {
  decodeRecorded,
  decodeRows,
  encodeChunk,
  encodeRecorded,
  joinChunks,
} from './writer-protocol.js';

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

const time = fc.integer({ min: 0, max: 253402300799999 });
const signal: fc.Arbitrary<SignalRecord> = fc.record(
  {
    source: fc.string({ minLength: 1 }),
    key: fc.string({ minLength: 1 }),
    state: fc.constantFrom('firing' as const, 'resolved' as const),
    startsAt: time,
    endsAt: fc.option(time, { nil: null }),
    level: fc.constantFrom('degraded' as const, 'major_outage' as const),
    // Any text: quotes, backslashes, control characters, lone surrogates.
    labels: fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), {
      noNullPrototype: true,
    }),
    summary: fc.string({ unit: 'binary' }),
    url: fc.webUrl(),
    services: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
    unmatched: fc.string(),
    receivedAt: time,
  },
  {
    requiredKeys: [
      'source',
      'key',
      'state',
      'startsAt',
      'endsAt',
      'level',
      'labels',
      'services',
      'receivedAt',
    ],
    noNullPrototype: true,
  },
);

describe('the rows of a batch of signals', () => {
  it('reach the writer thread as the in-process store writes them, in order, however chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.array(signal, { maxLength: 5 }), { maxLength: 5 }), (chunks) => {
        const rows = decodeRows(joinChunks(chunks.map(encodeChunk)));
        expect(rows).toStrictEqual(chunks.flat().map(signalTuple));
      }),
    );
  });
});

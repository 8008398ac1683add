import type { RecordedSignal } from '../signal-store.js';

/**
 * What the main thread and the writer thread say to each other. Rows travel as one JSON string
 * of column tuples (copying one string to a thread costs a fraction of cloning objects); the
 * answer for a batch of signals travels as two typed arrays whose buffers are moved, not
 * copied, with the rare redelivery that extended a stored signal beside them as JSON.
 */
export type WriterRequest =
  | { id: number; kind: 'signals'; rows: string }
  | { id: number; kind: 'changes'; rows: string }
  | { id: number; kind: 'snapshot'; at: number }
  | { id: number; kind: 'close' };

export type WriterReply =
  | { id: number; kind: 'signals'; recorded: EncodedRecorded }
  | { id: number; kind: 'changes' }
  | { id: number; kind: 'snapshot'; services: number }
  | { id: number; kind: 'closed' }
  | { id: number; kind: 'error'; error: string };

/**
 * RecordedSignal[] as arrays: `ids[i]` the signal's id; `codes[i]` its outcome (0 new,
 * 1 duplicate, 2 extended) plus 4 when it is the head of its source and key; `stored` the
 * stored fields of the extended ones, as JSON pairs [index, stored].
 */
export interface EncodedRecorded {
  ids: Float64Array;
  codes: Uint8Array;
  stored: string;
}

const OUTCOMES = ['new', 'duplicate', 'extended'] as const;
const HEAD = 4;

export function encodeRecorded(results: readonly RecordedSignal[]): EncodedRecorded {
  const ids = new Float64Array(results.length);
  const codes = new Uint8Array(results.length);
  const stored: [number, NonNullable<RecordedSignal['stored']>][] = [];
  results.forEach((result, i) => {
    ids[i] = result.id;
    codes[i] = OUTCOMES.indexOf(result.outcome) + (result.head ? HEAD : 0);
    if (result.stored) stored.push([i, result.stored]);
  });
  return { ids, codes, stored: JSON.stringify(stored) };
}

export function decodeRecorded(encoded: EncodedRecorded): RecordedSignal[] {
  const { ids, codes } = encoded;
  const results: RecordedSignal[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const code = codes[i] as number;
    const outcome = OUTCOMES[code & 3];
    if (outcome === undefined) throw new Error(`the writer thread sent outcome code ${code}`);
    results[i] = { id: ids[i] as number, outcome, head: (code & HEAD) !== 0 };
  }
  const stored = JSON.parse(encoded.stored) as [number, NonNullable<RecordedSignal['stored']>][];
  for (const [i, kept] of stored) (results[i] as RecordedSignal).stored = kept;
  return results;
}

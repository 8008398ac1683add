import { collectGarbage } from '../../lib/memory.js';
import { ratio, type Summary, summarize, timeAsync } from '../../lib/stats.js';

/** One operation of the store against its baseline, over the same rows. */
export interface Comparison {
  /** Model rows the operation writes or reads (audit records not counted). */
  rows: number;
  store: Summary;
  raw: Summary;
  /** Store p50 over raw p50: 2 means the store takes twice as long. */
  ratio: number | undefined;
  storeRowsPerSecond: number;
  rawRowsPerSecond: number;
}

/** Gathers timings of both sides, run by run, and summarises them. */
export class Pair {
  readonly store: number[] = [];
  readonly raw: number[] = [];

  constructor(readonly rows: number) {}

  /** Times one run of the store's side (after a full collection, when gc is exposed). */
  async timeStore(work: () => Promise<unknown> | unknown): Promise<number> {
    collectGarbage();
    const ms = await timeAsync(async () => work());
    this.store.push(ms);
    return ms;
  }

  async timeRaw(work: () => Promise<unknown> | unknown): Promise<number> {
    collectGarbage();
    const ms = await timeAsync(async () => work());
    this.raw.push(ms);
    return ms;
  }

  result(): Comparison {
    const store = summarize(this.store);
    const raw = summarize(this.raw);
    if (store === undefined || raw === undefined) throw new Error('a side was never timed');
    return {
      rows: this.rows,
      store,
      raw,
      ratio: ratio(store.p50, raw.p50),
      storeRowsPerSecond: (this.rows * 1000) / store.p50,
      rawRowsPerSecond: (this.rows * 1000) / raw.p50,
    };
  }
}

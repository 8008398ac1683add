import type { FollowerLag } from './cluster-view.js';

/** The newest lags measured, for percentiles on demand (readyz, the test's figures). */
export class LagWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private last = 0;

  constructor(private readonly size = 1000) {}

  add(ms: number): void {
    this.last = ms;
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  summary(): FollowerLag {
    const n = this.samples.length;
    if (n === 0) return { samples: 0, lastMs: 0, p50Ms: 0, p99Ms: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      samples: n,
      lastMs: this.last,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  }
}

/** The nearest-rank percentile of sorted figures: the smallest with at least q of them at or below it. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

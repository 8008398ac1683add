/** A distribution of timings, in milliseconds. */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * Percentiles by the nearest-rank method: p50 of [1, 2, 3, 4] is 2, p99 of a hundred values
 * is the 99th smallest. Undefined for no samples.
 */
export function summarize(samples: ArrayLike<number>): Summary | undefined {
  const count = samples.length;
  if (count === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * count) - 1)] as number;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    p50: rank(50),
    p99: rank(99),
    mean: sum / count,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
  };
}

/** Milliseconds `fn` takes, once. */
export function timeOnce(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Milliseconds an async `fn` takes, once. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The median of a few timings of `fn`, after one unmeasured warm-up run. */
export function medianOf(runs: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeOnce(fn));
  return summarize(times)?.p50 ?? Number.NaN;
}

/** a / b, or undefined when either is missing or b is zero. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return a / b;
}

import { describe, expect, it } from 'vitest';
import { medianOf, ratio, summarize } from './stats.js';

describe('summarize', () => {
  it('takes percentiles by nearest rank', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({
      count: 4,
      p50: 2,
      p99: 4,
      mean: 2.5,
      min: 1,
      max: 4,
    });
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(hundred)?.p99).toBe(99);
    expect(summarize(hundred)?.p50).toBe(50);
  });

  it('gives undefined for no samples', () => {
    expect(summarize([])).toBeUndefined();
  });
});

describe('ratio', () => {
  it('divides, or gives undefined when a side is missing or the divisor is zero', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
  });
});

describe('medianOf', () => {
  it('runs the function once more than asked, to warm up', () => {
    let calls = 0;
    medianOf(5, () => calls++);
    expect(calls).toBe(6);
  });
});

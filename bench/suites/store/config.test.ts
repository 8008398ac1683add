import { describe, expect, it } from 'vitest';
import { readStoreConfig } from './config.js';

describe('readStoreConfig', () => {
  it('defaults to 10k and 50k services, four dependencies each, three runs, no large load', () => {
    expect(readStoreConfig({})).toEqual({
      sizes: [10_000, 50_000],
      fanOut: 4,
      runs: 3,
      large: false,
      largeScale: 1,
      seed: 1,
    });
  });

  it('reads the sizes, runs and the large load from the environment', () => {
    const config = readStoreConfig({
      BENCH_STORE_SIZES: '1000, 2000',
      BENCH_STORE_RUNS: '5',
      BENCH_STORE_LARGE: '1',
      BENCH_STORE_LARGE_SCALE: '0.5',
    });
    expect(config).toMatchObject({ sizes: [1000, 2000], runs: 5, large: true, largeScale: 0.5 });
  });

  it('refuses sizes, counts and scales that make no sense, naming the variable', () => {
    expect(() => readStoreConfig({ BENCH_STORE_SIZES: '10k' })).toThrow(
      /^BENCH_STORE_SIZES: '10k'/,
    );
    expect(() => readStoreConfig({ BENCH_STORE_RUNS: '0' })).toThrow(/^BENCH_STORE_RUNS/);
    expect(() => readStoreConfig({ BENCH_STORE_LARGE_SCALE: '0' })).toThrow(
      /^BENCH_STORE_LARGE_SCALE/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readStoreConfig } from './config.js';

describe('readStoreConfig', () => {
  it('defaults to 10k and 50k services, four dependencies each, three runs, no large load, signal batches of 100 and 1000 without PostgreSQL', () => {
    expect(readStoreConfig({})).toEqual({
      sizes: [10_000, 50_000],
      fanOut: 4,
      runs: 3,
      large: false,
      largeScale: 1,
      seed: 1,
      parts: { model: true, signals: true },
      signalBatchSizes: [100, 1000],
      signals: 30_000,
      databaseUrl: undefined,
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

  it('reads the parts, the signal batches and the PostgreSQL URL', () => {
    const config = readStoreConfig({
      BENCH_STORE_PARTS: 'signals',
      BENCH_STORE_SIGNAL_BATCHES: '10, 500',
      BENCH_STORE_SIGNALS: '2000',
      BENCH_DATABASE_URL: 'postgres://x@h/db',
    });
    expect(config).toMatchObject({
      parts: { model: false, signals: true },
      signalBatchSizes: [10, 500],
      signals: 2000,
      databaseUrl: 'postgres://x@h/db',
    });
    expect(() => readStoreConfig({ BENCH_STORE_PARTS: 'model,heads' })).toThrow(
      /^BENCH_STORE_PARTS: 'heads'/,
    );
    expect(() => readStoreConfig({ BENCH_STORE_SIGNAL_BATCHES: '100,x' })).toThrow(
      /^BENCH_STORE_SIGNAL_BATCHES/,
    );
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

import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('defaults to the three scales, seed 1, graphology on and no database', () => {
    const config = readConfig({});
    expect(config.scales).toEqual([0.01, 0.1, 1]);
    expect(config.seed).toBe(1);
    expect(config.graphology).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads scales, sample counts, the database and the graphology switch', () => {
    const config = readConfig({
      BENCH_SCALES: '0.1, 1',
      BENCH_SINGLES: '10',
      BENCH_DATABASE_URL: 'postgres://x@h/db',
      BENCH_GRAPHOLOGY: '0',
    });
    expect(config.scales).toEqual([0.1, 1]);
    expect(config.singles).toBe(10);
    expect(config.databaseUrl).toBe('postgres://x@h/db');
    expect(config.graphology).toBe(false);
  });

  it('rejects a bad scale or count with the variable named', () => {
    expect(() => readConfig({ BENCH_SCALES: '1,abc' })).toThrow(
      "BENCH_SCALES: '1,abc' is not a list of scales such as 0.01,0.1,1",
    );
    expect(() => readConfig({ BENCH_CLOSURES: '0' })).toThrow(
      "BENCH_CLOSURES: '0' is not a whole number of 1 or more",
    );
  });
});

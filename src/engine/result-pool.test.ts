import { describe, expect, it } from 'vitest';
import { ResultPool } from './result-pool.js';

describe('ResultPool', () => {
  it('hands out 8-byte aligned ranges that never overlap, from a shared slab when small', () => {
    const pool = new ResultPool();
    const a = pool.reserve(12);
    const slab = pool.buffer;
    const b = pool.reserve(8);
    expect(pool.buffer).toBe(slab);
    expect([a, b]).toEqual([0, 16]);
    const views = [new Int32Array(slab, a, 3), new Int32Array(slab, b, 2)];
    views[0]?.fill(7);
    views[1]?.fill(9);
    expect([...(views[0] as Int32Array), ...(views[1] as Int32Array)]).toEqual([7, 7, 7, 9, 9]);
  });

  it('gives a large result a buffer of its own and starts a new slab when one is full', () => {
    const pool = new ResultPool();
    pool.reserve(8);
    const slab = pool.buffer;
    expect(pool.reserve(100_000)).toBe(0);
    expect(pool.buffer.byteLength).toBe(100_000);
    expect(pool.reserve(8)).toBe(8);
    expect(pool.buffer).toBe(slab);
    for (let i = 0; i < 20; i++) pool.reserve(4096);
    expect(pool.buffer).not.toBe(slab);
  });
});

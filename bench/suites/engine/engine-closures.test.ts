import { describe, expect, it } from 'vitest';
import { RETIME_TRIES, type Retimed, timePaired } from './engine-closures.js';

/** Calls made, in order, as `e3` (engine, sample 3) and `r3` (raw). */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    engine: (s: number) => {
      calls.push(`e${s}`);
      return s * 10;
    },
    raw: (s: number) => {
      calls.push(`r${s}`);
      return 0;
    },
  };
}

describe('timePaired', () => {
  it('times each sample once per contender, raw first on even samples, and returns the sizes', () => {
    const { calls, engine, raw } = recorder();
    const series = { engine: [] as number[], raw: [] as number[] };
    expect(timePaired([1, 2, 3], [9], engine, raw, series)).toEqual([10, 20, 30]);
    expect(calls).toEqual(['e9', 'r9', 'r1', 'e1', 'e2', 'r2', 'r3', 'e3']);
    expect(series.engine).toHaveLength(3);
    expect(series.raw).toHaveLength(3);
  });

  it('times a pair again, both calls, when the process was descheduled during it', () => {
    const { calls, engine, raw } = recorder();
    const series = { engine: [] as number[], raw: [] as number[] };
    const retimed: Retimed = { retimed: 0, kept: 0 };
    // The switch count read before and after each try: sample 1's first try is descheduled.
    const counts = [0, 1, 1, 1, 1, 1];
    let read = 0;
    const switches = () => counts[read++] as number;
    timePaired([1, 2], [], engine, raw, series, retimed, switches);
    expect(calls).toEqual(['r1', 'e1', 'r1', 'e1', 'e2', 'r2']);
    expect(retimed).toEqual({ retimed: 1, kept: 0 });
    expect(series.engine).toHaveLength(2);
    expect(series.raw).toHaveLength(2);
  });

  it('keeps a pair after RETIME_TRIES more tries that were all descheduled', () => {
    const { calls, engine, raw } = recorder();
    const series = { engine: [] as number[], raw: [] as number[] };
    const retimed: Retimed = { retimed: 0, kept: 0 };
    let count = 0;
    const switches = () => count++;
    timePaired([4], [], engine, raw, series, retimed, switches);
    expect(calls).toEqual(Array.from({ length: RETIME_TRIES + 1 }, () => ['r4', 'e4']).flat());
    expect(retimed).toEqual({ retimed: RETIME_TRIES, kept: 1 });
    expect(series.engine).toHaveLength(1);
  });

  it('does not look at deschedulings without a Retimed to count them in', () => {
    const { calls, engine, raw } = recorder();
    let count = 0;
    timePaired([5], [], engine, raw, { engine: [], raw: [] }, undefined, () => count++);
    expect(calls).toEqual(['r5', 'e5']);
    expect(count).toBe(0);
  });
});

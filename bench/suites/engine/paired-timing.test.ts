import { describe, expect, it } from 'vitest';
import {
  type Descheduled,
  RETIME_TRIES,
  type SchedulerClocks,
  timePaired,
} from './paired-timing.js';

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

/**
 * Clocks whose switch count reads from `switches` in turn, and whose CPU time advances by 7 ms
 * at each read, so that a call timed in CPU time measures exactly 7.
 */
function fakeClocks(switches: number[]): SchedulerClocks & { reads: number } {
  let cpu = 0;
  const clocks = {
    reads: 0,
    switches: () => switches[clocks.reads++] as number,
    cpuMs: () => (cpu += 7),
  };
  return clocks;
}

const none = (): Descheduled => ({ retimed: 0, cpuTimed: 0 });

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
    const counts = none();
    // The switch count before and after each try: sample 1's first try is descheduled.
    const clocks = fakeClocks([0, 1, 1, 1, 1, 1]);
    timePaired([1, 2], [], engine, raw, series, { counts, retries: RETIME_TRIES }, clocks);
    expect(calls).toEqual(['r1', 'e1', 'r1', 'e1', 'e2', 'r2']);
    expect(counts).toEqual({ retimed: 1, cpuTimed: 0 });
    expect(series.engine).toHaveLength(2);
    expect(series.engine).not.toContain(7);
    expect(series.raw).not.toContain(7);
  });

  it('takes CPU time for both calls of a pair descheduled on every try', () => {
    const { calls, engine, raw } = recorder();
    const series = { engine: [] as number[], raw: [] as number[] };
    const counts = none();
    const clocks = fakeClocks(Array.from({ length: 2 * (RETIME_TRIES + 1) }, (_, i) => i));
    timePaired([4], [], engine, raw, series, { counts, retries: RETIME_TRIES }, clocks);
    expect(calls).toEqual(Array.from({ length: RETIME_TRIES + 1 }, () => ['r4', 'e4']).flat());
    expect(counts).toEqual({ retimed: RETIME_TRIES, cpuTimed: 1 });
    expect(series).toEqual({ engine: [7], raw: [7] });
  });

  it('with no retries, takes CPU time for a descheduled pair at once and calls nothing again', () => {
    const { calls, engine, raw } = recorder();
    const series = { engine: [] as number[], raw: [] as number[] };
    const counts = none();
    timePaired([5, 6], [], engine, raw, series, { counts, retries: 0 }, fakeClocks([0, 1, 1, 1]));
    expect(calls).toEqual(['r5', 'e5', 'e6', 'r6']);
    expect(counts).toEqual({ retimed: 0, cpuTimed: 1 });
    expect(series.engine[0]).toBe(7);
    expect(series.raw[0]).toBe(7);
    expect(series.engine[1]).not.toBe(7);
  });

  it('reads no clock without a Descheduled to count in', () => {
    const { calls, engine, raw } = recorder();
    const clocks = fakeClocks([]);
    timePaired([5], [], engine, raw, { engine: [], raw: [] }, undefined, clocks);
    expect(calls).toEqual(['r5', 'e5']);
    expect(clocks.reads).toBe(0);
  });
});

import { collectGarbage } from '../../lib/memory.js';

/** Times a closure pair again when the process was descheduled during it, at most this often. */
export const RETIME_TRIES = 3;

/** What became of the pairs during which the process was descheduled. */
export interface Descheduled {
  /** Timings of a pair thrown away and taken again. */
  retimed: number;
  /** Pairs descheduled on the last try, both calls timed in CPU time instead of wall time. */
  cpuTimed: number;
}

/** How timePaired tells that the process was descheduled, and what the process's CPU time is. */
export interface SchedulerClocks {
  /** Involuntary context switches of this process so far (the scheduler took the CPU away). */
  switches(): number;
  /** CPU time of this process so far (user and system), in milliseconds. */
  cpuMs(): number;
}

const PROCESS_CLOCKS: SchedulerClocks = {
  switches: () => process.resourceUsage().involuntaryContextSwitches,
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/** A call's wall time and, when asked for, the process's CPU time over it (milliseconds). */
function timeCall(call: () => void, clocks: SchedulerClocks | null): { wall: number; cpu: number } {
  const cpu = clocks ? clocks.cpuMs() : 0;
  const start = performance.now();
  call();
  const wall = performance.now() - start;
  return { wall, cpu: clocks ? clocks.cpuMs() - cpu : 0 };
}

/**
 * Times `engineCall` and `rawCall` on each sample in turn, alternating which goes first, so that
 * a change of load on the machine touches both series alike; after a warm-up of both. Returns
 * the engine's sizes of the first pass.
 *
 * With `descheduled`, a pair during which the process was descheduled (its count of
 * involuntary context switches went up) is timed again, both calls, up to `retries` times, and
 * when the last try was descheduled too, that pair's two timings are the process's CPU time
 * over each call instead of wall time (counted in `descheduled.counts`). On a loaded machine one
 * preemption (several milliseconds) decides a p99, and the calls of several milliseconds are
 * descheduled most times, which says nothing about either contender; the CPU time leaves out
 * the time the process did not run (it counts the runtime's helper threads, if any worked
 * meanwhile). Calls that change state (single inputs) take `retries` 0. `clocks` is for tests.
 */
export function timePaired(
  services: readonly number[],
  warmUp: readonly number[],
  engineCall: (s: number) => number,
  rawCall: (s: number) => number,
  series: { engine: number[]; raw: number[] },
  descheduled?: { counts: Descheduled; retries: number },
  clocks: SchedulerClocks = PROCESS_CLOCKS,
): number[] {
  for (const s of warmUp) {
    engineCall(s);
    rawCall(s);
  }
  collectGarbage();
  const watch = descheduled ? clocks : null;
  const sizes: number[] = [];
  services.forEach((s, i) => {
    let count = 0;
    const timeEngine = () => timeCall(() => (count = engineCall(s)), watch);
    const timeRaw = () => timeCall(() => rawCall(s), watch);
    for (let attempt = 0; ; attempt++) {
      const before = watch ? watch.switches() : 0;
      let engine: { wall: number; cpu: number };
      let raw: { wall: number; cpu: number };
      if (i % 2 === 0) {
        raw = timeRaw();
        engine = timeEngine();
      } else {
        engine = timeEngine();
        raw = timeRaw();
      }
      if (!descheduled || !watch || watch.switches() === before) {
        series.engine.push(engine.wall);
        series.raw.push(raw.wall);
        break;
      }
      if (attempt < descheduled.retries) {
        descheduled.counts.retimed++;
        continue;
      }
      descheduled.counts.cpuTimed++;
      series.engine.push(engine.cpu);
      series.raw.push(raw.cpu);
      break;
    }
    sizes.push(count);
  });
  return sizes;
}

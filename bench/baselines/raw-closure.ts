import type { RawKernel } from './raw-kernel.js';

function nextEpoch(k: RawKernel): number {
  k.epoch = (k.epoch + 1) >>> 0;
  if (k.epoch === 0) {
    k.stamp.fill(0);
    k.epoch = 1;
  }
  return k.epoch;
}

function closure(k: RawKernel, service: number, start: Int32Array, next: Int32Array): number {
  const epoch = nextEpoch(k);
  const { stamp, queue } = k;
  const origin = k.positionOf[service] as number;
  stamp[origin] = epoch;
  queue[0] = origin;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    const end = start[v + 1] as number;
    for (let i = start[v] as number; i < end; i++) {
      const u = next[i] as number;
      if (stamp[u] === epoch) continue;
      stamp[u] = epoch;
      queue[tail++] = u;
    }
  }
  return tail - 1;
}

/**
 * Breadth-first upstream closure: how many services depend on `service`, transitively (itself
 * excluded). The members are left in `k.queue[1 .. count]`, as positions, in hop order.
 */
export function upstreamClosure(k: RawKernel, service: number): number {
  return closure(k, service, k.useStart, k.uses);
}

/** Breadth-first downstream closure: how many services `service` rests on, transitively. */
export function downstreamClosure(k: RawKernel, service: number): number {
  return closure(k, service, k.depStart, k.deps);
}

/** The service indices of the last closure computed (a copy). */
export function lastClosureMembers(k: RawKernel, count: number): Int32Array {
  const members = new Int32Array(count);
  for (let i = 0; i < count; i++) members[i] = k.serviceAt[k.queue[i + 1] as number] as number;
  return members;
}

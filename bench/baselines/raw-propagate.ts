import type { RawKernel } from './raw-kernel.js';
import { combine, IGNORED, type RawRule } from './raw-rules.js';

const WORST: RawRule = { kind: 'worst' };

/** The effective rank of position p from its own rank and its dependencies' current levels. */
export function evaluate(k: RawKernel, p: number): number {
  const { level, deps } = k;
  const own = k.own[p] as number;
  const start = k.depStart[p] as number;
  const end = k.depStart[p + 1] as number;
  if (k.general[p] === 0) {
    let worst = own;
    for (let i = start; i < end; i++) {
      const l = level[deps[i] as number] as number;
      if (l > worst) worst = l;
    }
    return worst;
  }
  const scratch = k.scratch;
  let count = 0;
  for (let i = start; i < end; i++) {
    const r = (k.tables[k.depImpact[i] as number] as Uint8Array)[
      level[deps[i] as number] as number
    ] as number;
    if (r !== IGNORED) scratch[count++] = r;
  }
  const combined = combine(k.rules.get(p) ?? WORST, scratch, count);
  return Math.max(combined, own);
}

/** Recomputes every level from the own levels, in height order (dependencies first). */
export function recomputeAll(k: RawKernel): void {
  const { level, deps, depStart, general, own } = k;
  for (let p = 0; p < k.n; p++) {
    if (general[p] !== 0) {
      level[p] = evaluate(k, p);
      continue;
    }
    let worst = own[p] as number;
    const end = depStart[p + 1] as number;
    for (let i = depStart[p] as number; i < end; i++) {
      const l = level[deps[i] as number] as number;
      if (l > worst) worst = l;
    }
    level[p] = worst;
  }
}

function markConsumers(k: RawKernel, p: number): number {
  const { uses, mark, heightOf, dirty, dirtyCount, heightStart } = k;
  let top = 0;
  const end = k.useStart[p + 1] as number;
  for (let i = k.useStart[p] as number; i < end; i++) {
    const u = uses[i] as number;
    if (mark[u] !== 0) continue;
    mark[u] = 1;
    const h = heightOf[u] as number;
    dirty[(heightStart[h] as number) + dirtyCount[h]++] = u;
    if (h > top) top = h;
  }
  return top;
}

/**
 * Sets the own rank of a service and propagates the change upward, height by height, stopping
 * wherever a level does not change. A height more than 1/64 dirty is swept in position order
 * (a dense pass) rather than through its queue. Returns how many effective levels changed.
 */
export function setOwn(k: RawKernel, service: number, rank: number): number {
  const p = k.positionOf[service] as number;
  k.own[p] = rank;
  const next = evaluate(k, p);
  if (next === k.level[p]) return 0;
  k.level[p] = next;
  let changed = 1;
  let top = markConsumers(k, p);
  const { mark, dirty, dirtyCount, heightStart, level } = k;
  for (let h = (k.heightOf[p] as number) + 1; h <= top; h++) {
    const count = dirtyCount[h] as number;
    if (count === 0) continue;
    dirtyCount[h] = 0;
    const start = heightStart[h] as number;
    const end = heightStart[h + 1] as number;
    const dense = count * 64 > end - start;
    for (let i = 0; i < (dense ? end - start : count); i++) {
      const u = dense ? start + i : (dirty[start + i] as number);
      if (dense && mark[u] === 0) continue;
      mark[u] = 0;
      const l = evaluate(k, u);
      if (l === level[u]) continue;
      level[u] = l;
      changed++;
      const t = markConsumers(k, u);
      if (t > top) top = t;
    }
  }
  return changed;
}

/** The effective rank of a service (by service index). */
export function levelOf(k: RawKernel, service: number): number {
  return k.level[k.positionOf[service] as number] as number;
}

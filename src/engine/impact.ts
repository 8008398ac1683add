import { levelAt, levelRank, type StatusLevel } from '../model/levels.js';
import type { Core } from './core.js';
import { copyRecord, type InputRecord, ownByte } from './input-record.js';
import { applyInput, resolveInputs } from './inputs.js';
import type { Subscribers } from './parties.js';
import { LEVEL_MASK } from './state-bits.js';
import { MAJOR } from './transforms.js';
import type { EngineInput, ImpactReport, WhatIfReport } from './types.js';

/** An impact in typed arrays, for callers that handle very large closures. */
export interface CompactImpact {
  /** Internal number of the failing service. */
  service: number;
  /** External indexes (positions in CompactModel.serviceIds) of the services that would change. */
  services: Int32Array;
  hops: Int32Array;
  /** Level ranks before and after (see levelRank). */
  from: Uint8Array;
  to: Uint8Array;
  /** Summed cost per hour of the services that would reach major_outage. */
  costPerHour: number;
}

/**
 * What would change if `v`'s own level became `level` (the service itself at hop 0 when its
 * level changes), by the same propagation as live changes, on the overlay. Ordered by hop, then
 * in the order the propagation reached them (dependencies first; the same every time).
 */
export function impactOf(core: Core, v: number, level: StatusLevel): CompactImpact {
  const byte = ((core.own[v] as number) & ~LEVEL_MASK) | levelRank(level);
  return core.overlay([[v, byte]], true, (view) => {
    const { count, changed, prior, state } = view;
    const hops = view.hops as Int32Array;
    let maxHop = 0;
    for (let i = 0; i < count; i++) {
      const hop = hops[i] as number;
      if (hop > maxHop) maxHop = hop;
    }
    const offsets = new Int32Array(maxHop + 2);
    for (let i = 0; i < count; i++) offsets[(hops[i] as number) + 1]++;
    for (let h = 0; h <= maxHop; h++) offsets[h + 1] += offsets[h] as number;
    const offset = core.pool.reserve(count * 10);
    const buffer = core.pool.buffer;
    const services = new Int32Array(buffer, offset, count);
    const hopOf = new Int32Array(buffer, offset + count * 4, count);
    const from = new Uint8Array(buffer, offset + count * 8, count);
    const to = new Uint8Array(buffer, offset + count * 9, count);
    const { toExternal } = core.graph;
    const cost = core.compact.serviceCost;
    let costPerHour = 0;
    for (let i = 0; i < count; i++) {
      const u = changed[i] as number;
      const hop = hops[i] as number;
      const k = offsets[hop]++ as number;
      const external = toExternal[u] as number;
      const after = (state[u] as number) & LEVEL_MASK;
      services[k] = external;
      hopOf[k] = hop;
      from[k] = (prior[i] as number) & LEVEL_MASK;
      to[k] = after;
      if (after === MAJOR) costPerHour += cost[external] as number;
    }
    return { service: v, services, hops: hopOf, from, to, costPerHour };
  });
}

/** The impact report: the compact impact with names, and the parties reached. */
export function impactReport(
  core: Core,
  subscribers: Subscribers,
  v: number,
  level: StatusLevel,
): ImpactReport {
  const impact = impactOf(core, v, level);
  const ids = core.compact.serviceIds;
  const services = Array.from(impact.services, (external, i) => ({
    service: ids[external] as string,
    hop: impact.hops[i] as number,
    from: levelAt(impact.from[i] as number),
    to: levelAt(impact.to[i] as number),
  }));
  const internal = impact.services.map((external) => core.graph.toInternal[external] as number);
  return {
    service: core.idOf(v),
    level,
    services,
    parties: subscribers.affected(internal),
    costPerHour: impact.costPerHour,
  };
}

/**
 * The inputs applied on the overlay: every level that would change (in dependency order) and
 * the parties (customers and providers of changed services, merged per party).
 */
export function whatIf(
  core: Core,
  subscribers: Subscribers,
  inputs: readonly EngineInput[],
): WhatIfReport {
  resolveInputs(inputs, core.ids);
  const records = new Map<number, InputRecord>();
  for (const input of inputs) {
    const v = core.internal(input.service);
    let record = records.get(v);
    if (!record) {
      record = copyRecord(core.records.get(v));
      records.set(v, record);
    }
    applyInput(record, input);
  }
  const bytes = new Map<number, number>();
  for (const [v, record] of records) bytes.set(v, ownByte(record));
  const changed = core.overlay([...bytes], false, ({ count, changed, prior, state }) => {
    const list: { v: number; from: number; to: number }[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      list[i] = {
        v,
        from: (prior[i] as number) & LEVEL_MASK,
        to: (state[v] as number) & LEVEL_MASK,
      };
    }
    return list.sort((a, b) => a.v - b.v);
  });
  const services = Int32Array.from(changed, (c) => c.v);
  const changes = changed.map((c) => ({
    service: core.idOf(c.v),
    from: levelAt(c.from),
    to: levelAt(c.to),
  }));
  const merged = new Map<string, { party: WhatIfReport['parties'][number]; seen: Set<string> }>();
  for (const group of subscribers.affected(services)) {
    let entry = merged.get(group.party);
    if (!entry) {
      entry = { party: { party: group.party, kind: group.kind, services: [] }, seen: new Set() };
      merged.set(group.party, entry);
    }
    for (const service of group.services) {
      if (entry.seen.has(service)) continue;
      entry.seen.add(service);
      entry.party.services.push(service);
    }
  }
  return { changes, parties: [...merged.values()].map((entry) => entry.party) };
}

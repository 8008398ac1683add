import { levelAt, levelRank, type StatusLevel } from '../model/levels.js';
import type { Core } from './core.js';
import { applyInput, checkInputs, copyRecord, type InputRecord, ownByte } from './inputs.js';
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
 * by depth (deeper services first) and model order.
 */
export function impactOf(core: Core, v: number, level: StatusLevel): CompactImpact {
  const byte = ((core.own[v] as number) & ~LEVEL_MASK) | levelRank(level);
  const result = core.overlay(new Map([[v, byte]]), true);
  const hops = result.hops as Int32Array;
  const count = result.services.length;
  let maxHop = 0;
  for (let i = 0; i < count; i++) maxHop = Math.max(maxHop, hops[i] as number);
  const offsets = new Int32Array(maxHop + 2);
  for (let i = 0; i < count; i++) offsets[(hops[i] as number) + 1]++;
  for (let h = 0; h <= maxHop; h++) offsets[h + 1] += offsets[h] as number;
  const impact: CompactImpact = {
    service: v,
    services: new Int32Array(count),
    hops: new Int32Array(count),
    from: new Uint8Array(count),
    to: new Uint8Array(count),
    costPerHour: 0,
  };
  const { toExternal } = core.graph;
  const cost = core.compact.serviceCost;
  for (let i = 0; i < count; i++) {
    const k = offsets[hops[i] as number]++ as number;
    const external = toExternal[result.services[i] as number] as number;
    impact.services[k] = external;
    impact.hops[k] = hops[i] as number;
    impact.from[k] = result.from[i] as number;
    impact.to[k] = result.to[i] as number;
    if (result.to[i] === MAJOR) impact.costPerHour += cost[external] as number;
  }
  return impact;
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
  checkInputs(inputs, (id) => core.ids.get(id) >= 0);
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
  const result = core.overlay(bytes, false);
  const changes = Array.from(result.services, (v, i) => ({
    service: core.idOf(v),
    from: levelAt(result.from[i] as number),
    to: levelAt(result.to[i] as number),
  }));
  const merged = new Map<string, { party: WhatIfReport['parties'][number]; seen: Set<string> }>();
  for (const group of subscribers.affected(result.services)) {
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

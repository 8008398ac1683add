import type { PartyItem, ServiceItem } from './api/types.js';

/** Indexes of the chain the UI walks: consumers by service, subscribers by service. */
export interface ChainIndex {
  byId: ReadonlyMap<string, ServiceItem>;
  /** service id -> the services that depend on it */
  consumers: ReadonlyMap<string, string[]>;
  /** service id -> the parties subscribed to it */
  subscribers: ReadonlyMap<string, string[]>;
}

export function indexChain(
  services: readonly ServiceItem[],
  parties: readonly PartyItem[],
): ChainIndex {
  const byId = new Map(services.map((s) => [s.id, s]));
  const consumers = new Map<string, string[]>();
  for (const s of services)
    for (const d of s.dependsOn ?? []) {
      const list = consumers.get(d.service);
      if (list) list.push(s.id);
      else consumers.set(d.service, [s.id]);
    }
  const subscribers = new Map<string, string[]>();
  for (const p of parties)
    for (const c of p.consumes ?? []) {
      const list = subscribers.get(c.service);
      if (list) list.push(p.id);
      else subscribers.set(c.service, [p.id]);
    }
  return { byId, consumers, subscribers };
}

/** Services reachable from `start` going `up` (consumers) or `down` (dependencies), with hops. */
export function walk(
  index: ChainIndex,
  start: string,
  direction: 'up' | 'down',
  maxHops = Infinity,
): Map<string, number> {
  const hops = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      const neighbours =
        direction === 'up'
          ? (index.consumers.get(id) ?? [])
          : (index.byId.get(id)?.dependsOn ?? []).map((d) => d.service);
      for (const n of neighbours)
        if (!hops.has(n)) {
          hops.set(n, hop);
          next.push(n);
        }
    }
    frontier = next;
  }
  return hops;
}

/**
 * The customers of a service (DESIGN §1): the parties subscribed to it, plus the providers and
 * subscribers of every service that depends on it, transitively. Direct subscribers first.
 */
export function customersOf(
  index: ChainIndex,
  service: string,
): { party: string; direct: boolean }[] {
  const result = new Map<string, boolean>();
  for (const p of index.subscribers.get(service) ?? []) result.set(p, true);
  for (const [id, hop] of walk(index, service, 'up')) {
    if (hop === 0) continue;
    const s = index.byId.get(id);
    if (s?.provider && !result.has(s.provider)) result.set(s.provider, false);
    for (const p of index.subscribers.get(id) ?? []) if (!result.has(p)) result.set(p, false);
  }
  return [...result].map(([party, direct]) => ({ party, direct }));
}

import type { PartyKind } from '../model/entities.js';
import type { Core } from './core.js';

/** Parties of one affected service set, grouped: who consumes and who provides which service. */
export interface AffectedParty {
  party: string;
  kind: PartyKind;
  relation: 'customer' | 'provider';
  services: string[];
}

/** The subscribers of each service, by internal number, built once on first use. */
export class Subscribers {
  private start: Int32Array | null = null;
  private parties: Int32Array | null = null;

  constructor(private readonly core: Core) {}

  /**
   * Customers (subscribers) and providers of the given services (internal numbers, in the
   * order given), one entry per party and relation, sorted by party id then relation.
   */
  affected(services: Int32Array): AffectedParty[] {
    const { compact } = this.core;
    const { start, parties } = this.index();
    const groups = new Map<number, AffectedParty>();
    const add = (party: number, relation: 'customer' | 'provider', service: string) => {
      const key = party * 2 + (relation === 'customer' ? 0 : 1);
      let group = groups.get(key);
      if (!group) {
        group = {
          party: compact.partyIds[party] as string,
          kind: compact.partyKinds[party] as PartyKind,
          relation,
          services: [],
        };
        groups.set(key, group);
      }
      group.services.push(service);
    };
    for (const v of services) {
      const id = this.core.idOf(v);
      const end = start[v + 1] as number;
      for (let i = start[v] as number; i < end; i++) add(parties[i] as number, 'customer', id);
      const provider = compact.serviceProvider[this.core.graph.toExternal[v] as number] as number;
      if (provider >= 0) add(provider, 'provider', id);
    }
    return [...groups.entries()]
      .sort((a, b) => compareText(a[1].party, b[1].party) || a[0] - b[0])
      .map(([, group]) => group);
  }

  private index(): { start: Int32Array; parties: Int32Array } {
    if (this.start && this.parties) return { start: this.start, parties: this.parties };
    const { subscriptionParty, subscriptionService } = this.core.compact;
    const { toInternal, size } = this.core.graph;
    const start = new Int32Array(size + 1);
    for (const s of subscriptionService) start[(toInternal[s] as number) + 1]++;
    for (let v = 0; v < size; v++) start[v + 1] += start[v] as number;
    const parties = new Int32Array(subscriptionService.length);
    const fill = start.slice(0, size);
    subscriptionService.forEach((s, i) => {
      parties[fill[toInternal[s] as number]++ as number] = subscriptionParty[i] as number;
    });
    this.start = start;
    this.parties = parties;
    return { start, parties };
  }
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

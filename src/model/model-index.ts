import type { Dependency, Model, Party, Service, Subscription } from './entities.js';

/** A customer of a service, and how it comes to be one. */
export interface Customer {
  party: Party;
  /** The service the party consumes or provides that rests on the one asked about. */
  via: string;
  /** `subscriber`: the party consumes `via`; `provider`: the party provides `via`. */
  relation: 'subscriber' | 'provider';
  /** 0 when `via` is the service asked about, else the hops up to it. */
  hop: number;
}

/**
 * The model with every relation walkable both ways: dependsOn / dependencyOf, provides /
 * providedBy, consumes / consumedBy, parentOf / childOf. Built once, read many times.
 */
export class ModelIndex {
  readonly services = new Map<string, Service>();
  readonly parties = new Map<string, Party>();
  readonly dependsOn = new Map<string, Dependency[]>();
  readonly dependencyOf = new Map<string, Dependency[]>();
  readonly provides = new Map<string, Service[]>();
  readonly consumes = new Map<string, Subscription[]>();
  readonly consumedBy = new Map<string, Subscription[]>();
  readonly parentOf = new Map<string, Party[]>();

  constructor(readonly model: Model) {
    for (const party of model.parties) this.parties.set(party.id, party);
    for (const service of model.services) {
      this.services.set(service.id, service);
      if (service.provider) push(this.provides, service.provider, service);
    }
    for (const dependency of model.dependencies) {
      push(this.dependsOn, dependency.from, dependency);
      push(this.dependencyOf, dependency.to, dependency);
    }
    for (const subscription of model.subscriptions) {
      push(this.consumes, subscription.party, subscription);
      push(this.consumedBy, subscription.service, subscription);
    }
    for (const party of model.parties) if (party.parent) push(this.parentOf, party.parent, party);
  }

  /**
   * The customer chain of a service, derived rather than stored: the parties subscribed to it,
   * plus, transitively, the subscribers and providers of every service that depends on it.
   * Each party appears once, at its nearest hop.
   */
  customersOf(serviceId: string): Customer[] {
    const customers = new Map<string, Customer>();
    const add = (
      party: Party | undefined,
      via: string,
      relation: Customer['relation'],
      hop: number,
    ) => {
      if (party && !customers.has(party.id)) customers.set(party.id, { party, via, relation, hop });
    };
    for (const { service, hop } of this.walk(serviceId, 'up')) {
      for (const subscription of this.consumedBy.get(service) ?? [])
        add(this.parties.get(subscription.party), service, 'subscriber', hop);
      const provider = this.services.get(service)?.provider;
      if (hop > 0 && provider) add(this.parties.get(provider), service, 'provider', hop);
    }
    return [...customers.values()].sort(
      (a, b) => a.hop - b.hop || (a.party.id < b.party.id ? -1 : 1),
    );
  }

  /**
   * Breadth-first walk from a service (hop 0) along dependencies: `up` to its consumers, `down` to
   * what it rests on. Each service once, at its nearest hop; iterative, so depth is unbounded.
   */
  walk(
    serviceId: string,
    direction: 'up' | 'down',
    maxDepth = Number.POSITIVE_INFINITY,
  ): { service: string; hop: number }[] {
    const edges = direction === 'up' ? this.dependencyOf : this.dependsOn;
    const seen = new Set([serviceId]);
    const result = [{ service: serviceId, hop: 0 }];
    for (let head = 0; head < result.length; head++) {
      const { service, hop } = result[head] as { service: string; hop: number };
      if (hop >= maxDepth) continue;
      for (const edge of edges.get(service) ?? []) {
        const next = direction === 'up' ? edge.from : edge.to;
        if (seen.has(next)) continue;
        seen.add(next);
        result.push({ service: next, hop: hop + 1 });
      }
    }
    return result;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
